"""What a Bitbucket pipeline (``bitbucket-pipelines.yml``) builds, and writes into the clone
first.

Each step of a pipeline (``pipelines:`` ``default``, ``branches``, ``pull-requests``,
``tags``, ``custom``; steps alone, in ``parallel`` or in a ``stage``) runs its ``script``
lines as one shell in a fresh clone of the repository (``$BITBUCKET_CLONE_DIR``): a
``docker build -f docker/Dockerfile .`` there builds the clone's root. Found by its name
alone, such a Dockerfile was taken with ``docker/`` as its context. A step written once
under ``definitions`` and used with a YAML alias (``- step: *build``) is the same step.

Only what can be known is read, as in :mod:`ignoregen.build.scripts`: a variable other than
``$BITBUCKET_CLONE_DIR`` in a word that matters leaves the line unread; a step with
``clone: enabled: false`` has no clone, and pipes (``- pipe: atlassian/...``) are not read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build.discover import Discovery
from ignoregen.build.step_writes import written_paths
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

FILE = "bitbucket-pipelines.yml"
_CLONE_DIR = re.compile(r"\$(?:\{BITBUCKET_CLONE_DIR\}|BITBUCKET_CLONE_DIR\b)")
_GROUPS = ("branches", "pull-requests", "tags", "custom")


def is_config(path: Path, root: Path) -> bool:
    """Is ``path`` the repository's Bitbucket pipeline?"""
    return path == root / FILE


def _items(value: object, keys: tuple[object, ...]) -> Iterator[tuple[tuple[object, ...], Any]]:
    """(key path, step) of each step of a list of pipeline items."""
    for index, item in enumerate(value if isinstance(value, list) else ()):
        if not isinstance(item, dict):
            continue
        here = (*keys, index)
        if isinstance(item.get("step"), dict):
            yield (*here, "step"), item["step"]
        for group in ("parallel", "stage"):
            inner = item.get(group)
            if isinstance(inner, dict):
                yield from _items(inner.get("steps"), (*here, group, "steps"))
            elif group == "parallel":
                yield from _items(inner, (*here, group))


def _steps(document: Any) -> Iterator[tuple[tuple[object, ...], dict[str, Any]]]:
    """(key path, step) of each step of the pipelines that has a clone."""
    pipelines = document.get("pipelines") if isinstance(document, dict) else None
    if not isinstance(pipelines, dict):
        return
    found = list(_items(pipelines.get("default"), ("pipelines", "default")))
    for group in _GROUPS:
        named = pipelines.get(group)
        for name, items in named.items() if isinstance(named, dict) else ():
            found.extend(_items(items, ("pipelines", group, name)))
    for keys, step in found:
        clone = step.get("clone")
        if not (isinstance(clone, dict) and clone.get("enabled") is False):
            yield keys, step


def _script(step: dict[str, Any]) -> str:
    lines = step.get("script")
    text = "\n".join(line for line in (lines if isinstance(lines, list) else [lines])
                     if isinstance(line, str))
    return _CLONE_DIR.sub(".", text)


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the steps of the pipeline ``path`` run in a clone of ``root``."""
    from ignoregen.build.scripts import add_builds

    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return
    shown = path.relative_to(root).as_posix()
    for keys, step in _steps(document):
        text = _script(step)
        if text:
            name = step.get("name")
            label = f"{shown}: {name}" if isinstance(name, str) else shown
            first = key_line(node, *keys, "script") or key_line(node, *keys) or 1
            add_builds(text, root, path, label, found, first, cd_persists=True)


def written(root: Path) -> list[tuple[str, str]]:
    """(clone-relative path, ``bitbucket-pipelines.yml:line``) for each path that the script
    of a step that may build an image writes into its clone."""
    return list(_written(str(root)))


@functools.lru_cache(maxsize=16)
def _written(root_text: str) -> tuple[tuple[str, str], ...]:
    from ignoregen.build.workflows import _BUILDS

    root = Path(root_text)
    try:
        document, node = load_yaml_kept(root / FILE)
    except (OSError, YamlError):
        return ()
    out: list[tuple[str, str]] = []
    for keys, step in _steps(document):
        text = _script(step)
        script = step.get("script")
        pipes = [str(item.get("pipe")) for item in script if isinstance(item, dict)] \
            if isinstance(script, list) else []
        if not _BUILDS.search(" ".join([text, *pipes])):
            continue
        line = key_line(node, *keys, "script") or 1
        out.extend((place, f"{FILE}:{line}") for place in written_paths(text))
    return tuple(dict.fromkeys(out))
