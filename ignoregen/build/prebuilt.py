"""Host build output that the script building an image makes just before: a need.

``"build-docker": "npm run build && docker build -f docker/dockerfile ."`` (a named
script of package.json) bundles the frontend into ``dist/`` on the host and then builds
an image whose ``COPY . .`` ships it. The presets call ``dist/`` build output, junk when
the image builds its own; here the image has no other copy of it, so the build needs it.

A build is taken to need the host's build output when a script of a table the presets
name (``scripts`` of package.json), in the context's directory or one above it, runs a
build step (a command, or the named script it runs, with the word ``build`` as a command
word: ``npm run build``, ``vite build``) and then, in the same script, ``docker build``
(``podman build``) of this context and Dockerfile. What is kept: the paths of the build
output categories of the preset whose table holds the script, below the script's
directory. Not when the Dockerfile runs a build step itself: it makes its own output,
and the host's copy is junk.

Build output that git tracks is a need too (:func:`committed_needs`): snipe-it commits
Laravel Mix's ``public/css/dist`` and ``public/js/dist`` and its images copy the project
and never run Node, so those files are the only copy of the styles and scripts the
application serves. Not when a ``RUN`` of the build runs a build step with the tool of the
preset whose category calls the directory build output (``npm run build`` for ``dist``):
the image makes its own; nor for a preset that names no tool to tell that by.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs import Need
from ignoregen.build.needs_run import RunNeeds
from ignoregen.knowledge.preset import NeedSource, PresetSet, Role

REASON = "host build output that the script building this image makes just before"
_SPLIT = re.compile(r"\s*(?:&&|\|\||;|\n)\s*")
_BUILD_STEP = re.compile(r"(?:^|[\s/])build(?=$|[\s:;&|)])")
"""``build`` as a command word (``npm run build``, ``vite build``, ``cargo build``,
``npm run build:prod``), not inside another word (``build-essential``, ``go-build``)."""


def prebuilt_needs(
    context: Path,
    reads: Sequence[DockerfileReads],
    listed: Iterable[str],
    presets: PresetSet,
    root: Path,
    run: RunNeeds | None = None,
) -> list[Need]:
    """The paths of the context that a script builds on the host just before building
    this image, each with the script as its evidence (its file relative to ``root``);
    ``run`` keeps what does not depend on the Dockerfiles for the run's other builds."""
    from ignoregen.build.scripts import docker_builds, script_table

    context = fileio.real(context)
    dockerfiles = {fileio.real(reading.path) for reading in reads}
    if not dockerfiles:
        return []
    committed = committed_needs(context, reads, listed, presets, root, run)
    if _rebuilds(reads):
        return committed
    expanders = [source for source in presets.needs if source.scripts and source.command]
    files = list(listed)
    out: list[Need] = []
    for directory in _up_to(context, fileio.real(root)):
        for source in expanders:
            for name in source.files:
                path = directory / name
                if "/" in name or not path.is_file():
                    continue
                assert source.scripts is not None
                table = dict(_table(path, source.scripts))
                for line, text in script_table(path, source.scripts):
                    if not _builds_before(text, directory, context, dockerfiles, docker_builds,
                                          source, table):
                        continue
                    shown = " ".join(text.split())[:60]
                    where = Path(os.path.relpath(path, root)).as_posix()
                    label = f"{source.preset}.toml: build-output categories"
                    for kept in _outputs(files, directory, context, presets, source.preset):
                        out.append(Need(kept, REASON, f"{where}:{line}: {shown}", None, where,
                                         line, label))
    return [*out, *committed]


COMMITTED = "build output committed to the repository that no RUN of the build makes again"
_SAMPLE = 200
"""How many files of a build output directory are asked of git's index, at most."""


