"""Which crates of a cargo workspace a build compiles, so that what a crate's ``build.rs``
(or ``include_str!``) reads is needed only where that crate is compiled.

atuin's ``crates/atuin/build.rs`` runs ``git rev-parse``, but its Dockerfile runs
``cargo build --release --bin atuin-server``: cargo compiles the package holding that
binary and its dependencies, and ``atuin-server`` does not depend on ``crates/atuin``.

A need whose evidence is a Rust source of a crate of the context is dropped only when it
can be shown that no ``RUN`` compiles that crate: some ``RUN`` compiles selected
packages, and every ``RUN`` that can see the source
(a ``COPY``/``ADD`` or bind mount of the built stage, or a stage it is built ``FROM``,
covers it at an earlier line) runs cargo only with package selectors (``-p``,
``--package``, ``--bin``), runs no script, ``make`` or ``just``, and the crate is not
among the selected packages and their path dependencies (normal, build and, for
``test``/``bench``, dev dependencies, in every target table, optional ones included,
``workspace = true`` looked up in the workspace's table, a ``[patch]`` of its name
counting as a dependency of everything). Anything else (a selector naming no package
found, a path dependency leading to no manifest of the context, a manifest that cannot
be read at or above the crate, a cargo subcommand that is not known to compile nothing)
keeps the need. (A dependency whose manifest cannot be read leads to no manifest.)
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads, Stage
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads

if TYPE_CHECKING:
    from ignoregen.build.needs_run import RunNeeds

MANIFEST = "Cargo.toml"
_NOT_COMPILING = frozenset({
    "fetch", "metadata", "tree", "version", "--version", "-V", "search", "login", "vendor",
    "generate-lockfile", "update", "locate-project", "pkgid", "verify-project", "fmt",
    "new", "init", "add", "remove", "help", "--help", "-h", "clean", "chef:prepare",
    "install:registry",
})
"""Cargo subcommands that compile no package of the workspace (``chef prepare`` reads
manifests; ``install NAME`` builds a crate from the registry)."""
_DEV = frozenset({"test", "t", "bench", "nextest"})
_CARGO = re.compile(r"(?:^|[\s;&|(`])cargo\s+([^;&|`)\n]*)")
_OPAQUE = re.compile(r"(?:^|[\s;&|(`])(?:make|just|task|\S+\.sh|\./\S+|(?:ba)?sh\s+-c)(?=\s|$)")
"""A ``RUN`` whose commands cannot be seen (a script, a make or just recipe)."""
_UNKNOWN = None


@dataclass
class _Package:
    """A Cargo package: its name, directory and manifest."""
    name: str
    directory: str
    data: dict[str, Any]


@dataclass
class _Workspace:
    """The Cargo packages of a checkout, by name and by directory."""
    packages: dict[str, _Package] = field(default_factory=dict)
    by_dir: dict[str, _Package] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    """``[workspace.dependencies]`` by the directory of the manifest holding it."""
    patched: set[str] = field(default_factory=set)
    twice: set[str] = field(default_factory=set)
    """Package names that more than one manifest gives (two workspaces): not known which."""
    unreadable: list[str] = field(default_factory=list)
    """Directories of manifests that cannot be read."""
    broken: bool = False


def _load(context: Path, manifests: Iterable[str]) -> _Workspace:
    space = _Workspace()
    for path in manifests:
        directory = posixpath.dirname(path)
        try:
            data = toml_loads(fileio.read_text(context / path, encoding="utf-8"))
        except (OSError, UnicodeDecodeError, TomlError, RecursionError):
            space.unreadable.append(directory)
            continue
        workspace = data.get("workspace")
        if isinstance(workspace, dict) and isinstance(workspace.get("dependencies"), dict):
            space.tables[directory] = workspace["dependencies"]
        for table in (data.get("patch") or {}).values() if isinstance(data.get("patch"), dict) \
                else ():
            if isinstance(table, dict):
                space.patched.update(str(name) for name in table)
        if isinstance(data.get("replace"), dict):
            space.broken = True
        package = data.get("package")
        if isinstance(package, dict) and isinstance(package.get("name"), str):
            item = _Package(package["name"], directory, data)
            if item.name in space.packages:
                space.twice.add(item.name)
            space.packages[item.name] = item
            space.by_dir[directory] = item
    return space


def _dependency_tables(data: dict[str, Any], dev: bool) -> Iterable[dict[str, Any]]:
    kinds = ("dependencies", "build-dependencies", "build_dependencies",
             *(("dev-dependencies", "dev_dependencies") if dev else ()))
    places = [data]
    targets = data.get("target")
    if isinstance(targets, dict):
        places.extend(table for table in targets.values() if isinstance(table, dict))
    for place in places:
        for kind in kinds:
            table = place.get(kind)
            if isinstance(table, dict):
                yield table


def _workspace_table(space: _Workspace, directory: str) -> tuple[str, dict[str, Any]] | None:
    while True:
        if directory in space.tables:
            return directory, space.tables[directory]
        if not directory:
            return None
        directory = posixpath.dirname(directory)


def _closure(space: _Workspace, roots: Iterable[str], dev: bool) -> set[str] | None:
    """The packages compiled for ``roots`` (names), or None when it cannot be known."""
    done: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in done:
            continue
        package = space.packages.get(name)
        if package is None or name in space.twice:
            return _UNKNOWN
        done.add(name)
        for table in _dependency_tables(package.data, dev and name in roots):
            for key, value in table.items():
                spec = value if isinstance(value, dict) else {}
                base = package.directory
                if spec.get("workspace") is True:
                    found = _workspace_table(space, package.directory)
                    if found is None:
                        return _UNKNOWN
                    base, shared = found
                    entry = shared.get(key)
                    spec = entry if isinstance(entry, dict) else {}
                real = str(spec.get("package") or key)
                if real in space.patched and real in space.packages:
                    pending.append(real)
                path = spec.get("path")
                if not isinstance(path, str):
                    continue
                target = posixpath.normpath(posixpath.join(base, path))
                found_package = space.by_dir.get("" if target == "." else target)
                if found_package is None:
                    return _UNKNOWN
                pending.append(found_package.name)
    return done


def _selected(
    space: _Workspace, words: list[str], files: set[str]
) -> tuple[list[str], bool] | None:
    """(packages selected, with dev dependencies) of a compiling cargo command, or None
    when the selection cannot be known (none given: the workspace's default members)."""
    sub = words[0] if words else ""
    names: list[str] = []
    index = 1
    while index < len(words):
        word = words[index]
        option, equals, value = word.partition("=")
        if option in ("-p", "--package", "--bin") and not equals:
            value = words[index + 1] if index + 1 < len(words) else ""
            index += 1
        elif word.startswith("-p") and len(word) > 2:
            option, value = "-p", word[2:]
        index += 1
        if option in ("--workspace", "--all", "--manifest-path"):
            return None  # the manifest's path is relative to the RUN's directory, not known
        if option in ("-p", "--package"):
            names.append(value.split("@", 1)[0])
        elif option == "--bin":
            owner = _bin_owner(space, value, files)
            if owner is None:
                return None
            names.append(owner)
    if not names or any(name not in space.packages for name in names):
        return None
    return names, sub in _DEV


def _bin_owner(space: _Workspace, binary: str, files: set[str]) -> str | None:
    """The one package with a binary named ``binary``: a ``[[bin]]``, ``src/main.rs`` of a
    package of that name, or ``src/bin/NAME.rs`` or ``src/bin/NAME/main.rs`` (cargo's
    automatic binaries); None when no package or several have it."""
    owners = []
    for package in space.packages.values():
        bins = package.data.get("bin")
        named = {item.get("name") for item in bins if isinstance(item, dict)} \
            if isinstance(bins, list) else set()
        src = posixpath.join(package.directory, "src")
        automatic = {posixpath.join(src, "bin", binary + ".rs"),
                     posixpath.join(src, "bin", binary, "main.rs")}
        if binary in named or automatic & files or (
            binary == package.name and posixpath.join(src, "main.rs") in files
        ):
            owners.append(package.name)
    return owners[0] if len(owners) == 1 else None


def _stage_of(stages: Sequence[Stage], line: int) -> Stage | None:
    found = None
    for stage in stages:
        if stage.line <= line:
            found = stage
    return found


def _chain(stages: Sequence[Stage], stage: Stage) -> set[str]:
    names = {stage.name}
    by_name = {item.name.lower(): item for item in stages}
    current = stage
    while current.base.lower() in by_name and by_name[current.base.lower()].name not in names:
        current = by_name[current.base.lower()]
        names.add(current.name)
    return names


def _sees(reads: DockerfileReads, line: int, path: str) -> bool:
    """Can the ``RUN`` at ``line`` see the context file ``path``?"""
    stage = _stage_of(reads.stages, line)
    if stage is None:
        return True
    chain = _chain(reads.stages, stage)
    return any(source.stage in chain and source.line <= line and source.covers(path)
               for source in reads.sources)


def compiled(
    context: Path, reads: Sequence[DockerfileReads], listed: Iterable[str], source: str
) -> bool:
    """May a ``RUN`` of the build compile the crate holding ``source`` (a context path)?"""
    files = set(listed)
    return _compiled(_load(context, _manifests(files)), reads, files, source)


def _manifests(files: Iterable[str]) -> list[str]:
    return sorted(path for path in files if posixpath.basename(path) == MANIFEST)


def _compiled(
    space: _Workspace, reads: Sequence[DockerfileReads], files: set[str], source: str,
    memo: dict[str, frozenset[str] | None] | None = None,
) -> bool:
    """May a ``RUN`` compile the crate of ``source``? ``memo`` keeps what each cargo command
    compiles (``space`` and ``files`` the same each time)."""
    memo = {} if memo is None else memo
    crate = posixpath.dirname(source)
    while (posixpath.join(crate, MANIFEST) if crate else MANIFEST) not in files:
        if not crate:
            return True
        crate = posixpath.dirname(crate)
    package = space.by_dir.get(crate)
    if space.broken or package is None or package.name in space.patched or any(
        not above or crate == above or crate.startswith(above + "/")
        for above in space.unreadable
    ):
        return True  # a manifest above the crate may be the workspace's, with its [patch]
    selective = False
    for reading in reads:
        for line, text in reading.runs:
            if not _sees(reading, line, source):
                continue
            if _OPAQUE.search(text):
                return True
            for match in _CARGO.finditer(text):
                command = match.group(1)
                if command not in memo:
                    memo[command] = _command_closure(space, files, command)
                closure = memo[command]
                if closure is _SKIP:
                    continue
                if closure is None or package.name in closure:
                    return True
                selective = True
    return not selective  # no RUN compiles anything: the image may (CMD cargo run)


_SKIP: frozenset[str] = frozenset({"<not compiling>"})


def _command_closure(space: _Workspace, files: set[str], command: str) -> frozenset[str] | None:
    """The packages the cargo command (its words after ``cargo``) compiles; None when that
    cannot be known, ``_SKIP`` for a subcommand that compiles nothing."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    words = [w for w in words if not w.startswith("+")]  # a toolchain: +nightly
    sub = words[0] if words else ""
    if sub == "chef" and len(words) > 1:
        sub = f"chef:{words[1]}"
    if sub == "install" and not any(w.startswith("--path") for w in words):
        sub = "install:registry"
    if sub in _NOT_COMPILING:
        return _SKIP
    chosen = _selected(space, words, files)
    if chosen is None:
        return None
    closure = _closure(space, chosen[0], chosen[1])
    return None if closure is None else frozenset(closure)


def uncompiled_sources(
    context: Path, reads: Sequence[DockerfileReads], listed: Iterable[str], sources: Iterable[str],
    run: RunNeeds | None = None,
) -> set[str]:
    """The Rust sources among ``sources`` whose crate no ``RUN`` of the build compiles
    (``run``: the workspace's manifests are read once for the run)."""
    rust = {path for path in sources if path.endswith(".rs") and os.path.basename(path)}
    if not rust:
        return set()
    files = set(listed)
    manifests = _manifests(files)
    space = _load(context, manifests) if run is None else run.kept(
        ("cargo workspace", context, tuple(manifests)), (), lambda: _load(context, manifests)
    )  # once (a run: once for its plans): a workspace has many crates and sources
    memo: dict[str, frozenset[str] | None] = {}
    return {path for path in rust if not _compiled(space, reads, files, path, memo)}
