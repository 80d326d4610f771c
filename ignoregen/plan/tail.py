"""A candidate pass's walk, without walking: the literal rules at the end of the list.

The plans of one context differ in their candidates only at the end: the paths that one
machine's files, a build's own output or what no COPY reads put there (``replaced_rules``,
``output_rules``, ``uncopied_rules``: each a literal path). A pass whose rules end with
such literal exclusions is answered from the walk of the rules before them (the head),
which the plans share, and the head's walk is the context's one walk of its candidates.

Why that is exact. A literal exclusion ``t`` matches the path ``t`` alone, and below it
only through ``t``'s match vector. Placed after every other rule, it is applied at ``t``
exactly when the head leaves ``t`` sent, and it then excludes ``t`` and everything below
it (no exception comes after it to give anything back). Where the head excludes ``t``,
it is skipped, so it is in no vector and changes nothing. So the walk with the tail is the
head's walk where each such ``t`` (the first rule to exclude it) becomes one excluded entry:
what the head's walk recorded at ``t`` and below goes, and ``t``'s entry takes its place in
the walk's order. When ``t`` has an excluded directory above it (sent only because an
exception gives it back), those directories could lose their last sent entry: the pass
is walked then, as it is when a listing is missing or the head's walk met a problem.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence

from ignoregen.engine.below import walk_below
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.listing import Listings
from ignoregen.engine.matcher import Matcher, MatchType, Pattern, literal_prefix
from ignoregen.engine.records import ContextScan, Item, Kind

ENABLED = True
"""Answer passes from the walk of their head; off (the tests' slow planner), every pass is
walked with all its rules."""
_KINDS = (Kind.DIR, Kind.FILE, Kind.SYMLINK, Kind.SPECIAL)
"""By ``_Entry._kind``."""


def literal_tail(rules: Sequence[Rule]) -> int:
    """Where the rules' tail of literal exclusions starts (``len(rules)`` when there is
    none): rules that are not exceptions and match one path only."""
    start = len(rules)
    while start > 0:
        rule = rules[start - 1]
        if rule.exception or _literal(rule) is None:
            break
        start -= 1
    return start


_LITERALS: dict[str, str | None] = {}


def _literal(rule: Rule) -> str | None:
    """The one path ``rule`` matches itself, or None when it may match more (or none)."""
    pattern = rule.pattern
    if pattern not in _LITERALS:
        compiled = Pattern(rule)
        literal = compiled.literal if compiled.kind is MatchType.EXACT else None
        if literal is not None and (not literal or literal.startswith("/") or "//" in literal):
            literal = None
        if len(_LITERALS) > 4096:
            _LITERALS.clear()
        _LITERALS[pattern] = literal
    return _LITERALS[pattern]


class _Order:
    """The walk's order of entries: in each directory, its other entries then its
    subdirectories, each in the order listed, and a directory before what is below it."""

    def __init__(self, root: str, listings: Listings) -> None:
        self.root = root
        self.listings = listings
        self.places: dict[str, dict[str, tuple[int, int]]] = {}

    def place(self, directory: str, name: str) -> tuple[int, int] | None:
        """Where ``name`` comes in ``directory``'s listing (None when not listed there)."""
        places = self.places.get(directory)
        if places is None:
            absolute = f"{self.root}/{directory}" if directory else self.root
            listing = self.listings.listings.get(absolute)
            if listing is None or isinstance(listing, str):
                raise LookupError(absolute)
            dirs, others, _ = listing
            places = {entry.name: (0, i) for i, entry in enumerate(others)}
            places.update((entry.name, (1, i)) for i, entry in enumerate(dirs))
            self.places[directory] = places
        return places.get(name)

    def compare(self, first: str, second: str) -> int:
        a, b = first.split("/"), second.split("/")
        depth = 0
        while depth < len(a) and depth < len(b) and a[depth] == b[depth]:
            depth += 1
        if depth == len(a) or depth == len(b):
            return len(a) - len(b)  # the directory first
        directory = "/".join(a[:depth])
        here, there = self.place(directory, a[depth]), self.place(directory, b[depth])
        if here is None or there is None:
            raise LookupError(first if here is None else second)
        return -1 if here < there else 1


