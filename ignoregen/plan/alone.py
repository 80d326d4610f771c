"""The planner's questions about one rule alone (is an ignore file excluded by it, does an
exception give a path back, where does a COPY source's wildcard start), asked again for
each candidate of each pass of each plan of a run: each answer, or its matcher, is kept."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.matcher import Matcher

SOURCE = "ignoregen"


def _rule(pattern: str, line: int = 0) -> Rule:
    rule = parse_line(pattern, SOURCE, line)
    if rule is None:  # pragma: no cover - presets never hold blank rules
        raise ValueError(pattern)
    return rule


_HEADS: dict[str, str] = {}
""":func:`_literal_head`'s answers (asked for each source and excluded directory)."""


def _literal_head(pattern: str) -> str:
    """The part of a COPY source before its first wildcard."""
    found = _HEADS.get(pattern)
    if found is None:
        found = _HEADS[pattern] = re.split(r"[*?\[]", pattern, maxsplit=1)[0]
    return found


def _parents(path: str) -> Iterator[str]:
    """The directories above ``path``, nearest first."""
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path


def holders_of(protected: Iterable[str]) -> frozenset[str]:
    """The directories that hold a path of ``protected`` somewhere below them (asked for
    each candidate rule: grafana/loki's root context protects thousands of paths)."""
    return frozenset(parent for path in protected for parent in _parents(path))


def _gives_back(keep: str, path: str) -> bool:
    """Does the exception ``!keep`` re-include ``path`` itself?"""
    return keep == path or _excludes(keep, path)


_NAMED: dict[tuple[str, str], bool] = {}
""":func:`_names_ignore_file`'s answers, by pattern and path (asked for each candidate in
each pass, and for each rule in each round of pruning, of each plan: the plans of a run
differ in some of their ignore files, not most)."""


def _names_ignore_file(rule: Rule, paths: Sequence[str]) -> list[str]:
    """The ignore files (present or about to be written) that ``rule`` excludes."""
    if rule.exception:
        return []
    pattern = rule.pattern
    out: list[str] = []
    for path in paths:
        key = (pattern, path)
        found = _NAMED.get(key)
        if found is None:
            if len(_NAMED) > 65536:
                _NAMED.clear()
            found = _NAMED[key] = _excludes(pattern, path)
        if found:
            out.append(path)
    return out


_ALONE: dict[str, Matcher] = {}
""":func:`_excludes`'s matchers, by pattern: the same candidates are asked about in every
plan, for ignore files that differ from plan to plan, and the same kept paths for each
conflict of each pass."""


def _alone(pattern: str) -> Matcher:
    matcher = _ALONE.get(pattern)
    if matcher is None:
        if len(_ALONE) > 4096:
            _ALONE.clear()
        matcher = _ALONE[pattern] = Matcher([_rule(pattern)])
    return matcher


def _excludes(pattern: str, path: str) -> bool:
    """Does the rule ``pattern`` (not an exception), alone, exclude ``path``?"""
    return _alone(pattern).decide(path).excluded


def _excluding(pattern: str, paths: Iterable[str]) -> list[str]:
    """Those of ``paths`` that the rule ``pattern`` alone excludes, in order."""
    return _alone(pattern).excluded_of(paths)
