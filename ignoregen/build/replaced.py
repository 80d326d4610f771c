"""Context paths that the image gets from elsewhere: a ``COPY --from`` of the same image
writes over what a ``COPY`` of the context put there (or, earlier, fills the place that
the ``COPY`` of the context would write over with the host's stale copy).

``COPY ./public /app/public`` followed, in the same stage (or a stage built ``FROM`` it),
by ``COPY --from=assets /srv/public/mix-manifest.json /app/public/mix-manifest.json``: the
image's ``mix-manifest.json`` is the one the ``assets`` stage built, whatever the laptop's
``public/mix-manifest.json`` holds. The same for a directory (``COPY --from=frontend
/app/dist ./static/frontend``): the stage's build lands where the host's build was.

This module only reads the Dockerfile: it says which context paths are written over,
and where. Whether such a path may go is the planner's question (it asks that
``.gitignore`` lists it, so that a clean checkout lacks it too: a copy merges
directories, and only what no checkout has can be missing from the image without harm).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileError, _context_path
from ignoregen.build.stages import Stage, StageGraph, Step, read_graph


@dataclass(frozen=True)
class Replaced:
    """A context path whose place in the image a ``COPY --from`` fills."""

    path: str
    """Context-relative, as it exists in the context."""
    copied: int
    """The line of the ``COPY`` that takes it from the context."""
    replaced: int
    """The line of the ``COPY --from`` that writes over it."""
    from_stage: str


def _is_glob(word: str) -> bool:
    return any(c in word for c in "*?[")


def _placed(context: Path, step: Step) -> Iterator[tuple[str, str, bool]]:
    """(context path, where it lands in the image, is a directory) for each source of a
    ``COPY``/``ADD`` of the context that names a path (not a glob, a URL, a variable)."""
    for word in step.sources:
        if word is None or _is_glob(word) or "://" in word or word.startswith("git@"):
            continue
        path = _context_path(word)
        if path is None or path.startswith("../") or path == "..":
            continue
        path = "" if path == "." else path
        try:
            is_dir = path == "" or (context / path).is_dir()
        except (OSError, ValueError):
            continue
        if is_dir:
            yield path, step.dest, True
        elif step.instruction == "COPY":  # ADD unpacks a local archive: no one-to-one place
            name = posixpath.basename(path)
            yield path, posixpath.join(step.dest, name) if step.dest_is_dir else step.dest, False


def _written(step: Step) -> Iterator[str]:
    """Where a ``COPY --from`` writes, in the image (only what is certain: a directory
    copied into a directory, a file onto a named place)."""
    words = [word for word in step.sources if word is not None and not _is_glob(word)]
    if len(words) != len(step.sources):
        return
    for word in words:
        if word.endswith("/") or (len(words) == 1 and not step.dest_is_dir):
            yield step.dest
        else:
            yield posixpath.join(step.dest, posixpath.basename(word.rstrip("/")))


def _steps(graph: StageGraph, stage: Stage) -> list[Step]:
    """The steps that build the stage's file system: its ancestors' (FROM), then its own."""
    return [step for member in graph.chain(stage) for step in member.steps]


def _landing(path: str, lands: str, is_dir: bool, target: str) -> str | None:
    """The context path (below ``path``, placed at ``lands``) that lands on ``target``."""
    if is_dir and target.startswith(lands.rstrip("/") + "/"):
        below = target[len(lands.rstrip("/")) + 1:]
        return posixpath.join(path, below) if path else below
    if not is_dir and target == lands:
        return path
    return None


def replaced_paths(context: Path, dockerfile: Path) -> list[Replaced]:
    """The context paths of ``dockerfile``'s build whose place in the image a ``COPY
    --from`` of the same image fills: a later one writes over the host's copy, or an
    earlier one's build would be written over by it (khoj: ``COPY --from=web-app
    /app/src/interface/web/out ./src/khoj/interface/built``, then ``COPY . .`` brings the
    laptop's stale ``src/khoj/interface/built``). None when the file cannot be read."""
    try:
        graph = read_graph(dockerfile)
    except (DockerfileError, OSError, ValueError, RecursionError):
        return []
    found: dict[str, Replaced] = {}

    def add(candidate: str | None, copied: int, replaced: int, stage: str) -> None:
        if candidate and os.path.lexists(context / candidate):
            found.setdefault(candidate, Replaced(candidate, copied, replaced, stage))

    for stage in graph.stages:
        placed: list[tuple[str, str, bool, int]] = []
        built: list[tuple[str, int, str]] = []  # (where a COPY --from wrote, line, stage)
        for step in _steps(graph, stage):
            if step.instruction not in ("COPY", "ADD") or "\x00" in step.dest:
                continue
            if step.from_stage is None:
                for path, lands, is_dir in _placed(context, step):
                    placed.append((path, lands, is_dir, step.line))
                    for target, line, source in built:
                        add(_landing(path, lands, is_dir, target), step.line, line, source)
                continue
            for target in _written(step):
                built.append((target, step.line, step.from_stage))
                for path, lands, is_dir, line in placed:
                    add(_landing(path, lands, is_dir, target), line, step.line, step.from_stage)
    return sorted(found.values(), key=lambda item: item.path)
