"""Lines of a planned block that repeat an earlier one.

Two presets may list the same rule: ``build`` is Node's bundler output and Python's
packaging output, and Java's ``**/build`` covers both. Each is written when a gitignore
line lists what it excludes (plan/laptop.py), so a project with a package.json, a
pyproject.toml and a pom.xml got ``**/build``, ``build`` and ``build`` (ai-lab-recipes).
A later exclusion equal to an earlier one, or to an earlier one's ``**/`` form, decides
nothing Docker's last-match rule would not decide the same without it, as long as no
exception lies between them: it goes. So does an exception equal to one written since the
last exclusion (mCaptcha's ``!docs/openapi/dist/openapi.yaml``, kept for ``include_str!``
by two rules' passes, was written twice in a row, each with its comment).
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
    them, already makes: the same pattern, or ``x`` after ``**/x``; and less each exception
    that one since the last exclusion already makes."""
    out: list[LineT] = []
    since: set[str] = set()  # exclusions written since the last exception
    given: set[str] = set()  # exceptions written since the last exclusion
    for rule in rules:
        pattern = rule.pattern
        if pattern.startswith("!"):
            if pattern in given:
                continue  # (the same exception again: nothing excluded it in between)
            since.clear()
            given.add(pattern)
        elif pattern in since or f"**/{pattern}" in since:
            continue
        else:
            since.add(pattern)
            given.clear()
        out.append(rule)
    return out
