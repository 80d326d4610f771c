"""Image advice, installs: what an install step is, the manifest it reads, and its
production-only form."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen.build import manifests
from ignoregen.build.shell import UNKNOWN, SimpleCommand
from ignoregen.build.stages import Stage, Step
from ignoregen.engine.golang import clean
from ignoregen.knowledge.image_records import Manager
from ignoregen.lint.image.reading import (
    _fill,
    _Parsed,
    _under,
)
from ignoregen.lint.image.records import (
    _EXTRAS,
)


@dataclass(frozen=True)
class _Install:
    """A dependency install that includes development dependencies."""

    stage: Stage
    step: Step
    command: SimpleCommand
    manager: Manager
    project: str
    manifest: str
    """Context-relative."""
    count: int
    groups: tuple[str, ...]
    form: str
    """The production-only form of the command."""
    trees: tuple[str, ...]
    """Absolute paths in the image where the dependencies went (when known)."""
    order: tuple[int, int]
    """Where the install is in its stage chain."""


@dataclass
class _Run:
    """One simple command of a RUN, in order."""

    stage: Stage
    step: Step
    command: SimpleCommand
    position: int
    """Order of the step within its stage chain (the same in every chain that holds it)."""
    index: int
    """Order of the command within its RUN."""
    later: list[SimpleCommand]
    """The commands after it in the same RUN."""

    @property
    def order(self) -> tuple[int, int]:
        return (self.position, self.index)

    @property
    def text(self) -> str:
        """The command with its program's base name (``/usr/local/bin/pip`` is ``pip``)."""
        argv = self.command.argv
        return " ".join([posixpath.basename(argv[0]), *argv[1:]]) if argv else ""


def _declared(install: _Install) -> str:
    noun = "dependency" if install.count == 1 else "dependencies"
    groups = [g for g in install.groups if g != install.manifest]
    where = f" ({', '.join(groups)})" if groups else ""
    return f"{install.count} development {noun} declared in {install.manifest}{where}"


def _basename_text(words: Sequence[str]) -> str:
    text = " ".join(words)
    if len(words) == 1:
        text = words[0].strip()
    head, _, rest = text.partition(" ")
    return " ".join(part for part in (posixpath.basename(head), rest) if part)


def manifest_name(manager: Manager) -> str:
    return manager.manifest or ""


def _dev_file(path: str, globs: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(path, glob) or fnmatch.fnmatchcase(path, "*/" + glob)
        for glob in globs
    )


def locate(steps: Sequence[Step], image_path: str, context: Path) -> str | None:
    """The context-relative file that ``COPY``/``ADD`` put at ``image_path``, if any.

    The latest copy that could have written it and whose source exists wins; a file that
    came from another stage or from nowhere gives None.
    """
    if UNKNOWN in image_path:
        return None
    target = posixpath.normpath(image_path)
    for step in reversed(steps):
        if step.instruction not in ("COPY", "ADD") or step.from_stage is not None:
            continue
        if UNKNOWN in step.dest:
            continue
        for source in step.sources:
            if source is None:
                continue
            for candidate in _candidates(source, step, target, context):
                if (context / candidate).is_file():
                    return candidate
    return None


def mounted_from_context(step: Step, image_path: str, context: Path) -> str | None:
    """The context file a ``RUN --mount=type=bind`` of the build context (no ``from``) puts
    at ``image_path`` while the RUN runs, if any and if it exists."""
    if UNKNOWN in image_path:
        return None
    target = posixpath.normpath(image_path)
    for mount in reversed(step.mounts):
        if (mount.type != "bind" or mount.from_stage is not None or not mount.target
                or UNKNOWN in mount.target or UNKNOWN in (mount.source or "")):
            continue
        source = clean((mount.source or ".").lstrip("/")) or "."
        if target == mount.target:
            candidate = source
        elif _under(target, mount.target):
            inside = posixpath.relpath(target, mount.target)
            candidate = inside if source == "." else posixpath.join(source, inside)
        else:
            continue
        return candidate if (context / candidate).is_file() else None
    return None


def _candidates(source: str, step: Step, target: str, context: Path) -> Iterator[str]:
    cleaned = clean(source.lstrip("/")) if source not in ("/", "") else "."
    dest = step.dest
    if any(c in cleaned for c in "*?["):
        folder, _, pattern = cleaned.rpartition("/")
        if posixpath.dirname(target) == dest and fnmatch.fnmatchcase(
            posixpath.basename(target), pattern
        ):
            yield posixpath.join(folder, posixpath.basename(target)) if folder else \
                posixpath.basename(target)
        return
    if cleaned == "." or (context / cleaned).is_dir():
        if _under(target, dest) and target != dest:
            inside = posixpath.relpath(target, dest)
            yield inside if cleaned == "." else posixpath.join(cleaned, inside)
        return
    if target == posixpath.join(dest, posixpath.basename(cleaned)) or (
        target == dest and not step.dest_is_dir
    ):
        yield cleaned


