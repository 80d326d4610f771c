"""Which lines of a Makefile a ``make`` command runs (split from :mod:`.needs`, which reads
the commands a build runs)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def make_goals(words: Iterable[str]) -> set[str]:
    """The targets ``make`` is asked for, of its argument ``words`` (options and
    ``VAR=value`` left out); the empty string stands for the default (first) target."""
    goals = {word for word in words if not word.startswith("-") and "=" not in word}
    return goals or {""}


_RULE = re.compile(r"^([^\s:=#][^:=#]*?)\s*::?(?!=)\s*([^=;#]*)")
_ASSIGNMENT = re.compile(r"^(?:override\s+)?([A-Za-z_][\w.-]*)\s*(?:::?|[?+])?=(.*)$")
"""A one-line variable assignment, not exported (``export`` hands the value to every
recipe's environment, where a script may read it: such lines are always kept)."""
_REFERENCE = re.compile(r"\$[({]([A-Za-z_][\w.-]*)")


def make_lines(
    lines: Iterable[tuple[int, str]], goals: set[str]
) -> Iterator[tuple[int, str]]:
    """Of a Makefile's logical ``lines`` (number, text), those that ``make GOALS`` runs:
    the recipes of the goals and of the targets they depend on; the other lines that are
    no rule (conditionals, includes, exports); and the variable assignments that a kept
    line uses, directly or through another variable, or whose value runs a command
    (``$(shell ...)``, ``!=``), whatever the goal. ``GOTEST ?= go test`` is no test run
    when ``make loki`` never expands it."""
    recipes: dict[str, list[tuple[int, str]]] = {}
    prerequisites: dict[str, list[str]] = {}
    assignments: dict[str, list[tuple[int, str]]] = {}
    first: str | None = None
    current: list[str] = []
    out: list[tuple[int, str]] = []
    for number, logical in lines:
        if logical.startswith("\t"):
            for target in current:
                recipes.setdefault(target, []).append((number, logical))
            continue
        rule = _RULE.match(logical)
        if rule is None:
            current = []
            assigned = _ASSIGNMENT.match(logical)
            if assigned is not None and "$(shell" not in assigned.group(2):  # ('!=' is none)
                assignments.setdefault(assigned.group(1), []).append((number, logical))
            else:
                out.append((number, logical))
            continue
        current = rule.group(1).split()
        for target in current:
            prerequisites.setdefault(target, []).extend(rule.group(2).split())
            if first is None and not target.startswith("."):
                first = target
    wanted = [first if goal == "" else goal for goal in goals]
    seen: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name is None or name in seen:
            continue
        seen.add(name)
        out.extend(recipes.get(name, ()))
        wanted.extend(prerequisites.get(name, ()))
    if any("$($" in text or "${$" in text for _, text in out):
        names = list(assignments)  # a computed name (``$($(GOAL)_FLAGS)``): any of them
    else:
        names = [name for _, text in out for name in _REFERENCE.findall(text)]
    used: set[str] = set()
    while names:
        name = names.pop()
        if name in used or name not in assignments:
            continue
        used.add(name)
        for number, text in assignments[name]:
            out.append((number, text))
            names.extend(_REFERENCE.findall(text))
    return iter(sorted(out))


_ANY_WORD = re.compile(r"[^\s;&|()]+")


def runs_of(script: str, programs: frozenset[str]) -> list[set[str] | None]:
    """For each command of a ``RUN`` ``script`` whose program is one of ``programs``
    (``make build-agent``, ``cd web && make``, ``sh -c 'make dist'``), the goals it asks
    for (None when a word of them is not known: ``make $TARGET``). A package install that
    names the program (``apk add make``) runs none; a script the shell splitter cannot
    read counts every word that names one."""
    from ignoregen.build.shell import UNKNOWN, commands

    split = commands(script, {}, "/")
    if split is None:
        words = _ANY_WORD.findall(script)
        return [make_goals(words[index + 1:]) for index, word in enumerate(words)
                if word in programs]
    return [None if any(UNKNOWN in word for word in command.argv) else
            make_goals(command.argv[1:]) for command in split if command.program in programs]
