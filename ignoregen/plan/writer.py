"""Writing ignore files without ever losing a user's line.

ignoregen owns one marked block, and at most one more below the user's lines; every
other byte of the file is the user's and stays as it is, line endings, byte order mark,
trailing spaces and a missing final newline included. A new block goes at the top of the
file, so that the user's own lines, which come after it, still have the last word (in
``.dockerignore`` the last matching line wins); after an allow-list (``*``), which would
overrule it, it goes at the end. The second block (``BELOW_BEGIN``) follows a user's
exception that gives back a directory of theirs (``src/`` then ``!src/web``): it excludes
the junk below that directory which the first block's lines can no longer reach. Files are
replaced atomically: a temporary file beside the target is written, flushed to disk and
renamed over it; a file that may not be written (mode 0444, another user's) is refused,
as an editor would, though its directory would let the rename through.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen import fileio
from ignoregen.engine.dockerignore import Rule
from ignoregen.errors import IgnoregenError

BEGIN = "# >>> ignoregen: this block is generated; edit outside it >>>"
END = "# <<< ignoregen <<<"
BELOW_BEGIN = "# >>> ignoregen: junk in what your lines give back; generated, edit outside it >>>"
BELOW_END = "# <<< ignoregen: junk in what your lines give back <<<"
_BOM = b"\xef\xbb\xbf"
_PLACE = b"\0ignoregen: the second block\0"
"""Stands for the second block while the first is merged (no line of a file is this)."""


class BlockError(IgnoregenError):
    """An existing file whose markers are broken (exit code 2): better stop than guess."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(f"{source}{'' if line is None else f':{line}'}: {message}")


@dataclass(frozen=True)
class Merge:
    """An ignore file's new bytes, and whether they changed."""
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


def _span(lines: Sequence[str], begin: str, end: str) -> range | None:
    if begin not in lines:
        return None
    start = lines.index(begin)
    return range(start, lines.index(end, start) + 1) if end in lines[start:] else None


def block_spans(lines: Sequence[str]) -> list[range]:
    """Where ignoregen's blocks stand in ``lines`` (as :func:`text_lines` gives them): the
    0-based indexes of each, markers included, the first block's first."""
    spans = (_span(lines, BEGIN, END), _span(lines, BELOW_BEGIN, BELOW_END))
    return [span for span in spans if span is not None]


def first_block(lines: Sequence[str]) -> list[str] | None:
    """The lines inside ignoregen's first block (markers left out); None when it has none."""
    span = _span(lines, BEGIN, END)
    return None if span is None else list(lines[span.start + 1 : span.stop - 1])


def second_block(lines: Sequence[str]) -> list[str] | None:
    """The lines inside ignoregen's second block (markers left out); None when it has none."""
    span = _span(lines, BELOW_BEGIN, BELOW_END)
    return None if span is None else list(lines[span.start + 1 : span.stop - 1])


def outside_block(data: bytes) -> tuple[list[str], list[str]]:
    """The lines of a file above and below ignoregen's first block (all below when it has
    none), its second block left out, without line endings, byte order mark or the blank
    lines at either end."""
    lines = text_lines(data)
    first = _span(lines, BEGIN, END)
    second = _span(lines, BELOW_BEGIN, BELOW_END) or range(0)
    if second and second.start and not lines[second.start - 1].strip():
        second = range(second.start - 1, second.stop)  # with the blank line init put above
    start, stop = (first.start, first.stop) if first is not None else (0, 0)
    below = [line for i, line in enumerate(lines[stop:], stop) if i not in second]

    def trim(part: list[str]) -> list[str]:
        while part and not part[0].strip():
            part = part[1:]
        while part and not part[-1].strip():
            part = part[:-1]
        return part

    return trim(lines[:start]), trim(below)


def block_numbers(data: bytes) -> frozenset[int]:
    """The line numbers (1-based, markers included) of ignoregen's blocks in ``data``."""
    return frozenset(i + 1 for span in block_spans(text_lines(data)) for i in span)


def block_lines(path: Path) -> frozenset[int]:
    """:func:`block_numbers` of the file ``path`` (empty when it cannot be read)."""
    try:
        return block_numbers(fileio.read_bytes(path))
    except OSError:
        return frozenset()


def ours_over_theirs(path: Path | None, deciding: Rule, redundant: Rule) -> bool:
    """Is ``redundant`` a user's line of ``path`` that a line of ignoregen's block makes
    redundant? Their line says what they want whatever the block holds (init may drop its
    own line next time): it is not theirs to remove."""
    block = block_lines(path) if path is not None else frozenset()
    return deciding.line in block and redundant.line not in block


