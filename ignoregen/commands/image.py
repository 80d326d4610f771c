"""The image advice of one build, for ``scan`` and ``explain --image``.

:func:`image_report` is the typed function; ``check`` calls :mod:`ignoregen.lint.image`
directly for every build it finds.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen.engine.dockerignore import display_path
from ignoregen.engine.setup import BuildSetup
from ignoregen.lint.image import ImageReport, advise

if TYPE_CHECKING:
    from ignoregen.build.discover import Build


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
    context, built = setup.context, ""
    runs: tuple[tuple[tuple[str, ...], bool], ...] = ()
    if dockerfile is not None:  # explain --image: judged as check judges its builds
        context, target, runs, built = _as_built(setup.context, path, target)
    try:
        relative = path.relative_to(setup.context).as_posix()
    except ValueError:
        relative = path.name
    report = advise(path, context, display_path(path), target, relative=relative, runs=runs)
    return report._replace(built=built) if built else report


def _as_built(
    root: Path, dockerfile: Path, target: str | None
) -> tuple[Path, str | None, tuple[tuple[tuple[str, ...], bool], ...], str]:
    """The context, target and compose commands with which the builds found under ``root``
    build ``dockerfile`` (as ``check`` advises on it; a definition's build rather than the
    Dockerfile found by its name), and where they are defined; the
    root, ``target`` and nothing when they are not one (none, or several that differ in
    context or target) or when ``target`` names another stage. nginx-golang of
    docker/awesome-compose builds ``target: builder``: check said IG702 for that stage, and
    explain --image judged the last stage."""
    from ignoregen.build.discover import discover_with
    from ignoregen.knowledge.preset import load_presets

    try:
        found = discover_with(root, load_presets(), None)
    except (OSError, ValueError):
        return root, target, (), ""
    builds = [build for build in found.builds if build.inline is None
              and os.path.abspath(build.dockerfile) == str(dockerfile)
              and (target is None or build.target == target)]
    defined = [build for build in builds if build.defined_in is not None]
    builds = defined or builds  # (a compose service's target, rather than the last stage)
    ways = {(build.context, build.target) for build in builds}
    if len(ways) != 1:
        return root, target, (), ""
    (context, chosen), = ways
    if not defined and context == root and chosen == target:
        return root, target, (), ""  # (as it would be judged anyway: nothing to say)
    shown = [_origin(root, build) for build in builds]
    where = ", ".join(shown[:2]) + (f" and {len(shown) - 2} more" if len(shown) > 2 else "")
    try:
        label = context.relative_to(root).as_posix()
    except ValueError:
        label = str(context)
    where += f" (context {label}" + (f", target {chosen})" if chosen else ")")
    return context, chosen, tuple((build.runs, build.mounts_context) for build in builds), where


def _origin(root: Path, build: Build) -> str:
    """Where ``build`` is defined, its file named from ``root`` (``nginx-golang/compose.yaml:
    services.backend``)."""
    defined = build.defined_in
    if defined is None or not build.origin.startswith(defined.name + ":"):
        return build.origin
    try:
        return defined.relative_to(root).as_posix() + build.origin[len(defined.name):]
    except ValueError:
        return build.origin
