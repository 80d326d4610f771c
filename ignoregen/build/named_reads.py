"""What builds read from the local directories they take as named contexts.

bake's ``contexts = { shared = "./shared" }`` and compose's ``additional_contexts`` hand a
directory to a build under a name; its Dockerfile reads it with ``COPY --from=shared ...``
or ``RUN --mount=from=shared,source=...``. BuildKit filters that directory through its own
``.dockerignore`` (dockerui's namedcontext.go). When the directory is also the context of
a build of its own, init plans that file for its own Dockerfile: what the other builds
read from it through the name must stay in it too, or their COPY fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileReads


def named_reads(
    names: Mapping[Path, set[str]], analysed: Iterable[DockerfileReads]
) -> dict[Path, list[DockerfileReads]]:
    """For each named-context directory, what each analysed Dockerfile reads from it: its
    ``--from=NAME`` paths for every name the directory is given. (A name that two builds
    give two directories counts for both: a path kept more than needed costs bytes.)"""
    out: dict[Path, list[DockerfileReads]] = {}
    readings = list(analysed)
    for directory, given in names.items():
        for reads in readings:
            sources = [source._replace(text=f"--from={name} {source.text}")
                       for name, source in reads.from_named if name in given]
            if sources:
                out.setdefault(directory, []).append(
                    DockerfileReads(path=reads.path, target=reads.target, sources=sources))
    return out