def _find(lines: Sequence[bytes], begin: str, end: str, source: str) -> tuple[int, int] | None:
    """The indexes of a block's markers in ``lines`` (None when it has none)."""
    begins = [i for i, line in enumerate(lines) if _is_marker(line, begin)]
    ends = [i for i, line in enumerate(lines) if _is_marker(line, end)]
    if len(begins) > 1 or len(ends) > 1 or len(begins) != len(ends):
        raise BlockError(
            source, (begins or ends)[-1] + 1, f"expected one '{begin}' line and one '{end}' "
            f"line, found {len(begins)} and {len(ends)}; fix or remove the markers and run again"
        )
    if begins and ends[0] < begins[0]:
        raise BlockError(source, ends[0] + 1, "the end marker comes before the begin marker")
    return (begins[0], ends[0]) if begins else None


def merge_block(
    existing: bytes | None, block: Sequence[str] | None, source: str, at_end: bool = False,
    below: Sequence[str] | None = None,
) -> Merge:
    """The file with ``block`` (lines without endings) as ignoregen's part of it: where the
    block stands, else at the top; ``at_end`` puts it after the user's lines, wherever it
    stood (their file is an allow-list, whose ``*`` overrules everything above it). None
    leaves the first block as it is (or absent).

    ``below`` is the second block's lines: where it stands, else after the user's lines;
    empty, the second block goes; None leaves it as it is."""
    old = existing or b""
    bom = _BOM if old.startswith(_BOM) else b""
    lines = _split_keepends(old[len(bom) :])
    crlf = sum(line.endswith(b"\r\n") for line in lines) * 2 > len(lines) > 0
    ending = b"\r\n" if crlf else b"\n"

    def encoded(begin: str, text: Sequence[str], end: str) -> list[bytes]:
        return [line.encode("utf-8", "surrogateescape") + ending for line in [begin, *text, end]]

    second = _find(lines, BELOW_BEGIN, BELOW_END, source)
    if below is not None and second is not None:
        start, stop = second
        if start and not lines[start - 1].strip():
            start -= 1  # the blank line that init put above it
        # Where the second block goes back, if it stays where it stood: not when the first
        # block moves below the user's lines (it then follows the first).
        lines[start : stop + 1] = [_PLACE] if below and not at_end else []
    _find(lines, BEGIN, END, source)  # broken markers stop here, whatever is written
    merged = lines if block is None else _merged(
        lines, encoded(BEGIN, block, END), source, at_end, ending)
    if below is not None:
        place = merged.index(_PLACE) if _PLACE in merged else None
        new_below = encoded(BELOW_BEGIN, below, BELOW_END) if below else []
        if place is not None:
            gap = [ending] if place and new_below else []
            merged[place : place + 1] = gap + new_below
        elif new_below:
            if merged and not merged[-1].endswith(b"\n"):
                merged[-1] += ending
            merged += [ending, *new_below] if merged else new_below
    data = bom + b"".join(merged)
    return Merge(data=data, changed=data != old)


def _merged(
    lines: list[bytes], new_block: list[bytes], source: str, at_end: bool, ending: bytes
) -> list[bytes]:
    """``lines`` with ``new_block`` as ignoregen's first block (see :func:`merge_block`)."""
    found = _find(lines, BEGIN, END, source)
    if found is not None and at_end and any(line.strip() for line in lines[found[1] + 1 :]):
        after = lines[found[1] + 1 :]
        if after and not after[0].strip():
            after = after[1:]  # the blank line that init put after its block
        lines = lines[: found[0]] + after  # the block moves below the user's lines
        found = None
    if found is not None:
        start, stop = found
        if stop == len(lines) - 1 and not lines[stop].endswith(b"\n"):
            new_block[-1] = new_block[-1].rstrip(b"\r\n")  # keep a missing final newline missing
        return lines[:start] + new_block + lines[stop + 1 :]
    if at_end and lines:
        if not lines[-1].endswith(b"\n"):
            lines[-1] += ending
        return lines + ([ending] if lines[-1].strip() else []) + new_block
    return new_block + ([ending] if lines else []) + lines


def unified_diff(path: str, old: bytes | None, new: bytes) -> str:
    """A unified diff of the two versions, for ``--diff``."""
    before = (old or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = new.decode("utf-8", "replace").splitlines(keepends=True)
    label_old = path if old is not None else "/dev/null"
    import difflib

    # A last line without its line end is marked as diff and patch do (else it runs into
    # the next line of the diff, and the patch would add a line end).
    return "".join(
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(before, after, label_old, path)
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, whole."""
    import tempfile  # here: check imports this module, and writes nothing (start-up time)

    directory = path.parent
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o7777
    if mode is not None and (not mode & 0o222 or not os.access(path, os.W_OK)):
        # The rename below needs only the directory's permission: a file its owner made
        # read-only (or one this user may not write) would be replaced all the same.
        why = "read-only" if not mode & 0o222 else "not writable by this user"
        raise PermissionError(
            errno.EACCES, f"{why} (mode {mode:04o}): make it writable to let ignoregen "
            "change it", str(path))
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=directory)
    except OSError as exc:  # the file is named, not the temporary one that was not made
        raise OSError(exc.errno, f"cannot write: {exc.strerror}", str(path)) from None
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
