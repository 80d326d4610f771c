"""Builds defined by ``skaffold.yaml``: ``build.artifacts`` with the docker builder.

Each artifact builds ``context`` (default ``.``, relative to the skaffold file) with
``docker.dockerfile`` (default ``Dockerfile``, relative to the context) and, optionally,
``docker.target``; artifacts of profiles count too. Artifacts built by other builders
(jib, ko, buildpacks, bazel, custom) read no Dockerfile and are left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build.discover import REMOTE_PREFIXES, Build, BuildProblem, Discovery, ProblemKind
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_all

_OTHER_BUILDERS = ("jib", "ko", "buildpacks", "bazel", "custom")


def _artifacts(document: Any) -> Iterator[tuple[tuple[object, ...], dict[str, Any]]]:
    """(key path, artifact) for the artifacts of the build section and of each profile."""
    if not isinstance(document, dict):
        return
    sections: list[tuple[tuple[object, ...], Any]] = [(("build",), document.get("build"))]
    profiles = document.get("profiles")
    for index, profile in enumerate(profiles if isinstance(profiles, list) else []):
        if isinstance(profile, dict):
            sections.append((("profiles", index, "build"), profile.get("build")))
    for keys, section in sections:
        artifacts = section.get("artifacts") if isinstance(section, dict) else None
        for index, artifact in enumerate(artifacts if isinstance(artifacts, list) else []):
            if isinstance(artifact, dict):
                yield (*keys, "artifacts", index), artifact


def read_file(path: Path, found: Discovery) -> None:
    """Add the builds of one skaffold file to ``found``."""
    try:
        documents = load_yaml_all(path)
    except OSError as exc:
        found.problems.append(BuildProblem.unread(path, exc))
        return
    except YamlError as exc:
        found.problems.append(BuildProblem(
            ProblemKind.FAILS, path, exc.line,
            f"{exc.message}; skaffold cannot load it, so its artifacts are not analysed",
            path.parent, whole_file=True))
        return
    seen: set[tuple[Path, Path, str | None]] = set()
    for document, node in documents:
        for keys, artifact in _artifacts(document):
            if any(name in artifact for name in _OTHER_BUILDERS):
                continue
            docker = artifact.get("docker") or artifact.get("kaniko") or {}
            if not isinstance(docker, dict):
                docker = {}
            context_text = str(artifact.get("context") or ".")
            if context_text.startswith(REMOTE_PREFIXES):
                continue
            context = Path(os.path.abspath(path.parent / context_text))
            dockerfile = Path(os.path.abspath(context / str(docker.get("dockerfile") or
                                                            "Dockerfile")))
            target = docker.get("target")
            key = (context, dockerfile, str(target) if target else None)
            if key in seen:
                continue
            seen.add(key)
            name = artifact.get("image", keys[-1])
            where = ".".join(str(key) for key in keys)
            lines = {"build": key_line(node, *keys)}
            builder = "docker" if "docker" in artifact else "kaniko"
            lines["context"] = key_line(node, *keys, "context")
            lines["dockerfile"] = key_line(node, *keys, builder, "dockerfile")
            lines["target"] = key_line(node, *keys, builder, "target")
            found.builds.append(Build(
                context=context,
                dockerfile=dockerfile,
                target=key[2],
                origin=f"{path.name}: {where} ({name})",
                defined_in=path,
                lines=tuple((field, line) for field, line in lines.items() if line),
            ))
