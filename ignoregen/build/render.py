"""Builds that a Render Blueprint (``render.yaml`` at the repository's root) defines.

Render reads the Blueprint only at the root of the repository. Each service of
``services`` (or of ``projects[].environments[].services``) whose ``runtime`` (older
files: ``env``) is ``docker`` builds an image from the repository: ``dockerfilePath`` is
the Dockerfile and ``dockerContext`` the build context, both relative to the repository's
root, ``./Dockerfile`` and the root when absent (Render's Blueprint reference). So
``dockerfilePath: ./agent/Dockerfile`` with no ``dockerContext`` builds from the root, not
from ``agent/``, as a Dockerfile found by its name alone would be taken.

Left out: a service that builds another repository (``repo:``), one with a ``rootDir``
(how Render then reads the two paths is not settled here), and a path that holds a
variable or leaves the repository. A service whose Dockerfile or context is not in this
checkout adds nothing: the Blueprint may describe a layout of another branch.

A Blueprint that cannot be read is reported (IG004) with the line YAML gives: Render
rejects it too, and which Dockerfiles it builds, from which context, is unknown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build.discover import Build, BuildProblem, Discovery, ProblemKind
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

FILES = ("render.yaml",)


def _services(document: Any) -> Iterator[tuple[tuple[object, ...], dict[str, Any]]]:
    """(key path, service) for the services at the top and in each project environment."""
    if not isinstance(document, dict):
        return
    lists: list[tuple[tuple[object, ...], Any]] = [(("services",), document.get("services"))]
    projects = document.get("projects")
    for p_index, project in enumerate(projects if isinstance(projects, list) else []):
        environments = project.get("environments") if isinstance(project, dict) else None
        for e_index, environment in enumerate(
                environments if isinstance(environments, list) else []):
            if isinstance(environment, dict):
                lists.append((("projects", p_index, "environments", e_index, "services"),
                              environment.get("services")))
    for keys, services in lists:
        for index, service in enumerate(services if isinstance(services, list) else []):
            if isinstance(service, dict):
                yield (*keys, index), service


def _inside(root: Path, text: object, default: str) -> Path | None:
    """``text`` (a root-relative path) as a path in the repository, or None."""
    if text is None:
        text = default
    if not isinstance(text, str) or "$" in text or not text.strip():
        return None
    path = Path(os.path.normpath(root / text.strip().lstrip("/")))
    return path if path == root or root in path.parents else None


def read_root(root: Path, found: Discovery) -> None:
    """Add the Docker builds of the Blueprint at ``root``, if there is one."""
    path = root / FILES[0]
    if not path.is_file():
        return
    try:
        document, node = load_yaml_kept(path)
    except OSError as exc:
        found.problems.append(BuildProblem.unread(path, exc))
        return
    except YamlError as exc:
        found.problems.append(BuildProblem(
            ProblemKind.FAILS, path, exc.line,
            f"{exc.message}; Render cannot load this Blueprint, so its Docker services "
            "are not analysed", root, whole_file=True))
        return
    seen = {(b.context, b.dockerfile, b.target) for b in found.builds}
    for keys, service in _services(document):
        runtime = service.get("runtime", service.get("env"))
        if runtime != "docker" or "repo" in service or "rootDir" in service:
            continue
        context = _inside(root, service.get("dockerContext"), ".")
        dockerfile = _inside(root, service.get("dockerfilePath"), "./Dockerfile")
        if context is None or dockerfile is None or not context.is_dir() \
                or not dockerfile.is_file():
            continue
        key = (context, dockerfile, None)
        if key in seen:
            found.built_again(key)
            continue
        seen.add(key)
        name = service.get("name")
        label = name if isinstance(name, str) else ".".join(map(str, keys))
        lines = {"build": key_line(node, *keys),
                 "context": key_line(node, *keys, "dockerContext"),
                 "dockerfile": key_line(node, *keys, "dockerfilePath")}
        found.builds.append(Build(
            context=context, dockerfile=dockerfile, target=None,
            origin=f"{path.name}: {label}", defined_in=path,
            lines=tuple((field, line) for field, line in lines.items() if line),
        ))
