"""Does the stage that runs a tool see a path? A need whose preset entry says ``in_stage``
(a bundler reading ``.env``) holds only for a stage that both has the path (copied into it,
or into a stage it is built FROM) and runs the tool (a ``RUN``, or the command the image
starts with). LycheeOrg/Lychee builds its assets with Vite in a ``node`` stage that copies
named paths only; its final stage copies the whole context, ``.env`` included, but runs
no bundler: nothing reads ``.env`` as Vite configuration there, yet ``init`` kept it (and
advised ``!.env``, which would ship a laptop's APP_KEY)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads, Stage, covering
from ignoregen.knowledge.preset import NeedSource

_START = re.compile(r"^[ \t]*(?:CMD|ENTRYPOINT)[ \t]+(.*)$", re.IGNORECASE | re.MULTILINE)


def _lines_of(stages: Sequence[Stage], text: str) -> dict[str, tuple[int, int]]:
    """Each stage's first and last line (1-based) in the Dockerfile."""
    ordered = sorted(stages, key=lambda stage: stage.line)
    last = text.count("\n") + 1
    return {stage.name: (stage.line, (ordered[i + 1].line - 1) if i + 1 < len(ordered) else last)
            for i, stage in enumerate(ordered)}


def _chain(stage: Stage, by_name: dict[str, Stage]) -> list[str]:
    """The stage and the stages it is built FROM, nearest first."""
    names = [stage.name]
    while (parent := by_name.get(stage.base.lower())) is not None and parent.name not in names:
        names.append(parent.name)
        stage = parent
    return names


def seen_where_run(
    reads: Sequence[DockerfileReads], source: NeedSource, path: str,
    reaches: Callable[[str, re.Pattern[str]], bool] | None = None,
) -> bool:
    """Does a stage that runs a command matching the ``built_by`` of ``source`` have
    ``path``? Yes when a Dockerfile's stages are not known or it cannot be read again.
    ``reaches(command, tool)``, when given, says whether a ``RUN`` whose command matches
    may run the tool on what the need is about (a filtered build that leaves a workspace
    member out does not: build/member_installs.py)."""
    if source.built_by is None:
        return True
    tool = source.built_by.compiled
    for dockerfile in reads:
        if not dockerfile.stages:
            return True
        try:
            text = fileio.read_text(dockerfile.path)
        except (OSError, ValueError):
            return True
        spans = _lines_of(dockerfile.stages, text)
        by_name = {stage.name.lower(): stage for stage in dockerfile.stages}
        by_name.update({str(stage.index): stage for stage in dockerfile.stages})
        running: set[str] = set()
        for line, command in dockerfile.runs:
            if tool.search(command) and (reaches is None or reaches(command, tool)):
                running.update(name for name, (first, end) in spans.items() if first <= line <= end)
        target = by_name.get(dockerfile.target.lower())
        if target is not None:
            for name in _chain(target, by_name):  # the command the image starts with
                first, end = spans[name]
                for found in _START.finditer(text):
                    if first <= text.count("\n", 0, found.start()) + 1 <= end \
                            and tool.search(found.group(1)):
                        running.add(target.name)
        for name in running:
            chain = set(_chain(by_name[name.lower()], by_name))
            if covering([s for s in dockerfile.sources if s.stage in chain])(path):
                return True
    return False
