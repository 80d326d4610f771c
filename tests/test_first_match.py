"""FirstMatch answers as testing every entry of the walk in order does (IG402's example),
and MayExist.protected_by as testing every sample of the listed and preset rules does."""

from __future__ import annotations

import random

import pytest

from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.matcher import Matcher, Pattern
from ignoregen.engine.records import Item, Kind
from ignoregen.lint.first_match import FirstMatch
from ignoregen.lint.maybe import MayExist, samples

PATTERNS = [
    "**/CHANGES*", "**/.git", "**/b", "**/a?", "**/*.md", "a/**/b", "a/*.md", "a*", "b?a",
    "**/a[bc]", "[ab]*", "**/a/b", "**/b**", "a/b", "a", "b/**", "**", "**/a\\*", "c/*/a",
    "**/a[!b]", "**/*", "*/*",
]
NAMES = ["a", "b", "ab", "ba", "a.md", "CHANGES", "CHANGES.md", ".git", "a*", "c", "a/"]


def _walk(seed: int) -> list[Item]:
    """Entries in a made-up walk order (not sorted: the order is what must be kept)."""
    chance = random.Random(seed)
    paths: set[str] = set()
    while len(paths) < 60:
        depth = chance.randint(1, 4)
        paths.add("/".join(chance.choice(NAMES[:-1]) for _ in range(depth)))
    order = list(paths)
    chance.shuffle(order)
    return [Item(path, Kind.FILE, 1, 1, -1, False) for path in order]


@pytest.mark.parametrize("seed", range(8))
def test_first_match_is_the_first_in_walk_order(seed: int) -> None:
    walked = _walk(seed)
    index = FirstMatch(walked)
    for text in PATTERNS:
        rule = parse_line(text)
        assert rule is not None
        pattern = Pattern(rule)
        expected = next((item for item in walked if pattern.match(item.path)), None)
        assert index.first(pattern) == expected, text


def test_no_entries() -> None:
    rule = parse_line("**/x")
    assert rule is not None
    assert FirstMatch([]).first(Pattern(rule)) is None


LISTED = ["**/node_modules", "build/", "**/*.log", "web/.env", "**/.cache/**", "a?/b",
          "**/CHANGES*", "docs/*.md", "**/x[ab]"]
PRESETS = ["**/.venv", "**/__pycache__", "**/.env", "dist", "**/target", "a/b/c", "**/b"]


def _reference(may: MayExist, rule: Rule) -> str | None:
    """What ``protected_by`` answered by testing every sample and every directory above
    it against the rule, one by one (its first implementation)."""
    if rule.exception:
        return None
    pattern = Pattern(rule)
    for sample in samples(rule.pattern):
        listed = may.gitignored(sample)
        if listed is not None:
            return f"{listed.source}:{listed.line} lists {sample}"
        if may.presets and Matcher(may.presets).decide(sample).excluded:
            return f"{sample} is generated or local on a developer's machine"
    for group, what in ((may.listed, "lists"), (may.presets, "")):
        for other in group:
            if other.exception:
                continue
            for sample in samples(other.pattern):
                parts = sample.split("/")
                if any(pattern.match("/".join(parts[:end])) for end in range(1, len(parts) + 1)):
                    if what:
                        return f"{other.source}:{other.line} {what} {sample}"
                    return f"{sample} is generated or local on a developer's machine"
    return None


def _rules(texts: list[str], source: str) -> tuple[Rule, ...]:
    found = (parse_line(text, source, line) for line, text in enumerate(texts, 1))
    return tuple(rule for rule in found if rule is not None)


@pytest.mark.parametrize("order", range(4))
def test_protected_by_answers_as_testing_each_sample(order: int) -> None:
    listed, presets = list(LISTED), list(PRESETS)
    random.Random(order).shuffle(listed)
    random.Random(order + 10).shuffle(presets)
    may = MayExist(_rules(listed, ".gitignore"), _rules(presets, "presets"))
    for text in [*PATTERNS, *NAMES, "node_modules/x", "web", "b/**", "**/.cache", "a*/b", "x",
                 "x/*", "x/.env"]:
        rule = parse_line(text)
        assert rule is not None
        assert may.protected_by(rule) == _reference(may, rule), text
