"""Builds that a Fly.io app configuration (``fly.toml``, ``fly.NAME.toml``) defines.

``fly deploy`` sends its working directory as the build context: the directory of the
configuration, where it is run, or the configuration's directory when it is named with
``--config`` and no directory is given. ``[build] dockerfile`` names the Dockerfile,
relative to the configuration; ``[build] build-target`` the stage. So a root ``fly.toml``
that says ``dockerfile = "api/Dockerfile"`` builds that Dockerfile from the root, not from
``api/``, as a Dockerfile found by its name alone would be taken.

Only a configuration at the repository's root is read. One in a subdirectory is deployed
from there (``cd apps/api && fly deploy``) or from the root (openstatusHQ/openstatus's CI
runs ``flyctl deploy --config apps/server/fly.toml`` in the checkout, whose root its
``apps/server/Dockerfile`` needs): its context is not known from the file, and the
Dockerfile's own sources say more (:mod:`ignoregen.build.context_above`).

Paths are joined to the configuration's directory, a leading ``/`` included:
epicweb-dev/epic-stack's root ``fly.toml`` says ``dockerfile = "/other/Dockerfile"`` and
``ignorefile = "/other/Dockerfile.dockerignore"``, and deploys ``other/Dockerfile`` from
the root with that ignore file, the one BuildKit reads for it anyway.

Only a configuration that names its Dockerfile is read: without one, fly builds the
``Dockerfile`` of the directory, as a Dockerfile found by its name is taken already; with
``[build] image`` or a buildpack builder it builds nothing from the checkout. One whose
``ignorefile`` is neither the context's ``.dockerignore`` nor the Dockerfile's own
(``NAME.dockerignore``) is left out, as is a path holding a variable or leaving the
repository, and a Dockerfile this checkout lacks.

A configuration that is not TOML is reported (IG004), with the parser's line: flyctl
cannot load it either.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.discover import Build, BuildProblem, Discovery, ProblemKind
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads

_LINE = re.compile(r"\(at line (\d+)")


def _known(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip() or "$" in value:
        return None
    return value.strip()


def _joined(directory: Path, text: str) -> Path:
    """``text`` joined to ``directory`` as flyctl joins it (a leading ``/`` too)."""
    return Path(os.path.normpath(directory / text.lstrip("/")))


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the build of the configuration ``path`` (in the repository at ``root``), when it
    lies at the root."""
    if path.parent != root:
        return
    try:
        data = toml_loads(fileio.read_bytes(path).decode("utf-8", "replace"))
    except OSError as exc:
        found.problems.append(BuildProblem.unread(path, exc))
        return
    except TomlError as exc:
        match = _LINE.search(str(exc))
        found.problems.append(BuildProblem(
            ProblemKind.FAILS, path, int(match.group(1)) if match else None,
            f"not valid TOML: {exc}; flyctl cannot load it, so its build is not analysed",
            path.parent, whole_file=True))
        return
    build = data.get("build")
    if not isinstance(build, dict) or "dockerfile" not in build:
        return
    file_text, given_target = _known(build.get("dockerfile")), build.get("build-target")
    target = _known(given_target)
    if file_text is None or (given_target is not None and target is None):
        return
    context = path.parent
    dockerfile = _joined(context, file_text)
    if root not in dockerfile.parents or not dockerfile.is_file():
        return
    given_ignore = build.get("ignorefile")
    if given_ignore is not None:
        ignore_text = _known(given_ignore)
        ignorefile = None if ignore_text is None else _joined(context, ignore_text)
        if ignorefile not in (context / ".dockerignore",
                              dockerfile.with_name(dockerfile.name + ".dockerignore")):
            return
    key = (context, dockerfile, target)
    if any((b.context, b.dockerfile, b.target) == key for b in found.builds):
        found.built_again(key)
        return
    found.builds.append(Build(
        context=context, dockerfile=dockerfile, target=target,
        origin=f"{path.relative_to(root).as_posix()}: [build]", defined_in=path,
    ))
