"""Image advice: the other ways an image gets heavy (IG701-IG705).

Only what ships is judged: the stage built (the target, else the last stage), the stages it
is built ``FROM`` (their layers are its layers), and what it ``COPY --from``'s other stages
(:mod:`ignoregen.build.stages`). Development stages and Dockerfiles ship nothing.

* IG701: the base image has a much smaller official variant (sizes from the data, dated).
* IG702: the base image is a build toolchain, and the stage builds or runs with it.
* IG703: the shipped stage installs build tools (or builds with development dependencies)
  and ships them.
* IG704: an install that includes development dependencies reaches the image, and the
  manifest declares some: said with their number and the production-only command.
* IG705: a package manager's cache stays in a shipped layer (no cache mount, no clean-up
  in the same ``RUN``).

Everything about images and installers comes from :mod:`ignoregen.knowledge.images`.
Whatever cannot be known for sure (a word that depends on a build argument, a manifest
the image does not take from the context) makes the advice say nothing: a wrong finding
is worse than a missing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ignoregen.build.stages import read_graph, ship
from ignoregen.knowledge.image_records import ImageKnowledge
from ignoregen.knowledge.images import load
from ignoregen.lint.image.judge import _Judge
from ignoregen.lint.image.reading import (
    _development,
    _file_development,
    _image_env,
    _words,
    runs_development,
)
from ignoregen.lint.image.records import Advice, Base, ImageReport
from ignoregen.lint.image.unjudged import build_image, windows

__all__ = ["Advice", "Base", "ImageReport", "advise"]


def advise(
    dockerfile: Path,
    context: Path,
    shown: str,
    target: str | None = None,
    *,
    relative: str | None = None,
    context_label: str = ".",
    knowledge: ImageKnowledge | None = None,
    runs: Sequence[tuple[Sequence[str], bool]] = (),
) -> ImageReport:
    """The image advice for one build.

    ``shown`` is the Dockerfile as findings name it; ``relative`` its path from the checked
    root (its words tell a development Dockerfile: ``Dockerfile.dev``, ``.devcontainer/``).
    Raises :class:`ignoregen.build.dockerfile.DockerfileError` for a file BuildKit rejects
    or a target that does not exist. ``runs``: for each build of it, what the compose
    services that build it run in the image, and whether they bind-mount the build context
    into it (:func:`runs_development`).
    """
    data = knowledge or load()
    graph = read_graph(dockerfile, base_env=lambda reference: _image_env(data, reference))
    shipping = ship(
        graph, target, lambda stage: _development(data, stage),
        lambda name: bool(_words(name) & data.settings.production_words),
        _file_development(data, relative if relative is not None else shown)
        or runs_development(data, runs),
    )
    if shipping.shipped is None:
        return ImageReport(shown, shipping, None, ())
    judge = _Judge(data, graph, shipping, context, shown, context_label,
                   started_by_compose=any(started for started, _ in runs))
    note = windows(judge) or build_image(judge)
    if note:
        return ImageReport(shown, shipping, judge.base, (), note)
    return ImageReport(shown, shipping, judge.base, tuple(judge.run()))
