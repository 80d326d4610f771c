"""Writing ignore files without ever losing a user's line.

ignoregen owns one marked block; every other byte of the file is the user's and
stays as it is, line endings, byte order mark, trailing spaces and a missing final
newline included. A new block goes at the top of the file, so that the user's own
lines, which come after it, still have the last word (in ``.dockerignore`` the last
matching line wins); after an allow-list (``*``), which would overrule it, it goes at the
end. Files are replaced atomically: a temporary file beside the
target is written, flushed to disk and renamed over it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen.engine.dockerignore import Rule
from ignoregen.errors import IgnoregenError

BEGIN = "# >>> ignoregen: this block is generated; edit outside it >>>"
END = "# <<< ignoregen <<<"
_BOM = b"\xef\xbb\xbf"


class BlockError(IgnoregenError):
    """An existing file whose markers are broken (exit code 2): better stop than guess."""


@dataclass(frozen=True)
class Merge:
    data: bytes
    changed: bool


def _split_keepends(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    out = [line + b"\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _is_marker(line: bytes, marker: str) -> bool:
    return line.rstrip(b"\r\n") == marker.encode()


def text_lines(data: bytes) -> list[str]:
    """A file's lines as text, without line endings or byte order mark."""
    text = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    return [line.rstrip("\r") for line in text.split("\n")]


def outside_block(data: bytes) -> tuple[list[str], list[str]]:
    """The lines of a file above and below ignoregen's block (all below when it has none),
    without line endings, byte order mark or the blank lines at either end."""
    lines = text_lines(data)
    if BEGIN in lines and END in lines:
        above, below = lines[: lines.index(BEGIN)], lines[lines.index(END) + 1 :]
    else:
        above, below = [], lines

    def trim(part: list[str]) -> list[str]:
        while part and not part[0].strip():
            part = part[1:]
        while part and not part[-1].strip():
            part = part[:-1]
        return part

    return trim(above), trim(below)


def block_lines(path: Path) -> range:
    """The line numbers (1-based, markers included) of ignoregen's block in ``path``; empty
    when it has none or cannot be read."""
    try:
        lines = text_lines(path.read_bytes())
    except OSError:
        return range(0)
    if BEGIN not in lines or END not in lines or lines.index(END) < lines.index(BEGIN):
        return range(0)
    return range(lines.index(BEGIN) + 1, lines.index(END) + 2)


def ours_over_theirs(path: Path | None, deciding: Rule, redundant: Rule) -> bool:
    """Is ``redundant`` a user's line of ``path`` that a line of ignoregen's block makes
    redundant? Their line says what they want whatever the block holds (init may drop its
    own line next time): it is not theirs to remove."""
    block = block_lines(path) if path is not None else range(0)
    return deciding.line in block and redundant.line not in block


def merge_block(
    existing: bytes | None, block: Sequence[str], source: str, at_end: bool = False
) -> Merge:
    """The file with ``block`` (lines without endings) as ignoregen's part of it: where the
    block stands, else at the top; ``at_end`` puts it after the user's lines, wherever it
    stood (their file is an allow-list, whose ``*`` overrules everything above it)."""
    old = existing or b""
    bom = _BOM if old.startswith(_BOM) else b""
    body = old[len(bom) :]
    lines = _split_keepends(body)
    crlf = sum(line.endswith(b"\r\n") for line in lines) * 2 > len(lines) > 0
    ending = b"\r\n" if crlf else b"\n"
    new_block = [line.encode("utf-8", "surrogateescape") + ending for line in [BEGIN, *block, END]]
    begins = [i for i, line in enumerate(lines) if _is_marker(line, BEGIN)]
    ends = [i for i, line in enumerate(lines) if _is_marker(line, END)]
    if len(begins) > 1 or len(ends) > 1 or len(begins) != len(ends):
        raise BlockError(
            f"{source}: expected one '{BEGIN}' line and one '{END}' line, found "
            f"{len(begins)} and {len(ends)}; fix or remove the markers and run again"
        )
    if begins and ends[0] < begins[0]:
        raise BlockError(f"{source}:{ends[0] + 1}: the end marker comes before the begin marker")
    if begins and at_end and any(line.strip() for line in lines[ends[0] + 1 :]):
        after = lines[ends[0] + 1 :]
        if after and not after[0].strip():
            after = after[1:]  # the blank line that init put after its block
        lines = lines[: begins[0]] + after  # the block moves below the user's lines
        begins = []
    if begins:
        start, stop = begins[0], ends[0]
        if stop == len(lines) - 1 and not lines[stop].endswith(b"\n"):
            new_block[-1] = new_block[-1].rstrip(b"\r\n")  # keep a missing final newline missing
        merged = lines[:start] + new_block + lines[stop + 1 :]
    elif at_end and lines:
        if not lines[-1].endswith(b"\n"):
            lines[-1] += ending
        merged = lines + ([ending] if lines[-1].strip() else []) + new_block
    else:
        merged = new_block + ([ending] if lines else []) + lines
    data = bom + b"".join(merged)
    return Merge(data=data, changed=data != old)


def unified_diff(path: str, old: bytes | None, new: bytes) -> str:
    """A unified diff of the two versions, for ``--diff``."""
    before = (old or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = new.decode("utf-8", "replace").splitlines(keepends=True)
    label_old = path if old is not None else "/dev/null"
    import difflib

    return "".join(difflib.unified_diff(before, after, label_old, path))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, whole."""
    import tempfile  # here: check imports this module, and writes nothing (start-up time)

    directory = path.parent
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
