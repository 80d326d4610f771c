"""Builds defined by ``docker buildx bake`` files: ``docker-bake.json`` and ``docker-bake.hcl``.

Bake reads ``docker-bake.json``, ``docker-bake.override.json``, ``docker-bake.hcl`` and
``docker-bake.override.hcl`` of one directory together; a target named in several files
takes the attributes of each, later files winning. A target's ``inherits`` copies the
attributes of other targets first. ``context`` (default ``.``) is relative to the directory
bake runs in, not to the bake file (docker/buildx#1028): the bake file's own directory
when nothing says otherwise (bake finds a file by its name only there), the directory of
a command or CI step that names the file with ``-f`` (:class:`BakeRun`) when one does.
``dockerfile`` (default ``Dockerfile``) is relative to the context; a
``dockerfile-inline`` target has no Dockerfile of its own.

The JSON form is read whole. The HCL form is read by a small parser for what bake files
commonly hold: ``variable``, ``group`` and ``target`` blocks whose attributes are strings
(with ``${VAR}``), lists, maps, numbers and variable names. An expression it does not
evaluate (a function call, a condition) is kept as unknown: in ``context`` or
``dockerfile`` the target is not analysed, in ``target`` every stage is, and either way
the build says so. Targets that only serve as parents (inherited, and in no group) are
not builds of their own.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.discover import (
    BAKE_FILES,
    REMOTE_PREFIXES,
    Build,
    BuildProblem,
    Discovery,
    ProblemKind,
)
from ignoregen.build.interpolate import TemplateError, interpolate

_FIELDS = ("context", "dockerfile", "dockerfile-inline", "target", "inherits")
_MAX_INHERITS = 32
_MAX_NESTED = 100
"""How deep blocks, lists and maps may nest in an HCL file (real bake files: three or four)."""


@dataclass(frozen=True)
class BakeRun:
    """A bake file named by a command or a CI step that runs bake in ``base``: its targets'
    contexts are relative to ``base``, not to the file's directory."""

    file: Path
    base: Path
    evidence: str
    """``file:line`` of the command or step."""


@dataclass(frozen=True)
class Unknown:
    """A value the parser does not evaluate."""

    text: str


@dataclass(frozen=True)
class Template:
    """A quoted HCL string, before its ``${...}`` are expanded."""

    text: str


@dataclass(frozen=True)
class Ref:
    """A bare name: a variable."""

    name: str


@dataclass
class _Target:
    """One bake target: its attributes and where each was set."""
    attrs: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)


@dataclass
class _Definitions:
    """What a bake file defines: variables, targets and groups."""
    variables: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, _Target] = field(default_factory=dict)
    grouped: set[str] = field(default_factory=set)
    groups: dict[str, list[str]] = field(default_factory=dict)


class HclError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# -- HCL, the common subset ----------------------------------------------------------------------

_SIMPLE = re.compile(
    r"(?P<space>[ \t\r]+)|(?P<newline>\n)|(?P<comment>#[^\n]*|//[^\n]*|/\*.*?\*/)"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<ident>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<punct>[{}\[\]()=,:.?!<>+\-*/%&|])",
    re.DOTALL,
)
_HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


@dataclass(frozen=True)
class _Token:
    """A token of a bake file's HCL text."""
    kind: str
    text: str
    line: int
    value: Any = None


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    pos = 0
    line = 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            value, end = _string(text, pos, line)
            out.append(_Token("string", text[pos:end], line, Template(value)))
            line += text.count("\n", pos, end)
            pos = end
            continue
        heredoc = _HEREDOC.match(text, pos)
        if heredoc is not None:
            marker = heredoc.group(2)
            closing = re.compile(rf"^[ \t]*{re.escape(marker)}[ \t]*$", re.MULTILINE)
            found = closing.search(text, heredoc.end())
            if found is None:
                raise HclError(line, f"heredoc <<{marker} is never closed")
            body = text[heredoc.end() : found.start()]
            if heredoc.group(1):
                body = _dedent(body)
            out.append(_Token("string", text[pos : found.end()], line, Template(body)))
            line += text.count("\n", pos, found.end())
            pos = found.end()
            continue
        match = _SIMPLE.match(text, pos)
        if match is None:
            raise HclError(line, f"unexpected character {char!r}")
        kind = match.lastgroup or ""
        if kind == "newline":
            out.append(_Token("newline", "\n", line))
        elif kind not in ("space", "comment"):
            out.append(_Token(kind, match.group(), line))
        line += match.group().count("\n")
        pos = match.end()
    out.append(_Token("end", "", line))
    return out


