"""The ``[[maven_commands]]`` entries of a preset (see :mod:`ignoregen.build.maven`): Maven
plugins that run a command line. Kept apart from :mod:`ignoregen.knowledge.preset` for its
size only."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ignoregen.knowledge.schema import Table, Value

_PLUGIN_RE = re.compile(r"[\w.-]+:[\w.-]+\Z")
_PARAMETER_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")


@dataclass(frozen=True)
class MavenCommand:
    """One ``[[maven_commands]]`` entry: a Maven plugin that runs a command line, and the
    names of its configuration's parameters (discovery reads the ``docker build`` it runs:
    :mod:`ignoregen.build.maven`)."""

    plugin: str
    """``groupId:artifactId``."""
    executable: str
    """The parameter naming the program."""
    arguments: str
    """A list parameter: one child element per argument."""
    command_line: str | None = None
    """A parameter holding arguments as one string, split as a shell would."""
    directory: str | None = None
    """The parameter naming the directory it runs in (the module's by default)."""


def maven_command_table() -> Table:
    """What one ``[[maven_commands]]`` entry may hold."""
    parameter = Value((str,), "a parameter name (a string)", form=_PARAMETER_RE,
                      form_hint="a Maven parameter name: letters and digits")
    return Table(
        {
            "plugin": Value((str,), "groupId:artifactId (a string)", required=True,
                            form=_PLUGIN_RE, form_hint="groupId:artifactId"),
            "executable": dataclasses.replace(parameter, required=True),
            "arguments": dataclasses.replace(parameter, required=True),
            "command_line": parameter,
            "directory": parameter,
        },
        what="a table with plugin, executable and arguments",
    )


def read_maven_commands(entries: Sequence[dict[str, Any]]) -> tuple[MavenCommand, ...]:
    """The usable entries of the validated TOML (the others are reported by the schema)."""
    return tuple(
        MavenCommand(
            plugin=entry["plugin"], executable=entry["executable"],
            arguments=entry["arguments"], command_line=entry.get("command_line"),
            directory=entry.get("directory"),
        )
        for entry in entries
        if {"plugin", "executable", "arguments"} <= set(entry)
    )
