"""Combined regular expressions of Docker patterns, compiled once a process, and the quick
path test built from them (see :meth:`ignoregen.engine.matcher.Matcher.quick`)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.engine.matcher import Pattern

Test = Callable[[str], "re.Match[str] | None"]
PathTest = Callable[[str], object]
"""A test that is None for a path it rules out."""


_COMPILED: dict[str, re.Pattern[str]] = {}
"""Combined regexes by their text (the runs' and the quick tests'): ``init`` makes a matcher
for each pass of each plan, with runs of the same preset patterns (too many and too long
for ``re``'s own cache)."""


def compile_once(source: str) -> re.Pattern[str]:
    """``re.compile(source, re.ASCII)``, kept for the process: the matchers of one run
    (hundreds in an ``init`` of a context with many builds) ask for the same few hundred
    combined sources, more than ``re``'s own cache keeps."""
    regex = _COMPILED.get(source)
    if regex is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            regex = re.compile(source, re.ASCII)
        if len(_COMPILED) >= 1024:
            _COMPILED.clear()
        _COMPILED[source] = regex
    return regex


def path_test(patterns: Sequence[Pattern]) -> PathTest:
    """A quick test that is not None for a path one of ``patterns`` may match.

    One regular expression of them all would do, but ``init`` makes matchers for many rule
    lists, each with a different set of such patterns for each place in the tree: compiling
    those combined expressions was a quarter of its time. A pattern with a literal start
    (``frontend/app/dist``, ``build/*.log``) is matched on its own, and only for a path
    that starts so; the others (``*/x``) are combined, fewer and the same more often."""
    by_head: dict[str, list[tuple[str, Pattern]]] = {}
    partial: list[tuple[str, Pattern]] = []
    rest: list[str] = []
    for pattern in patterns:
        prefix = pattern._shape.prefix
        if not prefix:
            rest.append(f"(?:{pattern.regex_source()})")
        elif "/" in prefix:
            by_head.setdefault(prefix.split("/", 1)[0], []).append((prefix, pattern))
        else:
            partial.append((prefix, pattern))
    combined = compile_once("|".join(rest)).match if rest else None
    if not by_head and not partial:
        assert combined is not None
        return combined
    every = "|".join(f"(?:{pattern.regex_source()})" for pattern in patterns)
    return ByPrefix(by_head, tuple(partial), combined, every)


BY_PREFIX_CALLS = 300
"""How many paths a :class:`ByPrefix` test sees before its matcher compiles the one
expression of all its patterns: a matcher asked that often is asked many times more
(measured: 300 beat 2,000 on the bench tree's and hatchet's init)."""


class ByPrefix:
    """:func:`path_test`'s test: the patterns whose literal start the path has, then the
    combined rest."""

    __slots__ = ("by_head", "calls", "combined", "every", "fast", "partial")

    def __init__(
        self,
        by_head: dict[str, list[tuple[str, Pattern]]],
        partial: tuple[tuple[str, Pattern], ...],
        combined: Test | None,
        every: str,
    ) -> None:
        self.by_head = by_head
        self.partial = partial
        self.combined = combined
        self.every = every
        self.calls = 0
        self.fast: Test | None = None

    def compiled(self) -> Test:
        """The same test as one regular expression."""
        return compile_once(self.every).match

    def __call__(self, path: str) -> object | None:
        fast = self.fast
        if fast is not None:
            return fast(path)
        self.calls += 1
        if self.calls > BY_PREFIX_CALLS:  # a caller that keeps this test (excluded_many)
            fast = self.fast = self.compiled()
            return fast(path)
        slash = path.find("/")
        for prefix, pattern in self.by_head.get(path[:slash] if slash >= 0 else path, ()):
            if path.startswith(prefix) and pattern.match(path):
                return True
        for prefix, pattern in self.partial:
            if path.startswith(prefix) and pattern.match(path):
                return True
        combined = self.combined
        return None if combined is None else combined(path)
