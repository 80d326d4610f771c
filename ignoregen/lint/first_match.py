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
import re
from collections.abc import Callable, Sequence

from ignoregen.engine.matcher import Pattern, literal_prefix
from ignoregen.engine.records import Item


class FirstMatch:
    """The entries of one walk, in its order, and sorted by path for the heads."""

    def __init__(self, walked: Sequence[Item]) -> None:
        self.walked = walked
        self._sorted: list[tuple[str, int]] | None = None
        self._names: dict[str, int] | None = None
        self._places: dict[str, int] | None = None

    def first(self, pattern: Pattern) -> Item | None:
        """The entry of the walk, earliest in its order, that ``pattern`` matches."""
        text = pattern.rule.pattern
        head = literal_prefix(text)
        if not head:
            name = text[3:] if text.startswith("**/") else "/"
            if "/" in name or "**" in name or "[" in name or "]" in name:
                if self._places is None:
                    self._places = {item.path: at for at, item in enumerate(self.walked)}
                path = next(filter(compiled_test(pattern), self._places), None)
                return self.walked[self._places[path]] if path is not None else None
            if self._names is None:
                self._names = {}  # (in the walk's order: the first match comes first)
                for at, item in enumerate(self.walked):
                    self._names.setdefault(item.path.rpartition("/")[2], at)
            last = next(filter(compiled_test(pattern), self._names), None)
            return self.walked[self._names[last]] if last is not None else None
        if self._sorted is None:
            self._sorted = sorted((item.path, at) for at, item in enumerate(self.walked))
        ordered = self._sorted
        start = bisect.bisect_left(ordered, (head, -1))
        best = -1
        for at in range(start, len(ordered)):
            path, place = ordered[at]
            if not path.startswith(head):
                break
            if (best < 0 or place < best) and pattern.match(path):
                best = place
        return self.walked[best] if best >= 0 else None


def compiled_test(pattern: Pattern) -> Callable[[str], object]:
    """``pattern.match`` as one compiled expression's ``match`` where there is one (tested
    in C on each path), else the pattern's own (a broken pattern raises as it does)."""
    source = pattern.regex_source()
    return re.compile(source).match if source is not None else pattern.match
