"""What ``cargo`` reads of every member of a workspace before it builds any package.

Cargo loads the whole workspace first: each member's ``Cargo.toml``, and the targets that
manifest implies (``src/lib.rs``, ``src/main.rs``, the build script, the ``path`` of a
``[lib]``, and the files of the ``[[bin]]``, ``[[test]]``, ``[[bench]]`` and ``[[example]]``
tables it declares). A member whose manifest is missing fails the build ("failed to load
manifest for workspace member"), and so does one left without a target or with a declared
target whose file is gone, even under ``cargo build -p other``. firezone's
``rust/tests/fuzz`` and ``rust/tests/http-test-server`` are members: excluding ``**/tests``
broke its ``dev`` image. A member's ``src`` is kept whole: a module file beside a root
that an exception re-includes would be lost otherwise.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen import fileio
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_TABLES = {"bin": "src/bin", "test": "tests", "bench": "benches", "example": "examples"}
"""A declared target table and the directory its files default to."""


def _line(text: str, needle: str) -> int:
    at = text.find(f'"{needle}"')
    if at < 0:
        at = text.find(f"'{needle}'")
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = toml_loads(fileio.read_text(path, encoding="utf-8", errors="replace"))
    except (OSError, TomlError):
        return None
    return data


def _targets(directory: Path, data: dict[str, Any], declared_only: bool = False) -> Iterator[str]:
    """``src`` and the files outside it that the manifest ``data`` of the crate in
    ``directory`` makes targets of, relative to ``directory`` (those that exist: a default
    that is absent is no target); with ``declared_only``, the files of the ``[[bin]]``,
    ``[[test]]``, ``[[bench]]`` and ``[[example]]`` tables alone."""
    package = data.get("package")
    build = package.get("build") if isinstance(package, dict) else None
    lib = data.get("lib")
    candidates = ["src/main.rs", build if isinstance(build, str) else "build.rs"]
    lib_path = lib.get("path") if isinstance(lib, dict) else None
    candidates.append(lib_path if isinstance(lib_path, str) else "src/lib.rs")
    if declared_only:
        candidates = []
    for table, default in _TABLES.items():
        entries = data.get(table)
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict):
                continue
            path, name = entry.get("path"), entry.get("name")
            if isinstance(path, str):
                candidates.append(path)
            elif isinstance(name, str):
                candidates += [f"{default}/{name}.rs", f"{default}/{name}/main.rs"]
    if (directory / "src").is_dir() and not declared_only:
        yield "src"  # the crate's sources: its roots and the modules they declare
    for candidate in candidates:
        clean = posixpath.normpath(candidate)
        if not clean.startswith(("../", "src/")) and (directory / clean).is_file():
            yield clean


def cargo_members(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a ``Cargo.toml`` with a ``[workspace]``: each member's manifest and targets,
    relative to the manifest's directory."""
    if "[workspace" not in text:
        return
    try:
        data = toml_loads(text)
    except TomlError:
        return
    workspace = data.get("workspace")
    members = workspace.get("members") if isinstance(workspace, dict) else None
    if not isinstance(members, list):
        return
    here = path.rpartition("/")[0]
    base = files.context / here if here else files.context
    skipped = workspace.get("exclude") if isinstance(workspace, dict) else None
    left_out = {posixpath.normpath(item) for item in skipped or [] if isinstance(item, str)}
    for member in members:
        if not isinstance(member, str) or posixpath.normpath(member).startswith(".."):
            continue
        line = _line(text, member)
        for found in sorted(base.glob(member)) if any(c in member for c in "*?[") \
                else [base / member]:
            relative = found.relative_to(base).as_posix()
            if relative in left_out or not (found / "Cargo.toml").is_file():
                continue
            yield f"{relative}/Cargo.toml", line, f"members = {member!r}"
            manifest = _manifest(found / "Cargo.toml")
            for target in _targets(found, manifest or {}):
                yield f"{relative}/{target}", line, f"members = {member!r}"


def cargo_targets(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a ``Cargo.toml`` with a ``[package]``: the files of the targets it declares
    (``[[test]] name = "api"``: tests/api.rs), relative to its directory. Cargo looks for
    each whatever it builds, ``cargo build --bin server`` included ("can't find `api` test
    at `tests/api.rs`"), so excluding ``tests`` broke the build of a crate that declares
    one."""
    if "[[" not in text:
        return
    try:
        data = toml_loads(text)
    except TomlError:
        return
    if not isinstance(data.get("package"), dict):
        return
    here = path.rpartition("/")[0]
    directory = files.context / here if here else files.context
    for target in _targets(directory, data, declared_only=True):
        name = target.rpartition("/")[2].removesuffix(".rs")
        yield target, _line(text, name if name != "main" else target), target