def _dedent(body: str) -> str:
    lines = body.split("\n")
    widths = [len(item) - len(item.lstrip(" \t")) for item in lines if item.strip()]
    cut = min(widths, default=0)
    return "\n".join(item[cut:] for item in lines)


def _string(text: str, start: int, line: int) -> tuple[str, int]:
    """A quoted string from ``start`` (its opening quote): its text with escapes undone and
    ``${...}`` kept as written, and the position after the closing quote."""
    out: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            return "".join(out), pos + 1
        if char == "\n":
            break
        if char == "\\" and pos + 1 < len(text):
            following = text[pos + 1]
            if following == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[pos + 2 : pos + 6]):
                out.append(chr(int(text[pos + 2 : pos + 6], 16)))
                pos += 6
                continue
            out.append(_ESCAPES.get(following, "\\" + following))
            pos += 2
            continue
        if text.startswith("${", pos) or text.startswith("%{", pos):
            end = _template_end(text, pos + 2, line)
            out.append(text[pos:end])
            pos = end
            continue
        out.append(char)
        pos += 1
    raise HclError(line, "unterminated string")


def _template_end(text: str, pos: int, line: int) -> int:
    """The position after the ``}`` that closes a ``${`` whose body starts at ``pos``."""
    depth = 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            _, pos = _string(text, pos, line)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    raise HclError(line, "unterminated ${ in a string")


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.nested = 0  # blocks, lists and maps open around the parser's place

    def enter(self, line: int) -> None:
        """One more block, list or map opens (each is a frame of Python's stack)."""
        self.nested += 1
        if self.nested > _MAX_NESTED:
            raise HclError(line, f"blocks, lists or maps nested more than {_MAX_NESTED} "
                                 "levels deep (ignoregen reads up to that)")

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def skip_newlines(self) -> None:
        while self.peek().kind == "newline":
            self.pos += 1

    def body(self, closing: str | None) -> list[tuple[str, Any, int, list[str]]]:
        """Items until ``closing`` (``}``) or the end: (name, value or block body, line,
        block labels; None labels for an attribute)."""
        items: list[tuple[str, Any, int, list[str]]] = []
        while True:
            self.skip_newlines()
            token = self.peek()
            if token.kind == "end" or (token.kind == "punct" and token.text == closing):
                if closing is not None:
                    if token.kind == "end":
                        raise HclError(token.line, "a block is never closed with '}'")
                    self.take()
                return items
            if token.kind != "ident":
                raise HclError(token.line, f"expected a name, found {token.text!r}")
            self.take()
            following = self.peek()
            if following.kind == "punct" and following.text == "=":
                self.take()
                items.append((token.text, self.expression(), token.line, []))
                self.end_of_attribute()
                continue
            labels: list[str] = []
            while self.peek().kind in ("string", "ident"):
                label = self.take()
                labels.append(label.value.text if label.kind == "string" else label.text)
            opening = self.take()
            if not (opening.kind == "punct" and opening.text == "{"):
                raise HclError(opening.line, f"expected '=' or '{{' after {token.text!r}")
            self.enter(opening.line)
            items.append((token.text, self.body("}"), token.line, labels))
            self.nested -= 1

    def end_of_attribute(self) -> None:
        token = self.peek()
        if token.kind in ("newline", "end") or (token.kind == "punct" and token.text == "}"):
            return
        raise HclError(token.line, f"unexpected {token.text!r} after a value")

    def expression(self) -> Any:
        """A value; anything beyond a literal, a list, a map or a name becomes Unknown."""
        start = self.pos
        value = self.primary()
        token = self.peek()
        if token.kind in ("newline", "end") or (
            token.kind == "punct" and token.text in ("}", "]", ",", ")")
        ):
            return value
        self.pos = start
        return Unknown(self.skip_expression())

    def primary(self) -> Any:
        token = self.take()
        if token.kind == "string":
            return token.value
        if token.kind == "number":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "ident":
            following = self.peek()
            if following.kind == "punct" and following.text in ("(", "."):
                return Unknown(token.text)  # a call or an attribute: not evaluated
            return {"true": True, "false": False, "null": None}.get(token.text, Ref(token.text))
        if token.kind == "punct" and token.text == "[":
            self.enter(token.line)
            items: list[Any] = []
            while True:
                self.skip_newlines()
                if self.peek().text == "]":
                    self.take()
                    self.nested -= 1
                    return items
                items.append(self.expression())
                self.skip_newlines()
                if self.peek().text == ",":
                    self.take()
        if token.kind == "punct" and token.text == "{":
            self.enter(token.line)
            mapping: dict[str, Any] = {}
            while True:
                self.skip_newlines()
                if self.peek().text == "}":
                    self.take()
                    self.nested -= 1
                    return mapping
                key = self.take()
                name = key.value.text if key.kind == "string" else key.text
                separator = self.take()
                if separator.text not in ("=", ":"):
                    raise HclError(
                        separator.line, f"expected '=' in a map, found {separator.text!r}"
                    )
                mapping[name] = self.expression()
                self.skip_newlines()
                if self.peek().text == ",":
                    self.take()
        if token.kind == "end":
            raise HclError(token.line, "the file ends where a value should be")
        return Unknown(token.text)

    def skip_expression(self) -> str:
        """Skip an expression this parser does not evaluate: to the end of the line, with
        brackets balanced."""
        depth = 0
        parts: list[str] = []
        while True:
            token = self.peek()
            if token.kind == "end":
                if depth:
                    raise HclError(token.line, "brackets are never closed")
                break
            if depth == 0 and (
                token.kind == "newline" or (token.kind == "punct" and token.text in "},]")
            ):
                break
            if token.kind == "punct" and token.text in "([{":
                depth += 1
            elif token.kind == "punct" and token.text in ")]}":
                depth -= 1
            elif token.kind == "newline":
                self.take()
                continue
            parts.append(token.text)
            self.take()
        return " ".join(parts)


