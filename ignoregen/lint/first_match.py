"""The first entry of a walk that a pattern matches, without testing every entry.

``check`` asks, for each rule that decides nothing, which entry of the walk it matches
first (IG402 names it). A pattern's matches all start with its literal head
(``packages/admin/`` of ``packages/admin/**/*.map``), so only the entries that start so
are tested. A pattern ``**/name`` whose name part cannot match a ``/`` (no ``**``, no
class) matches a path exactly when it matches the path's last name: it is tested once per
name. Any other pattern is tested on every entry.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence

from ignoregen.engine.matcher import Pattern, literal_prefix
from ignoregen.engine.records import Item


class FirstIndex:
    """Paths, each with its place in an order, given in that order: the first place whose
    path a pattern matches, testing only the paths that start with the pattern's literal
    head, or each path once in C when it has none."""

    def __init__(self, places: dict[str, int]) -> None:
        self.places = places
        self._sorted: list[str] | None = None

    def first(self, pattern: Pattern) -> int | None:
        head = literal_prefix(pattern.rule.pattern)
        if not head:  # (the paths come in their order: the first found is the earliest)
            path = next(filter(compiled_test(pattern), self.places), None)
            return None if path is None else self.places[path]
        if self._sorted is None:
            self._sorted = sorted(self.places)
        best: int | None = None
        for path in itertools.islice(self._sorted, bisect.bisect_left(self._sorted, head), None):
            if not path.startswith(head):
                break
            at = self.places[path]
            if (best is None or at < best) and pattern.match(path):
                best = at
        return best


class FirstMatch:
    """The entries of one walk, indexed by path and by last name."""

    def __init__(self, walked: Sequence[Item]) -> None:
        self.walked = walked
        self._paths: FirstIndex | None = None
        self._names: FirstIndex | None = None

    def first(self, pattern: Pattern) -> Item | None:
        """The entry of the walk, earliest in its order, that ``pattern`` matches."""
        text = pattern.rule.pattern
        name = text[3:] if text.startswith("**/") else "/"
        if "/" in name or "**" in name or "[" in name or "]" in name:
            if self._paths is None:
                self._paths = FirstIndex({item.path: at for at, item in enumerate(self.walked)})
            at = self._paths.first(pattern)
        else:
            if self._names is None:
                names: dict[str, int] = {}
                for place, item in enumerate(self.walked):
                    names.setdefault(item.path.rpartition("/")[2], place)
                self._names = FirstIndex(names)
            at = self._names.first(pattern)
        return None if at is None else self.walked[at]


def compiled_test(pattern: Pattern) -> Callable[[str], object]:
    """``pattern.match`` as one compiled expression's ``match`` where there is one (tested
    in C on each path), else the pattern's own (a broken pattern raises as it does)."""
    source = pattern.regex_source()
    return re.compile(source).match if source is not None else pattern.match
