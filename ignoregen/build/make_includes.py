"""The files a Makefile pulls in with ``include``, ``-include`` or ``sinclude``, so that the
build commands of their recipes are read as the Makefile's own (cert-manager's Makefile
includes make/02_mod.mk, which includes make/containers.mk, where its images are built).

GNU make reads an included file as if its text stood where the ``include`` line is, and
its recipes run where make runs: the directory of the Makefile it was started on. A
relative name is looked up there too, whichever file includes it (make/02_mod.mk says
``include make/containers.mk``), with no ``-I`` directories. Names may hold wildcards,
``$(wildcard ...)``, and variables assigned before the line (``SELF_DIR := $(dir
$(lastword $(MAKEFILE_LIST)))``); a word that holds anything else is passed over. A file
that is not there is no error (``-include out/.env``, a file a rule makes), and neither is
one outside the project. A file is read once; depth and count are capped.
"""

from __future__ import annotations

import glob
import os
import posixpath
import re
from pathlib import Path

from ignoregen import fileio

MAX_DEPTH = 8
"""Includes within includes, at most."""
MAX_FILES = 128
"""Files read for one Makefile, itself included, at most."""
LONGEST = 1 << 20
"""The longest value a reference may expand to: each line of ``B := $(A)$(A)`` doubles the
one before, and forty of them would need a terabyte (read as unknown beyond a mebibyte)."""

_INCLUDE = re.compile(r"^[ \t]*(?:-include|sinclude|include)[ \t]+(?!:*=|[?+!]=)(.*)$")
_ASSIGN = re.compile(
    r"^[ \t]*(?:(?:export|override|private)[ \t]+)*([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*"
    r"(:::=|::=|:=|\?=|\+=|!=|=)[ \t]*(.*)$"
)
_FUNCTIONS = frozenset({"wildcard", "dir", "notdir", "lastword", "firstword", "realpath",
                        "abspath", "strip", "addprefix", "addsuffix"})


class _Unknown(Exception):
    """A word whose value only make knows (``$(shell ...)``, an unset variable)."""


def makefile_texts(path: Path, root: Path) -> list[tuple[Path, str]]:
    """(file, text) of the Makefile at ``path`` and of every file it includes, in the order
    make reads them; nothing when the Makefile cannot be read. Only files within ``root``
    are read."""
    top = path.parent
    reader = _Reader(top, root)
    reader.read(path, path.name, 0)
    return reader.texts


