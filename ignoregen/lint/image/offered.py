"""Variants a project publishes on purpose: when the full image ships beside a build of the
same image on a smaller variant, the full one is a choice offered to users, not an oversight.

gleam-lang/gleam's containers/ holds node.dockerfile, node-slim.dockerfile and
node-alpine.dockerfile, each published under its own tag; advising the first to move to
``node:slim`` asks for a second copy of the second. Only Dockerfiles beside the judged one
count: within one Dockerfile a full target beside a slim one is usually the development
image of the slim one, and the advice stays.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ignoregen.build.discover import is_dockerfile
from ignoregen.build.dockerfile import DockerfileError
from ignoregen.build.stages import Stage, StageGraph, read_graph
from ignoregen.knowledge.image_records import Image, ImageKnowledge, Variant
from ignoregen.lint.image.reading import _development, _file_development, identify

_MAX_SIBLINGS = 64
"""Dockerfiles beside the judged one that are read at most (a directory of generated
Dockerfiles is not a set of variants worth the time)."""


def leaves(graph: StageGraph) -> Iterator[Stage]:
    """Stages no other stage is built FROM, copies from or mounts: each one a target."""
    used: set[int] = set()
    for stage in graph.stages:
        if stage.parent is not None:
            used.add(stage.parent)
        for step in stage.steps:
            names = [step.from_stage] if step.from_stage is not None else []
            names += [mount.from_stage for mount in step.mounts if mount.from_stage]
            for name in names:
                source = graph.find(name)
                if source is not None:
                    used.add(source.index)
    return (stage for stage in graph.stages if stage.index not in used)


def _smaller(data: ImageKnowledge, graph: StageGraph, stage: Stage, image: Image,
             variant: Variant) -> bool:
    root = graph.image(stage)
    if root.base is None:
        return False
    _, _, other_image, other, _, _ = identify(data, root.base)
    if other_image is None or other is None or other_image.name != image.name:
        return False
    if other.name == variant.name:
        return False
    return other.size is None or variant.size is None or other.size.bytes < variant.size.bytes


def offered_smaller(
    data: ImageKnowledge, graph: StageGraph, image: Image, variant: Variant,
) -> str | None:
    """The Dockerfile beside the judged one that ships ``image`` on a smaller variant than
    ``variant`` (a stage of it no other stage uses), or None. Development stages and files
    do not count."""
    folder = graph.path.parent
    try:
        names = sorted(
            entry.name for entry in folder.iterdir()
            if entry.name != graph.path.name and is_dockerfile(entry.name) and entry.is_file()
        )
    except OSError:
        return None
    for name in names[:_MAX_SIBLINGS]:
        if _file_development(data, name) is not None:
            continue
        try:
            other = read_graph(Path(folder, name))
        except (DockerfileError, OSError, UnicodeDecodeError, ValueError):
            continue
        for stage in leaves(other):
            if _development(data, stage) is None and _smaller(data, other, stage, image, variant):
                return name
    return None
