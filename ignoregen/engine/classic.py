"""The classic builder's quirks (``DOCKER_BUILDKIT=0``): the Dockerfile and
``.dockerignore`` always sent, then removed by the daemon, its narrower search
inside excluded directories, and what a pattern that fails when used does to it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher, PatternUseError
from ignoregen.engine.records import ContextScan, Item, Kind, Problem, Stop
from ignoregen.engine.setup import DOCKERIGNORE


def classic_reaches(rules: tuple[Rule, ...], directory: str) -> bool:
    """The classic builder's test for looking inside an excluded directory."""
    head = directory + "/"
    return any(rule.exception and (rule.pattern + "/").startswith(head) for rule in rules)


# -- a pattern that fails when first used ------------------------------------------------------
#
# The classic CLI walks the context twice, both times in Go's lexical order (the names of
# a directory sorted by their bytes, a directory's entries right after it), and each walk
# stops at the first test of a pattern whose regular expression does not compile:
#
# * the check (docker/cli's ValidateContextDirectory) tests each path against every
#   pattern, and against the path's ancestors (MatchesOrParentMatches), and skips an
#   excluded directory whole; an error there fails the build ("error checking context:
#   syntax error in pattern");
# * the tar writer (moby/go-archive's TarWithOptions) decides a path from its directory's
#   results (MatchesUsingParentResults, as the walker does) and searches an excluded
#   directory that an exception's text reaches; an error there is only logged ("Error
#   matching PATH: syntax error in pattern"), the stream ends there, and the daemon
#   builds what was sent before PATH.


def _in_go_order(root: Path, visit: Callable[[str, bool, int], int | None]) -> None:
    """Walk ``root`` as Go's filepath.Walk does: ``visit(path, is_dir, parent's token)``
    for each entry, which returns the token for a directory's entries, or None to skip
    them. A directory that cannot be listed is passed over."""

    def listing(directory: str) -> Iterator[tuple[str, bool]]:
        try:
            with os.scandir(directory) as entries:
                found = [
                    (os.fsencode(entry.name), entry.name, entry.is_dir(follow_symlinks=False))
                    for entry in entries
                ]
        except OSError:
            found = []
        return ((name, is_dir) for _, name, is_dir in sorted(found))

    stack = [(listing(str(root)), str(root), "", 0)]
    while stack:
        entries, absolute, relative, token = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name, is_dir = entry
        path = f"{relative}/{name}" if relative else name
        below = visit(path, is_dir, token)
        if is_dir and below is not None:
            child = f"{absolute}/{name}"
            stack.append((listing(child), child, path, below))


def check_walk(context: Path, user: Matcher) -> None:
    """The CLI's check of the context: raises :class:`PatternUseError` where it fails."""

    def visit(path: str, is_dir: bool, _: int) -> int | None:
        return None if user.matches_or_parent_matches(path) else 0

    _in_go_order(context, visit)


def tar_walk_stop(context: Path, matcher: Matcher) -> Stop | None:
    """Where the CLI's tar writer meets a pattern error, if it does."""
    rules = matcher.rules
    met: list[str] = []

    def visit(path: str, is_dir: bool, vector: int) -> int | None:
        met[:] = [path]
        excluded, below, _, _ = matcher.step(path, vector, matcher.all_mask)
        if excluded and not (matcher.has_exceptions and classic_reaches(rules, path)):
            return None
        return below

    try:
        _in_go_order(context, visit)
    except PatternUseError as exc:
        return Stop(met[0], rules.index(exc.rule), exc.reason)
    return None


def _walked_before(path: str, stop: tuple[bytes, ...]) -> bool:
    """Does Go's walk meet ``path`` before the path whose parts are ``stop``?"""
    parts = os.fsencode(path).split(b"/")
    for part, other in zip(parts, stop, strict=False):
        if part != other:
            return part < other
    return len(parts) < len(stop)


