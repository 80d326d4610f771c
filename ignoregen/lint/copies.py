"""What the user's lines copied into a Dockerfile's own ignore file repeat.

When a build earns an ignore file of its own (``<Dockerfile>.dockerignore``, which BuildKit
reads *instead of* the context's ``.dockerignore``), ``init`` copies the user's lines of
the shared file into its block, under a comment that names the file they come from, and
keeps the copy in step (``init --check`` fails while it differs). ``check`` then found
each problem of those lines twice, once in either file (TandoorRecipes/recipes: 14 of 32
findings right after init), and said IG003 ('ignores .dockerignore entirely') of the
arrangement ``init`` made on purpose. The user edits the original: a finding on a copied
line that the original's line has too is left out, and so is IG003 where the copy is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.lint.findings import Finding
from ignoregen.plan.writer import first_block, outside_block

_HEADER = re.compile(r"#\s*Your lines of (?P<name>\S+), copied:")


def _lines(path: Path) -> list[str]:
    try:
        text = fileio.read_bytes(path).decode("utf-8", "replace").removeprefix("\ufeff")
    except OSError:
        return []
    return [line.rstrip("\r") for line in text.split("\n")]


def copied_from(ignore_file: Path) -> str | None:
    """The name of the file whose lines ``init`` copied into ``ignore_file``'s block."""
    for line in first_block(_lines(ignore_file)) or ():
        found = _HEADER.match(line.strip())
        if found is not None:
            return found.group("name")
    return None


def copied_lines(ignore_file: Path, context: Path) -> frozenset[int]:
    """The line numbers (1-based) of ``ignore_file``'s block that repeat a user's line of
    the file of ``context`` whose lines ``init`` copied there. They say what the user
    wants, as the original's lines do: skyvern's ``*.env*`` then ``!/.env`` (its image
    reads the .env it ships) sends .env on purpose in either file, and check said an error
    of the copy alone right after init wrote it."""
    from ignoregen.plan.writer import block_spans

    lines = _lines(ignore_file)
    name = copied_from(ignore_file)
    if name is None or (context / name) == ignore_file:
        return frozenset()
    try:
        above, below = outside_block(fileio.read_bytes(context / name))
    except OSError:
        return frozenset()
    theirs = {line.strip() for line in [*above, *below] if line.strip()}
    span = block_spans(lines)[0]
    return frozenset(at + 1 for at in span if lines[at].strip() in theirs)


def holds_copy(ignore_file: Path, shared: Path) -> bool:
    """Does ``ignore_file`` hold ``init``'s copy of the lines of ``shared``?"""
    return copied_from(ignore_file) == shared.name


def in_step(ignore_file: Path, shared: Path) -> bool:
    """Does ``ignore_file`` lose nothing of ``shared`` that the user wrote: it holds
    ``init``'s copy of their lines, or ``init`` wrote it and ``shared`` has no line of the
    user's (buildx: a ``Dockerfile.dockerignore`` beside a ``.dockerignore`` that holds
    ignoregen's block alone)?"""
    if holds_copy(ignore_file, shared):
        return True
    if first_block(_lines(ignore_file)) is None:
        return False
    try:
        above, below = outside_block(fileio.read_bytes(shared))
    except OSError:
        return False
    return not any(line.strip() and not line.lstrip().startswith("#") for line in above + below)


def without_repeats(
    root: Path, findings: Sequence[Finding], copies: Mapping[str, str]
) -> list[Finding]:
    """``findings`` less those on a line of a copy (``copies``: the copy's file -> the
    original's, both as shown) that the original reports on a line of the same text, and
    the IG402 ('decides nothing') on a copied line: the original's line is what the user
    edits, and there a line of ignoregen's block above it is no reason to remove it
    (openstreetmap's '/Dockerfile*' under the block's '**/Dockerfile*')."""
    if not copies:
        return list(findings)
    texts: dict[str, list[str]] = {}

    def text(file: str, line: int) -> str | None:
        lines = texts.setdefault(file, _lines(root / file))
        return lines[line - 1].strip() if 0 < line <= len(lines) else None

    @functools.cache
    def theirs(file: str) -> set[str]:
        """The user's lines of ``file`` (outside ignoregen's block), stripped."""
        try:
            above, below = outside_block(fileio.read_bytes(root / file))
        except OSError:
            return set()
        return {line.strip() for line in [*above, *below] if line.strip()}

    originals = set(copies.values())
    there = {
        (item.file, item.id, text(item.file, item.line))
        for item in findings if item.file in originals and item.line is not None
    }
    out: list[Finding] = []
    for item in findings:
        original = copies.get(item.file)
        if original is not None and item.line is not None and (
            (original, item.id, text(item.file, item.line)) in there
            or (item.id == "IG402" and text(item.file, item.line) in theirs(original))
        ):
            continue
        out.append(item)
    return out


_IDLE = frozenset({"IG401", "IG402", "IG403"})
"""Findings that a line decides nothing: matches nothing, is overruled, gives back nothing."""


def without_idle_block_lines(root: Path, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` less those that a line of ignoregen's blocks decides nothing (IG401,
    IG402, IG403). ``init`` writes such a line on purpose (a guard for what a developer's
    machine holds, an ignore file it may write, a need's exception) and would write it
    again: the user can do nothing with the finding, and ``init --check`` says when the
    block is stale (navidrome's 'Dockerfile*' above their own '!Dockerfile')."""
    from ignoregen.plan.writer import block_lines

    @functools.cache
    def ours(file: str) -> frozenset[int]:
        return block_lines(root / file)

    return [item for item in findings
            if not (item.id in _IDLE and item.line is not None and item.file
                    and item.line in ours(item.file))]
