"""Host build output that an image takes when a build argument skips its own build step.

gethomepage/homepage's builder stage copies the context into ``/app`` and runs
``if [ "$CI" != "true" ]; then ... pnpm run build; else echo "Using prebuilt app"; fi``;
its last stage takes ``/app/.next/standalone`` and ``/app/.next/static`` from the builder.
The release workflow runs ``pnpm run build`` on the runner and builds the image with
``CI=true``: the image ships the ``.next`` of the context. The presets call ``.next``
build output (junk where the image builds its own), and ``init`` wrote ``**/.next``, with
which that build fails.

Such a path is a need: a ``COPY --from`` takes it from a stage whose context ``COPY``
put it there (``COPY . .`` into ``/app`` makes ``/app/.next/static`` the context's
``.next/static``), a build-output category of the presets claims it, and every ``RUN``
after that copy, in that stage and those it is built FROM, that runs a build step runs it
only inside a shell ``if``. Where one of them builds unconditionally, or a ``RUN`` names
the path (redash's other branch makes ``/frontend/client/dist`` with ``mkdir`` and
``touch``), the image makes its own output, and the host's is junk as before.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from ignoregen.build.dockerfile import DockerfileError, DockerfileReads
from ignoregen.build.needs import Need
from ignoregen.build.prebuilt import _BUILD_STEP
from ignoregen.build.stages import Stage, StageGraph, Step, read_graph
from ignoregen.knowledge.preset import PresetSet, Role

REASON = ("host build output that the image takes when a build argument skips its own "
          "build step")
_COMMANDS = re.compile(r"&&|\|\||;|\n")
_SAYS = ("echo", "printf", ":", "#")
"""Commands that only print (``echo "Skipping the build"``): no build step."""
_KEYWORD = re.compile(r"(?:^|(?<=[\s;&|(]))(if|then|elif|else|fi)(?=$|[\s;&|)])")


def _conditional(text: str) -> bool | None:
    """Does ``text`` (a RUN's shell text) run its build steps only in a branch of an ``if``
    that may be skipped (no ``else``, or a branch that builds nothing)? None when it runs
    none."""
    if not _builds(text):
        return None
    return not _surely_builds(text)


def _builds(text: str) -> bool:
    return any(_BUILD_STEP.search(command) for command in _COMMANDS.split(text)
               if not command.strip().startswith(_SAYS))


def _surely_builds(text: str) -> bool:
    """Does ``text`` run a build step whichever way its ``if`` tests go?"""
    outside: list[str] = []
    depth, start, at = 0, 0, 0
    branches: list[str] = []
    has_else = False
    for match in _KEYWORD.finditer(text):
        word = match.group(1)
        if word == "if":
            if depth == 0:
                outside.append(text[start:match.start()])
                branches, has_else, at = [], False, match.end()
            depth += 1
        elif depth == 1 and word in ("then", "elif", "else"):
            if word != "then":
                branches.append(text[at:match.start()])
            has_else = has_else or word == "else"
            at = match.end()
        elif word == "fi" and depth > 0:
            depth -= 1
            if depth == 0:
                branches.append(text[at:match.start()])
                if has_else and all(_surely_builds(branch) for branch in branches):
                    return True
                start = match.end()
    if depth == 0:
        outside.append(text[start:])
    return any(_builds(part) for part in outside)


def skipped_build_needs(reads: Sequence[DockerfileReads], presets: PresetSet) -> list[Need]:
    """The context paths (see the module's docstring) of the Dockerfiles of ``reads``."""
    if not any(_conditional(text) for reading in reads for _, text in reading.runs):
        return []  # the common case: no build step inside an 'if', nothing to parse again
    from ignoregen.engine.matcher import Matcher

    output = Matcher([rule.rule for category in presets.with_role(Role.BUILD_OUTPUT)
                      for rule in category.rules if not rule.rule.exception])
    found: dict[str, Need] = {}
    for reading in reads:
        try:
            graph = read_graph(reading.path)
        except (DockerfileError, OSError, ValueError):
            continue
        for stage in graph.stages:
            for step in stage.steps:
                source = graph.source(step, stage.index)
                if source is None:
                    continue
                for path, line in _taken(graph, source, step):
                    if path not in found and output.decide(path).excluded:
                        found[path] = Need(
                            path, REASON,
                            f"{reading.path.name}:{line}: its build step runs inside an 'if' "
                            f"only; COPY --from at line {step.line} takes it",
                            None, reading.path.name, line, "dockerfile: commands",
                        )
    return sorted(found.values(), key=lambda need: need.path)


def _taken(graph: StageGraph, source: Stage, step: Step) -> list[tuple[str, int]]:
    """The context paths that ``step`` (a ``COPY --from`` of ``source``) takes, each with
    the line of the conditional build step, when every build step after the context copy
    that put it there is conditional."""
    chain = graph.chain(source)
    out: list[tuple[str, int]] = []
    for wanted in step.sources:
        if wanted is None or any(char in wanted for char in "*?["):
            continue
        absolute = posixpath.normpath(posixpath.join("/", wanted))
        for at, member in enumerate(chain):
            for index, own in enumerate(member.steps):
                path = _from_context(own, absolute)
                if path is None:
                    continue
                later = [*member.steps[index + 1:],
                         *(s for other in chain[at + 1:] for s in other.steps)]
                said = [(run.line, _conditional(run.text)) for run in later
                        if run.instruction == "RUN"]
                building = [(line, only_if) for line, only_if in said if only_if is not None]
                if building and all(only_if for _, only_if in building) and not any(
                    absolute in run.text or path in run.text for run in later
                    if run.instruction == "RUN"
                ):
                    out.append((path, building[0][0]))
    return out


def _from_context(step: Step, absolute: str) -> str | None:
    """The context path that a context ``COPY``/``ADD`` of the whole context (or of one
    directory) put at ``absolute``; None when it put nothing there."""
    if step.instruction not in ("COPY", "ADD") or step.from_stage is not None \
            or not step.dest or len(step.sources) != 1 or step.sources[0] is None:
        return None
    dest = posixpath.normpath(step.dest)
    if not absolute.startswith(dest.rstrip("/") + "/"):
        return None
    below = absolute[len(dest.rstrip("/")) + 1:]
    copied = posixpath.normpath(step.sources[0].strip("/") or ".")
    if any(char in copied for char in "*?[") or copied.startswith(".."):
        return None
    return below if copied == "." else f"{copied}/{below}"