def parse_hcl(text: str) -> list[tuple[str, Any, int, list[str]]]:
    """The top-level items of an HCL file (see :meth:`_Parser.body`). Raises HclError."""
    return _Parser(_tokens(text)).body(None)


# -- reading a directory's bake files ------------------------------------------------------------


def _json_value(value: Any) -> Any:
    """JSON strings are templates too, as in the HCL form."""
    if isinstance(value, str):
        return Template(value)
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def _json_items(data: Any) -> list[tuple[str, Any, int, list[str]]]:
    """The JSON form as the same items as the HCL form."""
    items: list[tuple[str, Any, int, list[str]]] = []
    if not isinstance(data, dict):
        return items
    for kind in ("variable", "group", "target"):
        blocks = data.get(kind)
        if not isinstance(blocks, dict):
            continue
        for name, body in blocks.items():
            if not isinstance(body, dict):
                continue
            attrs: list[tuple[str, Any, int, list[str]]] = [
                (key, _json_value(value), 0, []) for key, value in body.items()
            ]
            items.append((kind, attrs, 0, [str(name)]))
    return items


def _collect(items: list[tuple[str, Any, int, list[str]]], path: Path, into: _Definitions,
             line_of: Mapping[str, int]) -> None:
    for kind, body, line, labels in items:
        if not labels or not isinstance(body, list):
            continue
        name = labels[0]
        attrs = {key: value for key, value, _, sublabels in body if not sublabels}
        lines = {key: (path, at or line_of.get(name, 1)) for key, _, at, sub in body if not sub}
        if kind == "variable":
            into.variables[name] = attrs.get("default", "")
        elif kind == "group":
            targets = attrs.get("targets")
            if isinstance(targets, list):
                names = [item.text for item in targets if isinstance(item, Template)]
                into.groups[name] = names
        elif kind == "target":
            target = into.targets.setdefault(name, _Target())
            target.attrs.update(attrs)
            target.lines.update(lines)
            target.lines.setdefault("build", (path, line or line_of.get(name, 1)))


