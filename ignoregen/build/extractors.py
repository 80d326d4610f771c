"""Named extractors: what a source file makes the compiler read, where a regular expression
in a preset cannot say it (``//go:embed``, ``include_str!``, Rust's ``mod name;``).

Each takes the context (something with a ``context`` path), the file's path in it and its
text, and yields the paths it reads: relative to the file's directory, or ``/``-rooted at
the context; :mod:`ignoregen.build.needs` cleans them and makes them needs.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # (the presets' module imports this one's names for its schema)
    from ignoregen.knowledge.preset import PresetSet


class Readable(Protocol):
    context: Path
    memo: dict[tuple[str, str], Any]
    """What an extractor worked out about the context, kept for the call."""
    presets: PresetSet | None
    """The presets of the run (None: the built-in ones)."""

    def text(self, path: str) -> str | None: ...


Found = tuple[str, int, str]
"""(path relative to the file's directory, or ``/``-rooted; line; what is there)."""

_GO_EMBED = re.compile(r"^[ \t]*//go:embed[ \t]+(.+)$", re.MULTILINE)
_EMBED_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)')


def _go_embed(text: str) -> Iterator[Found]:
    """``//go:embed`` patterns (``all:`` dropped, directories as they are): paths the Go
    compiler reads from beside the source file."""
    if "go:embed" not in text:  # most sources: a substring test is far cheaper than the regex
        return
    for match in _GO_EMBED.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for quoted, raw, bare in _EMBED_WORD.findall(match.group(1)):
            word = quoted or raw or bare
            pattern = word.removeprefix("all:")
            if pattern.startswith("//"):
                break  # a trailing comment
            yield pattern, line, f"//go:embed {word}"
            if word.startswith("all:"):
                # and the dot files that only 'all:' embeds, which the presets exclude as
                # junk below a needed directory (.gitignore): inngest's pkg/devserver/static
                # holds nothing else until the UI is built into it
                yield f"{pattern}/**/.*", line, f"//go:embed {word}"


_RUST_INCLUDE = re.compile(
    r"\binclude_(?:str|bytes)!\s*\(\s*"
    r'(?P<manifest>concat!\s*\(\s*env!\s*\(\s*"CARGO_MANIFEST_DIR"\s*\)\s*,\s*)?'
    r'(?:r#*)?"(?P<path>[^"]+)"'
)


_RUST_EMBED = re.compile(
    r'#\[\s*folder\s*=\s*"(?P<folder>[^"]+)"\s*\]'
    r'|\binclude_dir!\s*\(\s*"(?P<dir>[^"]+)"'
)
_MANIFEST_DIR = re.compile(r"^\$(?:\{CARGO_MANIFEST_DIR\}|CARGO_MANIFEST_DIR)/*")


def _rust_embed(files: Readable, path: str, code: str) -> Iterator[Found]:
    """Directories read whole at compile time, relative to the crate: rust-embed's
    ``#[folder = "web/dist/"]`` (``$CARGO_MANIFEST_DIR/`` allowed) and include_dir's
    ``include_dir!("$CARGO_MANIFEST_DIR/static")``."""
    for match in _RUST_EMBED.finditer(code):
        named = match.group("folder") or match.group("dir")
        relative = _MANIFEST_DIR.sub("", named)
        if relative.startswith(("/", "$")) or "{" in relative:
            continue  # another variable, or the build machine's file system
        line = code.count("\n", 0, match.start()) + 1
        crate = posixpath.join(_crate_dir(files, path), relative.rstrip("/") or ".")
        yield "/" + posixpath.normpath(crate), line, " ".join(match.group(0).split())[:60]


