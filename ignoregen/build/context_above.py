"""Where a Dockerfile no definition builds is built from, when not its own directory: the
directory above it that holds what it copies, that a comment's build command or an ignore
file there names, or a workspace root its pruner needs (see :func:`context_above`); else
the one the other Dockerfiles of its directory (or, alone among build files, of the
directories beside it) are built from (:func:`context_of_siblings`)."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.elsewhere import context_beyond


def context_above(
    dockerfile: Path, root: Path, copied_in: frozenset[str] = frozenset()
) -> tuple[Path, str] | None:
    """The directory above ``dockerfile`` (up to ``root``) that is its context by its
    sources, and why; None when its own directory can be (or nothing can be known).
    ``copied_in``: names that the command running the build copies into the Dockerfile's own
    directory first (grist-core's ``cp ../requirements.txt .``): that directory holds them.

    The known sources that are not the whole context and that some directory holds (a
    wildcard: matches something there) must all be below the directory; a source no
    directory holds (made by an earlier step, or a mistake) tells nothing. The nearest
    directory that holds them all wins, and only when the Dockerfile's own does not.
    """
    from ignoregen.build.dockerfile import DockerfileError, analyse

    here = dockerfile.parent
    if here == root:  # only a directory above root can say otherwise (`check backend`)
        from ignoregen.build.elsewhere import context_beyond_own
        return context_beyond_own(dockerfile, root)
    if root not in here.parents:
        return None
    try:
        reads = analyse(dockerfile, all_stages=True)
    except (DockerfileError, RecursionError):
        return None
    above = list(here.parents)
    above = above[: above.index(root) + 1]
    held = {
        source.pattern: [directory for directory in (here, *above)
                         if _holds(directory, source.pattern)
                         or (directory == here and source.pattern.split("/")[0] in copied_in)]
        for source in reads.sources
        if source.known and not source.whole_context
        and source.pattern != ".." and not source.pattern.startswith("../")
    }
    # A source no directory holds (or one named through a build argument: its pattern
    # up to the first wildcard) may be an output made before the build.
    unheld = [pattern for pattern, where in held.items() if not where] + [
        source.pattern for source in reads.sources
        if not source.known and source.pattern and not source.whole_context
        and source.pattern != ".." and not source.pattern.startswith("../")
        and not any(_holds(directory, source.pattern) for directory in (here, *above))
    ]
    beyond = context_beyond(dockerfile, root, reads.sources, held)  # hedgedoc's `check backend`
    if beyond is not None:
        return beyond
    made: dict[str, tuple[Path, str]] = {}
    for pattern in dict.fromkeys(unheld):
        output = _made_above(here, above, pattern)
        if output is not None:
            made[pattern] = output
            held[pattern] = [output[0]]
    held = {pattern: where for pattern, where in held.items() if where}
    said = _said_in_comment(dockerfile, root, above)
    if said is not None and all(said[0] in where for where in held.values()):
        return said
    from ignoregen.build.own_ignore_context import context_by_own_ignore_file

    said = context_by_own_ignore_file(dockerfile, root, above)  # typebot's apps/workflows
    if said is not None and all(said[0] in where for where in held.values()):
        return said
    missing = [source for source in reads.sources
               if source.pattern in held and here not in held[source.pattern]]
    if not missing:
        return _workspace_root(dockerfile, root, here, above, reads.runs)
    for directory in above:
        if all(directory in where for where in held.values()):
            first = missing[0]
            shown = "." if directory == root else directory.relative_to(root).as_posix()
            what = "reads is there" if first.pattern not in made else \
                f"reads is made there ({made[first.pattern][1]})"
            return directory, (
                f"context {shown}: what {dockerfile.relative_to(root).as_posix()}:{first.line} "
                f"{first.instruction} {first.text} {what}, not in "
                f"{here.relative_to(root).as_posix()}"
            )
    return None


_BUILD_COMMENT = re.compile(r"#\s*(?:\$\s*)?(?:docker|podman)\s+(?:buildx\s+)?build\s(.*)")


def _said_in_comment(
    dockerfile: Path, root: Path, above: Sequence[Path]
) -> tuple[Path, str] | None:
    """The directory above the Dockerfile that a comment in it builds from, and why: the
    header Quarkus writes (``# docker build -f src/main/docker/Dockerfile.jvm -t app .``)
    runs from the directory where ``-f``'s path names this very file, with ``.`` as the
    context. None when no comment says so."""
    if (dockerfile.parent / ".dockerignore").is_file() and not _beside_others(dockerfile):
        return None  # an ignore file of its own says its directory is built
    try:
        lines = fileio.read_text(dockerfile, errors="replace").splitlines()
    except OSError:
        return None
    from ignoregen.build.scripts import build_arguments

    for number, line in enumerate(lines, 1):
        match = _BUILD_COMMENT.match(line.strip())
        if match is None:
            continue
        # The context may come before -f (ESMValCore's docker/Dockerfile: '# docker build
        # --pull -t esmvalcore:latest . -f docker/Dockerfile'): the words are read as a
        # script's build command is.
        found = build_arguments(match.group(1))
        if found is None or found[0] != "." or found[1] is None:
            continue
        for directory in above:
            if os.path.normpath(directory / found[1]) == os.path.normpath(dockerfile):
                shown = "." if directory == root else directory.relative_to(root).as_posix()
                return directory, (
                    f"context {shown}: the build command at "
                    f"{dockerfile.relative_to(root).as_posix()}:{number} "
                    f"({' '.join(line.strip().lstrip('#').split())}) runs there"
                )
    return None


def _beside_others(dockerfile: Path) -> bool:
    """Does another Dockerfile lie beside ``dockerfile``? An ignore file there may then be
    theirs, and says nothing of where this one is built: ThreeMammals/Ocelot's
    docker/Dockerfile.build says ``docker build -f ./docker/Dockerfile.build .`` from the
    root, while Dockerfile.base and Dockerfile.release beside it are built from docker/,
    where init writes their ignore file (which made the next check take docker/ for
    Dockerfile.build too, and call the root's file unused)."""
    from ignoregen.build.discover import is_dockerfile

    try:
        with os.scandir(dockerfile.parent) as entries:
            return any(entry.name != dockerfile.name and is_dockerfile(entry.name)
                       and entry.is_file() for entry in entries)
    except OSError:
        return False


def _made_above(here: Path, above: Sequence[Path], pattern: str) -> tuple[Path, str] | None:
    """The directory above ``here`` where a source that no directory holds is a build
    output, and the gitignore line that says so; None when nothing says where it is made.
    A gitignore file lists the source's path (up to its first wildcard) below that
    directory and not below ``here`` (woodpecker's root ``/dist/`` for
    ``COPY dist/server/...`` in ``docker/``): CI makes it there before it builds, from
    there. An unanchored ``dist/`` lists it everywhere and says nothing."""
    from ignoregen.knowledge.local import Gitignores, repository_root

    literal = []
    for part in pattern.split("/"):
        if any(char in part for char in "*?[") or part in ("", "."):
            break
        literal.append(part)
    if not literal:
        return None
    named = _named_by_ignore_file(here, above, pattern)
    if named is not None:
        return named
    repo = repository_root(here)
    if repo is None:
        return None
    ignores = Gitignores(repo)

    def listed(directory: Path) -> str | None:
        try:
            base = directory.relative_to(repo).as_posix()
        except ValueError:
            return None
        path = "/".join([base, *literal]) if base != "." else "/".join(literal)
        rule = ignores.lists(path, False) or ignores.lists(path, True)
        return None if rule is None else rule.location

    if listed(here) is not None:
        return None
    for directory in above:
        where = listed(directory)
        if where is not None:
            return directory, f"{where} lists it"
    return None


def _named_by_ignore_file(
    here: Path, above: Sequence[Path], pattern: str
) -> tuple[Path, str] | None:
    """The nearest directory above ``here`` whose ``.dockerignore`` lets the source
    ``pattern`` through by an exception (``!target/quarkus-app/`` for Quarkus's
    ``src/main/docker/Dockerfile.jvm``, which ``docker build -f ... .`` builds from the
    project after ``mvn package``), and that line; None when ``here`` has an ignore file
    of its own or none above names it. Every literal part the two share must agree."""
    if (here / ".dockerignore").is_file():
        return None
    wanted = pattern.strip("/").removeprefix("./").split("/")
    for directory in above:
        ignore = directory / ".dockerignore"
        try:
            lines = fileio.read_text(ignore, errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            text = line.strip()
            if not text.startswith("!"):
                continue
            parts = text[1:].strip().strip("/").removeprefix("./").split("/")
            shared = list(zip(parts, wanted, strict=False))
            if not shared or any(char in parts[0] + wanted[0] for char in "*?["):
                continue
            if all(fnmatch.fnmatchcase(mine, theirs) or fnmatch.fnmatchcase(theirs, mine)
                   for mine, theirs in shared):
                shown = ignore.relative_to(above[-1]).as_posix()
                return directory, f"{shown}:{number} lets it through"
    return None


def _holds(directory: Path, pattern: str) -> bool:
    """Does ``directory`` hold the context path ``pattern`` (a wildcard: match something)?"""
    parts = pattern.split("/")
    found = [directory]
    for part in parts:
        if not any(char in part for char in "*?["):
            found = [item / part for item in found if os.path.lexists(item / part)]
        else:
            matched: list[Path] = []
            for item in found:
                try:
                    names = os.listdir(item)
                except OSError:
                    continue
                matched.extend(item / name for name in names if fnmatch.fnmatchcase(name, part))
            found = matched
        if not found:
            return False
    # A symlink out of the directory (readthedocs' dockerfiles/requirements ->
    # ../requirements) is not followed out of a context: the directory does not hold it.
    inside = os.path.join(os.path.realpath(directory), "")
    return any(os.path.realpath(item).startswith(inside) for item in found)


def _workspace_root(
    dockerfile: Path, root: Path, here: Path, above: Sequence[Path],
    runs: Sequence[tuple[int, str]],
) -> tuple[Path, str] | None:
    """The workspace root above ``dockerfile`` that a pruner it runs needs as the context
    (midday's apps/api/Dockerfile: ``COPY . .`` then ``turbo prune @midday/api --docker``,
    which runs where turbo.json is), or None."""
    from ignoregen.knowledge.images import load

    for line, text in runs:
        for pruner in load().pruners:
            if not pruner.root_files or not pruner.pattern.compiled.search(text):
                continue
            for directory in (here, *above):
                marker = next((name for name in pruner.root_files
                               if (directory / name).is_file()), None)
                if marker is None:
                    continue
                if directory == here:
                    return None
                shown = "." if directory == root else directory.relative_to(root).as_posix()
                return directory, (
                    f"context {shown}: {dockerfile.relative_to(root).as_posix()}:{line} runs "
                    f"{pruner.name}, which needs the workspace root ({marker} is there), not "
                    f"{here.relative_to(root).as_posix()}"
                )
    return None


def context_of_siblings(
    dockerfile: Path, root: Path, defined: Sequence[tuple[Path, Path, str]]
) -> tuple[Path, str] | None:
    """The directory above ``dockerfile`` that every other Dockerfile of its directory is
    built from, by what ``defined`` says ((Dockerfile, context, where) of the builds that a
    definition, script or CI job names), and why; None when they disagree, when none is
    built from above, or when the Dockerfile copies something that directory lacks.
    LLaMA-Factory's docker/docker-cuda: compose builds its Dockerfile from the repository
    (``context: ../..``); Dockerfile.mbridge beside it, which no definition names, copies
    the whole context and runs ``pip install -e .``, which only the repository holds. A
    Dockerfile alone in a directory of build files goes by the Dockerfiles of the
    directories beside that one (wger's extras/docker/development, beside production/)."""
    from ignoregen.build.dockerfile import DockerfileError, analyse

    here = dockerfile.parent
    if (here / ".dockerignore").is_file() or root not in here.parents:
        return None  # an ignore file of its own says its directory is built
    siblings = {(context, where) for other, context, where in defined
                if other.parent == here and other != dockerfile}
    of = here
    if not siblings and here.parent != root and _build_files_only(here):
        # Alone in a directory of build files: the Dockerfiles of the directories beside
        # it speak for it (wger's extras/docker/development/Dockerfile, 'COPY .' then
        # 'npm install' and 'pip install -e .', beside production/ and demo/, which CI
        # builds from the repository).
        of = here.parent
        siblings = {(context, where) for other, context, where in defined
                    if other.parent.parent == of and other.parent != here}
    contexts = {context for context, _ in siblings}
    if len(contexts) != 1:
        return None
    [context] = contexts
    if context not in here.parents or not (context == root or root in context.parents):
        return None
    try:
        reads = analyse(dockerfile, all_stages=True)
    except (DockerfileError, RecursionError):
        return None
    if any(source.whole_context for source in reads.sources) and not _build_files_only(here):
        return None  # 'COPY .' of a directory with sources of its own: built from there
    for source in reads.sources:
        if source.whole_context or not source.known or not source.pattern:
            continue
        if source.pattern == ".." or source.pattern.startswith("../"):
            return None
        if not _holds(context, source.pattern):
            return None  # it copies what that directory lacks: built from elsewhere
    shown = "." if context == root else context.relative_to(root).as_posix()
    where = sorted(where for _, where in siblings)[0]
    beside = "other Dockerfiles" if of == here else "Dockerfiles of the other directories"
    return context, (f"context {shown}: the {beside} of "
                     f"{of.relative_to(root).as_posix()} are built from there ({where})")


def _build_files_only(directory: Path) -> bool:
    """Does ``directory`` hold nothing but Dockerfiles, compose and ignore files, and its
    readme (a 'COPY .' from it would copy nothing an image could run)?"""
    from ignoregen.build.discover import is_compose, is_dockerfile

    try:
        entries = list(os.scandir(directory))
    except OSError:
        return False
    for entry in entries:
        name = entry.name
        if not entry.is_file(follow_symlinks=False):
            return False
        if not (is_dockerfile(name) or is_compose(name) or name.endswith(".dockerignore")
                or name.upper().startswith("README") or name.endswith(".md")):
            return False
    return True