def committed_needs(
    context: Path,
    reads: Sequence[DockerfileReads],
    listed: Iterable[str],
    presets: PresetSet,
    root: Path,
    run: RunNeeds | None = None,
) -> list[Need]:
    """The build output directories of the context that git tracks files in (a placeholder
    such as ``.gitkeep`` does not count), for each preset that names its tool (``used_by``)
    when no ``RUN`` of the build runs a build step with it; none when git cannot say.
    A preset without a tool is passed over: ``pip install .`` writes ``build/`` with no
    word that says so."""
    from ignoregen.knowledge.local import repository_root

    if repository_root(context) is None:
        return []
    files = listed if isinstance(listed, list) else list(listed)
    run = run if run is not None else RunNeeds()
    joined = run.kept(("joined", id(files)), (files,), partial(_Joined, files))
    directories = run.kept(("directories", id(files)), (files,), partial(_directories, files))
    out: list[Need] = []
    for preset in dict.fromkeys(c.preset for c in presets.with_role(Role.BUILD_OUTPUT)):
        tools = [re.compile(c.used_by) for c in presets.categories
                 if c.preset == preset and c.used_by]
        if not tools:  # no tool to tell a build of it by (pip install builds): only a
            # committed tree with build definitions in it (a file a preset keeps) is source
            same = (presets, files)
            if run.kept(("in use", preset, *map(id, same)), same,
                        partial(_in_use, presets, preset, files, joined)):
                out.extend(run.kept(("defining", context, preset, *map(id, same)), same,
                                    partial(_committed, context, files, presets, preset, True,
                                            directories)))
            continue
        launched = [re.compile(c.launches) for c in presets.categories
                    if c.preset == preset and c.launches]
        builders = [(reading, line) for reading in reads for line, text in reading.runs
                    if _BUILD_STEP.search(text) and any(t.search(text) for t in tools)
                    and not _launched_only(text, launched)]
        if builders and all(_stage_of(reading, line) is None for reading, line in builders):
            continue  # it builds, in stages that cannot be told apart
        # What follows does not depend on the build: kept for the run's other builds.
        same = (presets, files)
        if run.kept(("in use", preset, *map(id, same)), same,
                    partial(_in_use, presets, preset, files, joined)):  # node's: package.json
            found = run.kept(("committed", context, preset, *map(id, same)), same,
                             partial(_committed, context, files, presets, preset, False,
                                     directories))
            out.extend(need for need in found
                       if not any(_rebuilt_in(reading, line, need.path.rstrip("/"))
                                  for reading, line in builders))
    return out


def _launched_only(text: str, launched: Sequence[re.Pattern[str]]) -> bool:
    """Is every build step of the ``RUN`` ``text`` another tool's that the preset's runner
    only starts (``launches``)? workerd's ``pnpm exec bazel build`` builds with Bazel, whose
    output goes to ``bazel-out``: its committed ``build/`` of Bazel rules is source."""
    steps = [part for part in _SPLIT.split(text) if _BUILD_STEP.search(part)]
    return bool(launched) and all(any(o.search(part) for o in launched) for part in steps)


def _stage_of(reading: DockerfileReads, line: int) -> str | None:
    """The name of the stage whose ``RUN`` is at ``line``; None when the stages are not
    known."""
    before = [stage for stage in reading.stages if stage.line <= line]
    return max(before, key=lambda stage: stage.line).name if before else None


def _rebuilt_in(reading: DockerfileReads, line: int, directory: str) -> bool:
    """Does the stage of the ``RUN`` at ``line`` (which builds with the tool) have
    ``directory`` from the context: a COPY of it, of a directory above it or of the whole
    context, in that stage or one it starts ``FROM``? vikunja's front-end stage builds
    ``frontend/`` alone, and the Go stage that copies the committed ``build/`` (its mage
    files) runs no Node."""
    name = _stage_of(reading, line)
    if name is None:
        return True
    by_name = {stage.name.lower(): stage for stage in reading.stages}
    chain: list[str] = []
    while name is not None and name.lower() not in chain:
        chain.append(name.lower())
        stage = by_name.get(name.lower())
        name = stage.base if stage is not None and stage.base.lower() in by_name else None
    return any(
        source.stage.lower() in chain
        and (not source.known or source.covers(directory) or source.reaches_below(directory))
        for source in reading.sources
    )


def _directories(files: list[str]) -> list[str]:
    """The directories above the files (each one once: from the files' own directories up,
    until one already found), sorted."""
    seen: set[str] = set()
    for path in {path.rpartition("/")[0] for path in files if "/" in path}:
        while path not in seen:
            seen.add(path)
            if "/" not in path:
                break
            path = path.rsplit("/", 1)[0]
    return sorted(seen)


