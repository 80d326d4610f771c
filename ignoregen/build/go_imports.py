"""The packages of its own module that a Go source imports.

``go build`` compiles every package the built one imports, wherever it lives in the
module: a package directory named ``test`` or ``tests`` (gno's ``gnovm/pkg/test``, which
its ``gno`` command imports) is code, although the test category excludes such
directories, and so is one below ``docs`` (rclone's ``docs/data/backends``, whose
``embed.go`` embeds the backends' YAML for ``backend/overview``), although the docs
category takes that tree. Of each imported package of the same module, init keeps the Go
sources that ``go build`` compiles (not its ``_test.go`` files, which the Go test rules
still take) where a category excluded by default would take them (the rest is kept
anyway). Test sources are not read for imports (``go build`` never compiles them).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ignoregen.build.test_paths import taken_paths

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_IMPORTS = re.compile(r"^import\s*(?:\(([^)]*)\)|([^\n]*))", re.MULTILINE)
_PATH = re.compile(r'"([^"\n]+)"|`([^`\n]+)`')
_MODULE = re.compile(r"^\s*module\s+\"?([^\s\"/]+(?:/[^\s\"]+)?)\"?", re.MULTILINE)


def _module(files: Readable, directory: str) -> tuple[str, str] | None:
    """(module path, module directory) of the Go module holding ``directory``."""
    key = ("go-module", directory)
    if key in files.memo:
        found: tuple[str, str] | None = files.memo[key]
        return found
    text = files.text(f"{directory}/go.mod" if directory else "go.mod")
    match = _MODULE.search(text) if text is not None else None
    if match is not None:
        found = (match.group(1), directory)
    elif directory:
        found = _module(files, posixpath.dirname(directory))
    else:
        found = None
    files.memo[key] = found
    return found


def _sources(files: Readable, directory: str) -> list[str]:
    """The Go sources that ``go build`` compiles in ``directory`` (a context path) and that
    a category excluded by default would take away; the others are kept anyway, and naming them made
    photoprism's init a third slower (10,800 needs for 1,700 Go files)."""
    key = ("go-package", directory)
    if key not in files.memo:
        try:
            names = sorted(os.listdir(files.context / directory if directory else files.context))
        except OSError:
            names = []
        files.memo[key] = taken_paths(
            f"{directory}/{name}" if directory else name for name in names
            if name.endswith(".go") and not name.endswith("_test.go")
            and (files.context / directory / name).is_file()
        )
    sources: list[str] = files.memo[key]
    return sources


def go_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a Go source that the categories excluded by default leave: the sources of each
    package of its own module that it imports and that they take away, ``/``-rooted at the
    context, and those that such a package imports in turn (gno's command imports
    gnovm/pkg/test, which imports a package below tests/). A source they take away is
    compiled by no build of its own, nor are its imports looked at unless a kept source
    reaches it."""
    if path.endswith("_test.go") or "import" not in text or taken_paths([path]):
        return
    module = _module(files, posixpath.dirname(path))
    if module is None:
        return
    seen = {posixpath.dirname(path)}
    pending = [(path, text, 0)]
    while pending:
        source, body, depth = pending.pop()
        for directory, line, imported in _imported(module, source, body):
            if directory in seen:
                continue
            seen.add(directory)
            found = _sources(files, directory)
            what = f'import "{imported}"' + (f" in {source}" if depth else "")
            for each in found:
                yield "/" + each, line, what
            if depth < 3:
                pending.extend((each, files.text(each) or "", depth + 1) for each in found)


def _imported(module: tuple[str, str], path: str, text: str) -> Iterator[tuple[str, int, str]]:
    """(package directory, line, import path) of each package of ``module`` (its path and
    directory) that the source ``path`` imports, but its own."""
    name, root = module
    here = posixpath.dirname(path)
    for block in _import_blocks(text):
        body = block.group(1) if block.group(1) is not None else block.group(2)
        start = block.start(1) if block.group(1) is not None else block.start(2)
        for quoted in _PATH.finditer(body or ""):
            imported = quoted.group(1) or quoted.group(2)
            if not imported.startswith(name + "/"):
                continue
            inside = imported[len(name) + 1:]
            directory = posixpath.normpath(posixpath.join(root, inside)) if root else inside
            if directory.startswith("../") or directory == here:
                continue
            yield directory, text.count("\n", 0, start + quoted.start()) + 1, imported


def _import_blocks(text: str) -> Iterator[re.Match[str]]:
    """``_IMPORTS.finditer(text)``, tried only where a line starts with ``import``: a
    multiline ``^`` makes the regex try every character of the file (grafana/loki reads
    15,000 sources for their imports)."""
    end = 0
    at = 0 if text.startswith("import") else text.find("\nimport") + 1 or -1
    while at >= 0:
        if at >= end:  # (finditer's matches do not overlap)
            block = _IMPORTS.match(text, at)
            if block is not None:
                yield block
                end = block.end()
        at = text.find("\nimport", at) + 1 or -1
