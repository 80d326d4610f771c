"""The fix of a finding as an edit of an ignore file, not only as a sentence.

A :class:`Fix` is what ``check`` verifies before it prints a hint (the builds of the
context must still receive every path they need) and what ``check --fix`` applies.
Lines the fix adds go into ignoregen's managed block (:mod:`ignoregen.plan.writer`), so
that the user's own lines keep the last word; an exception goes right after the line it
answers, and a replacement keeps the line's place. Every other byte of the file stays as
it is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ignoregen import fileio
from ignoregen.engine.golang import GO_SPACE
from ignoregen.plan.writer import BlockError, first_block, merge_block, second_block

_BOM = b"\xef\xbb\xbf"
_GLOB = "*?[\\"


class EditKind(str, enum.Enum):
    ADD = "add"
    """Add the line ``text`` (to ignoregen's block)."""
    REPLACE = "replace"
    """Write ``text`` instead of line ``line``."""
    DELETE = "delete"
    """Remove line ``line``."""
    EXCEPTION = "exception"
    """Insert the exception ``text`` (``!path``) right after line ``line``."""
    INIT = "init"
    """Write what ``ignoregen init`` plans: ``text`` is the whole new file."""
    ADD_BELOW = "add-below"
    """Add the line ``text`` to ignoregen's second block, after the user's lines (junk
    below a directory that their exception gives back: ``src/web/**/node_modules``)."""


@dataclass(frozen=True)
class Edit:
    """One change to an ignore file that a fix makes."""
    kind: EditKind
    file: str
    """The ignore file, relative to the checked root (it may not exist yet)."""
    text: str = ""
    line: int | None = None
    """1-based, in ``file`` as it is now."""

    def describe(self) -> str:
        if self.kind is EditKind.ADD:
            return f"add '{self.text}' to {self.file}"
        if self.kind is EditKind.REPLACE:
            return f"write '{self.text}' instead of line {self.line}"
        if self.kind is EditKind.DELETE:
            return f"remove line {self.line}"
        if self.kind is EditKind.EXCEPTION:
            return f"add '{self.text}' after line {self.line}"
        if self.kind is EditKind.ADD_BELOW:
            return f"add '{self.text}' to {self.file}, after your lines"
        return "run `ignoregen init`"


@dataclass(frozen=True)
class Fix:
    """The edits that fix one finding, and what they may stop sending."""

    edits: tuple[Edit, ...]
    names: tuple[str, ...] | None = ()
    """Context paths the finding is about: the fix may stop sending them (and what lies
    below them) and nothing else. None: anything, as long as every need is kept (init)."""

    @property
    def file(self) -> str:
        return self.edits[0].file

    @property
    def removes_lines(self) -> bool:
        """Does it take a line out of the file (``--fix`` leaves the user's lines alone)?"""
        return any(edit.kind is EditKind.DELETE for edit in self.edits)

    def describe(self) -> str:
        return "; ".join(edit.describe() for edit in self.edits)


def add(file: str, text: str, names: Iterable[str] = ()) -> Fix:
    return Fix((Edit(EditKind.ADD, file, text),), tuple(names))


def replace_line(file: str, line: int, text: str, names: Iterable[str] = ()) -> Fix:
    return Fix((Edit(EditKind.REPLACE, file, text, line),), tuple(names))


def delete_line(file: str, line: int) -> Fix:
    return Fix((Edit(EditKind.DELETE, file, "", line),))


def exception_after(file: str, line: int, path: str) -> Fix:
    return Fix((Edit(EditKind.EXCEPTION, file, "!" + holdable(path.removeprefix("!")), line),))


def holdable(pattern: str) -> str:
    """``pattern`` (a COPY source, already in Docker's glob syntax) as one line of an ignore
    file: a newline or carriage return in it is ``?``, which matches it."""
    return pattern.replace("\n", "?").replace("\r", "?")


def literal(path: str) -> str:
    """A pattern that matches exactly ``path`` (Docker's glob characters escaped). A byte
    of the name that is not UTF-8 (a surrogate escape here) is ``?``: BuildKit receives
    the byte itself, written in the file, as U+FFFD, which matches no name; ``?`` matches
    the one byte for every builder. So is what no line can hold as it is: a newline or
    carriage return (written as it is, it would end the line, and Docker would read the
    rest of the name as a pattern of its own), and white space at either end (Docker trims
    it). A ``#`` first is ``[#]``: as it is, the line would be a comment."""
    last = len(path) - 1
    return "".join(
        "\\" + c if c in _GLOB
        else "?" if "\udc80" <= c <= "\udcff" or c in "\n\r"
        or (i in (0, last) and c in GO_SPACE)
        else "[#]" if i == 0 and c == "#"
        else c
        for i, c in enumerate(path)
    )


def _lines(body: bytes) -> list[bytes]:
    parts = body.split(b"\n")
    out = [part + b"\n" for part in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def apply_edits(data: bytes | None, edits: Sequence[Edit], source: str) -> bytes:
    """The file after ``edits`` (all of one file; line numbers refer to ``data``).

    Raises :class:`ignoregen.plan.writer.BlockError` when the block markers are broken,
    and for a file saved as UTF-16: UTF-8 lines among its lines would make a file of two
    encodings.
    """
    inits = [edit for edit in edits if edit.kind is EditKind.INIT]
    if data is not None and fileio.utf16(data) and not inits:
        raise BlockError(source, 1, "the file is UTF-16 text, which Docker does not read: "
                         "save it as UTF-8 first, then fix it")
    if inits:
        data = inits[-1].text.encode("utf-8", "surrogateescape")
    old = data or b""
    bom = _BOM if old.startswith(_BOM) else b""
    lines = _lines(old[len(bom) :])
    crlf = sum(line.endswith(b"\r\n") for line in lines) * 2 > len(lines) > 0
    ending = b"\r\n" if crlf else b"\n"
    unplaced = (EditKind.ADD, EditKind.ADD_BELOW, EditKind.INIT)
    placed = [e for e in edits if e.kind not in unplaced and e.line]
    # From the bottom up, so that the numbers above stay right; at one line, the insertion
    # after it comes first.
    for edit in sorted(placed, key=lambda e: (-(e.line or 0), e.kind is not EditKind.EXCEPTION)):
        index = (edit.line or 0) - 1
        if not 0 <= index < len(lines):
            continue
        text = edit.text.encode("utf-8", "surrogateescape")
        if edit.kind is EditKind.EXCEPTION:
            if not lines[index].endswith(b"\n"):
                lines[index] += ending
            lines.insert(index + 1, text + ending)
        elif edit.kind is EditKind.REPLACE:
            line = lines[index]
            kept = line[len(line.rstrip(b"\r\n")) :]
            lines[index] = text + kept
        elif edit.kind is EditKind.DELETE:
            del lines[index]
    result = bom + b"".join(lines)
    texts = [line.rstrip(b"\r\n").decode("utf-8", "surrogateescape") for line in lines]
    present = set(texts)

    def new(kind: EditKind) -> list[str]:
        added = [edit.text for edit in edits if edit.kind is kind]
        return [text for text in dict.fromkeys(added) if text not in present]

    above, below = new(EditKind.ADD), new(EditKind.ADD_BELOW)
    if not above and not below:
        return result
    first = [*(first_block(texts) or []), *above] if above else None
    second = [*(second_block(texts) or []), *below] if below else None
    existing = result if data is not None or lines else None
    return merge_block(existing, first, source, below=second).data