class _Evaluator:
    def __init__(self, definitions: _Definitions, environ: Mapping[str, str]) -> None:
        self.definitions = definitions
        self.environ = environ
        self.resolving: set[str] = set()
        self.known: dict[str, str | None] = {}
        """Values worked out without meeting a cycle (which depend on nothing else)."""
        self.cut = False

    def variable(self, name: str) -> str | None:
        if name in self.environ and name in self.definitions.variables:
            return self.environ[name]
        if name in self.known:
            return self.known[name]
        if name not in self.definitions.variables or name in self.resolving \
                or len(self.resolving) >= _MAX_NESTED:  # each is a few frames of the stack
            self.cut = self.cut or name in self.resolving or len(self.resolving) >= _MAX_NESTED
            return None
        outer, self.cut = self.cut, False
        self.resolving.add(name)
        try:
            value = self.value(self.definitions.variables[name])
        finally:
            self.resolving.discard(name)
        result = value if isinstance(value, str) else None
        if not self.cut:
            self.known[name] = result
        self.cut = self.cut or outer
        return result

    def scope(self) -> Mapping[str, str]:
        """The variables' values, each worked out when a template names it: working all of
        them out for every template made each variable's default re-evaluate every other
        (frappe_docker's docker-bake.hcl: 10 million expansions, 40 s)."""
        return _Scope(self)

    def value(self, raw: Any) -> Any:
        """A string, a number or a list of strings; None for what cannot be known."""
        if isinstance(raw, Template):
            try:
                expanded = interpolate(raw.text, self.scope())
            except TemplateError:
                return None
            return None if expanded.unset else expanded.value
        if isinstance(raw, Ref):
            return self.variable(raw.name)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return str(raw)
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        return None if isinstance(raw, Unknown) else raw


class _Scope(Mapping[str, str]):
    """The variables that have a value, as a mapping that evaluates on lookup."""

    def __init__(self, evaluator: _Evaluator) -> None:
        self._evaluator = evaluator

    def __getitem__(self, name: str) -> str:
        if not isinstance(name, str):
            raise KeyError(name)
        value = self._evaluator.variable(name)
        if value is None:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._evaluator.definitions.variables if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def read_files(paths: Sequence[Path], environ: Mapping[str, str], found: Discovery,
               runs: Sequence[BakeRun] = (), root: Path | None = None) -> None:
    """Add the builds of the bake files of one directory to ``found``: run in that
    directory, or where each of ``runs`` (the commands that name one of them) runs bake.
    With no such command, a directory above (up to ``root``) when only from there every
    target's Dockerfile is found (:func:`_default_base`)."""
    definitions = _Definitions()
    order = {name: index for index, name in enumerate(BAKE_FILES)}
    for path in sorted(paths, key=lambda item: order.get(item.name, len(order))):
        try:
            data = fileio.read_bytes(path)
            text = data.decode("utf-8-sig")
        except OSError as exc:
            found.problems.append(BuildProblem.unread(path, exc))
            continue
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            found.problems.append(BuildProblem(
                ProblemKind.FAILS, path, line, "not UTF-8 text; bake cannot read it, so its "
                "targets are not analysed", path.parent, whole_file=True))
            continue
        if path.suffix == ".json":
            try:
                document = json.loads(text)
            except RecursionError:  # Go's decoder reads 10,000 levels; Python's fewer
                found.problems.append(BuildProblem(
                    ProblemKind.UNREAD, path, None, "arrays or objects nested more deeply "
                    "than ignoregen reads, so its targets are not analysed", path.parent,
                    whole_file=True))
                continue
            except ValueError as exc:
                found.problems.append(BuildProblem(
                    ProblemKind.FAILS, path, getattr(exc, "lineno", None),
                    f"not valid JSON ({getattr(exc, 'msg', exc)})"
                    "; bake cannot read it, so its targets are not analysed", path.parent,
                    whole_file=True))
                continue
            targets = document.get("target") if isinstance(document, dict) else None
            line_of = {  # a "target" that is not an object gives none (as _json_items)
                name: text.count("\n", 0, max(text.find(f'"{name}"'), 0)) + 1
                for name in (targets if isinstance(targets, dict) else {})
            }
            _collect(_json_items(document), path, definitions, line_of)
            continue
        try:
            items = parse_hcl(text)
        except HclError as exc:
            found.problems.append(BuildProblem(
                ProblemKind.UNREAD, path, exc.line,
                f"{exc.message}: ignoregen reads only the common forms of HCL, so this "
                "file's targets are not analysed", whole_file=True))
            continue
        _collect(items, path, definitions, {})
    names = {os.path.normpath(path) for path in paths}
    bases: dict[Path, str | None] = {}
    for run in runs:
        if os.path.normpath(run.file) in names:
            bases.setdefault(Path(os.path.normpath(run.base)), run.evidence)
    if not bases and paths:
        bases[_default_base(definitions, environ, paths[0].parent, root)] = None
    before = len(found.problems)
    for base, evidence in bases.items():
        _builds(definitions, environ, found, base, evidence)
    found.problems[before:] = list(dict.fromkeys(found.problems[before:]))  # once per base


