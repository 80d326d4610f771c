"""Walk some subtrees of a context only, recording there what a walk of all of it records.

A planner pass that differs from an earlier walk only at a few paths (an exception for a
path the build needs, put after the rule that excluded it) changes nothing elsewhere: the
new pattern matches that path and, through its match vector, what is below it. Walking
those subtrees again, with each one's ancestors decided as the walk decides them, gives
what the whole walk would record there; the rest is the earlier walk's.
"""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.listing import Listings
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import Collect, ContextScan, Item, Kind
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.engine.walk import _Walker

Records = tuple[list[Item], list[Item]]
"""(ignored, sent), in the walk's order."""


def walk_below(
    setup: BuildSetup, rules: Sequence[Rule], paths: Sequence[str], listings: Listings
) -> list[Records] | None:
    """For each of ``paths`` (none below another), what a serial BuildKit walk of the
    context with ``rules``, with sizes and ``decided_only``, records at the path and below
    it. A path the walk does not reach (missing, or below a link) has no records.

    None when this cannot tell: a path below a directory the rules exclude (the walk would
    then search that directory, and what it records there changes too), a path that is an
    excluded directory searched for what an exception may give back, a broken pattern, or
    a problem met on the way (unreadable directories are the whole walk's to report)."""
    if setup.builder is not Builder.BUILDKIT:
        raise ValueError("walk_below walks as BuildKit does")
    matcher = Matcher(rules)
    if matcher.has_broken:
        return None
    scan = ContextScan(setup=setup, rules=tuple(rules))
    walker = _Walker(scan, matcher, True, None, Collect.ALL)
    walker.decided_only = True
    walker.tar = False
    walker.listings = listings
    root = str(setup.context)
    found: list[Records] = []
    for path in paths:
        records = _below(walker, root, path)
        if records is None or scan.problems:
            return None
        found.append(records)
    return found


def _below(walker: _Walker, root: str, path: str) -> Records | None:
    matcher = walker.matcher
    scan = walker.scan
    *parents, name = path.split("/")
    live = matcher.all_mask
    decision = (False, 0, -1, False)  # the root's
    relative = ""
    for part in [*parents, None]:
        absolute = f"{root}/{relative}" if relative else root
        listing = walker._listing(absolute, relative)
        if listing is None:
            return None
        dirs, others, sizes = listing
        if part is None:
            break
        if not any(entry.name == part for entry in dirs):
            return [], []  # not reached: missing, or not a directory (a link is not followed)
        relative = f"{relative}/{part}" if relative else part
        decision = _decide(matcher, relative, decision, live)
        if decision[0]:
            return None
        if live & ~matcher.always_live:
            live = matcher.live_below(relative, live)
    excluded, child_vector, decider, inherited = _decide(matcher, path, decision, live)
    ignored_mark, sent_mark = len(scan.ignored), len(scan.sent)
    directory = next((entry for entry in dirs if entry.name == name), None)
    if directory is not None:
        child_live = matcher.live_below(path, live) if live & ~matcher.always_live else live
        if excluded:
            if child_live & matcher.exception_mask:
                return None  # searched: what it records depends on what is found
            # Not searched: one entry with what is below it, as the walk sizes it.
            assert walker.listings is not None
            size, files, _ = walker.listings.tree_size(f"{absolute}/{name}")
            scan.ignored.append(Item(path, Kind.DIR, size, files, decider, inherited))
            return scan.ignored[ignored_mark:], []
        if decider >= 0:
            scan.sent.append(Item(path, Kind.DIR, 0, 0, decider, inherited))
        walker._walk_dir(f"{absolute}/{name}", path, child_vector, child_live, False, decider,
                         None, False)
    else:
        index = next((i for i, entry in enumerate(others) if entry.name == name), None)
        if index is None:
            return [], []
        entry = others[index]
        if entry.is_file(follow_symlinks=False):
            kind = Kind.FILE
        elif entry.is_symlink():
            kind = Kind.SYMLINK
        else:
            kind = Kind.SPECIAL
        item = Item(path, kind, sizes[index], 1, decider, inherited)
        if excluded:
            scan.ignored.append(item)
        elif decider >= 0:
            scan.sent.append(item)
    return scan.ignored[ignored_mark:], scan.sent[sent_mark:]


def _decide(
    matcher: Matcher, path: str, parent: tuple[bool, int, int, bool], live: int
) -> tuple[bool, int, int, bool]:
    """The walk's decision of ``path`` given its directory's: stepped when the quick test
    lets a live pattern match it, the directory's decision inherited otherwise."""
    if live:
        names, suffixes, prefixes, name_regex, path_regex = matcher.quick(live)
        name = path[path.rfind("/") + 1:]
        if (
            name in names
            or name.endswith(suffixes)
            or name.startswith(prefixes)
            or (name_regex is not None and name_regex(name) is not None)
            or (path_regex is not None and path_regex(path) is not None)
        ):
            return matcher.step(path, parent[1], live)
    excluded, vector, decider, _ = parent
    return excluded, vector, decider, decider >= 0
