"""The advice of IG401 for a line that may guard what appears later.

A line that matches nothing is either a slip (``sercrets.txt`` beside ``secrets.txt``, or
``secret/.env`` where ``.env`` lives in ``secrets/``) or a guard for what a program makes
after the checkout: roboflow inference's ``lora-bases``, a weights cache its models create
relative to the working directory, which no .gitignore lists. "Remove it" is right for the
first and sends gigabytes on the laptop for the second. When nothing in the context is named
like the line's last part, the hint says both and no removal is offered.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_WILD = frozenset("*?[\\")


class Names:
    """The last parts of the context's walked paths, folded and by length, as
    :func:`guard_hint` compares them."""

    def __init__(self, paths: Iterable[str]) -> None:
        folded = {path.rstrip("/").rsplit("/", 1)[-1].casefold() for path in paths}
        self.folded = frozenset(folded)
        self.by_length: dict[int, list[str]] = {}
        for name in folded:
            self.by_length.setdefault(len(name), []).append(name)
        self.alphabet = frozenset("".join(folded))

    def like(self, name: str) -> bool:
        """Is ``name`` here, or one a slip away (a close name within two characters of
        its length, as ``difflib.get_close_matches`` finds it with a cutoff of 0.8)?

        Before difflib looks at a name, a bound in C drops most: its ``quick_ratio`` counts
        the characters the two names share, which are at most those of the other name
        that occur in ``name`` at all (a 300,000-entry tree: 125 ms a line, now 34)."""
        name = name.casefold()
        if name in self.folded:
            return True
        size = len(name)
        foreign = dict.fromkeys(map(ord, self.alphabet.difference(name)))
        near = [other for length in range(size - 2, size + 3)
                for other in self.by_length.get(length, ())
                if 2.0 * len(other.translate(foreign)) / (length + size) >= CUTOFF]
        return bool(difflib.get_close_matches(name, near, n=1, cutoff=CUTOFF))


CUTOFF = 0.8
"""How alike a name must be to be a slip away (``difflib``'s ratio)."""


def guard_hint(pattern: str, names: Names) -> str | None:
    """The hint for an unmatched ``pattern`` that names a plain path when no entry of the
    context (``names``) has its last part's name or one close to it; None otherwise (a
    slip is likely: the usual advice stands). Only the last part must be plain: the
    directories above it may be any (Visual Studio's template writes ``**/azds.yaml`` and
    ``**/charts``, guards for files its tools make, at any depth)."""
    name = pattern.rstrip("/").rsplit("/", 1)[-1]
    if any(char in _WILD for char in name):
        return None
    if not name or names.like(name):
        return None
    return (
        f"nothing in the context is named '{name}': remove the line if it is stale; if a "
        "program makes that path later (a cache, a scratch directory), keep it and say so "
        "with '# ignoregen: ignore[IG401] <why>' above it"
    )
