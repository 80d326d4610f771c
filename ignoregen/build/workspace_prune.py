"""Workspace members that a pruned build never reads.

trigger.dev's Dockerfile copies the whole monorepo into a ``pruner`` stage, runs ``npx turbo
prune --scope=webapp --docker`` there, and every later stage takes only ``out/`` (the webapp
package and the workspace packages it depends on, with a lockfile cut to them) before it
installs and builds. Its ``docs`` member is no dependency of webapp: a ``.dockerignore`` line
``docs`` breaks nothing, and calling ``docs/package.json`` a need of the build was false.

A member's manifest is left out of the needs only when that is sure for every build of the
context: each build runs a pruner (``[[pruner]]`` of presets/images, with literal package
names), the member is not in the names' workspace dependency closure, and nothing else in the
build can read it: no other command of the pruner's kind (an install, a build) runs where a
copy of the context holding the member is, and no later stage copies the member's manifest
out of such a stage except through the pruner's output directory. Anything not known (a
variable, a glob, an unknown package name, a Dockerfile that cannot be read) prunes nothing.
"""

from __future__ import annotations

import json
import posixpath
import shlex
from collections.abc import Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.knowledge.image_records import Pruner

_FIELDS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")


def pruned_away(
    context: Path, reads: Sequence[DockerfileReads], members: Sequence[str]
) -> frozenset[str]:
    """The manifests among ``members`` (workspace members' ``package.json``) that no build
    of ``reads`` reads (see the module's docstring)."""
    from ignoregen.knowledge.images import load

    pruners = load().pruners
    if not pruners or not reads or not members:
        return frozenset()
    scopes: set[str] = set()
    for dockerfile in reads:
        found = _scopes(dockerfile, pruners, members)
        if not found:
            return frozenset()
        scopes |= found
    needed = closure(scopes, packages(context, members))
    if needed is None:
        return frozenset()
    return frozenset(manifest for manifest in members if manifest not in needed)


def packages(context: Path, manifests: Sequence[str]) -> dict[str, tuple[str, set[str]]] | None:
    """Package name: (its manifest, the names it depends on), for the ``package.json`` files
    ``manifests`` (context-relative; a nameless one is skipped); None when one cannot be read
    or two share a name (which one is meant is unsure)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for manifest in manifests:
        try:
            data = json.loads(fileio.read_text(context / manifest, encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(data, dict):
            return None
        name = data.get("name")
        if not isinstance(name, str):
            continue
        if name in out:
            return None
        out[name] = (manifest, {dependency for field in _FIELDS
                                if isinstance(data.get(field), dict) for dependency in data[field]})
    return out


def closure(names: set[str], packages: dict[str, tuple[str, set[str]]] | None) -> set[str] | None:
    """The manifests of the packages ``names`` and of the workspace packages they depend on,
    in turn; None when a name is not a package of the workspace."""
    if packages is None or not names <= packages.keys():
        return None
    kept: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in kept or name not in packages:
            continue
        kept.add(name)
        todo.extend(packages[name][1])
    return {packages[name][0] for name in kept}


def _scopes(
    dockerfile: DockerfileReads, pruners: Sequence[Pruner], members: Sequence[str]
) -> set[str] | None:
    """The package names the build of ``dockerfile`` prunes the workspace to, or None when
    it may read a member some other way (or runs no pruner)."""
    from ignoregen.build.named import _built, _read

    graph = _read(dockerfile.path)
    if graph is None:
        return None
    _, stages = _built(graph, dockerfile.target)
    scopes: set[str] = set()
    seen: dict[int, tuple[str | None, list[str]]] = {}  # stage: (its copy of the context, outputs)

    def covers(path: str) -> bool:
        """Does the context path ``path`` hold a member's manifest?"""
        path = posixpath.normpath(path)
        return path in (".", "") or any(m == path or m.startswith(path + "/") for m in members)

    for stage in sorted(stages, key=lambda stage: stage.index):
        whole: str | None = None  # where the chain put a copy of the context with members
        outputs: list[str] = []
        for step in [step for member in graph.chain(stage) for step in member.steps]:
            if step.instruction in ("COPY", "ADD") and step.from_stage is None:
                if any(source is None or covers(source.lstrip("/")) for source in step.sources):
                    if whole is not None or any(source is None or posixpath.normpath(source)
                                                not in (".", "/") for source in step.sources):
                        return None  # a part of the workspace, or a second copy: not followed
                    whole = step.dest
            elif step.instruction in ("COPY", "ADD"):
                source_stage = graph.find(step.from_stage or "")
                if source_stage is None:
                    continue  # an image, not a stage of this build
                if source_stage.index not in seen:
                    return None
                copied, outs = seen[source_stage.index]
                for source in step.sources:
                    if source is None:
                        return None
                    where = posixpath.normpath("/" + source.lstrip("/"))
                    if copied is None or any(where == out or where.startswith(out + "/")
                                             for out in outs):
                        continue
                    if where == copied or copied.startswith(where.rstrip("/") + "/"):
                        return None
                    if where.startswith(copied + "/") and covers(where[len(copied) + 1:]):
                        return None
            elif step.instruction == "RUN":
                text = step.script if step.script is not None else " ".join(step.argv or ())
                bound = any(mount.type == "bind" and mount.from_stage is None
                            for mount in step.mounts)
                rest = text
                for pruner in pruners:
                    for match in pruner.pattern.compiled.finditer(text):
                        named = _arguments(match.group(1), pruner)
                        if named is None:
                            return None
                        names, out = named
                        scopes |= names
                        outputs.append(posixpath.normpath(posixpath.join(step.workdir, out)))
                        rest = rest.replace(match.group(0), " ")
                if (whole is not None or bound) and any(
                    pruner.readers.compiled.search(rest) for pruner in pruners
                ):
                    return None
        seen[stage.index] = (whole, outputs)
    return scopes or None


def _arguments(text: str, pruner: Pruner) -> tuple[set[str], str] | None:
    """(package names, output directory) of a pruner's arguments, or None when unsure."""
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    names: set[str] = set()
    out = pruner.out_dir
    index = 0
    while index < len(words):
        word = words[index]
        flag, _, value = word.partition("=")
        if flag in pruner.scope_flags or flag in pruner.value_flags:
            if not value:
                index += 1
                value = words[index] if index < len(words) else ""
            if flag in pruner.scope_flags:
                names.add(value)
            elif flag == pruner.out_flag:
                out = value
            elif flag not in pruner.scope_flags:
                return None  # --cwd: the workspace lies elsewhere
        elif not word.startswith("-"):
            names.add(word)
        index += 1
    if not names or any(not name or any(c in name for c in "$*?[{`") for name in names):
        return None
    if not out or "$" in out:
        return None
    return names, out