def _rust_include(files: Readable, path: str, text: str) -> Iterator[Found]:
    """``include_str!``/``include_bytes!``: a path relative to the source file, or to the
    crate with ``concat!(env!("CARGO_MANIFEST_DIR"), ...)``. Not in a comment (stalwart's
    ``/* ... include_str!("../../../resources/...") */``), and not an absolute path, which
    names the build machine's file system (``include_bytes!("/tmp/pdf/files/ep.pdf")``)."""
    embeds = "RustEmbed" in text or "include_dir!" in text
    if "include_" not in text and not embeds:
        return
    code = _rust_code(text)
    if embeds:
        yield from _rust_embed(files, path, code)
    for match in _RUST_INCLUDE.finditer(code):
        line = code.count("\n", 0, match.start()) + 1
        named = match.group("path")
        if match.group("manifest"):
            named = "/" + posixpath.join(_crate_dir(files, path), named.lstrip("/"))
        elif named.startswith("/"):
            continue
        yield named, line, " ".join(match.group(0).split())[:60]


_RUST_CHAR = re.compile(r"'(?:\\u\{[0-9a-fA-F]{1,6}\}|\\.|[^\\'\n])'")
_RUST_RAW = re.compile(r'(?<![A-Za-z0-9_])b?r(#*)"')


_RUST_NEXT = re.compile(r'(?<![A-Za-z0-9_])b?r#*"|["\'/]')
"""Where a literal or comment may start: the scan jumps from one to the next."""
_RUST_STRING = re.compile(r'"(?:[^"\\]|\\[\s\S])*"?')
_RUST_NESTING = re.compile(r"/\*|\*/")
_NOT_NEWLINE = re.compile(r"[^\n]")


@functools.lru_cache(maxsize=256)
def _rust_code(text: str) -> str:
    """``text`` with its comments (``//`` to the end of the line, nested ``/* */``) blanked
    out, line breaks kept; string and character literals are left as they are."""
    kept: list[str] = []
    at, copied, end = 0, 0, len(text)
    while at < end:
        found = _RUST_NEXT.search(text, at)
        if found is None:
            break
        at = found.start()
        char = text[at]
        if char in "br":
            raw = _RUST_RAW.match(text, at)
            assert raw is not None
            close = text.find('"' + raw.group(1), raw.end())
            at = end if close < 0 else close + 1 + len(raw.group(1))
        elif char == '"':
            string = _RUST_STRING.match(text, at)
            assert string is not None
            at = string.end()
        elif char == "'":
            literal = _RUST_CHAR.match(text, at)
            at = literal.end() if literal is not None else at + 1
        elif text.startswith("//", at) or text.startswith("/*", at):
            if text[at + 1] == "/":
                stop = text.find("\n", at)
                stop = end if stop < 0 else stop
            else:
                depth, stop = 1, end
                for mark in _RUST_NESTING.finditer(text, at + 2):
                    depth += 1 if mark.group() == "/*" else -1
                    if not depth:
                        stop = mark.end()
                        break
            kept.append(text[copied:at])
            kept.append(_NOT_NEWLINE.sub(" ", text[at:stop]))
            at = copied = stop
        else:
            at += 1
    kept.append(text[copied:])
    return "".join(kept)


_RUST_MOD = re.compile(
    r"^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+(?:r#)?(\w+)[ \t]*;", re.MULTILINE
)
_TEST_ONLY = re.compile(r"#\[\s*cfg\s*\((?![^\]]*\bnot\s*\()[^\]]*\btest\b")
_FILE_TEST_ONLY = re.compile(r"^\s*#!\[\s*cfg\s*\(\s*test\s*\)", re.MULTILINE)


Declaration = tuple[str, int, str, bool]
"""(module name, line, the declaration as written, whether it is test-only)."""


@functools.lru_cache(maxsize=1024)
def _declarations(text: str) -> tuple[Declaration, ...]:
    """Each ``mod name;`` of a Rust source, and whether an attribute over it is
    ``#[cfg(test)]`` (or another ``cfg`` that holds only under test)."""
    found = []
    for match in _RUST_MOD.finditer(text):
        test_only = False
        end = match.start()
        for _ in range(8):  # the attributes and comments just above, blank lines skipped
            if end <= 0:
                break
            start = text.rfind("\n", 0, end - 1) + 1
            line = text[start:end].strip()
            end = start
            if not line:
                continue
            if not line.startswith(("#[", "//")):
                break
            test_only = test_only or _TEST_ONLY.search(line) is not None
        number = text.count("\n", 0, match.start()) + 1
        found.append((match.group(1), number, " ".join(match.group(0).split()), test_only))
    return tuple(found)


