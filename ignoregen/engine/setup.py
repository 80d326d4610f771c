"""Which Dockerfile and ignore file a build uses, the way ``docker build`` finds them."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, display_path, read_file
from ignoregen.errors import IgnoregenError

if TYPE_CHECKING:
    from ignoregen.engine.buildah import BuildahVersion

DOCKERIGNORE = ".dockerignore"
CONTAINERIGNORE = ".containerignore"


class Builder(str, enum.Enum):
    BUILDKIT = "buildkit"
    CLASSIC = "classic"
    BUILDAH = "buildah"
    """Buildah, and Podman, which builds with it (see :mod:`ignoregen.engine.buildah`)."""


@dataclass(frozen=True)
class BuildSetup:
    """Which files drive a build: the context, the Dockerfile and the ignore file that applies."""

    context: Path
    builder: Builder
    dockerfile: Path | None
    """The Dockerfile (absolute), or None when the default one does not exist."""
    ignore_file: Path | None
    """The ignore file that applies, or None."""
    shadowed: Path | None = None
    """A root ``.dockerignore`` that BuildKit does not read because a per-Dockerfile file wins."""

    @property
    def dockerfile_in_context(self) -> str | None:
        """The Dockerfile's path relative to the context, when it lies inside."""
        if self.dockerfile is None:
            return None
        try:
            relative = self.dockerfile.relative_to(self.context)
        except ValueError:
            return None
        return relative.as_posix()


class SetupError(IgnoregenError):
    """A context or Dockerfile that cannot be used (exit code 2)."""


def find_setup(
    context: Path,
    builder: Builder = Builder.BUILDKIT,
    dockerfile: Path | None = None,
    *,
    ignorefile: Path | None = None,
    buildah_version: BuildahVersion | None = None,
) -> BuildSetup:
    """Work out the Dockerfile and ignore file the way ``docker build`` does.

    ``dockerfile`` is taken relative to the working directory, as docker's ``-f`` is.
    Without it, ``<context>/Dockerfile`` is used, or ``<context>/dockerfile`` when only that
    one exists. For Buildah, see :func:`ignoregen.engine.buildah.buildah_setup`.
    """
    if builder is Builder.BUILDAH:
        from ignoregen.engine.buildah import DEFAULT_VERSION, buildah_setup

        return buildah_setup(context, dockerfile, ignorefile, buildah_version or DEFAULT_VERSION)
    if ignorefile is not None:
        raise SetupError("--ignorefile is Buildah's option (docker build has none): add "
                         "--builder buildah")
    if not context.is_dir():
        raise SetupError(f"{context}: not a directory (the build context must be a directory)")
    context = Path(os.path.abspath(context))
    if dockerfile is not None:
        dockerfile = Path(os.path.abspath(dockerfile))
        if not dockerfile.is_file():
            what = "not a regular file" if os.path.exists(dockerfile) else "Dockerfile not found"
            raise SetupError(f"{display_path(dockerfile)}: {what}")
    else:
        default = context / "Dockerfile"
        lower = context / "dockerfile"
        if os.path.lexists(default):
            dockerfile = default
        elif os.path.lexists(lower):
            dockerfile = lower
    root_ignore = context / DOCKERIGNORE
    root = root_ignore if os.path.lexists(root_ignore) else None
    if builder is Builder.BUILDKIT and dockerfile is not None:
        own = dockerfile.with_name(dockerfile.name + DOCKERIGNORE)
        # A dangling link or a directory there is not found: BuildKit reads the root file
        # (the engine rows dockerfile-dockerignore-is-*); one it may not open gives no rules.
        if os.path.exists(own) and not os.path.isdir(own):
            shadowed = root if root is not None and root != own else None
            return BuildSetup(context, builder, dockerfile, own, shadowed)
    return BuildSetup(context, builder, dockerfile, root)


def load_rules(setup: BuildSetup) -> tuple[Rule, ...]:
    """Read the ignore file that applies (no file: no rules), as each builder reads it.

    BuildKit fetches the file through the context transfer: a directory or a dangling
    link reads as empty, and a link that leaves the context is not followed. The classic
    CLI opens the path: a directory is an error, a link is followed anywhere.
    """
    path = setup.ignore_file
    if path is None:
        return ()
    if setup.builder is Builder.BUILDAH:
        from ignoregen.engine.buildah import load_buildah_rules

        return load_buildah_rules(setup)
    shown = display_path(path)
    buildkit = setup.builder is Builder.BUILDKIT
    if unread_by_buildkit(path, buildkit) is not None:
        return ()
    if path.is_symlink() and not buildkit and setup.dockerfile is not None \
            and setup.dockerfile_in_context is None:
        raise IgnoreFileError(
            shown,
            None,
            "is a symbolic link, and the Dockerfile is outside the context: the classic "
            "builder fails here ('archive/tar: write too long')",
        )
    if path.is_dir():
        raise IgnoreFileError(shown, None, "is a directory, not a file")
    return read_file(path, buildkit=buildkit)


def unread_by_buildkit(path: Path, buildkit: bool = True) -> str | None:
    """Why the ignore file at ``path`` gives no rules though it exists, or None when it is
    read. A dangling link gives none to either builder; BuildKit, which fetches the file
    through the context transfer, also reads a directory or a file it may not open as
    empty, and does not follow a link out of the directory that holds the file."""
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return "is a dangling symbolic link"
        if buildkit and not target.is_relative_to(Path(os.path.realpath(path.parent))):
            return "is a symbolic link out of the context, which BuildKit does not follow"
    if buildkit and path.is_dir():
        return "is a directory"
    if buildkit:  # BuildKit's frontend takes a file it cannot read for no file
        try:
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
        except PermissionError as exc:
            return f"cannot be read ({exc.strerror})"
    return None