def with_literal_tail(
    head_scan: ContextScan, tail: Sequence[Rule], listings: Listings
) -> tuple[list[Item], list[Item]] | None:
    """(ignored, sent) as a ``decided_only`` walk with the head's rules and then ``tail``
    (literal exclusions) records them, from the head's walk (made with ``listings``); None
    when that cannot be told without walking (see the module's notes)."""
    head = head_scan.rules
    if head_scan.problems:
        return None
    literals = [_literal(rule) for rule in tail]
    if any(literal is None for literal in literals):
        return None
    matcher = Matcher([*head, *tail])
    if matcher.has_broken:
        return None
    root = str(head_scan.setup.context)
    order = _Order(root, listings)
    ignored, sent = list(head_scan.ignored), list(head_scan.sent)
    try:
        for k, path in enumerate(literals):
            assert path is not None
            *steps, last = matcher.chain(path)
            if last.rule != len(head) + k or last.inherited:
                continue  # excluded by the head, or below an earlier literal: no change
            if any(step.excluded for step in steps):
                return None  # given back inside an excluded directory
            directory, _, name = path.rpartition("/")
            parts = directory.split("/") if directory else []
            for depth, part in enumerate(parts):
                found = order.place("/".join(parts[:depth]), part)
                if found is None or found[0] != 1:
                    break  # not in the context as the walk sees it (a link is not followed)
            else:
                place = order.place(directory, name)
                if place is None:
                    continue
                if place[0] == 1:
                    kind = Kind.DIR
                    # As the walk counts an excluded directory it records as one entry.
                    size, files, _ = listings.tree_size(f"{root}/{path}")
                else:
                    listing = listings.listings[f"{root}/{directory}" if directory else root]
                    assert not isinstance(listing, str)
                    entry = listing[1][place[1]]
                    kind = _KINDS[entry._kind]
                    size, files = listing[2][place[1]], 1
                below = path + "/"
                ignored = [item for item in ignored
                           if item.path != path and not item.path.startswith(below)]
                sent = [item for item in sent
                        if item.path != path and not item.path.startswith(below)]
                key = functools.cmp_to_key(order.compare)
                at = bisect.bisect_left(ignored, key(path), key=lambda item: key(item.path))
                ignored.insert(at, Item(path, kind, size, files, len(head) + k, False))
    except LookupError:
        return None
    return ignored, sent


def with_changed_rules(
    base: ContextScan,
    rules: Sequence[Rule],
    where: Sequence[int | None],
    listings: Listings,
) -> ContextScan | None:
    """The ``decided_only`` walk with ``rules`` (made with ``listings``), from ``base``,
    the walk of the first pass over the candidates: ``rules`` are ``base.rules`` with some
    candidates left out and exceptions added (``!docs/conf.py``, ``!packages/**/tests``:
    kept for the build after the rule that excluded them). ``where[j]`` is the index in
    ``rules`` of ``base.rules[j]``, None when it is left out.

    Leaving out an exclusion changes the decision of the entries it decided only (where
    another rule decided, that rule decides still): ``base`` recorded each of them. An
    added exception changes the decision of what it matches only, all of it at or below
    one path: a literal one's own path (and what is below it, through the path's match
    vector), another's directory before its first wildcard (``packages`` for
    ``!packages/**/tests``). So the walk with ``rules`` differs from ``base`` at and below
    those paths only, unless a directory above one is excluded (what the walk searches
    there changes too: answered by walking, as is a left-out exception, which can change
    where the walk searches). Those subtrees are walked again; the rest is ``base``'s,
    each entry's rule renumbered. None when that cannot be told without walking (see
    :func:`walk_below`)."""
    if base.problems:
        return None
    placed = {index for index in where if index is not None}
    paths = []
    for index, rule in enumerate(rules):
        if index in placed:
            continue
        region = _region(rule) if rule.exception else None
        if region is None:
            return None
        paths.append(region)
    left_out = {j for j, index in enumerate(where) if index is None}
    if any(base.rules[j].exception for j in left_out):
        return None
    if left_out:
        paths.extend(item.path for records in (base.ignored, base.sent) for item in records
                     if item.rule in left_out)
    tops: list[str] = []
    for path in sorted(set(paths)):  # (a path sorts right after the one above it, if any)
        if not tops or not path.startswith(tops[-1] + "/"):
            tops.append(path)
    found = walk_below(base.setup, rules, tops, listings)
    if found is None:
        return None
    top_set = set(tops)

    def outside(path: str) -> bool:
        while path:
            if path in top_set:
                return False
            path = path.rpartition("/")[0]
        return True

    order = _Order(str(base.setup.context), listings)
    key = functools.cmp_to_key(order.compare)
    merged: list[list[Item]] = []
    try:
        for side, records in enumerate((base.ignored, base.sent)):
            kept = [_renumbered(item, where) for item in records if outside(item.path)]
            # Each subtree's records go where its path comes in the walk's order.
            places = [(bisect.bisect_left(kept, key(top), key=lambda item: key(item.path)), i)
                      for i, top in enumerate(tops)]
            result: list[Item] = []
            done = 0
            for at, i in sorted(places, key=lambda place: (place[0], key(tops[place[1]]))):
                result.extend(kept[done:at])
                result.extend(found[i][side])
                done = at
            result.extend(kept[done:])
            merged.append(result)
    except LookupError:
        return None
    ignored, sent = merged
    return ContextScan(setup=base.setup, rules=tuple(rules), ignored=ignored, sent=sent)


