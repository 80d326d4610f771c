"""Context paths that a ``RUN`` copies into what a shipped ``COPY --from`` takes.

writefreely/writefreely's build stage copies the context (``COPY . .``, into its
WORKDIR), builds, and runs ``cp -R .../templates .../keys ... /stage``; the last stage takes
``COPY --from=build /stage /go``. The stage ships only part of itself, and its ``COPY . .``
is not taken whole, so a laptop's ``keys/*.aes256`` was said to reach "no shipped image"
(IG101, a warning) though the image ships it.

Read here: a whole-context ``COPY`` of a stage that ships only part of itself, and a later
``RUN`` of that stage (or of one built FROM it) whose ``cp``/``mv`` copies a path below that
COPY's destination into a path that a shipped ``COPY --from`` of the stage takes (the path
itself or a directory above it). A copy that may not run (in a condition), a word that is
not known, or a glob copies nothing here: what they ship stays unsaid.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from ignoregen.build.copied_before import copy_operands
from ignoregen.build.shell import commands
from ignoregen.build.stages import Shipping, Step

ROOT = "/"


def copied_out(shipping: Shipping) -> Mapping[tuple[str, int], tuple[tuple[str, int, int], ...]]:
    """For the whole-context ``COPY`` at ``(stage, line)`` (the stage lower-cased, once as
    the ``AS`` name and once as the index): ``(context path, RUN line, COPY --from line)``
    for each path that a later ``RUN`` copies into what a shipped ``COPY --from`` takes."""
    out: dict[tuple[str, int], list[tuple[str, int, int]]] = {}
    graph = shipping.graph
    for step, source in shipping.copies:
        taken = [posixpath.normpath(posixpath.join(ROOT, path)) for path in step.sources
                 if path is not None and not any(char in path for char in "*?[")]
        if not taken:
            continue
        chain = graph.chain(source)
        runs = [own for member in chain for own in member.steps if own.instruction == "RUN"]
        for member in chain:
            for own in member.steps:
                if own.instruction != "COPY" or own.from_stage is not None or not own.dest \
                        or [posixpath.normpath(path or "") for path in own.sources] != ["."]:
                    continue
                dest = posixpath.normpath(own.dest)
                found = [(path, run.line, step.line) for run in runs if run.line > own.line
                         for path in _copied(run, dest, taken)]
                for key in ((member.name.lower(), own.line), (str(member.index), own.line)):
                    out.setdefault(key, []).extend(found)
    return {key: tuple(dict.fromkeys(found)) for key, found in out.items() if found}


def _copied(run: Step, dest: str, taken: list[str]) -> list[str]:
    """The context paths (below ``dest``, where the context was copied) that ``run``
    copies into one of the ``taken`` paths."""
    found = commands(run.script, run.env, run.workdir) if run.script is not None else None
    out: list[str] = []
    for command in found or []:
        operands = copy_operands(command)
        if operands is None:
            continue
        sources, target = operands
        if not any(target == path or target.startswith(path.rstrip("/") + "/")
                   for path in taken):
            continue
        below = dest.rstrip("/") + "/"
        out.extend(path[len(below):] for path in sources
                   if path.startswith(below) and not any(char in path for char in "*?["))
    return out
