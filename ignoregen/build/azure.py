"""Builds that an Azure Pipelines definition runs: the ``docker build`` commands of its
``script``, ``bash``, ``pwsh`` and ``powershell`` steps, and its ``Docker@2`` tasks.

A pipeline runs in a checkout of the repository: a step's commands run there (or in its
``workingDirectory``), and a ``Docker@2`` task's ``Dockerfile`` and ``buildContext`` are
relative to it (the context is the Dockerfile's directory when absent). dotnet-docker's
steps run ``docker build -f $(engPath)/update-dependencies/Dockerfile .`` with ``engPath:
$(Build.Repository.LocalPath)/eng``: found by its name alone, the Dockerfile was taken with
its own directory as its context, and the root .dockerignore, which these builds read,
was said to serve no build.

The definitions read are the usual entry files (``azure-pipelines*.yml`` anywhere, the
YAML files of a ``.azure-pipelines``, ``.pipelines``, ``.azuredevops`` or ``pipelines``
directory) and the templates they name (``template: /eng/steps/x.yml@self``, relative to
the including file unless it starts with ``/``; another repository's are not here).
Macros ``$(name)`` are replaced by the values the definitions give in ``variables``
(a name given two different values stays unknown) and by the checkout's directory for
``Build.SourcesDirectory``, ``Build.Repository.LocalPath`` and
``System.DefaultWorkingDirectory`` (a single checkout, the default); template expressions
(``${{ ... }}``) and whatever is still unknown make the command unread, as in
:mod:`ignoregen.build.scripts`. A file that is not YAML, or not a pipeline (a Kubernetes
or Tekton document with ``apiVersion``), adds nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build.discover import REMOTE_PREFIXES, BuildProblem, Discovery, ProblemKind
from ignoregen.build.scripts import add_builds
from ignoregen.build.workflows import add_step_build
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept, text_line

SUFFIXES = (".yml", ".yaml")
ENTRY_DIRS = frozenset({".azure-pipelines", "azure-pipelines", ".pipelines", ".azuredevops",
                        "pipelines"})
SCRIPT_KEYS = ("script", "bash", "pwsh", "powershell")
CHECKOUT_VARIABLES = frozenset({"build.sourcesdirectory", "build.repository.localpath",
                                "system.defaultworkingdirectory"})
_MACRO = re.compile(r"\$\(([A-Za-z_][\w.]*)\)")
_MAX_FILES = 500


def is_entry(path: Path, root: Path) -> bool:
    """Is ``path`` (a file under ``root``) where an Azure pipeline is usually defined?"""
    if not path.name.endswith(SUFFIXES):
        return False
    if path.name.startswith("azure-pipelines"):
        return True
    return any(part in ENTRY_DIRS for part in path.relative_to(root).parts[:-1])


def _walk(value: Any, keys: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...],
                                                                        dict[str, Any]]]:
    """(key path, mapping) for every mapping in the document, outermost first."""
    if isinstance(value, dict):
        yield keys, value
        for key, item in value.items():
            yield from _walk(item, (*keys, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*keys, index))


def _template(text: object, including: Path, root: Path) -> Path | None:
    if not isinstance(text, str) or "$" in text:
        return None
    name, _, repository = text.strip().partition("@")
    if repository and repository != "self":
        return None
    path = root / name.lstrip("/") if name.startswith("/") else including.parent / name
    path = Path(os.path.normpath(path))
    return path if path.is_file() and root in path.parents else None


def _variables(document: Any, into: dict[str, set[str]]) -> None:
    for _, mapping in _walk(document):
        given = mapping.get("variables")
        pairs: list[tuple[object, object]] = []
        if isinstance(given, dict):
            pairs = list(given.items())
        elif isinstance(given, list):
            pairs = [(item.get("name"), item.get("value")) for item in given
                     if isinstance(item, dict) and "name" in item]
        for name, value in pairs:
            if isinstance(name, str) and isinstance(value, (str, int)) \
                    and not isinstance(value, bool):
                into.setdefault(name.lower(), set()).add(str(value))


def _expand(text: str, values: dict[str, str]) -> str:
    for _ in range(8):
        new = _MACRO.sub(lambda m: values.get(m.group(1).lower(), m.group()), text)
        if new == text:
            break
        text = new
    return text


def read_pipelines(entries: list[Path], root: Path, found: Discovery) -> None:
    """Add the builds that the pipelines defined in ``entries`` (and their templates) run
    in a checkout of ``root``."""
    documents: list[tuple[Path, Any, Any]] = []
    waiting, seen = list(entries), set(entries)
    while waiting and len(documents) < _MAX_FILES:
        path = waiting.pop(0)
        try:
            document, node = load_yaml_kept(path)
        except (OSError, YamlError):
            continue
        if not isinstance(document, dict) or "apiVersion" in document:
            continue
        documents.append((path, document, node))
        for _, mapping in _walk(document):
            named = _template(mapping.get("template"), path, root)
            if named is not None and named not in seen:
                seen.add(named)
                waiting.append(named)
    given: dict[str, set[str]] = {}
    for _, document, _ in documents:
        _variables(document, given)
    values = {name: next(iter(texts)) for name, texts in given.items() if len(texts) == 1}
    if not re.search(r"\s", root.as_posix()):
        values.update(dict.fromkeys(CHECKOUT_VARIABLES, root.as_posix()))
    mine = Discovery()
    builds: set[tuple[Path, Path, str | None]] = set()
    for path, document, node in documents:
        shown = path.relative_to(root).as_posix()
        for keys, step in _walk(document):
            where = step.get("workingDirectory", ".")
            where = _expand(where, values) if isinstance(where, str) else "$"
            base = Path(os.path.normpath(root / where))
            if "$" in where or (base != root and root not in base.parents):
                continue
            for key in SCRIPT_KEYS:
                if isinstance(step.get(key), str):
                    first = text_line(node, *keys, key) or key_line(node, *keys, key) or 1
                    add_builds(_expand(step[key], values), base, path, shown, mine, first)
            task = step.get("task")
            if isinstance(task, str) and task.strip().lower().startswith("docker@"):
                _docker_task(step, keys, base, root, values, path, shown, node, builds, mine)
    known = {(b.context, b.dockerfile, b.target) for b in found.builds}
    for build in mine.builds:
        if (build.context, build.dockerfile, build.target) in known:
            continue
        known.add((build.context, build.dockerfile, build.target))
        found.claimed.append(build.dockerfile)
        assert build.defined_in is not None
        found.problems.append(BuildProblem(
            ProblemKind.UNREAD, build.defined_in, build.line("build"),
            f"an Azure Pipelines step builds {build.dockerfile.relative_to(root).as_posix()} "
            f"with the context {build.context.relative_to(root).as_posix() or '.'}; what "
            "the pipeline's later steps do with the image (the repository it copies, the "
            "commands it runs) is not read, so the context's ignore file is left as it is",
            build.context, hint="nothing to fix: exclude by hand only what neither the build "
            "nor the pipeline's use of the image reads", decided=True))


def _docker_task(
    step: dict[str, Any], keys: tuple[object, ...], base: Path, root: Path,
    values: dict[str, str], path: Path, shown: str, node: Any,
    builds: set[tuple[Path, Path, str | None]], found: Discovery,
) -> None:
    """The build of a ``Docker@2`` task whose command builds, when its paths are known."""
    inputs = step.get("inputs")
    if not isinstance(inputs, dict):
        return
    command = str(inputs.get("command", "buildAndPush")).strip()
    file_text = inputs.get("Dockerfile", inputs.get("dockerfile"))
    context_text = inputs.get("buildContext")
    if command not in ("build", "buildAndPush") or not isinstance(file_text, str):
        return
    file_text = _expand(file_text, values)
    if isinstance(context_text, str):
        context_text = _expand(context_text, values)
    elif context_text is not None:
        return
    if any(mark in file_text for mark in "$*?[") or (context_text is not None and (
            any(mark in context_text for mark in "$*?[")
            or context_text.startswith(REMOTE_PREFIXES))):
        return
    dockerfile = Path(os.path.normpath(base / file_text))
    context = Path(os.path.normpath(base / context_text)) if context_text else dockerfile.parent
    if root not in (context, *context.parents) or not context.is_dir() \
            or not dockerfile.is_file():
        return
    name = step.get("displayName") or f"step {keys[-1]}"
    add_step_build(found, builds, (context, dockerfile, None), f"{shown}: {name}", path, node,
                   keys, ("inputs", "buildContext", "Dockerfile", "target"))
