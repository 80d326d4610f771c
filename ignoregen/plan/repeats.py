"""Lines of a planned block that repeat an earlier one.

Two presets may list the same rule: ``build`` is Node's bundler output and Python's
packaging output, and Java's ``**/build`` covers both. Each is written when a gitignore
line lists what it excludes (plan/laptop.py), so a project with a package.json, a
pyproject.toml and a pom.xml got ``**/build``, ``build`` and ``build`` (ai-lab-recipes).
A later exclusion equal to an earlier one, or to an earlier one's ``**/`` form, decides
nothing Docker's last-match rule would not decide the same without it, as long as no
exception lies between them: it goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class _Line(Protocol):
    @property
    def pattern(self) -> str: ...


LineT = TypeVar("LineT", bound=_Line)


def without_repeats(rules: Iterable[LineT]) -> list[LineT]:
    """``rules`` less each exclusion that an earlier one, with no exception between
    them, already makes: the same pattern, or ``x`` after ``**/x``."""
    out: list[LineT] = []
    since: set[str] = set()  # exclusions written since the last exception
    for rule in rules:
        pattern = rule.pattern
        if pattern.startswith("!"):
            since.clear()
        elif pattern in since or f"**/{pattern}" in since:
            continue
        else:
            since.add(pattern)
        out.append(rule)
    return out
