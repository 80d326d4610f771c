"""Dockerfiles that Docker's Dockerfile frontend does not read as Dockerfiles: one whose
``# syntax=`` directive hands it to another frontend (with a language of its own), and one
saved as UTF-16 (Docker reads its bytes as UTF-8); and the text of a Dockerfile's bytes as
BuildKit's parser can be given it."""

from __future__ import annotations

import re

UTF16 = ("it is UTF-16 text (it starts with a UTF-16 byte-order mark, as Windows PowerShell's "
         "'>' writes), and Docker reads a Dockerfile as UTF-8, failing on line 1, an "
         "instruction it does not know: save it as UTF-8")
"""Why a Dockerfile saved as UTF-16 cannot be built."""


_DIRECTIVE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*")
_DOCKER_FRONTENDS = re.compile(
    r"(?:[^/\s]+/)*docker/dockerfile(?:-upstream)?(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?")
"""Docker's Dockerfile frontend, from Docker Hub or a mirror of it."""


def custom_frontend(text: str) -> tuple[int, str] | None:
    """The line and image of the ``syntax`` parser directive, when it names a frontend
    other than Docker's own (``docker/dockerfile``, ``docker/dockerfile-upstream``): such a
    frontend reads its own language (INCLUDE instructions, YAML specs), not a Dockerfile.
    Directives are the ``# key=value`` lines at the top, before any other line; a blank
    line ends them too."""
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        found = _DIRECTIVE.fullmatch(line.rstrip("\r"))
        if found is None:
            return None
        if found.group(1).lower() == "syntax":
            image = found.group(2)
            return None if _DOCKER_FRONTENDS.fullmatch(image) else (number, image)
    return None


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
