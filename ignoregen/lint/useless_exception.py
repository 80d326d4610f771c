"""How IG403 judges an exception that re-includes nothing in the checkout.

An exception that the repository's gitignore makes the same way (hedgedoc's Yarn lines:
``.yarn/*`` then ``!.yarn/sdks``) keeps a path a tool makes when it appears: the project
keeps it, nothing the build needs is left out, the line is stale at most (information).

So is an exception for a file that users make from a template beside it.

big-AGI's allow-list (``*``, then one ``!`` line for each path the build reads) re-includes
``middleware.ts``, which no checkout holds: its deployment guide tells users who want HTTP
basic authentication to rename the committed ``middleware_BASIC_AUTH.ts`` to
``middleware.ts`` and build. The exception is what makes that build ship the middleware;
removing it, as a warning's fix says, builds an image without the authentication the user
asked for, and the warning failed CI on a file that sends what its authors meant. Such an
exception (a sibling is named like it, with a part added: ``middleware_BASIC_AUTH.ts``,
``config.yml.example``, ``settings.sample.py``) is information, and no removal is offered.
An exception with no such sibling (``docs`` then ``!docs/none.md``) stays a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ignoregen.lint.maybe import samples

if TYPE_CHECKING:
    from ignoregen.engine.records import Item
    from ignoregen.lint.maybe import MayExist

_WILD = frozenset("*?[\\")
_JOINS = "._-"


def template_of(pattern: str, paths: Iterable[str]) -> str | None:
    """The sibling (of ``paths``, the context's entries) that the plain path ``pattern``
    is made from: same directory, named like its last part with a part added after its
    stem (``middleware_BASIC_AUTH.ts`` for ``middleware.ts``) or after the whole name
    (``config.yml.example`` for ``config.yml``); None when there is none, or when the
    pattern has a wildcard."""
    pattern = pattern.strip("/")
    if not pattern or any(char in _WILD for char in pattern):
        return None
    head, _, name = pattern.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if not stem:  # no extension, or a dotfile such as '.env'
        stem, dot, extension = name, "", ""
    prefix = f"{head}/" if head else ""
    for path in paths:
        if not path.startswith(prefix) or "/" in path[len(prefix):]:
            continue
        other = path[len(prefix):]
        if other == name:
            continue
        if len(other) > len(name) + 1 and other.startswith(name) and other[len(name)] in _JOINS:
            return path
        if len(other) > len(stem) + 1 and other.startswith(stem) and other[len(stem)] in _JOINS \
                and other.endswith(dot + extension) and len(other) > len(name) + 1:
            return path
    return None


def judged(pattern: str, may: MayExist | None, walked: Iterable[Item]) -> tuple[str | None, bool]:
    """The hint of IG403 on the exception ``pattern`` when the finding is information
    (None: a warning), and whether users make the path from a template (then no removal
    is offered)."""
    kept = next((found for found in map(may.kept, samples(pattern))
                 if found is not None), None) if may is not None else None
    if kept is not None:
        return (f"{kept.source}:{kept.line} re-includes it the same way, for when it "
                "appears; remove both lines if it never will"), False
    made = template_of(pattern, (item.path for item in walked))
    if made is not None:
        return f"users may make it from {made}: keep the line if they do, remove it " \
            "otherwise", True
    return None, False
