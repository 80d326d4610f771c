"""Find the builds of a repository: its Dockerfiles (and Containerfiles), its compose files,
and their contexts.

A Dockerfile found on its own builds with its own directory as the context (the
usual ``docker build .``). A compose service names its context and Dockerfile
(``build: ./api`` or ``build: {context: ., dockerfile: docker/api.Dockerfile}``);
the Dockerfile path is relative to the context, the context relative to the
compose file. Remote contexts (Git URLs) are not filtered by ``.dockerignore``
and are skipped.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen.errors import IgnoregenError

CONTAINERFILE_GLOBS = ("Containerfile", "Containerfile.*", "*.Containerfile")
"""Build files named for Podman and Buildah (which also read Dockerfiles)."""
DOCKERFILE_GLOBS = (
    "Dockerfile", "Dockerfile.*", "*.Dockerfile", "dockerfile", *CONTAINERFILE_GLOBS
)
IGNORE_SUFFIXES = (".dockerignore", ".containerignore")
COMPOSE_GLOBS = ("compose.yaml", "compose.yml", "docker-compose*.yaml", "docker-compose*.yml")
# Directories that hold no build definitions worth finding, only weight.
_SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".next",
        ".nuxt",
        "target",
        ".gradle",
    }
)
_REMOTE_PREFIXES = ("http://", "https://", "git://", "git@", "ssh://", "github.com/")


class ComposeError(IgnoregenError):
    """A compose file that cannot be read (exit code 2)."""


@dataclass(frozen=True)
class Build:
    """One build: a context directory and the Dockerfile that drives it."""

    context: Path
    dockerfile: Path
    target: str | None
    origin: str
    """Where this build was found: a Dockerfile path, or ``compose.yaml: services.api``."""


def _is_dockerfile(name: str) -> bool:
    if name.endswith(IGNORE_SUFFIXES):
        return False
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in DOCKERFILE_GLOBS)


def is_containerfile(name: str) -> bool:
    """A build file named for Podman/Buildah (``Containerfile``, ``api.Containerfile``)."""
    if name.endswith(IGNORE_SUFFIXES):
        return False
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in CONTAINERFILE_GLOBS)


def _is_compose(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in COMPOSE_GLOBS)


def project_files(root: Path) -> Iterator[Path]:
    """The files of a project, sorted, skipping dependency trees, caches and VCS metadata."""
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if name not in _SKIP_DIRS)
        for name in sorted(filenames):
            yield Path(directory) / name


def _compose_builds(path: Path) -> Iterator[Build]:
    import yaml  # only when there is a compose file to read

    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ComposeError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ComposeError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    services = document.get("services") if isinstance(document, dict) else None
    if not isinstance(services, dict):
        return
    for name, service in services.items():
        build = service.get("build") if isinstance(service, dict) else None
        if build is None:
            continue
        if isinstance(build, str):
            build = {"context": build}
        if not isinstance(build, dict):
            raise ComposeError(f"{path}: services.{name}.build: expected a path or a mapping")
        context_text = str(build.get("context", "."))
        if context_text.startswith(_REMOTE_PREFIXES):
            continue
        if "dockerfile_inline" in build:
            continue
        context = (path.parent / context_text).resolve()
        dockerfile = context / str(build.get("dockerfile", "Dockerfile"))
        target = build.get("target")
        yield Build(
            context=context,
            dockerfile=dockerfile,
            target=str(target) if target is not None else None,
            origin=f"{path.name}: services.{name}",
        )


def find_builds(root: Path) -> list[Build]:
    """Every build under ``root``: compose services first, then Dockerfiles no service uses."""
    root = root.resolve()
    dockerfiles: list[Path] = []
    builds: list[Build] = []
    for path in project_files(root):
        if _is_compose(path.name):
            builds.extend(_compose_builds(path))
        elif _is_dockerfile(path.name):
            dockerfiles.append(path)
    used = {build.dockerfile for build in builds}
    for dockerfile in dockerfiles:
        if dockerfile not in used:
            builds.append(
                Build(
                    context=dockerfile.parent,
                    dockerfile=dockerfile,
                    target=None,
                    origin=str(dockerfile.relative_to(root)),
                )
            )
    return builds
