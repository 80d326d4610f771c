"""Builds that a Woodpecker or Drone pipeline runs with a Docker build plugin (and a
GitLab pipeline's, a CircleCI configuration's, a Bitbucket pipeline's or a root Cloud
Build configuration's, which :mod:`ignoregen.build.gitlab_ci`,
:mod:`ignoregen.build.circleci`, :mod:`ignoregen.build.bitbucket` and
:mod:`ignoregen.build.cloudbuild` read).

Woodpecker (``.woodpecker.yml``, ``.woodpecker/*.yaml``) and Drone (``.drone.yml``) run each
step in a clone of the repository. A step whose image is a build plugin
(``woodpeckerci/plugin-docker-buildx``, ``plugins/docker``, ...) builds ``settings.context``
(the clone's root when absent, as the plugins document) with ``settings.dockerfile`` and
``settings.target``, relative to the clone (or the step's ``directory``). woodpecker's own
``.woodpecker/docker.yaml`` builds ``docker/Dockerfile.agent.multiarch`` (``COPY . .``) from
the root that way: found by its name alone, the Dockerfile was taken with ``docker/`` as
its context.

Only a step that names its Dockerfile is read, and only values without an expression
(``${VAR}``, ``$${...}``); a pipeline that cannot be read adds nothing (its CI reports it).
A Drone file holds one pipeline per YAML document (``---``): each is read. drone-docker's
``.drone.yml`` builds its images in the later ones (``dockerfile:
docker/docker/Dockerfile.linux.amd64``, ``ADD release/linux/amd64/drone-docker``, from the
root): with only the first document read, each Dockerfile was taken with its own directory
as the context.

A step whose ``commands`` run ``docker build`` itself (the host's Docker socket mounted
into a ``docker`` image) builds in the clone (or its ``directory``) as a script's line
does (:mod:`ignoregen.build.scripts`). A step's ``commands`` run in the same clone before
the build step (one clone per Drone pipeline, one per Woodpecker workflow file): what they
write there
(:mod:`ignoregen.build.step_writes`: ``cp -R libs/ app/libs``, ``wget -O tool ...``) a
clean checkout lacks, and the build has (:func:`written`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build import bitbucket, circleci, cloudbuild, gitlab_ci
from ignoregen.build.discover import REMOTE_PREFIXES, Discovery
from ignoregen.build.step_writes import written_paths
from ignoregen.build.workflows import add_step_build
from ignoregen.build.yamlfile import YamlError, load_yaml_all

PLUGINS = frozenset({
    "woodpeckerci/plugin-docker-buildx", "woodpeckerci/plugin-kaniko",
    "plugins/docker", "plugins/docker-buildx", "plugins/kaniko",
    "thegeeklab/drone-docker-buildx", "thegeeklab/wp-docker-buildx",
})
"""Build plugins, by image repository (registry host and tag left out)."""
SUFFIXES = (".yml", ".yaml")


def is_pipeline(path: Path, root: Path) -> bool:
    """Is ``path`` a Woodpecker or Drone pipeline of the repository at ``root``?"""
    if not path.name.endswith(SUFFIXES):
        return False
    if path.parent == root:
        return path.name in (".woodpecker.yml", ".woodpecker.yaml", ".drone.yml", ".drone.yaml",
                             gitlab_ci.FILE, bitbucket.FILE, *cloudbuild.FILES)
    return path.parent == root / ".woodpecker" or circleci.is_config(path, root)


def _plugin(image: object) -> bool:
    if not isinstance(image, str):
        return False
    name = image.strip().split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    parts = name.split("/")
    if len(parts) > 2 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]  # a registry host: docker.io/woodpeckerci/...
    return "/".join(parts) in PLUGINS


def _steps(document: Any) -> Iterator[tuple[tuple[object, ...], dict[str, Any]]]:
    """(key path, step) for the steps of a pipeline: a list or a mapping of named steps
    (``steps:``, Woodpecker's older ``pipeline:``)."""
    if not isinstance(document, dict):
        return
    for top in ("steps", "pipeline"):
        steps = document.get(top)
        items = steps.items() if isinstance(steps, dict) else enumerate(
            steps if isinstance(steps, list) else [])
        for key, step in items:
            if isinstance(step, dict):
                yield (top, key), step


def _known(value: object) -> str | None:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None
    text = str(value).strip()
    return None if not text or "$" in text else text


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the pipeline ``path`` runs in a clone of ``root``."""
    if gitlab_ci.is_gitlab_ci(path, root):
        gitlab_ci.read_file(path, root, found)
        return
    for other in (circleci, bitbucket, cloudbuild):
        if other.is_config(path, root):
            other.read_file(path, root, found)
            return
    try:
        documents = load_yaml_all(path)
    except (OSError, YamlError):
        return
    seen = {(b.context, b.dockerfile, b.target) for b in found.builds}
    shown = path.relative_to(root).as_posix()
    for document, node in documents:
        name = document.get("name") if isinstance(document, dict) else None
        label = f"{shown}: {name}" if len(documents) > 1 and isinstance(name, str) else shown
        _read_document(document, node, path, root, label, seen, found)


def _read_document(document: Any, node: Any, path: Path, root: Path, shown: str,
                   seen: set[tuple[Path, Path, str | None]], found: Discovery) -> None:
    from ignoregen.build.scripts import add_builds
    from ignoregen.build.yamlfile import key_line

    for keys, step in _steps(document):
        settings = step.get("settings")
        commands = "\n".join(_commands(step.get("commands")))
        where = _known(step.get("directory") or ".")
        if commands and where is not None and not _plugin(step.get("image")):
            # a step that runs docker itself (the host's socket mounted), in the clone
            add_builds(commands, root / where, path, f"{shown}: {keys[0]}.{keys[1]}", found,
                       key_line(node, *keys, "commands") or key_line(node, *keys) or 1,
                       cd_persists=True)
            continue
        if not _plugin(step.get("image")) or not isinstance(settings, dict):
            continue
        where = _known(step.get("directory") or ".")
        file_text = _known(settings.get("dockerfile"))
        context_text = _known(settings.get("context") or ".")
        given_target = settings.get("target")
        target = _known(given_target)
        if where is None or file_text is None or context_text is None \
                or context_text.startswith(REMOTE_PREFIXES) \
                or (given_target is not None and target is None):
            continue
        base = root / where
        context = Path(os.path.normpath(base / context_text))
        dockerfile = Path(os.path.normpath(base / file_text))
        if root not in (context, *context.parents) or not context.is_dir() \
                or not dockerfile.is_file():
            continue
        add_step_build(found, seen, (context, dockerfile, target), f"{shown}: {keys[0]}.{keys[1]}",
                       path, node, keys, ("settings", "context", "dockerfile", "target"))


def _pipeline_files(root: Path) -> list[Path]:
    """The repository's Woodpecker and Drone pipelines (not its GitLab one)."""
    out = [root / name for name in (".woodpecker.yml", ".woodpecker.yaml", ".drone.yml",
                                    ".drone.yaml") if (root / name).is_file()]
    try:
        entries = sorted(os.scandir(root / ".woodpecker"), key=lambda entry: entry.name)
    except OSError:
        entries = []
    out += [Path(entry.path) for entry in entries
            if entry.name.endswith(SUFFIXES) and entry.is_file()]
    return out


def written(root: Path) -> list[tuple[str, str]]:
    """(checkout-relative path, ``file:line``) for each path that the ``commands`` of a step
    write into the clone, in a pipeline that has a build step (a build plugin, or commands
    that may build an image)."""
    return list(_written(str(root)))


@functools.lru_cache(maxsize=16)
def _written(root_text: str) -> tuple[tuple[str, str], ...]:
    from ignoregen.build.workflows import _BUILDS
    from ignoregen.build.yamlfile import key_line

    root = Path(root_text)
    out: list[tuple[str, str]] = []
    for path in _pipeline_files(root):
        try:
            documents = load_yaml_all(path)
        except (OSError, YamlError):
            continue
        shown = path.relative_to(root).as_posix()
        for document, node in documents:
            steps = list(_steps(document))
            scripts = [(keys, "\n".join(_commands(step.get("commands"))), step)
                       for keys, step in steps]
            if not any(_plugin(step.get("image")) for _, step in steps) \
                    and not any(_BUILDS.search(text) for _, text, _ in scripts):
                continue  # this clone builds no image
            for keys, text, step in scripts:
                where = _known(step.get("directory") or ".")
                if not text or where is None:
                    continue
                line = key_line(node, *keys, "commands") or key_line(node, *keys) or 1
                for written_to in written_paths(text, where):
                    out.append((written_to, f"{shown}:{line}"))
    return tuple(out)


def _commands(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
