"""Dockerfiles that Docker's Dockerfile frontend does not read as Dockerfiles: one whose
``# syntax=`` directive hands it to another frontend (with a language of its own), and one
saved as UTF-16 (Docker reads its bytes as UTF-8)."""

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