class StoppedMatcher(Matcher):
    """The walkers' rule for a tar stream that ends at ``stop``: an entry the tar writer
    meets at or after it is not sent (decided by the pattern that failed there)."""

    def __init__(self, rules: tuple[Rule, ...], stop: Stop) -> None:
        super().__init__(rules)
        self.stop = stop
        self._parts = tuple(os.fsencode(stop.path).split(b"/"))

    def sends(self, path: str) -> bool:
        """Is ``path`` before the stop (whatever the rules decide)?"""
        return _walked_before(path, self._parts)

    def step(self, path: str, parent: int, live: int) -> tuple[bool, int, int, bool]:
        if _walked_before(path, self._parts):
            return super().step(path, parent, live)
        return True, parent, self.stop.rule, False

    def failed(self) -> str:
        """What fails at the stop: the line and why."""
        rule = self.rules[self.stop.rule]
        return f"matching it against {rule.location} ({rule.text.strip()!r}) fails: " \
            f"{self.stop.reason}"

    def problem(self) -> Problem:
        """The warning: what the CLI logs, and what it means."""
        return Problem(self.stop.path, (
            f"the classic CLI stops sending the context here ({self.failed()}); docker "
            "build logs 'Error matching' and builds without this entry and every one after "
            "it (in the order of its walk)"
        ), False)


def stop_where_docker_stops(context: Path, user: Matcher, effective: Matcher) -> Matcher:
    """The classic builder's matcher for rules with a broken pattern: raises
    :class:`PatternUseError` when the CLI's check of the context meets it (the build
    fails); a :class:`StoppedMatcher` when only its tar writer meets it."""
    check_walk(context, user)
    stop = tar_walk_stop(context, effective)
    return effective if stop is None else StoppedMatcher(effective.rules, stop)




def _classic_rules(
    matcher: Matcher, rules: tuple[Rule, ...], dockerfile: str | None
) -> tuple[Rule, ...]:
    """docker/cli's ``TrimBuildFilesFromExcludes``: always send .dockerignore and the Dockerfile."""
    extra: list[Rule] = []
    for name in (DOCKERIGNORE, dockerfile):
        if name is None:
            continue
        try:
            excluded = matcher.matches_legacy(name)
        except PatternUseError:
            excluded = False
        if excluded:
            extra.append(Rule(name, True, "<docker CLI>", 0, "!" + name))
    return rules + tuple(extra)


def _daemon_removes(matcher: Matcher, name: str) -> bool:
    try:
        return matcher.matches_or_parent_matches(name)
    except PatternUseError:
        return False




def _classic_sends(matcher: Matcher, path: str) -> bool:
    """Does the classic builder's walk send ``path`` (whatever the records kept)?"""
    steps = matcher.chain(path)
    if steps[-1].excluded:
        return False
    return not any(
        step.excluded and not classic_reaches(matcher.rules, step.path) for step in steps[:-1]
    )


def _remove_build_files(
    scan: ContextScan, matcher: Matcher, effective: Matcher, dockerfile: str | None, sizes: bool
) -> None:
    """The daemon deletes an excluded .dockerignore and Dockerfile after reading them.

    Decided from the rules, not from the walk's records: a walk that keeps no records
    (``--summary``) must still count them out.
    """
    for name in dict.fromkeys(n for n in (DOCKERIGNORE, dockerfile) if n is not None):
        path = scan.setup.context / name
        if not path.is_file() or path.is_symlink():
            continue
        if not _daemon_removes(matcher, name) or not _classic_sends(effective, name):
            continue
        size = path.stat().st_size if sizes else 0
        item = Item(name, Kind.FILE, size, 1, -1, False)
        scan.removed.append(name)
        scan.sent_totals.files -= 1
        scan.sent_totals.bytes -= size
        scan.ignored_totals.files += 1
        scan.ignored_totals.bytes += size
        scan.sent[:] = [entry for entry in scan.sent if entry.path != name]
        scan.ignored.append(item)


RANDOM_DOCKERFILE = ".dockerfile.<random>"
"""How ``ls`` names the copy of an outside Dockerfile that the classic CLI adds to the
context as ``.dockerfile.`` and 20 random hex digits, when the daemon fails to delete it."""


def _outside_dockerfile_stays(scan: ContextScan, matcher: Matcher, effective: Matcher) -> bool:
    """The classic CLI sends a Dockerfile from outside the context as ``.dockerfile.<hex>``
    and appends that name to the ``.dockerignore`` it sends. The daemon then tests the name
    against every line of that file; a line whose regular expression does not compile
    makes the test fail, and the file stays in the context."""
    setup = scan.setup
    ignore = setup.context / DOCKERIGNORE
    if setup.dockerfile is None or setup.dockerfile_in_context is not None:
        return False
    if not ignore.is_file() or not _classic_sends(effective, DOCKERIGNORE):
        return False  # the CLI writes a .dockerignore of its own, which always works
    name = ".dockerfile.0123456789abcdef0123"
    appended = Matcher([*matcher.rules, Rule(name, False, "<docker CLI>", 0, name)])
    try:
        appended.matches_or_parent_matches(name)
    except PatternUseError:
        return True
    return False