def _committed(context: Path, files: list[str], presets: PresetSet, preset: str,
               defining: bool = False, directories: list[str] | None = None) -> list[Need]:
    """The build output directories of ``preset`` in the context that git tracks files in
    (:func:`committed_needs` once it knows that the preset plays); with ``defining``, only
    those where one of them is a file that a preset keeps: a committed ``build/cmake/*.cmake``
    or ``build/fbcode_builder/CMake/*.cmake`` that the top CMakeLists.txt includes, under
    the root ``build`` of java's preset (detected by an Android example deeper down)."""
    from ignoregen.engine.matcher import Matcher
    from ignoregen.knowledge.local import PLACEHOLDERS, tracked

    if directories is None:
        directories = _directories(files)
    matcher = Matcher([rule.rule for category in presets.with_role(Role.BUILD_OUTPUT)
                       if category.preset == preset for rule in category.rules
                       if not rule.rule.exception])
    # decide_many steps each directory once: decide() would step every ancestor again
    # (cubic in the depth: a tree 1,100 levels deep took minutes).
    excluded = set(matcher.excluded_many(directories))
    found: list[str] = []
    for directory in directories:
        if not (found and directory.startswith(found[-1] + "/")) and directory in excluded:
            found.append(directory)
    inside: dict[str, list[str]] = {directory: [] for directory in found}
    below = tuple(directory + "/" for directory in found)  # (a file below none is not one)
    for path in files if found else ():
        if not path.startswith(below):
            continue
        parent, _, name = path.rpartition("/")
        while parent and name not in PLACEHOLDERS:
            if parent in inside:
                if len(inside[parent]) < _SAMPLE:
                    inside[parent].append(path)
                break
            parent = parent.rpartition("/")[0]
    known = tracked(context, [path for sample in inside.values() for path in sample])
    kept = Matcher([rule.rule for each in presets.presets for rule in each.keep])
    out: list[Need] = []
    for directory, sample in inside.items():
        hits = sorted(known.intersection(sample))
        hits = sorted(kept.excluded_many(hits)) if defining else hits
        if hits:
            out.append(Need(directory + "/", COMMITTED, f"git tracks {hits[0]}",
                            None, None, None, f"{preset}.toml: build-output categories"))
    return out


def _up_to(context: Path, root: Path) -> Iterator[Path]:
    """``context`` and the directories above it, up to ``root`` (inclusive)."""
    yield context
    if root not in context.parents:
        return
    for directory in context.parents:
        yield directory
        if directory == root:
            return


def _table(path: Path, key: str) -> Iterator[tuple[str, str]]:
    """(name, command) of the named scripts at ``key`` of ``path``."""
    import json

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        text = fileio.read_text(path, encoding="utf-8-sig")
        data: Any = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    if isinstance(data, dict):
        yield from ((k, v) for k, v in data.items() if isinstance(v, str))


def _is_build_step(command: str, source: NeedSource, table: dict[str, str]) -> bool:
    """Does ``command`` build (itself, or the named script it runs)?"""
    if _BUILD_STEP.search(command):
        return True
    assert source.command is not None
    for match in source.command.finditer(command):
        body = table.get(match.groupdict().get("script") or "")
        if body is not None and _BUILD_STEP.search(body):
            return True
    return False


def _builds_before(
    text: str,
    directory: Path,
    context: Path,
    dockerfiles: set[Path],
    docker_builds: Any,
    source: NeedSource,
    table: dict[str, str],
) -> bool:
    """Does the script ``text`` (run in ``directory``) run a build step, then build this
    context with one of ``dockerfiles``?"""
    built = False
    for command in _SPLIT.split(text):
        found = list(docker_builds(command))
        if not found:
            built = built or _is_build_step(command, source, table)
            continue
        for _, context_text, file_text, _ in found:
            here = Path(os.path.normpath(directory / context_text))
            dockerfile = Path(os.path.normpath(directory / file_text)) if file_text \
                else here / "Dockerfile"
            if built and fileio.real(here) == context and fileio.real(dockerfile) in dockerfiles:
                return True
    return False


def _rebuilds(reads: Sequence[DockerfileReads]) -> bool:
    """Does a ``RUN`` of the built stages run a build step (making its own output)?"""
    return any(_BUILD_STEP.search(text) for reading in reads for _, text in reading.runs)


