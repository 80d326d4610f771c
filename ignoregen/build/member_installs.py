"""Workspace members that no install of the build reads.

karakeep's docker/Dockerfile copies the manifests it installs from by name (``COPY
apps/web/package.json ./apps/web/`` and 17 more), runs ``pnpm install --frozen-lockfile``,
and only then ``COPY . .``; the one install after that, ``pnpm deploy --filter
@karakeep/workers``, takes that package and the workspace packages it depends on. Its
``docs`` and ``apps/mobile`` members reach no install: the user's ``.dockerignore`` lines
``docs`` and ``apps/mobile`` break nothing, and init's warning that they drop a manifest
"which the build needs" (installing the whole workspace reads it) was noise. linkwarden is
alike with ``yarn workspaces focus linkwarden @linkwarden/web @linkwarden/worker``.

A member's manifest counts as read when an install (the ``installed_by`` of a preset category
installed from ``package.json``) runs where the build may hold the manifest: a COPY or ADD
from the context that covers it, a bind mount of it, or a stage copied in that held it,
earlier in the stage or the stages it is built FROM. A scoped install (``[[scoped-install]]``
of presets/images) reads only the workspace dependency closure of the packages it names. A
RUN that runs a script where the member may be counts as an install. Anything not known (a
source from a build argument, a Dockerfile or manifest that cannot be read, a scope that is
not a literal package name) counts as read: a ``COPY . .`` then ``pnpm install`` build keeps
its warning.

A member's own needs (its documentation sources, its bundler's ``.env``) are read only by a
build of that member (:class:`MemberBuilds`). homarr's builder stage holds every member but
runs ``pnpm turbo build --filter=@homarr/nextjs... --filter=@homarr/cli``: its Docusaurus
member is not built there, and the user's line that leaves out ``apps/docs/docs`` breaks
nothing. A filtered build (``[[scoped-build]]`` of presets/images) builds the dependency
closure of the packages it names; a command that sets a package manager up
(``settings.setup-commands``) builds nothing; an install builds nothing of a member that
has no install-time script (``settings.install-scripts``). Any other command that runs the
need's tool may build every member it sees.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads, Source
from ignoregen.build.shell import commands
from ignoregen.build.workspace_prune import closure as _closure
from ignoregen.build.workspace_prune import packages as read_packages
from ignoregen.knowledge.image_records import ScopedInstall

_SCRIPT = re.compile(r"(?:^|[\s;&|(])(?:\S*/)?[\w.-]+\.(?:sh|bash)\b|\b(?:sh|bash|make)\s+(?!-c\b)")
"""A RUN that runs a script or a makefile: what it runs is not read here."""
_NAME = re.compile(r"(?:@[\w-][\w.-]*/)?[\w-][\w.-]*")
"""A package name (``web``, ``@karakeep/workers``)."""


def unread_members(
    context: Path, reads: Sequence[DockerfileReads], members: Sequence[str],
    installs: Sequence[re.Pattern[str]], roots: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The manifests among ``members`` (workspace members' ``package.json``) that no install
    of any build of ``reads`` reads, and that no COPY names and no RUN mentions. A COPY of
    a workspace's root directory (one of ``roots``: unkey's ``COPY web/ .``) names no member
    in particular, as ``COPY . .`` does not."""
    from ignoregen.knowledge.images import load

    if not reads or not members or not installs:
        return frozenset()
    scoped = load().scoped_installs
    packages = _Packages(context, members)
    read: set[str] = set()
    for dockerfile in reads:
        found = _read_by(dockerfile, members, installs, scoped, packages)
        if found is None:
            return frozenset()
        read |= found
    sources = [source for dockerfile in reads for source in dockerfile.sources
               if source.pattern not in roots]
    runs = [text for dockerfile in reads for _, text in dockerfile.runs]
    return frozenset(
        member for member in members if member not in read
        and not any(not source.whole_context and source.covers(member) for source in sources)
        and not any(member.rpartition("/")[0] in text for text in runs)
    )


