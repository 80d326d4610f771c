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

    def like(self, name: str) -> bool:
        """Is ``name`` here, or one a slip away (a close name within two characters of
        its length)?"""
        name = name.casefold()
        if name in self.folded:
            return True
        near = [other for size in range(len(name) - 2, len(name) + 3)
                for other in self.by_length.get(size, ())]
        return bool(difflib.get_close_matches(name, near, n=1, cutoff=0.8))


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