def _outputs(
    files: list[str], directory: Path, context: Path, presets: PresetSet, preset: str
) -> list[str]:
    """The directories of the context below ``directory`` that the build output
    categories of ``preset`` match (the highest one: ``dist/``)."""
    from ignoregen.engine.matcher import Matcher

    rules = [
        rule.rule for category in presets.with_role(Role.BUILD_OUTPUT)
        if category.preset == preset for rule in category.rules if not rule.rule.exception
    ]
    if not rules:
        return []
    matcher = Matcher(rules)
    below = "" if directory == context else directory.relative_to(context).as_posix() + "/"
    found: dict[str, None] = {}
    try:  # the directory's own entries too: the walk skips some outputs (.next, .nuxt)
        here = sorted(entry.name for entry in os.scandir(directory) if entry.is_dir())
    except OSError:
        here = []
    for path in [*(f"{below}{name}/-" for name in here), *files]:
        if not path.startswith(below) or any(path.startswith(seen) for seen in found):
            continue
        parts = path.split("/")
        for depth in range(1, len(parts)):
            prefix = "/".join(parts[:depth])
            if matcher.decide(prefix).excluded:
                found[prefix + "/"] = None
                break
    return list(found)


def _in_use(presets: PresetSet, name: str, files: list[str],
            joined: _Joined | None = None) -> bool:
    """Does a file of the context give the preset ``name`` away (one of its markers)?

    With ``joined`` (``files`` joined), only the files holding a text that every file a
    marker matches holds are asked (a marker's plain piece): a preset not in use is told
    by a few ``str.find`` over the whole, not by a test of each file."""
    from ignoregen.engine.matcher import Matcher, MatchType

    for preset in presets.presets:
        if preset.name == name:
            if not preset.markers:
                return True
            patterns = [marker.rule.pattern for marker in preset.markers]
            names = [p.removeprefix("**/") for p in patterns]
            test: Callable[[str], bool]
            if not any(c in name for name in names for c in "\\/"):
                import fnmatch  # '**/package.json', '**/*.php', 'artisan': one expression

                either = re.compile("|".join(
                    ("(?:.*/)?" if pattern.startswith("**/") else "") + fnmatch.translate(name)
                    for pattern, name in zip(patterns, names, strict=True)))
                test = either.match  # type: ignore[assignment]
                # fnmatch reads '*' and '?' as wildcards, '[' as a class: the rest is plain
                needles = [_NAME_WILD.split(name) if "[" not in name else [""]
                           for name in names]
            else:
                matcher = Matcher([marker.rule for marker in preset.markers])
                test = partial(_excluded, matcher)
                # A file is excluded when a pattern matches it or a directory above it (a
                # prefix of it): it holds the pattern's literal text. An exception excludes
                # nothing; a regular expression's pattern (or a broken one) is asked of all.
                needles = [[""] if pattern.kind is MatchType.REGEX or pattern.broken
                           else [pattern.literal.removeprefix("/")]
                           for pattern in matcher.patterns if not pattern.rule.exception]
            plain = [max(pieces, key=len) for pieces in needles]
            if joined is None or joined.files is not files \
                    or any(not needle or "\0" in needle for needle in plain):
                return any(test(path) for path in files)
            return any(test(files[at]) for needle in plain for at in joined.holding(needle))
    return False


_NAME_WILD = re.compile(r"[*?]")


def _excluded(matcher: Any, path: str) -> bool:
    return bool(matcher.decide(path).excluded)


class _Joined:
    """A list of paths joined by NUL (which no path holds), with where each starts: the
    paths holding a text are found by ``str.find`` on the whole, not by a test of each."""

    def __init__(self, files: list[str]) -> None:
        self.files = files
        self.text = "\0".join(files)
        self.starts: list[int] = []
        at = 0
        for path in files:
            self.starts.append(at)
            at += len(path) + 1

    def holding(self, needle: str) -> Iterator[int]:
        """The indexes of the paths that hold ``needle`` (no NUL in it), ascending, once."""
        text, starts, files = self.text, self.starts, self.files
        found = text.find(needle)
        while found >= 0:
            at = bisect_right(starts, found) - 1
            yield at
            found = text.find(needle, starts[at] + len(files[at]) + 1)
