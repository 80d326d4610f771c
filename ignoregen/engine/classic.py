"""The classic builder's quirks (``DOCKER_BUILDKIT=0``): the Dockerfile and
``.dockerignore`` always sent, then removed by the daemon, and its narrower search
inside excluded directories."""

from __future__ import annotations

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher, PatternUseError
from ignoregen.engine.records import ContextScan, Item, Kind
from ignoregen.engine.setup import DOCKERIGNORE


def classic_reaches(rules: tuple[Rule, ...], directory: str) -> bool:
    """The classic builder's test for looking inside an excluded directory."""
    head = directory + "/"
    return any(rule.exception and (rule.pattern + "/").startswith(head) for rule in rules)




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
