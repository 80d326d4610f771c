"""The context that a Dockerfile's own ignore file says it is built from.

Docker reads ``NAME.dockerignore`` beside the Dockerfile ``NAME`` whatever the context is,
so such a file is written for one build and its lines are paths of that build's context.
typebot's ``apps/workflows/Dockerfile`` copies ``.`` and runs ``cd apps/workflows``; its
``Dockerfile.dockerignore`` excludes ``**`` and lets ``!apps/workflows``, ``!packages/lib``
and others back in. Those exist below the repository root and not below
``apps/workflows``: the build is ``fly deploy`` from the root (or ``docker build -f
apps/workflows/Dockerfile .``). Judged with its own directory as the context, each of the
file's exceptions "re-included nothing" (112 warnings) and init kept a manifest that the
real context does not hold there.

The directory is taken only on firm evidence: a literal path of two or more parts that
the file names is held below it and not below the Dockerfile's own directory, and every
literal path the file names that any of the directories holds is held below it (the nearest
such directory). Paths held nowhere (stale lines) say nothing, and a path below
``node_modules`` or a hidden directory is no evidence: a laptop's ``node_modules/.cache`` at
the root would otherwise move the context there on one machine and not in CI.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ignoregen import fileio

_WILD = ("*", "?", "[", "\\")


def _named(text: str) -> list[tuple[int, str]]:
    """The literal paths an ignore file's lines name (exceptions and exclusions alike),
    with their line numbers."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().removeprefix("!").strip()
        if not line or line.startswith("#"):
            continue
        for end in ("/**", "/*", "/"):
            line = line.removesuffix(end)
        path = os.path.normpath(line.lstrip("/")) if line.lstrip("/") else ""
        if not path or path == "." or path.startswith("..") or any(c in path for c in _WILD):
            continue
        out.append((number, path))
    return out


def _local(path: str) -> bool:
    """Is ``path`` of what a developer's machine makes (installed packages, hidden caches and
    tool directories: the presets' skip_dirs)? Where such a path lies says nothing about
    the build."""
    from ignoregen.knowledge.preset import load_presets

    made = load_presets().skip_dirs
    return any(part in made or part.startswith(".") for part in path.split("/"))


def context_by_own_ignore_file(
    dockerfile: Path, root: Path, above: Sequence[Path]
) -> tuple[Path, str] | None:
    """The directory of ``above`` (nearest first) that the Dockerfile's own ignore file
    names paths of, and why; None when the file is absent or says nothing firm."""
    own = dockerfile.with_name(dockerfile.name + ".dockerignore")
    try:
        text = fileio.read_text(own, errors="replace")
    except (OSError, ValueError):
        return None
    named = _named(text)
    here = dockerfile.parent
    holders = {path: [d for d in (here, *above) if os.path.lexists(d / path)]
               for _, path in named}
    held = {path: where for path, where in holders.items() if where}
    for directory in above:
        if not all(directory in where for where in held.values()):
            continue
        firm = next(((number, path) for number, path in named if "/" in path
                     and not _local(path)
                     and directory in holders[path] and here not in holders[path]), None)
        if firm is None:
            return None
        shown = "." if directory == root else directory.relative_to(root).as_posix()
        return directory, (
            f"context {shown}: {own.relative_to(root).as_posix()}:{firm[0]} names "
            f"{firm[1]}, which is there, not in {here.relative_to(root).as_posix()}"
        )
    return None