class _Reader:
    def __init__(self, top: Path, root: Path) -> None:
        self.top = top
        self.inside = os.path.join(os.path.realpath(root), "")
        self.texts: list[tuple[Path, str]] = []
        self.seen: set[str] = set()
        self.variables: dict[str, str] = {"CURDIR": str(top)}
        self.listed: list[str] = []  # MAKEFILE_LIST, as make names the files

    def read(self, path: Path, named: str, depth: int) -> None:
        real = os.path.realpath(path)
        if real in self.seen or len(self.seen) >= MAX_FILES \
                or not real.startswith(self.inside):
            return
        try:
            text = fileio.read_text(path, encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return
        self.seen.add(real)
        self.texts.append((path, text))
        self.listed.append(named)
        for line in _lines(text):
            if line.startswith("\t"):
                continue  # a recipe's line (or one indented by a tab: passed over)
            found = _INCLUDE.match(line)
            if found is not None:
                if depth < MAX_DEPTH:
                    for name in self._names(_uncommented(found.group(1))):
                        self.read(self.top / name, name, depth + 1)
                continue
            assigned = _ASSIGN.match(line)
            if assigned is not None:
                self._assign(*assigned.groups())

    def _assign(self, name: str, operator: str, value: str) -> None:
        value = _uncommented(value).strip()
        if operator == "?=" and name in self.variables:
            return
        try:
            if operator == "+=":
                if name in self.variables:
                    self.variables[name] = f"{self.variables[name]} {self._expand(value)}"
                return
            if operator == "!=":
                raise _Unknown
            self.variables[name] = self._expand(value)
        except _Unknown:
            self.variables.pop(name, None)

    def _names(self, words: str) -> list[str]:
        """The files an include line's words name, relative to the top directory where
        they can be (a name make would look up in its ``-I`` directories is passed over)."""
        out: list[str] = []
        for word in _words(words):
            try:
                expanded = self._expand(word)
            except _Unknown:
                continue
            for name in expanded.split():
                if any(char in name for char in "*?["):
                    pattern = name if os.path.isabs(name) else str(self.top / name)
                    out.extend(os.path.relpath(item, self.top)
                               for item in sorted(glob.glob(pattern)))
                elif os.path.isabs(name):
                    out.append(os.path.relpath(name, self.top))
                else:
                    out.append(name)
        return [posixpath.normpath(name) for name in out]

    def _expand(self, text: str, depth: int = 0) -> str:
        """``text`` with make's references written out; :class:`_Unknown` when one cannot
        be."""
        if depth > 16:
            raise _Unknown
        out: list[str] = []
        length = 0
        i = 0
        while True:
            at = text.find("$", i)
            if at < 0:
                out.append(text[i:])
                if length + len(out[-1]) > LONGEST:
                    raise _Unknown
                return "".join(out)
            if length > LONGEST:
                raise _Unknown
            out.append(text[i:at])
            opener = text[at + 1: at + 2]
            if opener == "$":
                out.append("$")
                i = at + 2
                continue
            if opener not in ("(", "{"):
                raise _Unknown  # $@, $<, a one-letter variable: not readable here
            closer = ")" if opener == "(" else "}"
            level, j = 0, at + 1
            while j < len(text):
                if text[j] == opener:
                    level += 1
                elif text[j] == closer:
                    level -= 1
                    if level == 0:
                        break
                j += 1
            else:
                raise _Unknown
            out.append(self._reference(text[at + 2: j], depth))
            length += len(out[-1]) + at - i
            i = j + 1

    def _reference(self, inner: str, depth: int) -> str:
        name, space, rest = inner.partition(" ")
        if not space:
            name = self._expand(inner, depth + 1)
            if name == "MAKEFILE_LIST":
                return " ".join(self.listed)
            if name not in self.variables:
                raise _Unknown
            return self.variables[name]
        if name not in _FUNCTIONS:
            raise _Unknown  # $(shell ...), $(call ...) and the rest
        if name in ("addprefix", "addsuffix"):
            fix, comma, listed = rest.partition(",")
            if not comma:
                raise _Unknown
            added = self._expand(fix, depth + 1)
            return " ".join(added + word if name == "addprefix" else word + added
                            for word in self._expand(listed, depth + 1).split())
        words = self._expand(rest, depth + 1).split()
        if name in ("lastword", "firstword"):
            return (words[-1] if name == "lastword" else words[0]) if words else ""
        if name == "strip":
            return " ".join(words)
        if name == "wildcard":
            found: list[str] = []
            for word in words:
                absolute = os.path.isabs(word)
                found.extend(item if absolute else os.path.relpath(item, self.top)
                             for item in sorted(glob.glob(
                                 word if absolute else str(self.top / word))))
            return " ".join(found)
        if name == "dir":
            return " ".join((word.rpartition("/")[0] + "/") if "/" in word else "./"
                            for word in words)
        if name == "notdir":
            return " ".join(word.rpartition("/")[2] for word in words)
        # realpath, abspath: the file, from the top directory
        return " ".join(os.path.normpath(self.top / word) for word in words)


def _lines(text: str) -> list[str]:
    """The logical lines of a Makefile: a backslash-newline joins two."""
    out: list[str] = []
    parts: list[str] = []
    for line in text.split("\n"):
        if line.endswith("\\"):
            parts.append(line[:-1])
            continue
        parts.append(line)
        out.append(" ".join(parts))
        parts = []
    if parts:
        out.append(" ".join(parts))
    return out


def _words(text: str) -> list[str]:
    """The words of ``text``, split at blanks outside ``$(...)`` and ``${...}``."""
    out: list[str] = []
    word: list[str] = []
    level = 0
    for char in text:
        if char in "({":
            level += 1
        elif char in ")}" and level:
            level -= 1
        elif char.isspace() and not level:
            if word:
                out.append("".join(word))
            word = []
            continue
        word.append(char)
    if word:
        out.append("".join(word))
    return out


def _uncommented(text: str) -> str:
    """``text`` up to a ``#`` that starts a comment (``\\#`` does not)."""
    at = text.find("#")
    while at > 0 and text[at - 1] == "\\":
        at = text.find("#", at + 1)
    return text if at < 0 else text[:at]