def _default_base(definitions: _Definitions, environ: Mapping[str, str], directory: Path,
                  root: Path | None) -> Path:
    """Where bake runs when no command or CI step that names the file says: the file's own
    directory, unless a target's Dockerfile is missing from there while from a directory
    above it, up to ``root``, every target's context and Dockerfile are found. Such a file
    is run from the top with ``-f`` (code-server's ci/release-image/docker-bake.hcl, whose
    targets name ``ci/release-image/Dockerfile``, is run so by a shell script); taking its
    own directory would report every target's Dockerfile missing."""

    def every_found(base: Path) -> bool:
        trial = Discovery()
        _builds(definitions, environ, trial, base, None)
        files = [build for build in trial.builds if build.inline is None]
        return bool(files) and all(
            build.context.is_dir() and build.dockerfile.is_file() for build in files)

    if root is None or directory == root or every_found(directory):
        return directory
    above = directory
    while above != root and root in above.parents:
        above = above.parent
        if every_found(above):
            return above
    return directory


def _builds(definitions: _Definitions, environ: Mapping[str, str], found: Discovery,
            base: Path, evidence: str | None) -> None:
    evaluator = _Evaluator(definitions, environ)
    parents = {name: _parents(evaluator, target) for name, target in definitions.targets.items()}
    inherited = {parent for names in parents.values() for parent in names if parent}
    grouped = {name for names in definitions.groups.values() for name in names}
    seen: set[tuple[Path, Path, str | None, str | None]] = set()
    for name, target in definitions.targets.items():
        if name in inherited and name not in grouped:
            continue  # a parent only
        attrs, lines, unknown = _inherit(definitions, parents, name, 0)
        if unknown:
            file, line = target.lines.get("inherits", target.lines["build"])
            found.problems.append(BuildProblem(
                ProblemKind.UNREAD, file, line,
                f"target.{name}.inherits: a parent ignoregen cannot work out (an unset "
                "variable or an expression): the build is not analysed"))
            continue
        build = _build(evaluator, name, attrs, lines, target, found, base, evidence)
        if build is None:
            continue
        key = (build.context, build.dockerfile, build.target, build.inline)
        if key not in seen:
            seen.add(key)
            found.builds.append(build)


def _null(evaluator: _Evaluator, raw: Any) -> bool:
    """HCL's ``null``, written or a variable's default that the environment leaves alone: bake
    treats the attribute as not set (buildkit's ``target = IMAGE_TARGET``, whose default is
    null, builds the last stage)."""
    if isinstance(raw, Ref) and raw.name not in evaluator.environ:
        raw = evaluator.definitions.variables.get(raw.name, "")
    return raw is None


