"""The checks for Podman and Buildah: which builds Buildah builds, how it reads the ignore
file's lines, and where it and Docker would send different things.

* IG006: the context holds both ``.containerignore`` and ``.dockerignore``; Podman reads the
  first, Docker the second, and they decide some paths differently.
* IG304: a line of an ignore file that both read means something else to each (it reads
  differently, matches other paths, or Buildah never looks where the exception points).
* IG305: Buildah rejects a line (``podman build`` fails).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.discover import Build, is_containerfile
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import BOM, IgnoreFileError, Rule, parse_line, split_lines
from ignoregen.engine.matcher import Matcher, PatternUseError
from ignoregen.engine.records import Collect, ContextScan, Item, Kind, leaves, sort_key
from ignoregen.engine.setup import CONTAINERIGNORE, DOCKERIGNORE, Builder, BuildSetup
from ignoregen.lint.findings import (
    _SUPPRESS,
    Finding,
    IgnoreLines,
    Suppression,
    _flush,
    _suppression_ids,
    finding,
    trailing_comment_findings,
)

_EXAMPLES = 3
LABEL = "Podman/Buildah: "
"""Put before a finding that only the Buildah pass of an automatic check found."""


def builders_for(build: Build, chosen: Builder | None) -> tuple[Builder, ...]:
    """The builders a build is checked for: the one chosen, else Docker (BuildKit), and
    Buildah too when the build file is a Containerfile or the context has a
    ``.containerignore``; Buildah alone for a build that only Podman is set up for (see
    :func:`podman_only`)."""
    if chosen is not None:
        return (chosen,)
    if podman_only(build):
        return (Builder.BUILDAH,)
    if is_containerfile(build.dockerfile.name) or os.path.lexists(
        build.context / CONTAINERIGNORE
    ):
        return (Builder.BUILDKIT, Builder.BUILDAH)
    return (Builder.BUILDKIT,)


def podman_only(build: Build) -> bool:
    """Is ``build`` set up for Podman and Buildah alone: a Containerfile that no definition
    names but a ``podman build`` line (a compose file, a script's ``docker build``, a CI job
    could be Docker's), with a ``.containerignore`` for it and no ignore file Docker would
    read? Docker builds a Containerfile only when told to (``-f``) and never reads
    ``.containerignore``: its view of such a context (no ignore file, everything sent) is
    one nobody in the project has (kubev2v/migration-planner-ui, built by Konflux with
    Buildah)."""
    dockerfile = build.dockerfile
    if (build.defined_in is not None and not build.podman) or build.inline is not None \
            or not is_containerfile(dockerfile.name):
        return False
    if os.path.lexists(build.context / DOCKERIGNORE) \
            or os.path.lexists(dockerfile.with_name(dockerfile.name + DOCKERIGNORE)):
        return False
    return os.path.lexists(build.context / CONTAINERIGNORE) \
        or os.path.lexists(dockerfile.with_name(dockerfile.name + CONTAINERIGNORE))


def root_ignore_files(setup: BuildSetup) -> list[Path]:
    """The root ignore files Buildah looks at for this context (none of them is stray)."""
    return [setup.context / name for name in (CONTAINERIGNORE, DOCKERIGNORE)]


def merge_passes(docker: Sequence[Finding], buildah: Sequence[Finding]) -> list[Finding]:
    """The Buildah pass of an automatic check adds what Docker's did not find, labelled."""
    seen = {_key(item) for item in docker}
    out: list[Finding] = []
    for item in buildah:
        if _key(item) in seen:
            continue
        seen.add(_key(item))
        out.append(Finding(
            item.id, item.severity, LABEL + item.message, item.file, item.line, item.column,
            item.end_column, item.hint, item.context, item.fix,
        ))
    return out


def _key(item: Finding) -> tuple[str, str, int | None, int | None, str]:
    return (item.id, item.file, item.line, item.column, item.message)


# -- the lines, as Buildah reads them ------------------------------------------------------------


def read_buildah_ignore_lines(data: bytes, shown: str, context: str = ".") -> IgnoreLines:
    """:func:`ignoregen.lint.findings.read_ignore_lines`, with Buildah's reader: lines it
    rejects (or whose expression does not compile) are IG305, and left out."""
    from ignoregen.engine.buildah import BuildahPattern, buildah_lines, parse_buildah_line

    out: list[Finding] = []
    rules: list[Rule] = []
    pending: list[tuple[int, tuple[str, ...]]] = []
    suppressions: list[Suppression] = []
    texts: list[tuple[int, str]] = []
    for number, text in buildah_lines(data):
        texts.append((number, text))
        match = _SUPPRESS.match(text)
        if match:
            ids = _suppression_ids(match, shown, number, context, out)
            if ids:
                pending.append((number, ids))
            continue
        try:
            rule = parse_buildah_line(text, shown, number)
        except IgnoreFileError as exc:
            out.append(finding("IG305", exc.message, shown, number, 1, len(text), context=context))
            _flush(pending, number, suppressions)
            continue
        if rule is None:
            continue
        _flush(pending, number, suppressions)
        pattern = BuildahPattern(rule)
        if pattern.regex is None:
            out.append(finding(
                "IG305",
                f"syntax error in pattern {text.strip()!r} ({pattern.error}); Buildah fails "
                "the build on the first entry it tests",
                shown, number, 1, len(text), context=context,
            ))
            continue
        rules.append(rule)
        out.extend(trailing_comment_findings(text, shown, number, context))
    _flush(pending, None, suppressions)
    return IgnoreLines(tuple(rules), tuple(out), tuple(suppressions), tuple(texts))


# -- IG006: the two root files ---------------------------------------------------------------------


def root_files_disagree(
    buildah: BuildSetup, docker: BuildSetup, context: str, shown: str, other: str
) -> list[Finding]:
    """IG006 when Buildah reads the root ``.containerignore`` and Docker the root
    ``.dockerignore`` of the same context, and they send different things."""
    if buildah.ignore_file is None or docker.ignore_file is None:
        return []
    if buildah.ignore_file.name != CONTAINERIGNORE or docker.ignore_file.name != DOCKERIGNORE:
        return []
    if buildah.ignore_file.parent != buildah.context or docker.ignore_file.parent != docker.context:
        return []
    scans = _both_scans(buildah, docker)
    if scans is None:
        return []
    podman_only, docker_only = _differences(*scans)
    if not podman_only and not docker_only:
        return []
    return [finding(
        "IG006",
        f"Podman and Buildah read {shown}, Docker reads {other}, and they send different "
        f"things: {_describe(podman_only, docker_only)}",
        shown, context=context,
    )]


def _both_scans(buildah: BuildSetup, docker: BuildSetup) -> tuple[ContextScan, ContextScan] | None:
    from ignoregen.engine.buildah import BuildahPatternError

    try:
        return (
            scan_context(buildah, collect=Collect.SENT),
            scan_context(docker, collect=Collect.SENT),
        )
    except (IgnoreFileError, BuildahPatternError, PatternUseError, OSError):
        return None  # the broken file is reported on its own


def _paths(scan: ContextScan) -> dict[str, Kind]:
    return {item.path: item.kind for item in scan.sent}


def _differences(buildah: ContextScan, docker: ContextScan) -> tuple[list[str], list[str]]:
    """Top-most entries only Buildah sends, and only Docker sends (directories with a /)."""
    ours, theirs = _paths(buildah), _paths(docker)
    return _top_most(ours, set(ours) - set(theirs)), _top_most(theirs, set(theirs) - set(ours))


def _leaf_differences(buildah: ContextScan, docker: ContextScan) -> tuple[list[str], list[str]]:
    """Leaves (files, links, empty directories) only Buildah sends, and only Docker sends:
    a directory that differs only for what is below it is not one of them."""
    ours = {item.path: item.kind for item in leaves(buildah.sent)}
    theirs = {item.path: item.kind for item in leaves(docker.sent)}
    return _top_most(ours, set(ours) - set(theirs)), _top_most(theirs, set(theirs) - set(ours))


def _top_most(kinds: dict[str, Kind], paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    last = ""
    for path in sorted(paths, key=lambda p: sort_key(Item(p, kinds[p], 0, 0, -1, False))):
        if last and path.startswith(last + "/"):
            continue
        out.append(path + "/" if kinds[path] is Kind.DIR else path)
        last = path
    return out


def _examples(paths: Sequence[str]) -> str:
    shown = ", ".join(paths[:_EXAMPLES])
    more = len(paths) - _EXAMPLES
    return shown + (f" and {more} more" if more > 0 else "")


def _describe(podman_only: Sequence[str], docker_only: Sequence[str]) -> str:
    parts = []
    if podman_only:
        parts.append(f"only Podman sends {_examples(podman_only)}")
    if docker_only:
        parts.append(f"only Docker sends {_examples(docker_only)}")
    return "; ".join(parts)


# -- IG304: one file, two readings ---------------------------------------------------------------


@dataclass
class _Line:
    """An ignore file's line as Docker and Buildah read it."""
    number: int
    text: str
    docker: Rule | None
    buildah: Rule | None
    docker_error: str | None
    buildah_error: str | None


def _read_both(data: bytes, source: str) -> list[_Line] | None:
    from ignoregen.engine.buildah import buildah_lines, parse_buildah_line

    try:
        docker_lines = dict(split_lines(data, source))
    except IgnoreFileError:
        return None  # a line Docker cannot even split: IG303 says so
    out = []
    for number, raw in buildah_lines(data):
        if number not in docker_lines:
            continue  # the empty text after a final newline
        text = docker_lines[number]
        if number == 1 and text.startswith(BOM):
            text = text[1:]
        line = _Line(number, raw, None, None, None, None)
        try:
            line.docker = parse_line(text, source, number)
        except IgnoreFileError as exc:
            line.docker_error = exc.message
        try:
            line.buildah = parse_buildah_line(raw, source, number)
        except IgnoreFileError as exc:
            line.buildah_error = exc.message
        out.append(line)
    return out


def _reading(rule: Rule | None) -> tuple[str, bool] | None:
    if rule is None:
        return None
    return (rule.pattern.removeprefix(BOM), rule.exception)


def _shown_reading(rule: Rule | None) -> str:
    if rule is None:
        return "no pattern"
    return repr(("!" if rule.exception else "") + rule.pattern)


def _reading_note(line: _Line) -> str | None:
    if line.buildah_error is not None and line.docker_error is None:
        return "Buildah rejects it (podman build fails), Docker does not"
    if line.docker_error is not None and line.buildah_error is None:
        return "Docker rejects it (docker build fails), Buildah does not"
    if line.docker_error is not None:
        return None
    if _reading(line.docker) == _reading(line.buildah):
        return None
    return (
        f"Docker reads {_shown_reading(line.docker)}, Buildah reads "
        f"{_shown_reading(line.buildah)}"
    )


def lines_read_differently(
    buildah: BuildSetup, docker: BuildSetup, context: str, shown: str
) -> list[Finding]:
    """IG304 for each line of the one file both builders read for this build that they
    read differently, or that makes them send different things."""
    path = buildah.ignore_file
    if path is None or docker.ignore_file is None:
        return []
    if os.path.realpath(path) != os.path.realpath(docker.ignore_file):
        return []
    try:
        data = fileio.read_bytes(path)
    except OSError:
        return []
    lines = _read_both(data, shown)
    if lines is None:
        return []
    notes = {line.number: note for line in lines if (note := _reading_note(line)) is not None}
    blamed = _blame(buildah, docker, lines, data, shown)
    out = []
    texts = {line.number: line.text for line in lines}
    for number in sorted(set(notes) | set(blamed)):
        parts = [notes[number]] if number in notes else []
        if number in blamed:
            podman_only, docker_only = blamed[number]
            parts.append(_describe(podman_only, docker_only))
        text = texts[number].strip()
        out.append(finding(
            "IG304",
            f"{text!r} means something else to Buildah (Podman) than to BuildKit: "
            + "; ".join(parts),
            shown, number, 1, len(texts[number]), context=context,
        ))
    return out


def _blame(
    buildah: BuildSetup, docker: BuildSetup, lines: Sequence[_Line], data: bytes, shown: str
) -> dict[int, tuple[list[str], list[str]]]:
    """The entries each line makes the two builders send differently: the later of the
    two deciding lines takes the blame (the last match decides in both)."""
    from ignoregen.engine.buildah import BuildahMatcher, BuildahPatternError

    if any(line.docker_error or line.buildah_error for line in lines):
        return {}
    docker_rules = tuple(line.docker for line in lines if line.docker is not None)
    buildah_rules = tuple(line.buildah for line in lines if line.buildah is not None)
    try:
        ours = scan_context(buildah, rules=buildah_rules, collect=Collect.SENT)
        theirs = scan_context(docker, rules=docker_rules, collect=Collect.SENT)
    except (IgnoreFileError, BuildahPatternError, PatternUseError, OSError):
        return {}
    podman_only, docker_only = _leaf_differences(ours, theirs)
    if not podman_only and not docker_only:
        return {}
    docker_matcher = Matcher(docker_rules)
    buildah_matcher = BuildahMatcher(buildah_rules)
    out: dict[int, tuple[list[str], list[str]]] = {}
    for paths, slot in ((podman_only, 0), (docker_only, 1)):
        for shown_path in paths:
            path = shown_path.rstrip("/")
            deciders = [
                decision.rule.line
                for decision in (docker_matcher.decide(path), buildah_matcher.decide(path))
                if decision.rule is not None
            ]
            if not deciders:
                continue  # a difference of the walks alone (sockets): no line to blame
            note = unreached_note(buildah_rules, path) if slot else None
            entry = f"{shown_path} ({note})" if note else shown_path
            out.setdefault(max(deciders), ([], []))[slot].append(entry)
    return out


def unreached_note(rules: Sequence[Rule], path: str) -> str | None:
    """Why Buildah does not send ``path`` although no rule excludes it: an excluded
    directory above it that Buildah does not search."""
    from ignoregen.engine.buildah import BuildahMatcher, buildah_reaches

    steps = BuildahMatcher(rules).chain(path)
    for step in steps[:-1]:
        if step.excluded and not buildah_reaches(rules, step.path):
            return f"Buildah does not look inside {step.path}/"
    return None


def podman_findings(
    pairs: Sequence[tuple[BuildSetup, BuildSetup]], relative: Callable[[Path], str]
) -> list[Finding]:
    """IG006 and IG304 for each (Buildah setup, Docker setup) of one build; ``relative``
    names a path as findings show it."""
    out: list[Finding] = []
    done: set[tuple[Path, Path | None]] = set()
    for buildah, docker in pairs:
        if buildah.ignore_file is None or (buildah.ignore_file, docker.ignore_file) in done:
            continue
        done.add((buildah.ignore_file, docker.ignore_file))
        context = relative(buildah.context)
        name = relative(buildah.ignore_file)
        if docker.ignore_file is not None:
            other = relative(docker.ignore_file)
            out.extend(root_files_disagree(buildah, docker, context, name, other))
        out.extend(lines_read_differently(buildah, docker, context, name))
    return out
