"""Dependency groups declared by a manifest, read by file format, never run.

* JSON and TOML: a dotted key holds a table (one dependency per key) or a list (one per
  string item; PEP 735 ``{include-group = "x"}`` items count the included group's).
  One ``*`` in the key stands for a group's name.
* Requirements files: one requirement per line that is neither blank, a comment nor an
  option; ``-r`` includes are followed.
* Gemfiles: each ``gem`` with the groups of its ``group ... do`` blocks and its own
  ``group:``/``groups:`` option (gems outside any group are in ``default``). The Ruby is
  read line by line, not evaluated; a file whose blocks do not balance is not understood.

Every reader returns None for a file it cannot read or understand: callers then say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads

_MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Declared:
    """One group of dependencies a manifest declares."""

    name: str
    count: int
    key: str
    """Where, as a dotted key (or the file for a requirements file)."""


def load(path: Path, fmt: str) -> Any:
    """The parsed document (JSON or TOML), or None."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        text = fileio.read_text(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        if fmt == "json":
            import json  # here: most runs read no JSON manifest

            return json.loads(text)
        return toml_loads(text)
    except (ValueError, TomlError, RecursionError):  # RecursionError: nested 2,000 deep
        return None


def lookup(document: Any, dotted: str) -> Any:
    """The value at a dotted key (no ``*``), or None."""
    value = document
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def groups_at(document: Any, dotted: str, name: str | None) -> Iterator[Declared]:
    """The groups found at a dotted key; ``*`` stands for the group's name."""
    if "*" not in dotted:
        value = lookup(document, dotted)
        if value is not None and name is not None:
            yield Declared(name, _count(value, None), dotted)
        return
    head, _, tail = dotted.partition("*")
    parent = lookup(document, head.rstrip(".")) if head.rstrip(".") else document
    if not isinstance(parent, dict):
        return
    tail = tail.lstrip(".")
    for group, body in parent.items():
        value = lookup(body, tail) if tail else body
        if value is None:
            continue
        yield Declared(str(group), _count(value, parent if not tail else None), f"{head}{group}"
                       + (f".{tail}" if tail else ""))


def _count(value: Any, siblings: Mapping[str, Any] | None, depth: int = 0) -> int:
    if isinstance(value, dict):
        return len(value)
    if not isinstance(value, list):
        return 0
    total = 0
    for item in value:
        if isinstance(item, str):
            total += 1
        elif (
            isinstance(item, dict) and siblings is not None and depth < 8
            and isinstance(item.get("include-group"), str)
        ):
            total += _count(siblings.get(item["include-group"]), siblings, depth + 1)
    return total


def truthy(document: Any, dotted: str) -> bool:
    return lookup(document, dotted) is True


# -- requirements files ----------------------------------------------------------------------

_INCLUDE = re.compile(r"^(?:-r|--requirement)(?:\s*=\s*|\s+)(\S+)")


def requirements(path: Path, seen: frozenset[Path] = frozenset()) -> list[tuple[Path, int]] | None:
    """``(file, requirements in it)`` for the file and every file it includes with ``-r``."""
    if path in seen or len(seen) > 20:
        return []
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        lines = fileio.read_text(path, encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    own = 0
    out: list[tuple[Path, int]] = []
    for raw in lines:
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        include = _INCLUDE.match(line)
        if include is not None:
            nested = requirements(path.parent / include.group(1), seen | {path})
            if nested is None:
                return None
            out.extend(nested)
            continue
        if line.startswith("-") and not line.startswith(("-e ", "--editable")):
            continue  # an option: --index-url, -c constraints.txt, --hash ...
        own += 1
    return [(path, own), *out]


# -- Gemfiles --------------------------------------------------------------------------------

_NAME = r"(?::\w+|[\"']\w+[\"'])"
_GROUP_BLOCK = re.compile(
    rf"^group\s*\(?\s*({_NAME}(?:\s*,\s*{_NAME})*)(?:\s*,\s*\w+:.*?)?\s*\)?\s+do\b"
)
_OPENER = re.compile(r"(^|\s)do(\s*\|[^|]*\|)?\s*$|^(if|unless|case|begin|while|until)\b")
_END = re.compile(r"^end\b")
_GEM = re.compile(r"^gem\s*\(?\s*[\"']([\w.-]+)[\"'](.*)$")
_INLINE_GROUPS = re.compile(r"(?:\bgroups?:|:groups?\s*=>)\s*(\[[^\]]*\]|:\w+|[\"']\w+[\"'])")
_SYMBOL = re.compile(r":(\w+)|[\"'](\w+)[\"']")


def gemfile(path: Path) -> list[tuple[str, frozenset[str]]] | None:
    """``(gem, groups)`` of every gem the Gemfile declares, or None when not understood."""
    try:
        if path.stat().st_size > _MAX_BYTES:
            return None
        lines = fileio.read_text(path, encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    stack: list[frozenset[str]] = []
    out: list[tuple[str, frozenset[str]]] = []
    for raw in lines:
        line = _strip_comment(raw).strip()
        if not line:
            continue
        block = _GROUP_BLOCK.match(line)
        if block is not None:
            stack.append(frozenset(_symbols(block.group(1))))
            continue
        if _END.match(line):
            if not stack:
                return None
            stack.pop()
            continue
        gem = _GEM.match(line)
        if gem is not None:
            groups: set[str] = set()
            for level in stack:
                groups |= level
            inline = _INLINE_GROUPS.search(gem.group(2))
            if inline is not None:
                groups |= set(_symbols(inline.group(1)))
            out.append((gem.group(1), frozenset(groups or {"default"})))
            if _OPENER.search(line):
                stack.append(frozenset())
            continue
        if _OPENER.search(line) and not re.search(r"\bend\s*$", line):
            stack.append(frozenset())
    if stack:
        return None
    merged: dict[str, frozenset[str]] = {}
    for name, declared in out:  # Bundler joins the groups of a gem declared twice
        merged[name] = merged.get(name, frozenset()) | declared
    return list(merged.items())


def _strip_comment(line: str) -> str:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def _symbols(text: str) -> list[str]:
    return [a or b for a, b in _SYMBOL.findall(text)]
