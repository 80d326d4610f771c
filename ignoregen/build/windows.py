"""Paths of a Dockerfile built for Windows: COPY/ADD sources, WORKDIR and destinations.

A Windows builder reads a path the lexer has finished with (escapes removed) as a Windows
path: BuildKit normalises it for the stage's platform (``util/system.NormalizePath`` with the
platform's OS: every backslash becomes ``/`` and a ``C:`` drive prefix is dropped), and the
classic builder on a Windows daemon joins it to the context with Windows' ``filepath``. So
``COPY bin\\Release\\net8.0\\publish\\ C:\\app\\`` under ``# escape=``` copies
``bin/Release/net8.0/publish``, while on Linux a backslash left by the lexer is part of a
file name. Nothing changes for a Dockerfile that shows no sign of Windows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import dockerfile as buildkit_parser

from ignoregen.engine.golang import clean

if TYPE_CHECKING:
    from ignoregen.build.dockerfile import Source

_DRIVE_PATH = re.compile(r"^[A-Za-z]:[\\/]")
"""A Windows absolute path (``C:\\app``, ``c:/inetpub``): a WORKDIR or destination no Linux
image uses."""
_SYSTEM_DRIVE = re.compile(r"^[Cc]:")


def built_for_windows(
    commands: Iterable[buildkit_parser.Command], escape: str, bases: Iterable[str] = ()
) -> bool:
    """Does the Dockerfile show that it is built for Windows: the backtick escape directive
    (Docker's reference gives it for Windows paths), a base image presets/images/common.toml
    lists as Windows, ``FROM --platform=windows/...``, or a drive-letter WORKDIR or COPY/ADD
    destination?"""
    if escape == "`":
        return True
    from ignoregen.knowledge.images import load

    patterns = load().settings.windows_images
    if any(p.search(base.lower()) for base in bases for p in patterns):
        return True
    for command in commands:
        name = command.cmd.upper()
        words = list(command.value)
        if name == "FROM" and words and any(p.search(words[0].lower()) for p in patterns):
            return True  # as written (mcr.microsoft.com/windows/server:$RELEASE)
        if name == "FROM" and any(flag.lower().startswith("--platform=windows")
                                  for flag in command.flags):
            return True
        if name == "WORKDIR" and words and _DRIVE_PATH.match(words[0]):
            return True
        if name in ("COPY", "ADD") and len(words) >= 2 and _DRIVE_PATH.match(words[-1]):
            return True
    return False


def image_path(path: str) -> str:
    """A lexed path as a Windows builder reads it (a WORKDIR, a destination, a ``COPY
    --from`` source): backslashes are separators and the system drive's prefix goes
    (``C:\\src\\`` is ``/src/``), as BuildKit's ``NormalizePath`` does for Windows."""
    path = path.replace("\\", "/")
    return path[2:] if _SYSTEM_DRIVE.match(path) else path


def windows_path(path: str) -> str:
    """A lexed source as a Windows builder names it in the context (:func:`image_path`),
    cleaned and relative to the context's root, as a Linux source is."""
    cleaned = clean(image_path(path))
    return clean(cleaned.lstrip("/")) if cleaned != "/" else "."


def on_windows(source: Source) -> Source:
    """``source`` (read the Linux way) as a Windows builder reads it."""
    return source._replace(
        path=None if source.path is None else windows_path(source.path),
        pattern=windows_path(source.pattern),
        shapes=tuple(windows_path(shape) for shape in source.shapes),
        spans=windows_path(source.spans) if source.spans else "",
    )
