"""The files a gemspec lists by name: what ``gem build`` packs and checks.

RubyGems refuses to build a gem whose specification names a file that is not there
("[...] are not files"): every entry of ``files``, ``test_files``, ``extra_rdoc_files``,
``extensions`` and ``executables`` (these below ``bindir``, ``bin`` unless it says
otherwise). Only literal names are read: a ``%w[...]`` list, or an array of plain string
literals. A ``Dir[...]`` glob, a string the code compares with (``reject { ... }``) and a
list made at build time (``git ls-files``) name no file here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_ASSIGN = re.compile(
    r"^[ \t]*\w+\.(?P<key>files|test_files|extra_rdoc_files|extensions|executables)"
    r"\s*\+?=\s*", re.MULTILINE)
_BINDIR = re.compile(r"^[ \t]*\w+\.bindir\s*=\s*(?:'([^'\\]+)'|\"([^\"\\#]+)\")", re.MULTILINE)
_WORDS = re.compile(r"%[wW](?:\[([^\]]*)\]|\(([^)]*)\)|\{([^}]*)\}|<([^>]*)>)")
_ARRAY = re.compile(r"(?<![\w\]\)])\[([^\[\]]*)\]")
_STRING = re.compile(r"""\s*(?:'([^'\\]*)'|"([^"\\#]*)")\s*""")
_GLOB = re.compile(r"[*?{}\[\]]")
_OPEN = {"(": ")", "[": "]", "{": "}"}


def _expression(text: str, start: int) -> str:
    """The right-hand side of an assignment from ``start``: up to the end of the line its
    brackets close on, or further while a line ends with an operator."""
    depth: list[str] = []
    at = start
    while at < len(text):
        char = text[at]
        if char in _OPEN:
            depth.append(_OPEN[char])
        elif depth and char == depth[-1]:
            depth.pop()
        elif char in "'\"`":
            end = text.find(char, at + 1)
            at = len(text) if end < 0 else end
        elif char == "\n" and not depth \
                and not text[start:at].rstrip().endswith(("+", "\\", ",")):
            return text[start:at]
        at += 1
    return text[start:at]


def _top(expression: str, at: int) -> bool:
    """Is ``at`` outside every bracket and block of ``expression``? A list inside a call or
    a block (``reject { |f| f.start_with?(*%w[test/ spec/]) }``, bundler's template) is
    something the code compares with, not a list of files."""
    before = re.sub(r"'[^'\\]*'|\"[^\"\\]*\"", "''", expression[:at])
    if re.search(r"\bdo\b|`", before):
        return False
    depth = 0
    for char in before:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
    return depth <= 0


def _names(expression: str) -> Iterator[str]:
    for match in _WORDS.finditer(expression):
        if _top(expression, match.start()):
            yield from "".join(group or "" for group in match.groups()).split()
    plain = _WORDS.sub(lambda match: " " * len(match.group(0)), expression)
    for match in _ARRAY.finditer(plain):
        before = plain[:match.start()].rstrip()
        if before.endswith(("Dir", "glob(")) or not _top(plain, match.start()):
            continue
        items = match.group(1).split(",")
        found = [_STRING.fullmatch(item) for item in items if item.strip()]
        if not found or not all(found):
            continue  # not an array of plain string literals
        for item in found:
            assert item is not None
            yield item.group(1) or item.group(2) or ""


def gemspec_files(files: Readable, path: str, text: str) -> Iterator[Found]:
    """The names ``gem build`` checks in a gemspec, relative to its directory."""
    bindir = _BINDIR.search(text)
    binary = (bindir.group(1) or bindir.group(2)) if bindir else "bin"
    for match in _ASSIGN.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        key = match.group("key")
        for name in _names(_expression(text, match.end())):
            if not name or _GLOB.search(name) or name.startswith("/"):
                continue
            if key == "executables":
                name = f"{binary.rstrip('/')}/{name}"
            yield name, line, f"{key}: {name}"