_CRATE_ROOTS = ("src/lib.rs", "src/main.rs", "build.rs")


def _compiled_module(files: Readable, path: str, depth: int = 0) -> bool:
    """Does ``cargo build`` compile the Rust source ``path``? Not when it is an integration
    test, bench or example of its crate, nor when the ``mod`` declaring it (or one above
    it) is test-only; yes for a crate root, and when no declaration is found (an inline
    module or a ``#[path]``: rather kept than guessed away)."""
    key = ("compiled", path)
    if key not in files.memo:
        files.memo[key] = _compiled_uncached(files, path, depth)
    known: bool = files.memo[key]
    return known


def _compiled_uncached(files: Readable, path: str, depth: int) -> bool:
    crate = _crate_dir(files, path)
    inside = path[len(crate) + 1:] if crate else path
    if inside.startswith(("tests/", "benches/", "examples/")):
        return False
    if depth > 32 or inside in _CRATE_ROOTS or inside.startswith("src/bin/"):
        return True
    text = files.text(path) or ""
    if _FILE_TEST_ONLY.search(text):
        return False
    here, _, name = path.rpartition("/")
    if name == "mod.rs":
        here, _, module = here.rpartition("/")
    else:
        module = name.removesuffix(".rs")
    for parent in (f"{here}/mod.rs", f"{here}/lib.rs", f"{here}/main.rs", f"{here}.rs"):
        parent = parent.lstrip("/")
        declared = [
            test_only
            for name, _, _, test_only in _declarations(files.text(parent) or "")
            if name == module
        ]
        if declared:
            return not all(declared) and _compiled_module(files, parent, depth + 1)
    return True


def _rust_modules(files: Readable, path: str, text: str) -> Iterator[Found]:
    """The module files in subdirectories that ``mod name;`` makes rustc read (``name/mod.rs``,
    or ``stem/name.rs`` below a non-root file), for the sources ``cargo build`` compiles, and
    unless the declaration is ``#[cfg(test)]``: a module directory called ``tests`` that the
    build compiles is source, whatever its name."""
    if "mod" not in text or not _compiled_module(files, path):
        return
    here, _, name = path.rpartition("/")
    stem = name.removesuffix(".rs")
    for module, line, shown, test_only in _declarations(text):
        if test_only:
            continue
        # Beside mod.rs and a crate's root (src/bin/*.rs is one too); below its own name for
        # any other file. A module file beside the declaring one is at no more risk than it.
        candidates = []
        if stem in ("mod", "lib", "main") or "/bin/" in f"/{path}":
            candidates.append(f"{module}/mod.rs")
        if stem not in ("mod", "lib", "main"):
            candidates += [f"{stem}/{module}.rs", f"{stem}/{module}/mod.rs"]
        for candidate in candidates:
            if (files.context / here / candidate).is_file():
                yield candidate, line, shown


def _crate_dir(files: Readable, path: str) -> str:
    """The directory of the nearest Cargo.toml above ``path`` (the root when none)."""
    directory = path.rsplit("/", 1)[0] if "/" in path else ""
    key = ("crate", directory)
    if key not in files.memo:
        if (files.context / directory / "Cargo.toml").is_file() or not directory:
            files.memo[key] = directory
        else:
            files.memo[key] = _crate_dir(files, directory)
    found: str = files.memo[key]
    return found


Extractor = Callable[[Readable, str, str], Iterator[Found]]


def _ts_test_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.ts_imports import test_imports

    return test_imports(files, path, text)


def _py_test_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.py_imports import test_imports

    return test_imports(files, path, text)

