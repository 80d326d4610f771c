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


def make_lines(
    lines: Iterable[tuple[int, str]], goals: set[str]
) -> Iterator[tuple[int, str]]:
    """Of a Makefile's logical ``lines`` (number, text), those that ``make GOALS`` runs:
    variable assignments (a ``$(shell ...)`` runs whatever the goal), and the recipes of
    the goals and of the targets they depend on."""
    recipes: dict[str, list[tuple[int, str]]] = {}
    prerequisites: dict[str, list[str]] = {}
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
