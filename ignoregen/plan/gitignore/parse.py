"""Reading gitignore files and parsing their lines as git does."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ignoregen import fileio
from ignoregen.plan.gitignore.git import GitError, check_ignore, open_repository, work_tree

GITIGNORE = ".gitignore"


@dataclass(frozen=True)
class GitignoreLine:
    """One line of a gitignore file."""
    number: int
    """1-based."""
    text: str
    """Without the line ending (git drops one ``\\r`` before ``\\n``) or the BOM."""


@dataclass(frozen=True)
class GitignoreFile:
    """One file of gitignore rules."""

    repo_root: Path
    path: Path
    """Absolute path on disk."""
    source: str
    """The file as git names it in ``check-ignore -v`` (relative to the work tree)."""
    base: str
    """Repository-relative directory its patterns are relative to ("" for the root)."""
    lines: tuple[GitignoreLine, ...]

    def rules(self) -> list[GitRule]:
        """The file's patterns (comments and blank lines dropped)."""
        out = []
        for line in self.lines:
            rule = parse_gitignore_line(line.text, self.source, line.number, self.base)
            if rule is not None:
                out.append(rule)
        return out


def split_gitignore(data: bytes) -> tuple[GitignoreLine, ...]:
    """Split file bytes into lines the way git does (``\\n``, one ``\\r`` dropped, BOM skipped)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        lines.append(GitignoreLine(number, raw.decode("utf-8", "surrogateescape")))
    return tuple(lines)


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _gitignore_dirs(root: Path) -> list[str]:
    """Repository-relative directories holding a ``.gitignore`` (not inside nested repositories)."""
    found: list[str] = []
    stack = [""]
    while stack:
        relative = stack.pop()
        absolute = root / relative if relative else root
        try:
            with os.scandir(absolute) as iterator:
                entries = list(iterator)
        except OSError:
            continue
        names = {entry.name for entry in entries}
        if relative and ".git" in names:
            continue  # a nested repository: git does not read its ignore files
        if GITIGNORE in names and _is_regular_file(absolute / GITIGNORE):
            found.append(relative)
        for entry in entries:
            if entry.name != ".git" and entry.is_dir(follow_symlinks=False):
                stack.append(f"{relative}/{entry.name}" if relative else entry.name)
    return found


def path_key(path: str) -> tuple[str, ...]:
    """Sort key that puts a directory before everything below it."""
    return tuple(path.split("/")) if path else ()


def read_gitignores(repo_root: Path) -> list[GitignoreFile]:
    """The gitignore files git reads in ``repo_root``'s work tree, lowest precedence first.

    ``.git/info/exclude`` comes first, then the root ``.gitignore``, then nested ones,
    each directory before its subdirectories. A ``.gitignore`` inside a directory git
    ignores is left out (git never reads it), and so is a symbolic link named
    ``.gitignore`` (git refuses to follow it).
    """
    repo = open_repository(repo_root)
    root = work_tree(repo)
    files: list[GitignoreFile] = []
    exclude = repo.common_dir / "info" / "exclude"
    if _is_regular_file(exclude):
        source = os.path.relpath(exclude, root)
        files.append(
            GitignoreFile(root, exclude, source, "", split_gitignore(fileio.read_bytes(exclude)))
        )
    dirs = sorted(_gitignore_dirs(root), key=path_key)
    verdicts = check_ignore(repo, [d for d in dirs if d], no_index=True)
    for directory in dirs:
        if directory and verdicts[directory].ignored:
            continue
        path = root / directory / GITIGNORE if directory else root / GITIGNORE
        source = f"{directory}/{GITIGNORE}" if directory else GITIGNORE
        try:
            data = fileio.read_bytes(path)
        except OSError as exc:
            raise GitError(f"{source}: cannot read: {exc.strerror or exc}") from None
        files.append(GitignoreFile(root, path, source, directory, split_gitignore(data)))
    return files


# --------------------------------------------------------------------------------------------
# Git's patterns


@dataclass(frozen=True)
class GitRule:
    """One gitignore pattern, parsed as git parses it (``dir.c``)."""

    source: str
    line: int
    text: str
    """The line as written."""
    base: str
    """Repository-relative directory of its file ("" for the root)."""
    pattern: str
    """What git matches: without the ``!``, the trailing spaces and the trailing ``/``."""
    negative: bool
    dir_only: bool
    """The pattern ended in ``/``: it matches directories only."""
    anchored: bool
    """It has a ``/`` (other than a trailing one): relative to ``base``. Otherwise it
    matches the last path component at any depth below ``base``."""

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}"


def _trim_trailing_spaces(text: str) -> str:
    """Git's ``trim_trailing_spaces``: drop unescaped trailing spaces (only spaces)."""
    last_space = -1
    i = 0
    while i < len(text):
        char = text[i]
        if char == " ":
            if last_space < 0:
                last_space = i
        elif char == "\\":
            i += 1
            if i >= len(text):
                return text
            last_space = -1
        else:
            last_space = -1
        i += 1
    return text[:last_space] if last_space >= 0 else text


def parse_gitignore_line(text: str, source: str, line: int, base: str) -> GitRule | None:
    """Parse one line; ``None`` for comments and blank lines."""
    if not text or text.startswith("#"):
        return None
    trimmed = _trim_trailing_spaces(text)
    if not trimmed:
        return None
    negative = trimmed.startswith("!")
    pattern = trimmed[1:] if negative else trimmed
    dir_only = pattern.endswith("/")
    if dir_only:
        pattern = pattern[:-1]
    return GitRule(
        source=source,
        line=line,
        text=text,
        base=base,
        pattern=pattern,
        negative=negative,
        dir_only=dir_only,
        anchored="/" in pattern,
    )
