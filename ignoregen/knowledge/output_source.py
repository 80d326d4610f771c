"""The ``[[outputs]]`` entries of a preset (see :mod:`ignoregen.build.outputs`), read from
the validated TOML: kept apart from :mod:`ignoregen.knowledge.preset` for its size only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ignoregen.knowledge.regex import Regex
from ignoregen.knowledge.schema import Problems, output_problems


@dataclass(frozen=True)
class OutputSource:
    """One ``[[outputs]]`` entry: a path that a build writes itself, so that the host's
    copy is build output even where the build copies it.

    ``command`` matches a ``RUN`` (or a package script it runs) that writes the output.
    Where: ``key`` (key paths of the ``files``, a TOML, JSON or YAML file) or ``regex``
    (group 1, over the ``files``' text, or without ``files`` over the file that group
    ``file`` of ``command`` names) give it, relative to that file's directory (the
    context's root for the file a command runs); ``paths`` when they give nothing (relative
    to a trigger's directory, or to the root without ``files``). ``whole``: the command
    writes the output anew (a cleaned directory, a whole file), so that it is build
    output whether or not ``.gitignore`` lists it; otherwise .gitignore must list it.
    """

    preset: str
    key: str
    """Where it is written: ``outputs[2]``."""
    reason: str
    command: Regex
    files: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    regex: Regex | None = None
    paths: tuple[str, ...] = ()
    whole: bool = False


def read_outputs(
    entries: Sequence[Any], preset: str, problems: Problems
) -> tuple[OutputSource, ...]:
    """The usable ``[[outputs]]`` entries (the others are reported to ``problems``)."""
    outputs: list[OutputSource] = []
    for index, entry in enumerate(entries):
        where = f"outputs[{index}]"
        if output_problems(entry, where, problems):
            outputs.append(
                OutputSource(
                    preset=preset, key=where, reason=entry["reason"],
                    command=entry["command"], files=tuple(entry.get("files", ())),
                    keys=tuple(entry.get("key", ())), regex=entry.get("regex"),
                    paths=tuple(entry.get("paths", ())), whole=bool(entry.get("whole")),
                )
            )
    return tuple(outputs)
