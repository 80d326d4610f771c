"""A regular expression of the presets or the image catalogue, compiled when first used.

The knowledge is kept between runs as a pickle (:mod:`ignoregen.knowledge.cache`), and
unpickling an ``re.Pattern`` compiles it again: about 120 of them, in every run, when a
three-file repository uses a handful. A :class:`Regex` is validated (compiled) when the
knowledge is read from its files, pickles as its text, and compiles again only when a run
first matches with it.

Before searching a long text, a :class:`Regex` looks for the longest run of plain characters that
every match holds (``process.cwd()`` in ``\\bjoin\\(\\s*process\\.cwd\\(\\)``): a text
without it cannot match, and ``in`` finds that much faster than ``re`` tries every position
(a monorepo's thousands of sources, most of them without it).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from typing import Any, cast

_UNSET = object()
_LONG = 256
"""Texts longer than this are looked at for the required text first (a path, a tag or a
command line goes to ``re`` at once: the pattern is not parsed for so little)."""


class Regex:
    """``re.compile(pattern)``, compiled on first use; pickles as ``pattern``."""

    __slots__ = ("_compiled", "_required", "pattern")

    def __init__(self, pattern: str, compiled: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self._compiled = compiled
        self._required: object = _UNSET

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

    @property
    def required(self) -> str:
        """The longest run of plain characters every match holds ("" if none is known)."""
        found = self._required
        if found is _UNSET:
            found = self._required = required_text(self.compiled)
        return cast(str, found)

    def search(self, string: str) -> re.Match[str] | None:
        if len(string) > _LONG and (required := self.required) and required not in string:
            return None
        return self.compiled.search(string)

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def fullmatch(self, string: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        if len(string) > _LONG and (required := self.required) and required not in string:
            return iter(())
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


def required_text(compiled: re.Pattern[str]) -> str:
    """The longest run of consecutive literal characters at the top level of ``compiled``
    (outside any group, branch or repeat, so in every match), or "" when the pattern
    ignores case (or the run is shorter than 3 characters: not worth a look)."""
    if sys.version_info >= (3, 11):  # (the standard library's own parser of patterns)
        import re._parser as parser
    else:
        import sre_parse as parser

    if compiled.flags & (re.IGNORECASE | re.LOCALE):
        return ""
    try:
        items = parser.parse(compiled.pattern, compiled.flags).data
    except re.error:  # (compiled already: cannot happen)
        return ""
    best, run = "", ""
    for op, value in items:
        if op is parser.LITERAL:
            run += chr(cast(int, value))
            best = max(best, run, key=len)
        else:
            run = ""
    return best if len(best) >= 3 else ""
