"""An ignore file as it stands, before init plans it: its bytes, the user's own rules in
it, and why init leaves it alone (a link, not a regular file) or notes that it is not
committed."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.engine.dockerignore import IgnoreFileError, Rule, display_path, parse_bytes
from ignoregen.plan.writer import block_spans, text_lines

NOT_A_FILE = ("not a regular file (a pipe, socket, device or directory): the build waits "
              "for ever reading a pipe, and fails on the others, before it sends anything")
"""What ``init`` and ``check`` say of an ignore file that is there but is no file."""
DIRECTORY = ("a directory, not a file: BuildKit reads it as no ignore file and sends the "
             "whole context, and the classic builder fails before it sends anything")
"""What ``init`` says of an ignore file that is a directory (``check`` tells the builders
apart: IG001 for BuildKit, IG004 for the classic builder)."""
REMOVE_IT = "remove it, or replace it with a file, and run ignoregen again"


def existing(ignore_file: Path) -> bytes | None:
    """The ignore file's bytes, or None when there is none (or a symbolic link to no file:
    left alone, see :func:`symbolic_link`). One that cannot be read (its mode), or that is
    a pipe, a socket, a device or a directory, is an :class:`IgnoreFileError`: its context
    is reported and left as it is (exit 2), and the other contexts are planned all the
    same, as ``check`` reports it (IG004) and checks the others."""
    if not ignore_file.is_file():
        if os.path.lexists(ignore_file) and not ignore_file.is_symlink():
            what = DIRECTORY if ignore_file.is_dir() else NOT_A_FILE
            raise IgnoreFileError(display_path(ignore_file), None, f"{what}; {REMOVE_IT}")
        return None
    try:
        data = fileio.read_bytes(ignore_file)
    except OSError as exc:
        raise IgnoreFileError(display_path(ignore_file), None,
                              f"cannot read: {exc.strerror or exc}") from None
    if fileio.utf16(data):
        # A UTF-8 block above UTF-16 lines would make a file of two encodings.
        raise IgnoreFileError(display_path(ignore_file), 1, (
            "the file is UTF-16 text (it starts with a UTF-16 byte-order mark, as Windows "
            "PowerShell's '>' writes); Docker reads an ignore file as UTF-8, so none of its "
            "lines matches anything: save it as UTF-8 and run init again"))
    return data


def user_rules(data: bytes | None, source: str) -> tuple[Rule, ...]:
    """The user's rules in an existing file, outside ignoregen's blocks."""
    if not data:
        return ()
    lines = data.split(b"\n")
    for span in block_spans(text_lines(data)):
        for index in span:
            lines[index] = b""
    return parse_bytes(b"\n".join(lines), source)


def allow_list(rules: Sequence[Rule]) -> bool:
    """Is the user's file an allow-list: does a line of theirs exclude everything (``*``,
    ``**``)? A block above it would decide nothing, so init writes its own after theirs."""
    return any(not rule.exception and rule.pattern in ("*", "**", "**/*") for rule in rules)


def uncommitted(ignore_file: Path) -> list[str]:
    """A note when ``ignore_file`` lies where ``.gitignore`` keeps files out of git (a
    context in cargo's ``target/``, where CI puts the binary a Containerfile copies): it
    helps the builds on this machine only."""
    from ignoregen.knowledge.local import gitignored
    from ignoregen.lint.maybe import repository_root

    repo = repository_root(ignore_file.parent, ignore_file.parent)
    try:
        path = ignore_file.relative_to(repo).as_posix()
    except ValueError:
        return []
    if not os.path.lexists(repo / ".git") or not gitignored(repo, [(path, False)]):
        return []  # (git keeps a file it tracks whatever .gitignore says: chirpstack's '.*')
    return [f"{display_path(ignore_file)} lies where .gitignore keeps files out of git: it "
            "is not committed, so it serves this machine's builds only, until the "
            "directory is cleaned"]


def symbolic_link(ignore_file: Path, shown: str) -> str | None:
    """Why ``ignore_file`` is left as it is when it is a symbolic link, else None.

    Replacing the link would silently cut it from its target; writing through it would put
    Docker rules into a file the user keeps for something else (lemmy links .dockerignore
    to .gitignore), or outside the repository. Neither is safe: the user decides."""
    if not ignore_file.is_symlink():
        return None  # (a pipe, a socket or a directory is an error: see existing())
    target = os.readlink(ignore_file)
    return (
        f"{shown} is a symbolic link to {target}: left as it is (writing would replace the "
        f"link or put Docker rules into {target}). To let ignoregen manage it, replace the "
        f"link with a copy of its target (cp --remove-destination {target} {shown}) and run "
        "init again"
    )
