"""What the commands before a build copy into its context.

gristlabs/grist-core's sandbox/docker/Makefile runs ``cp ../requirements.txt .`` and then
``docker build -t grist-docker-sandbox .``: the Dockerfile's ``COPY requirements.txt``
reads a file the recipe put there, not one of the directory above. Without this, the build
was taken to fail as written (IG005) and was checked with ``sandbox`` as its context.

Looked at: the commands of the build's own line before it, and the lines just above it at
the same indentation (a Makefile recipe's lines; a script's paragraph). A ``cp`` that may not
run (in a condition) or whose words are not known copies nothing here.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.shell import UNKNOWN, commands

COPIERS = frozenset({"cp", "mv"})
"""Programs that copy files into a directory named last."""


def copied_before(
    text: str, number: int, base: Path, context: Path, tool: str
) -> frozenset[str]:
    """The names that commands before the build on line ``number`` (1-based) of ``text``
    (run by the program ``tool``), run in ``base``, copy into ``context``."""
    lines = text.splitlines()
    if not 0 < number <= len(lines):
        return frozenset()
    line = lines[number - 1]
    indent = line[: len(line) - len(line.lstrip())]
    block = [line]
    for earlier in reversed(lines[: number - 1]):
        if not earlier.strip() or earlier[: len(indent)] != indent or (
                earlier[len(indent):len(indent) + 1].isspace()):
            break
        block.insert(0, earlier)
    made: set[str] = set()
    for index, part in enumerate(block):
        found = commands(part, {}, str(base)) or []
        for command in found:
            if index == len(block) - 1 and command.program == tool:
                break
            made |= _copies(command.argv, command.cwd, command.conditional, context)
    return frozenset(made)


def _copies(argv: tuple[str, ...], cwd: str, conditional: bool, context: Path) -> set[str]:
    if conditional or not argv or posixpath.basename(argv[0]) not in COPIERS:
        return set()
    words = [word for word in argv[1:] if not word.startswith("-")]
    if len(words) < 2 or any(UNKNOWN in word for word in words):
        return set()
    *sources, target = words
    where = posixpath.normpath(posixpath.join(cwd, target))
    if where == str(context):
        return {posixpath.basename(posixpath.normpath(source)) for source in sources}
    parent, name = posixpath.split(where)
    return {name} if parent == str(context) and len(sources) == 1 else set()


def copied_by_recipe(context: Path, path: str) -> bool:
    """Does a Makefile in ``context`` copy ``path`` (context-relative) into it before a
    recipe builds that directory as its context?"""
    from ignoregen.build.script_names import MAKEFILES
    from ignoregen.build.scripts import build_commands

    first = path.split("/")[0]
    for name in MAKEFILES:
        try:
            text = fileio.read_text(context / name, encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, context_text, _, _, tool in build_commands(text, False, True, True):
            if UNKNOWN in context_text or os.path.normpath(context / context_text) != str(context):
                continue
            if first in copied_before(text, number, context, context, tool):
                return True
    return False
