"""Test files that a kept TypeScript or JavaScript source imports: the compiler reads them.

langfuse's web image runs ``next build``, which type-checks every file its tsconfig.json
includes (``**/*.ts``, ``**/*.tsx``), stories and project-named test files too:
``TimelineBar.stories.tsx`` imports ``./__tests__/timeline.fixtures``, and
``useOrderByState.clienttest.tsx`` imports ``@/src/__tests__/fixtures/TestRouter``. With
``**/__tests__`` excluded, the release build stops at "Cannot find module". A bundler
fails the same way on a missing import of a module it reaches.

Only what the presets' test categories would take away is looked for (``**/__tests__``,
``**/*.test.ts``...: :mod:`ignoregen.build.test_paths`), imported from a source they do not
take (a test's own imports go with it). A relative specifier is resolved from the importing
file's directory; a ``paths`` alias of the nearest tsconfig.json (``"@/*": ["./*"]``) from
that file's directory. Only a file that exists is a need; anything else (packages, unknown
aliases, a tsconfig that cannot be read) names nothing.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_IMPORT = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(["'])([^"'\n]+)\1"""
)
_EXTENSIONS = ("", ".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mts", ".cts", ".mjs", ".cjs")
_INDEXES = ("/index.ts", "/index.tsx", "/index.js", "/index.jsx")
_SOURCES_OF = {"js": (".ts", ".tsx", ".d.ts"), "jsx": (".tsx",), "mjs": (".mts", ".d.mts"),
               "cjs": (".cts", ".d.cts")}
"""The TypeScript sources an import of a compiled extension means (TypeScript's and the
bundlers' resolution of ``import "./x.js"`` when only ``x.ts`` exists)."""


def _test_like(path: str) -> bool:
    from ignoregen.build.test_paths import test_path

    return test_path(path)


def test_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    """The test files (``/``-rooted) that the source ``path`` imports (see the module), and
    the test files those import in turn (a fixture that imports another)."""
    if ("test" not in text and "mock" not in text) or _test_like(path):
        return  # (the text first: no import of a test file, and it is cheaper to ask)
    seen = {path}
    pending = [(path, text, 0)]
    while pending:
        source, body, depth = pending.pop()
        for found in _imports(files, source, body, every=depth > 0):
            yield found if depth == 0 else (found[0], found[1], f"{found[2]} in {source}")
            target = found[0].lstrip("/")
            if target not in seen and depth < 3:
                seen.add(target)
                pending.append((target, files.text(target) or "", depth + 1))


def _imports(files: Readable, path: str, text: str, *, every: bool) -> Iterator[Found]:
    """What ``path`` imports from test files; with ``every``, any relative or aliased
    import, for it is a kept test file whose own imports must resolve too."""
    if not every and "test" not in text and "mock" not in text:
        return
    directory = posixpath.dirname(path)
    for match in _IMPORT.finditer(text):
        specifier = match.group(2)
        if specifier.startswith(("./", "../")):
            bases = [posixpath.normpath(posixpath.join(directory, specifier))]
        elif "/" in specifier:
            bases = list(_aliased(files, directory, specifier))
        else:
            continue  # a package
        for base in bases:
            if not every and not (_test_like(base) or _test_like(base + ".ts")):
                continue  # only what the test categories take away (no file looked at)
            found = _existing(files, base)
            if found is not None and _test_like(found):
                line = text.count("\n", 0, match.start()) + 1
                yield "/" + found, line, f"import {specifier!r}"
                break


def _existing(files: Readable, base: str) -> str | None:
    if base.startswith("../") or base in ("..", "."):
        return None
    candidates = [base + suffix for suffix in (*_EXTENSIONS, *_INDEXES)]
    stem, dot, extension = base.rpartition(".")
    if dot and "/" not in extension:
        # ESM TypeScript names the module it compiles to: './mock.js' is the source
        # './mock.ts' (or .tsx, .d.ts), '.mjs' is '.mts', '.cjs' is '.cts'.
        candidates += [stem + suffix for suffix in _SOURCES_OF.get(extension, ())]
    for candidate in candidates:
        try:
            if (files.context / candidate).is_file():
                return candidate
        except (OSError, ValueError):
            return None
    return None


def _aliased(files: Readable, directory: str, specifier: str) -> Iterator[str]:
    """Where a ``paths`` alias of the nearest tsconfig.json maps ``specifier``."""
    found = _tsconfig_paths(files, directory)
    if found is None:
        return
    where, paths = found
    for alias, targets in paths.items():
        if alias.endswith("*"):
            prefix = alias[:-1]
            if not specifier.startswith(prefix):
                continue
            rest = specifier[len(prefix):]
        elif alias == specifier:
            rest = ""
        else:
            continue
        for target in targets if isinstance(targets, list) else ():
            if isinstance(target, str):
                mapped = target.replace("*", rest, 1) if "*" in target else target
                yield posixpath.normpath(posixpath.join(where, mapped))


def _tsconfig_paths(files: Readable, directory: str) -> tuple[str, dict[str, object]] | None:
    key = ("tsconfig-paths", directory)
    if key not in files.memo:
        text = files.text(posixpath.join(directory, "tsconfig.json") if directory
                          else "tsconfig.json")
        if text is not None:
            files.memo[key] = _paths_of(directory, text)
        elif directory:
            files.memo[key] = _tsconfig_paths(files, posixpath.dirname(directory))
        else:
            files.memo[key] = None
    found: tuple[str, dict[str, object]] | None = files.memo[key]
    return found


_COMMENT = re.compile(r'("(?:[^"\\\n]|\\.)*")|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _paths_of(directory: str, text: str) -> tuple[str, dict[str, object]] | None:
    """(directory the paths are relative to, compilerOptions.paths) of a tsconfig.json
    (JSON with comments and trailing commas), or None."""
    bare = _COMMENT.sub(lambda m: m.group(1) or "", text)
    try:
        data = json.loads(_TRAILING_COMMA.sub(r"\1", bare))
    except (ValueError, RecursionError):
        return None
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict) or not isinstance(options.get("paths"), dict):
        return None
    paths = options["paths"]
    base_url = options.get("baseUrl")
    base = base_url if isinstance(base_url, str) else "."
    where = posixpath.normpath(posixpath.join(directory, base))
    return ("" if where == "." else where), paths
