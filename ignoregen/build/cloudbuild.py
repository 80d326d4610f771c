"""What a Google Cloud Build configuration at the repository's root (``cloudbuild.yaml``,
``cloudbuild.yml``) builds.

Cloud Build runs each step in ``/workspace``, which holds the build's source: for a
trigger, the repository; for ``gcloud builds submit``, the directory it is given, the root
when the configuration lies there. A step whose image is the Docker builder
(``gcr.io/cloud-builders/docker``, ``docker``) runs ``docker`` with its ``args``; a step
may also run a shell (``script:``, or ``entrypoint: bash`` with ``args: [-c, ...]``). Each
runs in ``/workspace`` or its ``dir``. ``args: [build, -f, docker/Dockerfile, .]`` builds
the root: found by its name alone, the Dockerfile was taken with ``docker/`` as its context.

A configuration elsewhere is not read (``gcloud builds submit`` may be run with another
source), nor a value holding a substitution (``$PROJECT_ID``, ``${_TAG}``) where it matters,
as in :mod:`ignoregen.build.scripts`.
"""

from __future__ import annotations

import posixpath
import shlex
from pathlib import Path
from typing import Any

from ignoregen.build.discover import Discovery
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

FILES = ("cloudbuild.yaml", "cloudbuild.yml")
_DOCKER = frozenset({"gcr.io/cloud-builders/docker", "docker", "docker.io/library/docker"})
_SHELLS = frozenset({"bash", "sh", "/bin/bash", "/bin/sh"})


def is_config(path: Path, root: Path) -> bool:
    """Is ``path`` a Cloud Build configuration at the root of the repository at ``root``?"""
    return path.parent == root and path.name in FILES


def _image(name: object) -> str:
    text = name.strip().split("@", 1)[0] if isinstance(name, str) else ""
    last = text.rsplit("/", 1)[-1]
    return text[: len(text) - len(last)] + last.split(":", 1)[0]


def _command(step: dict[str, Any]) -> str | None:
    """The shell text that a step runs, or None."""
    args = step.get("args")
    args = args if isinstance(args, list) and all(isinstance(a, str) for a in args) else None
    script = step.get("script")
    if isinstance(script, str):
        return script
    entrypoint = step.get("entrypoint")
    shell = isinstance(entrypoint, str) and entrypoint in _SHELLS  # YAML may give a mapping
    if shell and args and args[0] == "-c" and len(args) >= 2:
        return str(args[1])
    if entrypoint in (None, "docker") and args and _image(step.get("name")) in _DOCKER:
        return "docker " + shlex.join(args)
    return None


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the steps of the configuration ``path`` run in ``/workspace``,
    taken for ``root``."""
    from ignoregen.build.scripts import add_builds

    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return
    steps = document.get("steps") if isinstance(document, dict) else None
    shown = path.relative_to(root).as_posix()
    for index, step in enumerate(steps if isinstance(steps, list) else ()):
        if not isinstance(step, dict):
            continue
        text = _command(step)
        where = step.get("dir", ".")
        if text is None or not isinstance(where, str):
            continue
        where = posixpath.normpath(where.strip() or ".")
        if where.startswith(("/", "..")) or "$" in where:
            continue
        label = step.get("id") if isinstance(step.get("id"), str) else f"steps.{index}"
        line = key_line(node, "steps", index) or 1
        add_builds(text.replace("$$", "$"), root / where, path, f"{shown}: {label}", found,
                   line, cd_persists=True)
