"""The packages of its own module that a Go source imports.

``go build`` compiles every package the built one imports, wherever it lives in the
module: a package directory named ``test`` or ``tests`` (gno's ``gnovm/pkg/test``, which
its ``gno`` command imports) is code, although the test category excludes such
directories. Of each imported package of the same module, init keeps the Go sources that
``go build`` compiles (not its ``_test.go`` files, which the Go test rules still take).
Test sources are not read for imports (``go build`` never compiles them).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

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
    """The Go sources that ``go build`` compiles in ``directory`` (a context path)."""
    key = ("go-package", directory)
    if key not in files.memo:
        try:
            names = sorted(os.listdir(files.context / directory if directory else files.context))
        except OSError:
            names = []
        files.memo[key] = [
            f"{directory}/{name}" if directory else name for name in names
            if name.endswith(".go") and not name.endswith("_test.go")
            and (files.context / directory / name).is_file()
        ]
    sources: list[str] = files.memo[key]
    return sources


def go_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a Go source: the sources of each package of its own module that it imports,
    ``/``-rooted at the context."""
    if path.endswith("_test.go") or "import" not in text:
        return
    here = posixpath.dirname(path)
    module = _module(files, here)
    if module is None:
        return
    name, root = module
    for block in _IMPORTS.finditer(text):
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
            line = text.count("\n", 0, start + quoted.start()) + 1
            for source in _sources(files, directory):
                yield "/" + source, line, f'import "{imported}"'
