"""What a build writes itself: context paths whose host copy is build output, even where
the build copies it.

``COPY . .`` then ``RUN mkdocs build``: the image's ``site/`` is the one mkdocs writes (it
cleans ``site_dir`` first), whatever the laptop's holds. ``pip install .`` with hatch-vcs
writes ``version-file``; ``prisma generate`` writes the client where ``schema.prisma``'s
``output`` says; ``artisan vendor:publish`` writes ``lang/vendor``. Sending the host's copy
costs bytes and can leave stale files beside the fresh ones.

The knowledge is data: each preset's ``[[outputs]]`` entries (see
:class:`~ignoregen.knowledge.preset.OutputSource`). This module applies them to a
Dockerfile's stages, and is strict, since dropping a path the build reads breaks it:

- a ``RUN`` of a stage the build runs (or a package script that ``RUN`` calls) matches the
  entry's command, after the ``COPY`` that brings the path in;
- every stage that copies the path from the context rewrites it afterwards, or never lets
  its copy reach the image (a stage that is not shipped and whose ``COPY --from`` readers
  take other paths), in every Dockerfile of the context; a ``RUN --mount`` of it, a
  Dockerfile that cannot be read, a copy whose destination is unknown: kept;
- the output is written whole (``whole = true``: a cleaned directory, a rewritten file),
  or ``.gitignore`` lists it (then a clean checkout lacks it too, and the path dropped
  is the one ``.gitignore`` lists: the gitignored directory the command writes into).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen.build.dockerfile import DockerfileError, DockerfileReads, _context_path
from ignoregen.build.needs import Need, _join, _lookup, _names
from ignoregen.build.stages import Stage, StageGraph, Step, read_graph
from ignoregen.build.texts import parse_data, read_text
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.knowledge.output_source import OutputSource
from ignoregen.knowledge.preset import Category, PresetSet, Role
from ignoregen.knowledge.regex import Regex

REBUILT = Category(
    preset="dockerfile",
    name="rebuilt",
    description="Build output that a RUN of the build writes itself after copying the "
    "context (a site, a generated client, a version file): the image gets the build's, "
    "not the laptop's",
    exclude_by_default=True,
    priority=0,
    rules=(),
    role=Role.BUILD_OUTPUT,
)


@dataclass(frozen=True)
class Output:
    """A context path that the build writes itself."""

    path: str
    reason: str
    origin: str
    """The evidence as shown: ``Dockerfile:38: RUN mkdocs build``."""
    file: str
    line: int
    source: str
    """The preset entry: ``python.toml: outputs[0]``."""

    @property
    def why(self) -> str:
        return f"build output: {self.reason} ({self.origin})"


# -- reading ------------------------------------------------------------------------------------


def _data(path: str, text: str | None) -> Any:
    """A TOML, JSON or YAML file's data; YAML tags the safe loader does not know (mkdocs's
    ``!!python/name:``) read as nothing rather than failing the whole file."""
    if text is None:
        return None
    if path.endswith((".yml", ".yaml")):
        import yaml

        class _Loader(yaml.SafeLoader):
            pass

        _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
        try:
            return yaml.load(text, Loader=_Loader)  # a SafeLoader: builds no objects
        except Exception:
            return None
    return parse_data(path, text)


def _graph(path: Path) -> StageGraph | None:
    try:
        return read_graph(path)
    except (DockerfileError, OSError, ValueError, RecursionError):
        return None


def _built(graph: StageGraph, target: str) -> list[Stage]:
    """The stages a build of ``target`` runs: the target, what it is built FROM, and the
    stages it copies or mounts from, recursively."""
    first = graph.find(target) if target else (graph.stages[-1] if graph.stages else None)
    wanted = [first] if first is not None else []
    seen: dict[int, Stage] = {}
    while wanted:
        stage = wanted.pop()
        if stage.index in seen:
            continue
        seen[stage.index] = stage
        if stage.parent is not None:
            wanted.append(graph.stages[stage.parent])
        for step in stage.steps:
            for name in (step.from_stage, *(mount.from_stage for mount in step.mounts)):
                found = graph.find(name) if name else None
                if found is not None and found.index < stage.index:
                    wanted.append(found)
    return [seen[index] for index in sorted(seen)]


def _shipped(graph: StageGraph, target: str) -> set[int]:
    first = graph.find(target) if target else (graph.stages[-1] if graph.stages else None)
    return {stage.index for stage in graph.chain(first)} if first is not None else set()


# -- the commands a RUN runs ----------------------------------------------------------------


def _commands(context: Path, text: str, presets: PresetSet) -> list[tuple[str, str]]:
    """(command text, how it is reached) for a ``RUN``'s text and the package scripts it
    runs (``npm run build`` runs package.json's ``scripts.build``), three levels deep."""
    out = [(text, "")]
    pending = [(text, "")]
    tables = [source for source in presets.needs if source.scripts and source.command]
    for _ in range(3):
        found: list[tuple[str, str]] = []
        for command, _how in pending:
            for source in tables:
                assert source.command is not None
                assert source.scripts is not None
                for name in source.files:
                    if "/" in name or any(c in name for c in "*?["):
                        continue
                    data = _data(name, read_text(context / name))
                    for match in source.command.finditer(command):
                        for script in (match.group("script") or "").split():
                            for _, value in _lookup(data, f"{source.scripts}.{script}"):
                                if isinstance(value, str):
                                    found.append((value, f"{name} script {script}: "))
        found = [item for item in found if item not in out]
        out.extend(found)
        pending = found
    return out


# -- where an entry says the output is ------------------------------------------------------


def _configs(context: Path, source: OutputSource, command: str) -> Iterator[str]:
    """The entry's files at the context's root or in a directory the command names."""
    places = [""]
    for word in re.split(r"[\s;&|()=\"']+", command):
        word = word.removeprefix("./").rstrip("/")
        if word and ".." not in word.split("/") and not word.startswith(("-", "/", "$")):
            place = word if (context / word).is_dir() else posixpath.dirname(word)
            if place and place not in places and (context / place).is_dir():
                places.append(place)
    for place in places:
        for glob in source.files:
            for found in sorted((context / place).glob(glob)):
                if found.is_file():
                    yield found.relative_to(context).as_posix()


def _written(context: Path, source: OutputSource, match: re.Match[str]) -> Iterator[str]:
    """The context paths (present or not) the entry says a matching command writes."""
    command = match.string
    if source.files:
        for config in _configs(context, source, command):
            base = posixpath.dirname(config)
            text = read_text(context / config)
            named: list[str] = []
            if source.keys:
                data = _data(config, text)
                if data is None and text and text.strip("\0 \n"):
                    continue  # unreadable: where the output goes is not known
                for key in source.keys:
                    for _, value in _lookup(data, key):
                        named.extend(_names(value))
            elif source.regex is not None:
                named.extend(m.group(1) for m in source.regex.finditer(text or "") if m.re.groups)
            for name in named or source.paths:
                joined = _join(base, name.rstrip("/"))
                if joined is not None:
                    yield joined
        return
    if source.regex is not None and "file" in match.re.groupindex and match.group("file"):
        script = _join("", match.group("file").removeprefix("./"))
        text = read_text(context / script) if script else None
        for found in source.regex.finditer(text or ""):
            joined = _join("", found.group(1).rstrip("/")) if found.re.groups else None
            if joined is not None:
                yield joined
        return
    for path in source.paths:
        joined = _join("", path)
        if joined is not None:
            yield joined


# -- does every stage that copies it rewrite it? ----------------------------------------------


def _touches(step: Step, path: str) -> bool | None:
    """Does a context COPY/ADD take ``path`` (or something inside it)? None: cannot tell."""
    for word in step.sources:
        source = _context_path(word)
        if source is None or source.startswith("../"):
            return None
        if source == "." or any(c in source for c in "*?["):
            literal = re.split(r"[*?\[]", source, maxsplit=1)[0] if source != "." else ""
            if path.startswith(literal) or literal.startswith(path + "/"):
                return True
            continue
        if path == source or path.startswith(source + "/") or source.startswith(path + "/"):
            return True
    return False


def _lands(context: Path, step: Step, path: str) -> str | None:
    """Where ``path`` lands in the image from a COPY that takes it (None: not known)."""
    from ignoregen.build.replaced import _placed

    for source, lands, is_dir in _placed(context, step):
        if source == "" or path == source or path.startswith(source + "/"):
            below = path[len(source):].lstrip("/") if source else path
            return posixpath.join(lands, below) if is_dir and below else lands
        if source.startswith(path + "/"):
            return lands
    return None


def _overlaps(one: str, other: str) -> bool:
    one, other = one.rstrip("/") or "/", other.rstrip("/") or "/"
    return (one == other or one.startswith(other.rstrip("/") + "/")
            or other.startswith(one.rstrip("/") + "/"))


def _stage_verdict(
    context: Path, graph: StageGraph, stage: Stage, built: Sequence[Stage], shipped: set[int],
    path: str, writes: Regex, presets: PresetSet,
) -> tuple[bool, bool, Step | None]:
    """(safe, rewrites, the RUN): the stage's copy of ``path`` is rewritten by a later RUN,
    or never reaches the image; ``rewrites``: a RUN of this stage's chain writes it."""
    landed: list[str | None] = []
    writer: Step | None = None
    for step in [step for member in graph.chain(stage) for step in member.steps]:
        if step.instruction in ("COPY", "ADD") and step.from_stage is None:
            touched = _touches(step, path)
            if touched is not False:
                landed.append(_lands(context, step, path) if touched else None)
                writer = None
        elif step.instruction == "RUN":
            if any(mount.type == "bind" and mount.from_stage is None for mount in step.mounts):
                return False, False, None  # reads the context as it is: keep
            if landed and any(
                writes.search(text) for text, _ in _commands(context, step.text, presets)
            ):
                writer = step
    if not landed or writer is not None:
        return True, writer is not None, writer
    if stage.index in shipped:
        return False, False, None
    for reader in built:
        for step in reader.steps:
            names = [step.from_stage] if step.from_stage else []
            names += [mount.from_stage for mount in step.mounts if mount.from_stage]
            for name in names:
                found = graph.find(name)
                if found is None or found.index != stage.index:
                    continue
                if step.instruction == "RUN" or None in landed:
                    return False, False, None
                words = [word for word in step.sources if word is not None]
                if len(words) != len(step.sources) or any(
                    _overlaps(posixpath.join(stage.workdir, word), where or "/")
                    for word in words for where in landed
                ):
                    return False, False, None
    return True, False, None


def build_outputs(
    context: Path, reads: Sequence[DockerfileReads], presets: PresetSet | None = None
) -> list[Output]:
    """The context paths that the builds of ``reads`` write themselves, each once."""
    from ignoregen.build.needs import _builtin
    from ignoregen.knowledge.local import gitignored

    presets = presets if presets is not None else _builtin()
    if not presets.outputs or not reads:
        return []
    graphs = [(dockerfile, _graph(dockerfile.path)) for dockerfile in reads]
    found: dict[str, Output] = {}
    for dockerfile, graph in graphs:
        if graph is None:
            continue
        for stage in _built(graph, dockerfile.target):
            for step in stage.steps:
                if step.instruction != "RUN":
                    continue
                for text, how in _commands(context, step.text, presets):
                    for source in presets.outputs:
                        for match in source.command.finditer(text):
                            for path in _written(context, source, match):
                                target = _dropped(context, path, source.whole, gitignored)
                                if target is None or target in found:
                                    continue
                                shown = " ".join(match.group(0).split())[:50]
                                found[target] = Output(
                                    target, source.reason,
                                    f"{dockerfile.path.name}:{step.line}: RUN {how}{shown}",
                                    dockerfile.path.name, step.line,
                                    f"{source.preset}.toml: {source.key}",
                                )
    out: list[Output] = []
    for target, output in sorted(found.items()):
        writes = next(s.command for s in presets.outputs if f"{s.preset}.toml: {s.key}"
                      == output.source)
        if _agreed(context, graphs, target, writes, presets):
            out.append(output)
    return out


def _dropped(context: Path, path: str, whole: bool, gitignored: Any) -> str | None:
    """The path to drop for an output at ``path``: itself when it is written whole, else
    the highest directory above it (or itself) that .gitignore lists; None when none is
    there."""
    if whole and os.path.lexists(context / path):
        return path
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        candidate = "/".join(parts[:depth])
        full = context / candidate
        if not os.path.lexists(full):
            return None
        if gitignored(context, [(candidate, full.is_dir())]):
            return candidate
    return None


def _agreed(
    context: Path, graphs: Sequence[tuple[DockerfileReads, StageGraph | None]], path: str,
    writes: Regex, presets: PresetSet,
) -> bool:
    """Does every build that copies ``path`` rewrite it (or never ship its copy), and at
    least one rewrite it?"""
    rewritten = False
    for dockerfile, graph in graphs:
        if graph is None:
            if any(source.covers(path) or source.pattern.startswith(path + "/")
                   for source in dockerfile.sources):
                return False
            continue
        built = _built(graph, dockerfile.target)
        shipped = _shipped(graph, dockerfile.target)
        for stage in built:
            safe, rewrites, _ = _stage_verdict(
                context, graph, stage, built, shipped, path, writes, presets
            )
            if not safe:
                return False
            rewritten = rewritten or rewrites
    return rewritten


def without_outputs(needs: Iterable[Need], outputs: Sequence[Output]) -> list[Need]:
    """``needs`` less those on a path the build writes itself (a need that a preset gives
    by name, such as Laravel's published ``lang/vendor``, when the build publishes it)."""
    out: list[Need] = []
    for need in needs:
        target = need.path.rstrip("/")
        if not any(target == o.path or target.startswith(o.path + "/") for o in outputs):
            out.append(need)
    return out


def output_rules(context: Path, reads: Sequence[DockerfileReads]) -> list[tuple[Category, Rule]]:
    """A rule excluding each path the builds write themselves: candidates of a plan."""
    from ignoregen.plan.gitignore.render import docker_literal

    out: list[tuple[Category, Rule]] = []
    for output in build_outputs(context, reads):
        rule = parse_line(docker_literal(output.path), "ignoregen", 0)
        if rule is not None:
            out.append((REBUILT, rule))
    return out
