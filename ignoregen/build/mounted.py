"""Context directories a ``RUN`` covers with a stage's files (see
:class:`ignoregen.build.dockerfile.Overlay`): what the context holds below them is not
needed, and the directory itself is, as a mount point."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs import Need, _unique


def under_mounts(context: Path, needs: list[Need], reads: Sequence[DockerfileReads]) -> list[Need]:
    """``needs`` less those in a directory that a ``RUN`` covers with a stage's files
    (navidrome's ``//go:embed all:build`` is compiled from the ui stage mounted over
    ``ui/build``), plus the directory itself as a mount point: it must exist in the
    context. A file at its top whose name starts with a dot (``.gitkeep``) is what keeps it
    there; without one, the directory is kept whole."""
    overlays = [(dockerfile, overlay) for dockerfile in reads for overlay in dockerfile.overlays]
    if not overlays:
        return needs
    covered = tuple(overlay.path for _, overlay in overlays)
    out = [
        need for need in needs
        if not any(need.path.rstrip("/") == path or need.path.startswith(path + "/")
                   for path in covered)
    ]
    for dockerfile, overlay in overlays:
        directory = context / overlay.path
        if not directory.is_dir() or directory.is_symlink():
            continue
        try:
            dotted = sorted(entry.name for entry in os.scandir(directory)
                            if entry.name.startswith(".") and entry.is_file(follow_symlinks=False))
        except OSError:
            dotted = []
        keep = f"{overlay.path}/{dotted[0]}" if dotted else overlay.path
        origin = f"{dockerfile.path.name}:{overlay.line}"
        out.append(Need(
            keep,
            f"a mount point: RUN --mount puts {overlay.mounted}'s files on {overlay.path}, "
            "and the directory must exist in the context",
            origin, None, None, overlay.line,
        ))
    return _unique(out)