def _go_test_files(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.go_test_files import go_test_files

    return go_test_files(files, path, text)


def _cargo_members(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.cargo_members import cargo_members

    return cargo_members(files, path, text)


def _go_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.go_imports import go_imports

    return go_imports(files, path, text)


def _go_work_uses(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.go_work import go_work_uses

    return go_work_uses(files, path, text)


def _maven_modules(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.jvm_modules import maven_modules

    return maven_modules(files, path, text)


def _gradle_projects(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.jvm_modules import gradle_projects

    return gradle_projects(files, path, text)


def _dotenv_loads(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.dotenv_loads import dotenv_loads

    return dotenv_loads(files, path, text)


def _cargo_targets(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.cargo_members import cargo_targets

    return cargo_targets(files, path, text)


def _gemspec_files(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.gemspec_files import gemspec_files

    return gemspec_files(files, path, text)


def _symfony_env_files(files: Readable, path: str, text: str) -> Iterator[Found]:
    from ignoregen.build.dotenv_loads import symfony_env_files

    return symfony_env_files(files, path, text)


_SLN_PROJECT = re.compile(r'^Project\("[^"]*"\)\s*=\s*"[^"]*"\s*,\s*"([^"]+)"', re.MULTILINE)
_SLNX_PROJECT = re.compile(r'<Project\b[^>]*?\bPath\s*=\s*"([^"]+)"')


def _solution_projects(text: str) -> Iterator[Found]:
    """The project files a Visual Studio solution lists (``.sln``: ``Project(...) = "Api",
    "src\\Api\\Api.csproj", ...``, with Windows separators; ``.slnx``: ``<Project
    Path="src/Api/Api.csproj" />``); solution folders, which name no file, are left out."""
    for regex in (_SLN_PROJECT, _SLNX_PROJECT):
        for match in regex.finditer(text):
            path = match.group(1).replace("\\", "/")
            if path.lower().endswith("proj"):
                yield path, text.count("\n", 0, match.start()) + 1, path


EXTRACTORS: dict[str, Extractor] = {
    "dotnet-solution": lambda files, path, text: _solution_projects(text),
    # go build compiles no _test.go file; go test does (presets/go.toml names both needs).
    "go-embed": lambda files, path, text: _go_embed("" if path.endswith("_test.go") else text),
    "go-test-embed": lambda files, path, text: _go_embed(text if path.endswith("_test.go")
                                                         else ""),
    "go-test-files": _go_test_files,
    "rust-include": _rust_include,
    "rust-modules": _rust_modules,
    "cargo-members": _cargo_members,
    "cargo-targets": _cargo_targets,
    "go-work-uses": _go_work_uses,
    "go-imports": _go_imports,
    "maven-modules": _maven_modules,
    "gradle-projects": _gradle_projects,
    "ruby-dotenv": _dotenv_loads,
    "symfony-env-files": _symfony_env_files,
    "gemspec-files": _gemspec_files,
    "ts-test-imports": lambda files, path, text: _ts_test_imports(files, path, text),
    "python-test-imports": lambda files, path, text: _py_test_imports(files, path, text),
}
"""The extractors by the name :data:`ignoregen.knowledge.schema.EXTRACTORS` allows."""

OF_SENT_FILES = frozenset({"ts-test-imports", "python-test-imports", "go-test-files",
                           "go-imports", "go-embed", "go-test-embed"})
"""The extractors whose findings hold only while the file they read is sent: an import
happens only in a module that the image has. (A Rust source kept out breaks the build by
itself when its crate declares it; what it includes is still worth naming.) For a Go
source see :data:`OF_GO_PACKAGES`."""

OF_GO_PACKAGES = frozenset({"go-embed", "go-test-embed"})
"""Of :data:`OF_SENT_FILES`, those of Go sources: ``go build`` embeds only for a package it
compiles. A package the user keeps out while other Go sources are sent is one the build
does not import (ollama's 'app': the desktop app beside the server), or its absence breaks
the build whatever it embeds; either way what it embeds is no need. With no Go source sent
at all (an allow-list's '*' before a Dockerfile that runs go build), the build is broken
and what it embeds is still worth naming."""

OF_TEST_FILES = frozenset({"ts-test-imports", "python-test-imports", "go-imports"})
"""The extractors whose every need is a test file (one that
:func:`ignoregen.build.test_paths.test_path` accepts): the imports of kept sources into what
the test categories take away. check leaves them out when it asks about no test file (each
source file is read for them); ``go-test-files`` names keys and data, not test files.
``go-imports`` also names Go sources below any tree excluded by default (docs/), which
check asks for the same way (:func:`ignoregen.build.test_paths.taken_paths`)."""
