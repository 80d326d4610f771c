"""Rules for what a context holds and no build reads: host output that a later
``COPY --from`` writes over (``replaced_rules``), and paths ``.gitignore`` lists that no
COPY, ADD or bind mount names (``uncopied_rules``). Each is a literal path, written only
when ``.gitignore`` lists it, so a clean checkout has none of it either."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileReads, Source
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.setup import CONTAINERIGNORE, DOCKERIGNORE
from ignoregen.knowledge.local import gitignored
from ignoregen.knowledge.preset import Category, Role
from ignoregen.plan.alone import SOURCE

REPLACED = Category(
    preset="dockerfile",
    name="replaced",
    description="Host build output that .gitignore lists and that a later COPY --from of the "
    "same image writes over: the image gets the stage's build, not the laptop's",
    exclude_by_default=True,
    priority=0,
    rules=(),
    role=Role.BUILD_OUTPUT,
)
UNCOPIED = Category(
    preset="dockerfile",
    name="unread",
    description="Paths that .gitignore lists and that no COPY, ADD or bind mount of the "
    "builds reads: one machine's files, sent for nothing",
    exclude_by_default=True,
    priority=0,
    rules=(),
    role=Role.LOCAL,
)
UNCOPIED_DEPTH = 3
"""How deep the search for unread paths goes below directories a COPY reaches into."""
UNCOPIED_ENTRIES = 2000
"""A directory with more entries than this is not looked into for unread paths."""


def replaced_rules(
    context: Path, reads: Sequence[DockerfileReads]
) -> list[tuple[Category, Rule]]:
    """A rule excluding each context path that every Dockerfile copying it has written
    over by a later ``COPY --from`` (see :mod:`ignoregen.build.replaced`), when
    ``.gitignore`` lists it (a clean checkout has none of it either)."""
    from ignoregen.build.replaced import replaced_paths
    from ignoregen.plan.gitignore.render import docker_literal

    by_file = [
        {item.path for item in replaced_paths(context, dockerfile.path)}
        if dockerfile.stages else set()
        for dockerfile in reads
    ]
    found = sorted(set().union(*by_file)) if by_file else []
    agreed = [
        path
        for path in found
        if all(
            path in mine
            for dockerfile, mine in zip(reads, by_file, strict=True)
            if any(source.covers(path) for source in dockerfile.sources)
        )
    ]
    listed = gitignored(context, [(path, (context / path).is_dir()) for path in agreed])
    out: list[tuple[Category, Rule]] = []
    for path in agreed:
        if path in listed:
            rule = parse_line(docker_literal(path), SOURCE, 0)
            if rule is not None:
                out.append((REPLACED, rule))
    return out


def uncopied_rules(
    context: Path, reads: Sequence[DockerfileReads],
    ask: Callable[[Path, Sequence[tuple[str, bool]]], dict[str, str]] = gitignored,
) -> list[tuple[Category, Rule]]:
    """A rule excluding each path that ``.gitignore`` lists (and git's index does not
    hold) where no COPY, ADD or bind mount of the Dockerfiles reads: when none of them
    copies the whole context, what they do not name never reaches a build. Only the
    first such entry on each path is named; the search goes into the directories that a
    source reaches below, :data:`UNCOPIED_DEPTH` levels deep."""
    from ignoregen.plan.gitignore.render import docker_literal

    sources = [source for dockerfile in reads for source in dockerfile.sources]
    if reads:
        sources.extend(_default_dockerfile_sources(context, reads))
    if not reads or any(source.whole_context for source in sources):
        return []
    unread: list[tuple[str, bool]] = []
    stack = [("", 0)]
    while stack:
        directory, depth = stack.pop()
        try:
            with os.scandir(context / directory) as iterator:
                entries = sorted(iterator, key=lambda entry: entry.name)
        except OSError:
            continue
        if len(entries) > UNCOPIED_ENTRIES:
            continue
        for entry in entries:
            path = f"{directory}/{entry.name}" if directory else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if any(source.covers(path) for source in sources):
                continue
            if not is_dir and entry.name.endswith((DOCKERIGNORE, CONTAINERIGNORE)):
                continue  # an ignore file (init's own, once written: miniserve's context
                # under a gitignored target/ got '.dockerignore' from a second init)
            if is_dir and any(source.reaches_below(path) for source in sources):
                if depth < UNCOPIED_DEPTH:
                    stack.append((path, depth + 1))
                continue
            unread.append((path, is_dir))
    listed = ask(context, unread)  # (gitignored, or the run's answers of it)
    out: list[tuple[Category, Rule]] = []
    for path, _ in unread:
        if path in listed:
            rule = parse_line(docker_literal(path), SOURCE, 0)
            if rule is not None:
                out.append((UNCOPIED, rule))
    return out


def _default_dockerfile_sources(
    context: Path, reads: Sequence[DockerfileReads]
) -> list[Source]:
    """What a Dockerfile that ``docker build .`` reads without being told (``Dockerfile``
    at the context's root) copies, when no known build of this context uses it: one that
    only GoReleaser builds, in a context of its own, is still built here by a developer
    after the host build that makes its inputs. knadh/listmonk's root Dockerfile does
    ``COPY listmonk .`` and ``make dist`` leaves the gitignored ``listmonk`` binary there:
    excluding it as unread would break that ``docker build .``."""
    from ignoregen.build.discover import DEFAULT_DOCKERFILES
    from ignoregen.build.dockerfile import DockerfileError, analyse

    used = {os.path.normcase(os.path.abspath(dockerfile.path)) for dockerfile in reads}
    out: list[Source] = []
    for name in sorted(DEFAULT_DOCKERFILES):
        path = context / name
        if not path.is_file() or os.path.normcase(os.path.abspath(path)) in used:
            continue
        try:
            out.extend(analyse(path, all_stages=True).sources)
        except DockerfileError:
            continue  # (what it reads is unknown: its build fails before any COPY)
    return out
