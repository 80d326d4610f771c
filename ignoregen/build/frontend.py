"""Dockerfiles that Docker's Dockerfile frontend does not read as Dockerfiles: one whose
``# syntax=`` directive hands it to another frontend (with a language of its own), and one
saved as UTF-16 (Docker reads its bytes as UTF-8); and the text of a Dockerfile's bytes as
BuildKit's parser can be given it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

UTF16 = ("it is UTF-16 text (it starts with a UTF-16 byte-order mark, as Windows PowerShell's "
         "'>' writes), and Docker reads a Dockerfile as UTF-8, failing on line 1, an "
         "instruction it does not know: save it as UTF-8")
"""Why a Dockerfile saved as UTF-16 cannot be built."""


_DIRECTIVE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[ \t\n\f\r]*=[ \t\n\f\r]*(.+?)[ \t\n\f\r]*")
_KEYS = frozenset({"syntax", "escape", "check"})
"""The parser directives BuildKit knows; another key ends the directives."""
_DOCKER_FRONTENDS = re.compile(
    r"(?:[^/\s]+/)*docker/dockerfile(?:-upstream)?(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?")
"""Docker's Dockerfile frontend, from Docker Hub or a mirror of it."""


def directives(text: str, comment: str = "#", first: int = 1) -> Iterator[tuple[int, str, str]]:
    """The parser directives at the top of ``text`` (one byte-order mark already taken
    off), as BuildKit's directive parser reads them: ``(line, key, value)`` for each line
    that starts with ``comment`` followed by a known ``key=value``. The first other line
    (a blank one, an instruction, a comment, an unknown key) ends them. ``first`` is the
    number of the text's first line."""
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=first):
        line = line.removesuffix("\r")
        if not line.startswith(comment):
            return
        found = _DIRECTIVE.fullmatch(line[len(comment):].lstrip())
        if found is None or found.group(1).lower() not in _KEYS:
            return
        key = found.group(1).lower()
        if key in seen:  # BuildKit stops there ('only one ... parser directive')
            return
        seen.add(key)
        yield number, key, found.group(2)


def _syntax(text: str) -> tuple[int, str] | None:
    """The line and value of the syntax directive BuildKit's DetectSyntax finds: after a
    byte-order mark and a ``#!`` line, a ``# syntax=`` directive, else a ``// syntax=`` one
    (a C-style file), else a ``"syntax"`` key of a text that is one JSON object."""
    text = text.removeprefix("\ufeff")
    first = 1
    if text.startswith("#!"):
        text = text.partition("\n")[2]
        first = 2
    for comment in ("#", "//"):
        for number, key, value in directives(text, comment, first):
            if key == "syntax":
                return number, value
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        return None
    named = whole.get("syntax") if isinstance(whole, dict) else None
    return (first, named) if isinstance(named, str) else None


def custom_frontend(text: str) -> tuple[int, str] | None:
    """The line and image of the ``syntax`` parser directive, when it names a frontend
    other than Docker's own (``docker/dockerfile``, ``docker/dockerfile-upstream``): such a
    frontend reads its own language (INCLUDE instructions, YAML specs), not a Dockerfile.
    The image is the value's first word, as BuildKit takes it (the rest is the frontend's
    command line)."""
    found = _syntax(text)
    if found is None:
        return None
    number, value = found
    image = value.split(" ", 1)[0]
    return None if _DOCKER_FRONTENDS.fullmatch(image) else (number, image)


UNREADABLE = "\ufffd"
"""Stands for bytes that are not UTF-8 text, and for NUL bytes, in the text given to the
parser; a word holding it is read as unknown."""


def parser_text(data: bytes) -> tuple[str, list[str]]:
    """The text to give BuildKit's parser, and notes on what had to be replaced.

    The parser is Go behind a C interface that takes a C string: a NUL byte ends the text
    there, and text that is not valid UTF-8 cannot cross at all (the process aborts). Go
    itself reads any bytes, so each offending byte becomes :data:`UNREADABLE` here; the
    lines stay where they are, and the words holding such bytes are read as unknown, which
    the callers treat conservatively.
    """
    text = data.decode("utf-8", errors="replace")
    notes: list[str] = []
    if UNREADABLE in text and UNREADABLE.encode() not in data:
        line = text.count("\n", 0, text.index(UNREADABLE)) + 1
        notes.append(
            f"line {line}: bytes that are not UTF-8 text; words holding them are read as "
            "unknown"
        )
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        notes.append(f"line {line}: NUL bytes; words holding them are read as unknown")
        text = text.replace("\0", UNREADABLE)
    return text, notes