def _parents(evaluator: _Evaluator, target: _Target) -> list[str | None]:
    """The names a target inherits from, their ``${VAR}`` expanded as bake does
    (tonistiigi/xx: ``inherits = ["test-${TEST_BASE_TYPE}"]``); None for one that cannot be
    worked out."""
    raw = target.attrs.get("inherits")
    if not isinstance(raw, list):
        return [] if raw is None else [None]
    names = [evaluator.value(item) for item in raw]
    return [item if isinstance(item, str) else None for item in names]


_Inherited = tuple[dict[str, Any], dict[str, tuple[Path, int]], bool]


def _inherit(definitions: _Definitions, parents: Mapping[str, list[str | None]], name: str,
             depth: int, memo: dict[tuple[str, int], _Inherited] | None = None) -> _Inherited:
    """A target's attributes with those of its parents, and whether a parent (at any depth)
    could not be worked out. ``memo`` keeps each (target, depth) worked out once: a parent
    reached along many paths (``inherits = ["a", "b"]`` where both inherit ``c``, level
    after level) was worked out once per path, exponential in the depth."""
    target = definitions.targets.get(name)
    if target is None or depth > _MAX_INHERITS:
        return {}, {}, False
    memo = {} if memo is None else memo
    if (name, depth) in memo:
        return memo[name, depth]
    attrs: dict[str, Any] = {}
    lines: dict[str, tuple[Path, int]] = {}
    unknown = False
    for parent in parents.get(name, []):
        if parent is None:
            unknown = True
        elif parent != name:
            more, more_lines, more_unknown = _inherit(definitions, parents, parent, depth + 1,
                                                      memo)
            attrs.update(more)
            lines.update(more_lines)
            unknown = unknown or more_unknown
    attrs.update(target.attrs)
    lines.update(target.lines)
    memo[name, depth] = attrs, lines, unknown
    return dict(attrs), dict(lines), unknown


def _build(evaluator: _Evaluator, name: str, attrs: dict[str, Any],
           lines: dict[str, tuple[Path, int]], target: _Target, found: Discovery,
           base: Path, evidence: str | None) -> Build | None:
    path, entry_line = target.lines["build"]
    origin = f"{path.name}: target.{name}"
    if evidence is not None:
        origin += f" (bake run by {evidence})"

    def at(key: str) -> tuple[Path, int]:
        return lines.get(key, (path, entry_line))

    values: dict[str, str | None] = {}
    for key in ("context", "dockerfile", "dockerfile-inline", "target"):
        if key in attrs and not _null(evaluator, attrs[key]):
            value = evaluator.value(attrs[key])
            values[key] = value if isinstance(value, str) else None
    for key in ("context", "dockerfile"):
        if key in values and values[key] is None:
            file, line = at(key)
            found.problems.append(BuildProblem(
                ProblemKind.UNREAD, file, line,
                f"target.{name}.{key}: a value ignoregen cannot work out (an unset variable "
                "or an expression): the build is not analysed"))
            return None
    context_text = values.get("context") or "."
    if context_text.startswith(REMOTE_PREFIXES) or context_text.startswith("target:"):
        return None
    context = Path(os.path.abspath(base / context_text))
    named = attrs.get("contexts")
    for key, raw in named.items() if isinstance(named, dict) else ():
        text = evaluator.value(raw)
        if isinstance(text, str) and text and "://" not in text \
                and not text.startswith(("target:", *REMOTE_PREFIXES)):
            found.named_context(Path(os.path.abspath(base / text)), str(key))  # own ignore file
    inline = values.get("dockerfile-inline")
    dockerfile = (
        path if inline is not None
        else Path(os.path.abspath(context / (values.get("dockerfile") or "Dockerfile")))
    )
    stage = values.get("target")
    all_stages = "target" in values and stage is None
    if all_stages:
        file, line = at("target")
        found.problems.append(BuildProblem(
            ProblemKind.ASSUMED, file, line,
            f"target.{name}.target: a value ignoregen cannot work out: every stage is "
            "analysed", context))
    return Build(
        context=context,
        dockerfile=dockerfile,
        target=stage or None,
        origin=origin,
        inline=inline,
        defined_in=path,
        lines=tuple((key, line) for key, (file, line) in lines.items() if file == path),
        all_stages=all_stages,
    )
