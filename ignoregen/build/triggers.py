"""Trigger files of need sources: a quick test of whether any source reads a path."""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import dataclass

from ignoregen.knowledge.preset import NeedSource


@dataclass(frozen=True)
class Globs:
    """Just the trigger globs of several sources (to reject a path at once)."""

    files: tuple[str, ...]


def triggers(source: NeedSource | Globs, path: str) -> bool:
    by_name, by_path = trigger_regexes(source.files)
    name = path.rsplit("/", 1)[-1]
    return bool(
        (by_name is not None and by_name.match(name))
        or (by_path is not None and by_path.match(path))
    )


@functools.lru_cache(maxsize=256)
def trigger_regexes(
    globs: tuple[str, ...],
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """One regular expression for the globs matched against a path's last component, one
    for those (holding a ``/``) matched against the whole path."""
    names = [fnmatch.translate(glob) for glob in globs if "/" not in glob]
    paths = [fnmatch.translate(glob) for glob in globs if "/" in glob]
    return (
        re.compile("|".join(names)) if names else None,
        re.compile("|".join(paths)) if paths else None,
    )
