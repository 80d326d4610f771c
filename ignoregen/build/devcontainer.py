"""Builds that a dev container definition (``devcontainer.json``) names.

VS Code, Codespaces and the devcontainer CLI build the image of a
``.devcontainer/devcontainer.json`` (or ``.devcontainer/NAME/devcontainer.json``, or a
``.devcontainer.json``) that says ``"build": {"dockerfile": ..., "context": ...}``: both
paths relative to the file's directory, the context ``.`` unless given (``..``, the
repository root, is the usual value), with ``target`` for the stage. Older files say
``"dockerFile"`` and ``"context"`` at the top level. A definition that uses an image or a
compose file builds nothing here: its compose file is read as any other, and a list of
them (``"dockerComposeFile": ["../docker-compose.yml", "docker-compose.extend.yml"]``)
is read as compose reads ``-f A -f B``, one project whose relative paths are those of the
first file's directory (:func:`compose_stack`). A path holding a variable
(``${localWorkspaceFolder}``) is not known: that build is left out.

The file is JSON with comments and trailing commas (JSONC). One that cannot be read adds
nothing: the tools that use it report its errors.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.discover import REMOTE_PREFIXES, Build, Discovery

FOLDER = ".devcontainer"


def is_definition(path: Path) -> bool:
    """Is ``path`` a file the dev container tools read (by its name and place)?"""
    if path.name == ".devcontainer.json":
        return True
    return path.name == "devcontainer.json" and FOLDER in (path.parent.name,
                                                           path.parent.parent.name)


_PLAIN = re.compile(r'[^"/}\]]+')
"""A run of text that is neither a string, a comment nor a closing bracket."""
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
"""A string, escapes kept; one left open runs to the end."""


def strip_jsonc(text: str) -> str:
    """``text`` without its comments (``//``, ``/* */``) and trailing commas, strings kept.

    Plain text and strings are taken a run at a time, comments skipped with one search,
    so a file of megabytes takes a second rather than minutes of one step per character.
    """
    out: list[str] = []
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == '"':
            match = _STRING.match(text, index)
            assert match is not None  # the pattern matches any opening quote
            out.append(match.group())
            index = match.end()
        elif text.startswith("//", index):
            end = text.find("\n", index)
            index = size if end < 0 else end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = size if end < 0 else end + 2
        elif char in "}]":
            while out and out[-1].isspace():
                out.pop()
            if out and out[-1][-1] in ", \t\r\n" and not out[-1].startswith('"'):
                kept = out[-1].rstrip()
                out[-1] = kept[:-1] if kept.endswith(",") else kept
            out.append(char)
            index += 1
        elif char == "/":
            out.append(char)
            index += 1
        else:
            match = _PLAIN.match(text, index)
            assert match is not None  # char is none of the characters it stops at
            out.append(match.group())
            index = match.end()
    return "".join(out)


def _text(value: Any) -> str | None:
    """A path given as plain text; None when absent, not text, or holding a variable."""
    if not isinstance(value, str) or not value.strip() or "${" in value:
        return None
    return value.strip()


def _line(source: str, key: str) -> int | None:
    """The line of the first ``"key":`` in ``source`` (1-based), if any."""
    at = source.find(f'"{key}"')
    return None if at < 0 else source.count("\n", 0, at) + 1


def read_file(path: Path, found: Discovery) -> None:
    """Add the build that the dev container definition ``path`` names to ``found``."""
    try:
        source = fileio.read_text(path, encoding="utf-8-sig")
        document = json.loads(strip_jsonc(source))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return
    if not isinstance(document, dict):
        return
    build = document.get("build")
    build = build if isinstance(build, dict) else {}
    dockerfile_key = "dockerfile" if "dockerfile" in build else "dockerFile"
    dockerfile = _text(build.get(dockerfile_key, document.get("dockerFile")))
    context_text = build.get("context", document.get("context", "."))
    context = _text(context_text)
    if dockerfile is None or context is None or context.startswith(REMOTE_PREFIXES):
        return
    target = build.get("target")
    base = path.parent
    lines = tuple((field, line) for field, line in (
        ("build", _line(source, "build") or _line(source, dockerfile_key)),
        ("dockerfile", _line(source, dockerfile_key)),
        ("context", _line(source, "context")),
        ("target", _line(source, "target") if isinstance(target, str) else None),
    ) if line is not None)
    found.builds.append(Build(
        context=Path(os.path.abspath(base / context)),
        dockerfile=Path(os.path.abspath(base / dockerfile)),
        target=target if isinstance(target, str) and target else None,
        origin=f"{path.name}: build",
        defined_in=path,
        lines=lines,
    ))


def compose_stack(path: Path) -> list[Path] | None:
    """The compose files that the definition ``path`` lists in ``dockerComposeFile``, when
    it lists more than one, all local and present: the dev container tools run compose
    with each as a ``-f``, so later files are merged over earlier ones and every relative
    path is the first file's directory's. None otherwise (one file is read by its name)."""
    try:
        document = json.loads(strip_jsonc(fileio.read_text(path, encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    listed = document.get("dockerComposeFile") if isinstance(document, dict) else None
    if not isinstance(listed, list) or len(listed) < 2:
        return None
    texts = [_text(item) for item in listed]
    if any(text is None or text.startswith(REMOTE_PREFIXES) for text in texts):
        return None
    files = [Path(os.path.abspath(path.parent / text)) for text in texts if text is not None]
    return files if all(file.is_file() for file in files) else None
