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
from ignoregen.build.shell import UNKNOWN, SimpleCommand, commands

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
            operands = copy_operands(command)
            if operands is None:
                continue
            sources, where = operands
            if where == str(context):
                made.update(posixpath.basename(source) for source in sources)
            elif posixpath.dirname(where) == str(context) and len(sources) == 1:
                made.add(posixpath.basename(where))
    return frozenset(made)


def copy_operands(command: SimpleCommand) -> tuple[list[str], str] | None:
    """The sources and the target of a ``cp`` or ``mv`` that surely runs, as absolute
    paths from its directory; None for another command, or one whose words are unknown."""
    if command.conditional or command.program not in COPIERS:
        return None
    words = [word for word in command.argv[1:] if not word.startswith("-")]
    if len(words) < 2 or any(UNKNOWN in word for word in words):
        return None
    *sources, target = (posixpath.normpath(posixpath.join(command.cwd, word)) for word in words)
    return sources, target


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
