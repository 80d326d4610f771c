"""The stage graph of a Dockerfile, and which stages (or parts of them) ship.

Each stage records what it is built from (an image, or an earlier stage), and in order
what it runs and copies, with the environment (``ARG``, ``ENV``) and working directory at
each step. Parsing is BuildKit's (:func:`ignoregen.build.dockerfile.read_instructions`),
and words are expanded the way :mod:`ignoregen.build.dockerfile` expands them.

What ships is the target (``--target``, compose ``build.target``), else the last stage:
that stage and every stage it is built ``FROM`` ship whole (their layers are the image's
layers); a stage that it ``COPY --from``'s ships only the paths copied. A development
stage (the caller decides which, from its name or environment) ships nothing to
production. ``RUN --mount=from=`` reads a stage without shipping it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import dockerfile as buildkit_parser

from ignoregen import fileio
from ignoregen.build.dockerfile import (  # the shared word handling of the same parser
    _PLATFORM_ARGS,
    DockerfileError,
    _declare_args,
    _flag,
    _mount_fields,
    _set_env,
    expand,
    read_instructions,
)
from ignoregen.build.frontend import custom_frontend, parser_text
from ignoregen.build.instruction_errors import InstructionErrors
from ignoregen.build.windows import built_for_windows, image_path

ROOT = "/"


class Mount(NamedTuple):
    """A ``RUN --mount``."""

    type: str
    target: str
    source: str | None
    from_stage: str | None


class Step(NamedTuple):
    """A ``RUN``, ``COPY`` or ``ADD`` of a stage, with what it sees."""

    instruction: str
    line: int
    env: Mapping[str, str | None]
    """ARG and ENV values in effect (None: depends on build arguments)."""
    workdir: str
    script: str | None = None
    """RUN in shell form: the shell text, heredocs included."""
    argv: tuple[str, ...] | None = None
    """RUN in exec form."""
    posix: bool = True
    """RUN runs in a POSIX shell (no ``SHELL ["powershell", ...]``)."""
    mounts: tuple[Mount, ...] = ()
    sources: tuple[str | None, ...] = ()
    """COPY/ADD: the sources, expanded (None: depends on build arguments)."""
    dest: str = ""
    """COPY/ADD: the absolute destination."""
    dest_is_dir: bool = False
    """The destination is a directory for sure (ends with ``/``, several sources)."""
    from_stage: str | None = None
    """COPY --from, expanded."""
    user: str | None = None
    """The USER it runs as (None: the image's, root for the images ignoregen knows)."""

    @property
    def text(self) -> str:
        if self.script is not None:
            return self.script
        return " ".join(self.argv or ())


class Instruction(NamedTuple):
    """A CMD or ENTRYPOINT."""

    line: int
    words: tuple[str, ...]
    exec_form: bool

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Stage:
    """One FROM of a Dockerfile, with what it was built from."""
    index: int
    name: str
    """The ``AS`` name, or the index as text."""
    alias: str | None
    line: int
    base_text: str
    """The image or stage after FROM, as written."""
    base: str | None
    """Expanded with the global ARG defaults; None when a build argument decides."""
    parent: int | None
    """The stage this one is built FROM, if any."""
    steps: tuple[Step, ...]
    cmd: Instruction | None
    entrypoint: Instruction | None
    env: Mapping[str, str | None]
    """ARG and ENV at the end of the stage."""
    workdir: str

    def label(self) -> str:
        return repr(self.alias) if self.alias else f"#{self.index}"


class StageGraph(NamedTuple):
    path: Path
    stages: tuple[Stage, ...]
    windows: bool = False
    """The Dockerfile shows it is built for Windows (:func:`built_for_windows`)."""

    def find(self, name: str) -> Stage | None:
        wanted = name.lower()
        for stage in self.stages:
            if (stage.alias or "").lower() == wanted or str(stage.index) == wanted:
                return stage
        return None

    def chain(self, stage: Stage) -> tuple[Stage, ...]:
        """The stage and those it is built FROM, the first ancestor first."""
        out = [stage]
        while out[-1].parent is not None and len(out) <= len(self.stages):
            out.append(self.stages[out[-1].parent])
        return tuple(reversed(out))

    def image(self, stage: Stage) -> Stage:
        """The stage of the chain whose FROM names an image (not a stage)."""
        return self.chain(stage)[0]

    def source(self, step: Step, before: int) -> Stage | None:
        """The stage a ``COPY --from`` reads, when it is a stage defined before ``before``."""
        if step.from_stage is None:
            return None
        stage = self.find(step.from_stage)
        return stage if stage is not None and stage.index < before else None

    def command(self, stage: Stage) -> list[Instruction]:
        """The CMD and ENTRYPOINT in effect at the end of the stage (nearest in its chain)."""
        out: list[Instruction] = []
        chain = self.chain(stage)
        for attribute in ("entrypoint", "cmd"):
            for member in reversed(chain):
                found = getattr(member, attribute)
                if found is not None:
                    out.append(found)
                    break
        return out


# -- reading ---------------------------------------------------------------------------------


@dataclass
class _Building:
    """A stage while its Dockerfile is read."""
    index: int
    alias: str | None
    line: int
    base_text: str
    base: str | None
    parent: int | None
    env: dict[str, str | None]
    workdir: str
    posix: bool = True
    user: str | None = None
    steps: list[Step] = field(default_factory=list)
    cmd: Instruction | None = None
    entrypoint: Instruction | None = None

    def freeze(self) -> Stage:
        return Stage(
            index=self.index, name=self.alias or str(self.index), alias=self.alias,
            line=self.line, base_text=self.base_text, base=self.base, parent=self.parent,
            steps=tuple(self.steps), cmd=self.cmd, entrypoint=self.entrypoint,
            env=dict(self.env), workdir=self.workdir,
        )


def read_graph(
    path: Path, base_env: Callable[[str], Mapping[str, str]] | None = None
) -> StageGraph:
    """Parse a Dockerfile into its stages. ``base_env`` gives the environment an image sets.

    Raises :class:`DockerfileError` for a file BuildKit's parser rejects.
    """
    commands, escape = read_instructions(path)
    windows = built_for_windows(commands, escape)
    global_args: dict[str, str | None] = dict.fromkeys(_PLATFORM_ARGS)
    building: list[_Building] = []
    current: _Building | None = None
    with InstructionErrors(path) as reading:
        for command in commands:
            reading.line = command.start_line
            name = command.cmd.upper()
            if name == "FROM":
                current = _start(command, global_args, building, escape, base_env)
                building.append(current)
            elif current is None:
                if name == "ARG":
                    _declare_args(command.value, global_args, global_args, escape)
            elif name == "ARG":
                _declare_args(command.value, current.env, global_args, escape)
            elif name == "ENV":
                _set_env(command, current.env, escape)
            elif name == "WORKDIR":
                _workdir(command, current, escape, windows)
            elif name == "SHELL":
                words = [word.lower() for word in command.value]
                current.posix = bool(words) and posixpath.basename(words[0]) in (
                    "sh", "bash", "ash", "dash", "zsh"
                )
            elif name == "USER":
                words = list(command.value)
                current.user = expand(words[0], current.env, escape) if words else None
            elif name == "RUN":
                current.steps.append(_run(command, current))
            elif name in ("COPY", "ADD"):
                step = _copy(command, name, current, escape, windows)
                if step is not None:
                    current.steps.append(step)
            elif name in ("CMD", "ENTRYPOINT"):
                found = Instruction(command.start_line, tuple(command.value), command.json)
                if name == "CMD":
                    current.cmd = found
                else:
                    current.entrypoint = found
                    current.cmd = None  # ENTRYPOINT resets an inherited CMD
    return StageGraph(path, tuple(stage.freeze() for stage in building), windows)


def _start(
    command: buildkit_parser.Command,
    global_args: Mapping[str, str | None],
    building: Sequence[_Building],
    escape: str,
    base_env: Callable[[str], Mapping[str, str]] | None,
) -> _Building:
    words = list(command.value)
    base_text = words[0] if words else ""
    base = expand(base_text, global_args, escape) if base_text else None
    alias = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
    parent = None
    for earlier in reversed(building):
        if base is not None and earlier.alias is not None and earlier.alias.lower() == base.lower():
            parent = earlier
            break
    if parent is not None:
        return _Building(len(building), alias, command.start_line, base_text, base,
                         parent.index, dict(parent.env), parent.workdir, parent.posix,
                         parent.user, cmd=parent.cmd, entrypoint=parent.entrypoint)
    env: dict[str, str | None] = {}
    if base is not None and base_env is not None:
        env.update(base_env(base))
    return _Building(len(building), alias, command.start_line, base_text, base, None, env, ROOT)


def _workdir(
    command: buildkit_parser.Command, state: _Building, escape: str, windows: bool
) -> None:
    words = list(command.value)
    if not words:
        return
    value = expand(words[0], state.env, escape)
    if value is None:
        state.workdir = "/\x00"  # depends on a build argument
        return
    value = image_path(value) if windows else value
    state.workdir = posixpath.normpath(posixpath.join(state.workdir, value))


def _run(command: buildkit_parser.Command, state: _Building) -> Step:
    mounts = []
    for spec in _flag(command.flags, "mount"):
        fields = _mount_fields(spec)
        target = fields.get("target", fields.get("dst", fields.get("destination", "")))
        if target and not target.startswith("/"):
            target = posixpath.join(state.workdir, target)
        mounts.append(Mount(
            type=fields.get("type", "bind"),
            target=posixpath.normpath(target) if target else "",
            source=fields.get("source", fields.get("src")),
            from_stage=fields.get("from"),
        ))
    env = dict(state.env)
    if command.json:
        return Step("RUN", command.start_line, env, state.workdir, argv=tuple(command.value),
                    posix=state.posix, mounts=tuple(mounts), user=state.user)
    text = " ".join(command.value)
    if command.heredocs:
        bodies = [doc.content for doc in command.heredocs]
        first = text.strip()
        if first.startswith("<<") and " " not in first.strip():
            text = "\n".join(bodies)  # RUN <<EOF: the heredoc is the script
        else:
            text = text + "\n" + "\n".join(bodies)
    return Step("RUN", command.start_line, env, state.workdir, script=text, posix=state.posix,
                mounts=tuple(mounts), user=state.user)


def _copy(
    command: buildkit_parser.Command, name: str, state: _Building, escape: str, windows: bool
) -> Step | None:
    words = list(command.value)
    if len(words) < 2:
        return None
    heredocs = {f"<<{doc.name}" for doc in command.heredocs} | {
        f"<<-{doc.name}" for doc in command.heredocs
    }
    raw_sources = [w for w in words[:-1] if w not in heredocs and not w.startswith("<<")]
    dest = expand(words[-1], state.env, escape)
    sources = tuple(expand(word, state.env, escape) for word in raw_sources)
    if windows:  # C:\\app\\ is /app/ in the image, bin\\Release bin/Release in the context
        dest = None if dest is None else image_path(dest)
        sources = tuple(None if word is None else image_path(word) for word in sources)
    dest_path = "/\x00" if dest is None else posixpath.normpath(posixpath.join(state.workdir, dest))
    from_stage = _flag(command.flags, "from")
    dest_is_dir = (
        (dest or "").endswith("/") or dest in (".", "./") or len(sources) > 1
        or any(source is not None and any(c in source for c in "*?[") for source in sources)
    )
    return Step(
        name, command.start_line, dict(state.env), state.workdir, sources=sources,
        dest=dest_path, dest_is_dir=dest_is_dir,
        from_stage=expand(from_stage[-1], state.env, escape) if from_stage else None,
    )


# -- what ships ------------------------------------------------------------------------------


class Verdict(NamedTuple):
    stage: Stage
    ships: str
    """``whole``, ``part`` or ``no``."""
    reason: str


class Shipping(NamedTuple):
    graph: StageGraph
    shipped: Stage | None
    """None when nothing ships to production (a development target or file)."""
    reason: str
    verdicts: tuple[Verdict, ...]
    whole: tuple[Stage, ...]
    """The shipped stage and the stages it is built FROM, the first ancestor first."""
    copies: tuple[tuple[Step, Stage], ...]
    """``COPY --from=<stage>`` steps of the whole stages, with the stage they read."""


Development = Callable[[Stage], str | None]
"""Why a stage is for development (None when it is not)."""


def ship(
    graph: StageGraph,
    target: str | None,
    development: Development,
    production_name: Callable[[str], bool],
    file_development: str | None = None,
) -> Shipping:
    """Which stage ships, and for every stage whether and why it does.

    Raises :class:`DockerfileError` when ``target`` names no stage.
    """
    shipped, reason = _choose(graph, target, development, production_name, file_development)
    if shipped is None:
        nothing = tuple(Verdict(stage, "no", reason) for stage in graph.stages)
        return Shipping(graph, None, reason, nothing, (), ())
    whole = graph.chain(shipped)
    copies: list[tuple[Step, Stage]] = []
    why: dict[int, Verdict] = {}
    for member in whole:
        if member is shipped:
            why[member.index] = Verdict(member, "whole", f"the shipped stage: {reason}")
        else:
            child = next(s for s in whole if s.parent == member.index)
            why[member.index] = Verdict(
                member, "whole", f"stage {child.label()} is built FROM it"
            )
    for member in whole:
        for step in member.steps:
            source = graph.source(step, member.index)
            if source is not None:
                copies.append((step, source))
    for step, source, via in _reached(graph, whole):
        if source.index in why:
            continue
        # Every COPY --from of this stage in the stages that read it, not just the first
        # (saleor's final stage takes site-packages at line 48 and /usr/local/bin at 49).
        steps = [each for member in (whole if via is None else graph.chain(via))
                 for each in member.steps
                 if (read := graph.source(each, member.index)) is not None
                 and read.index == source.index] or [step]
        taken = ", ".join(dict.fromkeys(s for each in steps for s in each.sources if s)) or "?"
        lines = [str(each.line) for each in steps]
        at = f"line {lines[0]}" if len(lines) == 1 else \
            f"lines {', '.join(lines[:-1])} and {lines[-1]}"
        what = f"only what COPY --from at {at} takes ({taken})"
        if via is not None:
            what += f", through stage {via.label()}"
        why[source.index] = Verdict(source, "part", what)
        for ancestor in graph.chain(source)[:-1]:
            if ancestor.index not in why:
                why[ancestor.index] = Verdict(
                    ancestor, "part",
                    f"only through stage {source.label()}, built FROM it, and what "
                    f"{at} copies from there",
                )
    verdicts: list[Verdict] = []
    for stage in graph.stages:
        if stage.index in why:
            verdicts.append(why[stage.index])
            continue
        dev = development(stage)
        if dev is not None:
            verdicts.append(Verdict(stage, "no", f"a development stage ({dev})"))
        elif stage.index > shipped.index:
            verdicts.append(Verdict(stage, "no", "after the shipped stage and not part of it"))
        elif _mounted(graph, whole, stage):
            verdicts.append(Verdict(stage, "no", "only mounted by RUN --mount=from, not copied"))
        else:
            verdicts.append(Verdict(stage, "no", "the shipped stage neither builds FROM it nor "
                                    "copies from it"))
    return Shipping(graph, shipped, reason, tuple(verdicts), whole, tuple(copies))


def taken_whole(shipping: Shipping) -> Mapping[tuple[str, int], int]:
    """The context ``COPY``/``ADD`` steps of a stage that ships only part of itself, whose
    destination a ``COPY --from`` of a stage that ships whole takes entire: Rails' build
    stage copies the context into /rails and the last stage takes ``/rails``; panel's
    composer stages copy it into /build, taken by ``COPY --from=composerbuild /build .``.
    As ``(stage name, line)``, the name lower-cased, once as the ``AS`` name (or index) and
    once as the index, each with the line of the ``COPY --from`` that takes it. A ``COPY
    --from`` of a part (``/app/dist`` of a builder holding ``/app``), a glob or a word that
    depends on a build argument takes nothing whole."""
    out: dict[tuple[str, int], int] = {}
    for step, source in shipping.copies:
        taken = [posixpath.normpath(posixpath.join(ROOT, path)) for path in step.sources
                 if path is not None and not any(char in path for char in "*?[")]
        if not taken:
            continue
        for member in shipping.graph.chain(source):
            for own in member.steps:
                if own.instruction not in ("COPY", "ADD") or own.from_stage is not None \
                        or not own.dest:
                    continue
                dest = posixpath.normpath(own.dest)
                if any(path == ROOT or dest == path or dest.startswith(path + "/")
                       for path in taken):
                    for key in ((member.name.lower(), own.line), (str(member.index), own.line)):
                        out.setdefault(key, step.line)
    return out


NOT_KNOWN = "not known: "
"""How the reason starts when what ships cannot be known (another frontend reads the file)."""


def _no_stage(path: Path) -> str:
    """Why a Dockerfile with no FROM builds nothing, or that another frontend reads it."""
    try:
        text = parser_text(fileio.read_bytes(path))[0]
    except OSError:
        return "no FROM: nothing is built"
    frontend = custom_frontend(text)
    if frontend is None:
        return "no FROM: nothing is built"
    return (f"{NOT_KNOWN}the syntax directive (line {frontend[0]}) hands the file to the "
            f"frontend {frontend[1]}, whose language ignoregen does not read")


def _choose(
    graph: StageGraph,
    target: str | None,
    development: Development,
    production_name: Callable[[str], bool],
    file_development: str | None,
) -> tuple[Stage | None, str]:
    if not graph.stages:
        return None, _no_stage(graph.path)
    if file_development is not None:
        return None, f"the Dockerfile is for development ({file_development})"
    if target is not None:
        stage = graph.find(target)
        if stage is None:
            raise DockerfileError(f"{graph.path}: target stage {target!r} not found")
        dev = development(stage)
        if dev is not None:
            return None, f"the target {stage.label()} is a development stage ({dev})"
        return stage, f"the target {stage.label()}"
    last = graph.stages[-1]
    dev = development(last)
    if dev is None:
        return last, "the last stage"
    named = [s for s in graph.stages if production_name(s.name) and development(s) is None]
    if named:
        return named[-1], (
            f"the last stage, {last.label()}, is for development ({dev}); "
            f"{named[-1].label()} is the last stage named for production"
        )
    return None, (
        f"the last stage, {last.label()}, is for development ({dev}) and no stage is named "
        "for production; give --target"
    )


def _reached(
    graph: StageGraph, whole: Sequence[Stage]
) -> Iterator[tuple[Step, Stage, Stage | None]]:
    """``(COPY step, stage read, through which stage)`` for every stage copied from,
    directly or through stages that are themselves copied from."""
    seen: set[int] = {stage.index for stage in whole}
    queue: list[Stage] = list(whole)
    while queue:
        member = queue.pop(0)
        for ancestor in graph.chain(member):
            for step in ancestor.steps:
                source = graph.source(step, ancestor.index)
                if source is None or source.index in seen:
                    continue
                seen.add(source.index)
                yield step, source, None if member in whole else member
                queue.append(source)


def _mounted(graph: StageGraph, whole: Sequence[Stage], stage: Stage) -> bool:
    name = (stage.alias or str(stage.index)).lower()
    return any(
        mount.from_stage is not None and mount.from_stage.lower() == name
        for member in whole for step in member.steps for mount in step.mounts
    )
