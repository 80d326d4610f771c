"""The image advice of one build, for ``scan`` and ``explain --image``.

:func:`image_report` is the typed function; ``check`` calls :mod:`ignoregen.lint.image`
directly for every build it finds.
"""

from __future__ import annotations

import os
from pathlib import Path

from ignoregen.engine.dockerignore import display_path
from ignoregen.engine.setup import BuildSetup
from ignoregen.lint.image import ImageReport, advise


def image_report(
    setup: BuildSetup, target: str | None = None, dockerfile: Path | None = None
) -> ImageReport | None:
    """What ships from the setup's Dockerfile (or ``dockerfile``), and the advice that
    applies; None when there is no Dockerfile. Raises
    :class:`ignoregen.build.dockerfile.DockerfileError` for one BuildKit rejects or a target
    that does not exist."""
    path = dockerfile if dockerfile is not None else setup.dockerfile
    if path is None or not path.is_file():
        return None
    path = Path(os.path.abspath(path))
    try:
        relative = path.relative_to(setup.context).as_posix()
    except ValueError:
        relative = path.name
    return advise(path, setup.context, display_path(path), target, relative=relative)
