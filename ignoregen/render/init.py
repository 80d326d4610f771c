"""Text for ``ignoregen init``: what was written and what it saves."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen.build.discover import ProblemKind
from ignoregen.render.text import human_bytes

if TYPE_CHECKING:
    from ignoregen.build.guards import Guard
    from ignoregen.commands.init import InitReport, Outcome


def _size(files: int, size: int) -> str:
    return f"{files:,} file{'' if files == 1 else 's'} {human_bytes(size)}"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


SHOWN_SPARED = 3
"""Paths named per reason in the short summary; ``--verbose`` names them all."""
SHOWN_CATEGORIES = 5
"""Categories listed in the short summary (those that save most); ``--verbose`` lists all."""


def _names(paths: list[str]) -> str:
    """A few of ``paths``, and how many more."""
    shown = ", ".join(paths[:SHOWN_SPARED])
    more = len(paths) - SHOWN_SPARED
    return shown + (f" and {more:,} more" if more > 0 else "")


def summary_lines(
    outcome: Outcome, root: Path, verb: str, verbose: bool = False,
    warned: set[str] | None = None,
) -> Iterator[str]:
    """The summary of one ignore file: rules, bytes before and after, what was kept.
    ``warned``: the warnings said for the run's other files, each said once (a user's line
    that init copies into a Dockerfile's own file would be warned about in each)."""
    for line in _summary_lines(outcome, root, verb, verbose):
        if warned is not None and line.startswith("  warning: "):
            if line in warned:
                continue
            warned.add(line)
        yield line


def _summary_lines(outcome: Outcome, root: Path, verb: str, verbose: bool) -> Iterator[str]:
    rules = list(outcome.plan.rules)
    categories = {rule.category.id for rule in rules if rule.category is not None}
    state = verb if outcome.changed else "unchanged"
    if outcome.left_alone is not None:
        yield f"{_shown(outcome.path, root)}: left as it is"
        yield f"  note: {outcome.left_alone}"
        for warning in outcome.warnings:
            yield f"  warning: {warning}"
        return
    yield (
        f"{_shown(outcome.path, root)}: {state} ({len(rules)} rules in "
        f"{len(categories)} categories)"
    )
    before, after = outcome.before, outcome.after
    saved = before.bytes - after.bytes
    share = f" ({100 * saved / before.bytes:.1f}%)" if before.bytes else ""
    yield (
        f"  context, everything permitted (classic builder): {_size(before.files, before.bytes)}"
        f" -> {_size(after.files, after.bytes)}, {human_bytes(saved)} less{share}"
    )
    changed = [(name, old, new) for name, old, new in outcome.categories if old != new]
    if changed:
        yield "  by category, sent before -> after:"
        shown = changed
        if not verbose and len(changed) > SHOWN_CATEGORIES + 1:
            # The categories come largest first (before); name those that save most.
            saving = sorted(changed, key=lambda item: item[2].bytes - item[1].bytes)
            top = {name for name, _, _ in saving[:SHOWN_CATEGORIES]}
            shown = [item for item in changed if item[0] in top]
        width = max(len(name) for name, _, _ in shown)
        for name, old, new in shown:
            yield (
                f"    {name:<{width}}  {_size(old.files, old.bytes)} -> "
                f"{_size(new.files, new.bytes)}"
            )
        if len(shown) < len(changed):
            rest = [item for item in changed if item not in shown]
            saved_rest = sum(old.bytes - new.bytes for _, old, new in rest)
            yield (
                f"    and {len(rest)} more categories, {human_bytes(saved_rest)} less; "
                "--verbose lists them"
            )
    # Several services may build one Dockerfile at one target: one line says it.
    builds = dict.fromkeys(
        (dockerfile, target, pulled) for dockerfile, target, pulled in outcome.transferred
    )
    shared = Counter(dockerfile for dockerfile, _ in {(d, t) for d, t, _ in builds})
    for dockerfile, target, pulled in builds:
        # An unnamed stage is known by its number, and only the last one can be built.
        named = f"target {target}" if not target.isdigit() else "last stage, unnamed"
        stage = f" ({named})" if shared[dockerfile] > 1 and target else ""
        yield (
            f"  BuildKit, {_shown(dockerfile, root)}{stage}: COPY/ADD pull "
            f"{_size(pulled.files, pulled.bytes)}"
        )
    # A line per need (what the build reads for one reason, a few paths named), unless
    # verbose: a line per path.
    needs: dict[str, list[Guard]] = {}
    for guard in outcome.plan.guards:
        if guard.path.rstrip("/") in outcome.overruled:
            continue  # the written file excludes it all the same: not "kept"
        needs.setdefault(f"{id(guard)}" if verbose else guard.reason, []).append(guard)
    for group in needs.values():
        first = group[0]
        if len(group) == 1:
            yield f"  kept: {first.path}: {first.reason} ({first.origin})"
        else:
            yield f"  kept: {_names([guard.path for guard in group])}: {first.reason}"
        for guard in group:
            if guard.warning:
                yield f"  warning: {guard.warning}"
    for note in outcome.plan.notes:
        yield f"  note: {note}"
    # A path kept for a need is said once, on its "kept:" line.
    said = {(guard.path.rstrip("/"), f"{guard.reason} ({guard.origin})")
            for guard in outcome.plan.guards}
    for why, every in outcome.plan.spared.items():
        paths = [path for path in every
                 if (path, why) not in said and path not in outcome.overruled]
        if not paths:
            continue
        if len(paths) == 1 or verbose:
            for path in paths:
                yield f"  note: not excluding {path}: {why}"
            continue
        some = ", ".join(paths[:SHOWN_SPARED])
        yield (
            f"  note: not excluding {len(paths):,} paths ({some}, ...): {why}; "
            "--verbose lists them"
        )
    for warning in outcome.warnings:
        yield f"  warning: {warning}"
    for problem in outcome.problems:
        yield f"  error: {problem}"


_WORDS = {
    ProblemKind.FAILS: "error",
    ProblemKind.UNREAD: "not analysed",
    ProblemKind.ASSUMED: "note",
    ProblemKind.SKIPPED: "skipped",
}


def problem_lines(report: InitReport, root: Path) -> Iterator[str]:
    """The builds that could not be read as they stand, and the ignore files left alone."""
    seen: set[str] = set()
    for problem in report.problems:
        line = f"{problem.location(root)}: {_WORDS[problem.kind]}: {problem.message}"
        if line not in seen:
            seen.add(line)
            yield line
    yield from untouched_lines(report, root)


def untouched_lines(report: InitReport, root: Path) -> Iterator[str]:
    """The ignore files init leaves alone, because a build of their context cannot be read,
    or because the builds are test fixtures or a project template's files."""
    for directory, count in sorted(report.fixtures.items()):
        builds = "build" if count == 1 else "builds"
        yield (f"{_shown(report.root / directory, root)}/: {count} {builds} of test data left "
               "alone (fixtures of the project's own tests); -f DOCKERFILE writes one")
    for directory, count in sorted(report.templates.items()):
        files = "file" if count == 1 else "files"
        yield (f"{_shown(report.root / directory, root)}/: {count} build {files} of a project "
               "template left alone (template markup in their names, paths or text); render the "
               "template and run init on the result")
    for context in report.untouched:
        path = context / ".dockerignore"
        state = "left as it is" if path.exists() else "not written"
        yield f"{_shown(path, root)}: {state}: a build with this context cannot be analysed"