class MemberBuilds:
    """Which ``RUN`` commands may build a workspace member (see the module's docstring)."""

    def __init__(self, context: Path, members: Sequence[str],
                 installs: Sequence[re.Pattern[str]]) -> None:
        self.context = context
        self.members = frozenset(members)
        self.installs = installs
        self.packages = _Packages(context, members)
        self.scripted: dict[str, bool] = {}  # member: does an install run a script of it?

    def of(self, trigger: str) -> Callable[[str, re.Pattern[str]], bool] | None:
        """For the needs the manifest ``trigger`` gives: does a ``RUN`` command that runs a
        tool (matches the pattern) build that member? None when ``trigger`` is no member."""
        if trigger not in self.members:
            return None
        return lambda command, tool: self._builds(command, tool, trigger)

    def _builds(self, command: str, tool: re.Pattern[str], member: str) -> bool:
        from ignoregen.knowledge.images import load

        found = None if _SCRIPT.search(command) else commands(command, {}, "/")
        if found is None:
            return True  # a script, or a command line that cannot be split
        knowledge = load()
        for simple in found:
            piece = simple.text
            if not tool.search(piece) or simple.program in knowledge.settings.inert_programs:
                continue  # (sed on pnpm-workspace.yaml runs no pnpm)
            scope = self._scope(piece, knowledge.scoped_builds)
            if scope is not None:
                if not scope or member in scope:
                    return True
                continue  # a filtered build that leaves the member out
            if any(setup.compiled.search(piece) for setup in knowledge.settings.setup_commands):
                continue
            if any(install.search(piece) for install in self.installs):
                if self._scripted(member, knowledge.settings.install_scripts):
                    return True
                continue
            return True
        return False

    def _scope(self, piece: str, builds: Sequence[ScopedInstall]) -> set[str] | None:
        """The member manifests the filtered builds of ``piece`` build; None when it runs
        none, an empty set when what they build is not known."""
        names: set[str] = set()
        for build in builds:
            for match in build.pattern.compiled.finditer(piece):
                named = _scope(match.group(1), build)
                if named is None:
                    return set()
                names |= named
        if not names:
            return None
        return _closure(names, self.packages.get()) or set()

    def _scripted(self, member: str, scripts: Sequence[str]) -> bool:
        """Does ``member``'s manifest have a script an install runs? Yes when it cannot be
        read. (Read once a run.)"""
        if member not in self.scripted:
            try:
                data = json.loads(fileio.read_text(self.context / member, encoding="utf-8"))
            except (OSError, ValueError, RecursionError):
                data = None
            found = data.get("scripts", {}) if isinstance(data, dict) else None
            self.scripted[member] = not isinstance(found, dict) or any(
                name in found for name in scripts)
        return self.scripted[member]


class _Packages:
    """The workspace's packages, read when a scoped install first asks (most builds run
    none, and a monorepo may have hundreds of members)."""

    def __init__(self, context: Path, members: Sequence[str]) -> None:
        self.context = context
        self.members = members
        self.read = False
        self.found: dict[str, tuple[str, set[str]]] | None = None

    def get(self) -> dict[str, tuple[str, set[str]]] | None:
        if not self.read:
            self.read = True
            self.found = read_packages(self.context, ["package.json", *self.members])
        return self.found


def _covered(source: str | None, members: Sequence[str]) -> set[str]:
    if source is None:
        return set(members)
    path = posixpath.normpath(source.lstrip("/") or ".")  # ('web/': unkey's COPY web/ .)
    glob = Source(None, "COPY", 0, source, "", pattern=path)
    return {member for member in members if glob.covers(member)}


def _read_by(
    dockerfile: DockerfileReads, members: Sequence[str], installs: Sequence[re.Pattern[str]],
    scoped: Sequence[ScopedInstall], packages: _Packages,
) -> set[str] | None:
    """The members an install of this build may read; None when the build cannot be read."""
    from ignoregen.build.named import _built, _read

    graph = _read(dockerfile.path)
    if graph is None:
        return None
    _, stages = _built(graph, dockerfile.target)
    held: dict[int, set[str]] = {}  # stage: the members it may hold at its end
    read: set[str] = set()
    for stage in sorted(stages, key=lambda stage: stage.index):
        present: set[str] = set()
        for step in [step for member in graph.chain(stage) for step in member.steps]:
            if step.instruction in ("COPY", "ADD"):
                if step.from_stage is None:
                    for source in step.sources:
                        present |= _covered(source, members)
                    continue
                other = graph.find(step.from_stage)
                if other is not None:  # (else an image)
                    present |= held.get(other.index, set(members))
                continue
            if step.instruction != "RUN":
                continue
            now = set(present)
            for mount in step.mounts:
                if mount.type == "bind" and mount.from_stage is None:
                    now |= _covered(mount.source or ".", members)
                elif mount.type == "bind" and mount.from_stage is not None:
                    other = graph.find(mount.from_stage)
                    now |= held.get(other.index, set(members)) if other is not None else set()
            if now:
                read |= _read_in(step.text, now, installs, scoped, packages)
        held[stage.index] = present
    return read


def _read_in(
    text: str, present: set[str], installs: Sequence[re.Pattern[str]],
    scoped: Sequence[ScopedInstall], packages: _Packages,
) -> set[str]:
    """The members among ``present`` that the RUN ``text`` may read."""
    if _SCRIPT.search(text):
        return present
    names: set[str] = set()
    rest = text
    for install in scoped:
        for match in install.pattern.compiled.finditer(text):
            named = _scope(match.group(1), install)
            if named is None:
                return present
            names |= named
            rest = rest.replace(match.group(0), " ")
    if any(pattern.search(rest) for pattern in installs):
        return present
    if not names:
        return set()
    closure = _closure(names, packages.get())
    return present if closure is None else present & closure


def _scope(text: str, install: ScopedInstall) -> set[str] | None:
    """The package names a scoped install's arguments name; None when it may take more."""
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    names: set[str] = set()
    index = 0
    while index < len(words):
        flag, equals, value = words[index].partition("=")
        if flag in install.all_flags:
            return None
        if flag in install.scope_flags or flag in install.value_flags:
            if not equals:
                index += 1
                value = words[index] if index < len(words) else ""
            if flag in install.scope_flags:
                names.add(value.removesuffix("..."))
        elif install.positional and not words[index].startswith("-"):
            names.add(words[index])
        index += 1
    if not names or not all(_NAME.fullmatch(name) for name in names):
        return None  # a path, a glob, an exclusion or a variable: not one package
    return names
