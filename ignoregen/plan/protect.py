"""The paths a plan must keep sent: the needs, with a glob need's matches limited to what
a build reads.

A glob need (``go test`` needs ``**/*_test.go``) is written for the whole context, but a
build only reads what its COPY, ADD and bind mounts name: remark42's ``ADD backend`` then
``go test ./...`` needs ``backend/**/*_test.go``, never the ``e2e/`` suite beside it that
its own ``.dockerignore`` leaves out. A match no source covers is not protected. When a
source depends on a build argument (what it reads is unknown), every match is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.guards import Guard


def protected_paths(
    context: Path, guards: Sequence[Guard], reads: Sequence[DockerfileReads]
) -> dict[str, str]:
    """Context-relative path -> why it is needed (reason and origin)."""
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    unknown = not reads or any(dockerfile.unknown for dockerfile in reads)
    protected: dict[str, str] = {}
    for guard in guards:
        why = f"{guard.reason} ({guard.origin})"
        if any(c in guard.path for c in "*?["):
            for match in sorted(context.glob(guard.path)):
                path = match.relative_to(context).as_posix()
                if unknown or any(source.covers(path) for source in sources):
                    protected[path] = why
        else:
            protected[guard.path] = why
    return protected
