"""Builds whose files exist where the build runs, not in this checkout: a git submodule
not fetched, a context outside the directory checked. Such a build is noted (IG005), not
judged as broken."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen import fileio

if TYPE_CHECKING:
    from ignoregen.build.discover import Build
    from ignoregen.build.dockerfile import Source


def submodule_paths(root: Path) -> list[str]:
    """The ``path =`` entries of ``root/.gitmodules`` (none when there is no such file)."""
    try:
        text = fileio.read_text(root / ".gitmodules", encoding="utf-8", errors="replace")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        key, equals, value = line.partition("=")
        if equals and key.strip() == "path" and value.strip().strip("/"):
            out.append(value.strip().strip("/"))
    return out


def in_submodule(build: Build, root: Path, modules: Sequence[str]) -> Build:
    """``build`` with :attr:`Build.elsewhere` set when its context or Dockerfile lies in a
    git submodule (lago's ``front``, ``api``): a checkout without ``--recurse-submodules``
    has an empty directory there, and the build runs where the submodule is fetched."""
    if build.elsewhere is not None or not modules:
        return build
    for path in (build.context, build.dockerfile):
        try:
            relative = path.relative_to(root).as_posix()
        except ValueError:
            continue
        for module in modules:
            if (relative == module or relative.startswith(module + "/")) and not _fetched(
                root / module
            ):
                return dataclasses.replace(
                    build, elsewhere=f"it lies in the git submodule {module}/ (.gitmodules), "
                    "which this checkout has not fetched")
    return build


def _fetched(directory: Path) -> bool:
    try:
        return any(directory.iterdir())
    except OSError:
        return False


def outside(build: Build, root: Path) -> Build:
    """``build`` with :attr:`Build.elsewhere` set when its context lies outside the
    directory checked: model-runner's cmd/cli/docker-bake.hcl has a target ``update-docs``
    with ``context = "../.."`` for ``make docs`` run in cmd/cli, while its workflow runs the
    file's other targets from the root; a compose file's ``../backend`` is a sibling
    checkout. What lies there is not this checkout's to judge."""
    if build.elsewhere is not None or build.context == root or root in build.context.parents:
        return build
    return dataclasses.replace(
        build, elsewhere="its context lies outside the directory checked (another checkout, "
        "or a run from another directory)")


def context_beyond(
    dockerfile: Path, root: Path, sources: Sequence[Source], held: Mapping[str, Sequence[Path]]
) -> tuple[Path, str] | None:
    """The directory above ``root``, up to the top of its git work tree, that holds every
    known source of ``dockerfile`` (the patterns of ``held``, each with the directories up
    to ``root`` that hold it) when one lies nowhere up to ``root``, and why; else None.

    hedgedoc's backend/docker/Dockerfile copies backend/package.json and
    commons/package.json, paths from the repository's top where its build runs;
    ``check backend`` took backend/ for its context and reported a missing ignore file and
    a committed backend/.env as sent, which the top's .dockerignore keeps out. Such a
    context lies outside the directory checked (:func:`outside`), and is judged there."""
    from ignoregen.build.context_above import _holds
    from ignoregen.build.repofiles import repository_root

    if all(held.values()):
        return None
    top = repository_root(root)
    if top == root or top not in root.parents:
        return None
    first = next(source for source in sources if not held.get(source.pattern, [root]))
    for directory in root.parents:
        if all(_holds(directory, pattern) for pattern in held):
            shown = Path(os.path.relpath(directory, root)).as_posix()
            return directory, (
                f"context {shown}: what {dockerfile.name}:{first.line} {first.instruction} "
                f"{first.text} reads is there, above the directory checked"
            )
        if directory == top:
            break
    return None


def context_beyond_own(dockerfile: Path, root: Path) -> tuple[Path, str] | None:
    """:func:`context_beyond` for a Dockerfile directly in ``root`` (``check services/api``
    on services/api/Dockerfile copying services/api/package.json from the top), which
    ``context_above`` leaves to its own directory."""
    from ignoregen.build.context_above import _holds
    from ignoregen.build.dockerfile import DockerfileError, analyse

    if dockerfile.parent != root:
        return None
    try:
        reads = analyse(dockerfile, all_stages=True)
    except (DockerfileError, RecursionError):
        return None
    held = {source.pattern: [root] if _holds(root, source.pattern) else []
            for source in reads.sources
            if source.known and not source.whole_context and source.pattern != ".."
            and not source.pattern.startswith("../")}
    return context_beyond(dockerfile, root, reads.sources, held)
