"""A regular expression of the presets or the image catalogue, compiled when first used.

The knowledge is kept between runs as a pickle (:mod:`ignoregen.knowledge.cache`), and
unpickling an ``re.Pattern`` compiles it again: about 120 of them, in every run, when a
three-file repository uses a handful. A :class:`Regex` is validated (compiled) when the
knowledge is read from its files, pickles as its text, and compiles again only when a run
first matches with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any


class Regex:
    """``re.compile(pattern)``, compiled on first use; pickles as ``pattern``."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str, compiled: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self._compiled = compiled

    @classmethod
    def compile(cls, pattern: str) -> Regex:
        """Compile now (raising ``re.error`` for a bad one) and keep the result."""
        return cls(pattern, re.compile(pattern))

    @property
    def compiled(self) -> re.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self.pattern)
        return found

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def groupindex(self) -> Mapping[str, int]:
        return self.compiled.groupindex

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)

    def findall(self, string: str) -> list[Any]:
        return self.compiled.findall(string)

    def sub(self, repl: str, string: str) -> str:
        return self.compiled.sub(repl, string)

    def split(self, string: str) -> list[str | Any]:
        return self.compiled.split(string)

    def __reduce__(self) -> tuple[type[Regex], tuple[str]]:
        return (Regex, (self.pattern,))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Regex):
            return self.pattern == other.pattern
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"