def _region(rule: Rule) -> str | None:
    """The path at and below which everything ``rule`` matches lies (it changes nothing
    elsewhere through match vectors either), or None for the whole context."""
    literal = _literal(rule)
    if literal is not None:
        return literal
    compiled = Pattern(rule)
    if compiled.broken or compiled.wide or compiled.kind is MatchType.SUFFIX:
        return None
    # Every match starts with the pattern's literal text: below its directory.
    directory = literal_prefix(rule.pattern).rpartition("/")[0]
    return directory or None


def _renumbered(item: Item, where: Sequence[int | None]) -> Item:
    if item.rule < 0 or where[item.rule] == item.rule:
        return item
    index = where[item.rule]
    assert index is not None  # (its entries are walked again)
    return Item(item.path, item.kind, item.size, item.files, index, item.inherited)


def pass_records(
    rules: Sequence[Rule],
    owner: Sequence[int],
    scan: Callable[[Sequence[Rule], bool], ContextScan],
    listings: Listings | None,
    candidates: Sequence[Rule] = (),
    remember: Callable[[Sequence[Rule], Callable[[], ContextScan | None]], ContextScan | None]
    | None = None,
) -> tuple[list[Item], list[Item]]:
    """(ignored, sent) as a ``decided_only`` walk with ``rules`` records them, ``scan``
    making the walks (given the rules, and whether to pin the walk) with ``listings``.
    ``owner`` is the candidate of each rule (-1 for an exception kept for the build).

    The plans of a context differ in the literal rules at the end of their candidates:
    their passes share one walk of the rules before those, and the literal rules are applied
    to its records. A walk of the candidates as they are (nothing dropped or kept) is the
    same for every plan of the context: it is pinned. A later pass's head (candidates left
    out, exceptions kept for the build put in) is made from that walk where it can be
    (:func:`with_changed_rules`), once for the plans that share it, through ``remember``
    (given the rules and how to make it)."""
    start = literal_tail(rules) if ENABLED and listings is not None else len(rules)
    head: ContextScan | None = None
    if ENABLED and listings is not None:
        head_rules, head_owner = rules[:start], owner[:start]

        def make() -> ContextScan | None:
            assert listings is not None
            return _from_first_pass(head_rules, head_owner, candidates, scan, listings)

        head = remember(head_rules, make) if remember is not None else make()
    if start < len(rules) or head is not None:
        assert listings is not None
        if head is None:
            head = scan(rules[:start], list(owner[:start]) == list(range(start)))
        if start == len(rules):
            return head.ignored, head.sent
        found = with_literal_tail(head, rules[start:], listings)
        if found is not None:
            return found
    walked = scan(rules, list(owner) == list(range(len(rules))))
    return walked.ignored, walked.sent


def _from_first_pass(
    rules: Sequence[Rule],
    owner: Sequence[int],
    candidates: Sequence[Rule],
    scan: Callable[[Sequence[Rule], bool], ContextScan],
    listings: Listings,
) -> ContextScan | None:
    """The walk with ``rules`` from the first pass's (pinned) walk of the head of
    ``candidates``, when ``rules`` are that head with candidates left out and exceptions
    kept for the build added (see :func:`with_changed_rules`)."""
    if not candidates:
        return None
    first = literal_tail(candidates)
    if list(owner) == list(range(first)):
        return None  # the first pass's head itself
    where: list[int | None] = [None] * first
    for index, candidate in enumerate(owner):
        if candidate >= first:
            return None  # a literal rule with kept paths: not the first pass's head
        if candidate >= 0:
            where[candidate] = index

    return with_changed_rules(scan(candidates[:first], True), rules, where, listings)
