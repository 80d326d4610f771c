"""The modules a ``go.work`` file puts in the workspace.

The go command loads every module a workspace ``use``s before it builds any package: a
listed directory without its ``go.mod`` fails the build ("cannot load module ... listed in
go.work file"), even when the package built imports nothing from it; one that the package
does import is compiled from that directory. Workspaces list modules below ``tests/`` or
``docs/`` (an end-to-end suite, a docs generator), which the test and docs categories
exclude. Of each used module, init keeps its ``go.mod`` and ``go.sum`` and every Go source
that ``go build`` may compile (not the tests, nor ``testdata``, directories that go skips,
or nested modules), so the Go test rules still take the rest.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_COMMENT = re.compile(r"//[^\n]*")
_USE_BLOCK = re.compile(r"^[ \t]*use[ \t]*\(([^)]*)\)", re.MULTILINE)
_USE_LINE = re.compile(r"^[ \t]*use[ \t]+(?!\()(\S[^\n]*)$", re.MULTILINE)
_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)')


def _paths(body: str) -> Iterator[tuple[str, int]]:
    """Each directory named in ``body`` (a ``use`` line's argument, or a block's lines), with
    its offset in ``body``."""
    for match in _WORD.finditer(body):
        yield match.group(1) or match.group(2) or match.group(3), match.start()


def _module_files(root: str) -> Iterator[str]:
    """What of the module in directory ``root`` a build may read, relative to ``root``."""
    for name in ("go.mod", "go.sum"):
        if os.path.isfile(os.path.join(root, name)):
            yield name
    for here, dirs, names in os.walk(root):
        relative = os.path.relpath(here, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        if prefix and "go.mod" in names:
            dirs[:] = []  # a nested module, which the workspace lists itself if it uses it
            continue
        # go skips testdata and names that start with '.' or '_'; a vendor directory's
        # sources are kept too (with -mod=vendor go compiles from there)
        dirs[:] = sorted(name for name in dirs if name != "testdata" and name[0] not in "._")
        for name in sorted(names):
            if name.endswith(".go") and not name.endswith("_test.go"):
                yield prefix + name


def go_work_uses(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a ``go.work``: what go reads of each module it ``use``s, relative to the file's
    directory (a directory that leaves the context, or is absolute, is left out)."""
    if "use" not in text:
        return
    # Comments blanked to spaces keep every offset, so the line numbers stay true.
    clean = _COMMENT.sub(lambda match: " " * len(match.group(0)), text)
    found: list[tuple[int, str]] = []
    for regex in (_USE_BLOCK, _USE_LINE):
        for match in regex.finditer(clean):
            for name, at in _paths(match.group(1)):
                found.append((match.start(1) + at, name))
    for at, name in sorted(found):
        directory = posixpath.normpath(name)
        if directory.startswith(("../", "/")) or directory == "..":
            continue
        line = clean.count("\n", 0, at) + 1
        here = posixpath.dirname(path)
        root = files.context / here / directory if here else files.context / directory
        prefix = "" if directory == "." else directory + "/"
        for file in _module_files(str(root)):
            yield prefix + file, line, f"use {name}"