def production_form(
    manager: Manager,
    argv: Sequence[str],
    parsed: _Parsed,
    excluded: Sequence[str],
    dev_operands: Sequence[str] = (),
    runtime_files: Sequence[str] = (),
    dev_extras: Sequence[str] = (),
) -> str:
    """The same command, production-only. ``excluded``: the groups to leave out (extras
    not among them: ``poetry install --without NAME`` fails on a name that is no group);
    ``dev_extras``: the development extras to take off the command line.

    A group or extra the command asks for by name (``--with``, ``--group``, ``--only``,
    ``--extras``) is taken off only when it is among those: the others are what the
    application runs with (a ``server`` group holding gunicorn), so the command keeps
    them. When it still names the only groups to install, nothing is appended."""
    production = manager.production
    if production.replace is not None:
        return production.replace
    words = list(argv)
    if production.drop_dev_operands:
        out: list[str] = []
        skip = False
        for index, word in enumerate(words):
            if skip:
                skip = False
                continue
            if word in manager.requirement_flags and index + 1 < len(words) and (
                words[index + 1] in dev_operands
            ):
                skip = True
                continue
            match = _EXTRAS.match(word)
            if match is not None and any(f"[{e.strip()}]" in dev_operands
                                         for e in match.group("extras").split(",")):
                kept = [e.strip() for e in match.group("extras").split(",")
                        if f"[{e.strip()}]" not in dev_operands]
                word = match.group("path") + (f"[{','.join(kept)}]" if kept else "")
                if not word:
                    word = "."
            out.append(word)
        for name in runtime_files:
            if name not in out:
                out.extend([manager.requirement_flags[0], name])
        if len(out) <= len([w for w in out if w.startswith("-")]) + 2 and not runtime_files:
            return " ".join(out) + " (with the runtime requirements only)"
        return " ".join(out)
    removed = set(production.remove)
    out = []
    skip = False
    taking = manager.taking_value
    for word in words:
        if skip:
            skip = False
            continue
        name = word.split("=", 1)[0]
        if word in removed or name in removed:
            skip = "=" not in word and name in taking
            continue
        out.append(word)
    out, only = _pruned(manager, out, set(excluded) | set(dev_extras))
    groups = production.join.join(excluded) if excluded else ""
    if not only and (groups or not any("{groups}" in word for word in production.append)):
        out.extend(_fill(word, {"groups": groups}) for word in production.append)
    text = " ".join(out)
    if production.prefix is not None:
        text = _fill(production.prefix, {"groups": groups}) + text
    del parsed
    return text


def _pruned(
    manager: Manager, words: Sequence[str], leave_out: set[str]
) -> tuple[list[str], bool]:
    """``words`` with the groups and extras in ``leave_out`` taken out of the values of
    the flags that name them (a flag left with no value goes too), and whether a flag
    that installs only the groups it names is still there."""
    naming = set(manager.with_flags + manager.only_flags + manager.extra_flags)
    out: list[str] = []
    only = False
    index = 0
    while index < len(words):
        word = words[index]
        flag, equals, value = word.partition("=")
        if flag not in naming or (not equals and index + 1 >= len(words)):
            out.append(word)
            index += 1
            continue
        if not equals:
            value = words[index + 1]
            index += 1
        index += 1
        kept = [name for name in value.split(",") if name.strip() not in leave_out]
        if not kept:
            continue
        only = only or flag in manager.only_flags
        joined = ",".join(kept)
        out.extend([f"{flag}={joined}"] if equals else [flag, joined])
    return out, only


def workspace_member(context: Path, manifest: str, manager: Manager, name: str) -> str | None:
    """The manifest of the workspace member called ``name`` (``uv sync --package NAME``):
    ``manifest`` itself when it is that project, else the one in a member directory that
    the root's ``members_key`` globs name; None when none is found."""
    if manager.manifest is None or manager.members_key is None:
        return None
    wanted = _normal(name)
    document = manifests.load(context / manifest, manager.format)
    if _normal(manifests.lookup(document, "project.name")) == wanted:
        return manifest
    globs = manifests.lookup(document, manager.members_key)
    if not isinstance(globs, list):
        return None
    root = posixpath.dirname(manifest)
    for pattern in globs:
        if not isinstance(pattern, str):
            continue
        for folder in sorted((context / root).glob(pattern.strip("/"))):
            found = folder / manager.manifest
            member = manifests.load(found, manager.format) if found.is_file() else None
            if _normal(manifests.lookup(member, "project.name")) == wanted:
                return found.relative_to(context).as_posix()
    return None


def _normal(name: object) -> str | None:
    """A project name as packaging compares it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower() if isinstance(name, str) else None

