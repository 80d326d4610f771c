"""The one walk of a build context: what BuildKit sends, decided top-down and pruned.

The hot loop (:meth:`_Walker._walk_dir`) is kept in one piece for speed."""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from ignoregen.engine.classic import classic_reaches
from ignoregen.engine.deep import HOP, fresh_stack
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.listing import (
    _DIRECTORY_FLAGS,
    Listings,
    _quiet_listing,
    lean_listing,
    tree_size,
)
from ignoregen.engine.matcher import Matcher, Quick
from ignoregen.engine.pool import DEFAULT_SPLIT, SplitPolicy, _Split, _Task
from ignoregen.engine.records import TAR_BLOCK, Collect, ContextScan, Item, Kind, Problem
from ignoregen.engine.setup import Builder


def _tar_size(path: str, size: int) -> int:
    """Bytes of one entry in the tar stream: a header block, the content in whole blocks,
    and a PAX header with its data block for a name over 100 bytes."""
    blocks = (size + 2 * TAR_BLOCK - 1) // TAR_BLOCK * TAR_BLOCK
    if len(path) > 100 or (len(path) > 25 and not path.isascii() and len(os.fsencode(path)) > 100):
        blocks += 2 * TAR_BLOCK
    return blocks


def _tar_sizes(prefix: str, entries: list[os.DirEntry[str]], sizes: list[int]) -> int:
    """:func:`_tar_size` summed over the entries of one directory."""
    total = sum((size + 2 * TAR_BLOCK - 1) // TAR_BLOCK * TAR_BLOCK for size in sizes)
    width = len(prefix)
    if width + max(len(entry.name) for entry in entries) > 25:
        long = sum(1 for entry in entries if _tar_size(prefix + entry.name, 0) > TAR_BLOCK)
        total += long * 2 * TAR_BLOCK
    return total


def _is_socket(entry: os.DirEntry[str]) -> bool:
    try:
        return stat.S_ISSOCK(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return False


def buildkit_reaches(rules: tuple[Rule, ...], directory: str) -> bool:
    """BuildKit's test for looking inside an excluded directory (fsutil's prefix-only rule)."""
    exceptions = [rule.pattern for rule in rules if rule.exception]
    stripped = []
    for pattern in exceptions:
        for tail in ("/**", "/*"):
            if pattern.endswith(tail):
                pattern = pattern[: -len(tail)]
                break
        if any(c in pattern for c in "*?[]^\\"):
            return True
        stripped.append(pattern)
    head = directory + "/"
    return any((pattern + "/").startswith(head) for pattern in stripped)


class Observer(Protocol):
    """Sees every entry of the one walk, for work that rides along (classification).

    Tokens are the observer's own per-entry state, handed back for the entry's children.
    """

    def root(self) -> object:
        """The token of the context root."""

    def enter(self, parent: object, path: str, kind: Kind) -> object:
        """An entry the walk decides; returns its token."""

    def file(self, parent: object, path: str, kind: Kind, size: int, sent: bool) -> None:
        """A non-directory entry the walk decides: its content bytes, and whether Docker
        sends it."""

    def needs_each(self, token: object) -> bool:
        """Must the walk call :meth:`file` for each non-directory in the directory of
        ``token``? When not, it may count those that no rule decides with :meth:`add`."""

    def add(self, token: object, files: int, size: int, sent: bool) -> None:
        """``files`` non-directories of the directory of ``token``, ``size`` bytes in all,
        all sent or all not (they inherit the directory's decision)."""

    def elsewhere(self, entries: int) -> None:
        """In the parent of a parallel walk: worker processes have walked ``entries``
        entries so far (for a progress report; what they observed comes with absorb)."""

    def excluded_tree(self, token: object, absolute: str, relative: str) -> tuple[int, int, int]:
        """Size an excluded directory the walk does not search: (bytes, files, directories)."""

    def detach(self, path: str) -> object:
        """In a worker process: start afresh at directory ``path``; returns its token."""

    def export(self) -> object:
        """In a worker process: what was observed since :meth:`detach`, picklable."""

    def absorb(self, token: object, part: Any) -> None:
        """In the parent: take a worker's part for the directory of ``token``."""


_Listing = tuple[list[os.DirEntry[str]], list[os.DirEntry[str]], list[int]]
"""A directory's subdirectories, its other entries, and their sizes."""

_T = TypeVar("_T")


class _Found(Exception):
    """:meth:`_Walker._search`, probing, met an entry that an exception may re-include."""


_NO_QUICK = Quick(frozenset(), (), (), None, None)


class _Walker:
    """One walk of a context. Use :func:`scan_context`."""

    def __init__(
        self,
        scan: ContextScan,
        matcher: Matcher,
        sizes: bool,
        observer: Observer | None,
        collect: Collect,
        split_policy: SplitPolicy = DEFAULT_SPLIT,
    ) -> None:
        self.scan = scan
        self.split_policy = split_policy
        self.matcher = matcher
        self.sizes = sizes or observer is not None
        self.observer = observer
        self.collect_sent = collect is not Collect.IGNORED and collect is not Collect.NOTHING
        self.collect_ignored = collect is Collect.IGNORED or collect is Collect.ALL
        self.decided_only = False
        """Of the sent entries, record only those a rule decides (see scan_context)."""
        self.tar = True  # estimate the tar stream (ContextScan.tar_bytes; see scan_context)
        self.classic = scan.setup.builder is Builder.CLASSIC
        # With a broken pattern, search exactly where Docker searches, so that it fails there.
        self.exact_descent = matcher.has_broken
        rules = scan.rules
        self.wildcard_exceptions = any(
            rule.exception and any(c in rule.pattern for c in "*?[]^\\") for rule in rules
        )
        # BuildKit searches an excluded directory whenever a wildcard exception is live
        # below it: the common case of _reaches, tested in the loop.
        self.quick_search = not self.classic and self.wildcard_exceptions and not self.exact_descent
        self.lean_search = not self.classic and not self.collect_ignored and not matcher.has_broken
        """Excluded directories may be searched by :meth:`_search`: nothing records their
        entries, and no pattern is broken (Docker would test it wherever it can)."""
        self.probe_search = (
            not self.classic and self.collect_ignored and not matcher.has_broken
        )
        """Excluded directories whose entries are recorded may be searched by
        :meth:`_probe` first (in a serial walk without observer; evidence: see
        ``ContextScan.counted``)."""
        self.probing = False
        """In :meth:`_probe`: :meth:`_search` raises :class:`_Found` instead of walking."""
        self.probe_keys: dict[int, tuple[bool, tuple[str, ...]]] = {}
        """By live exceptions: what else a probe's outcome depends on (see :meth:`_probe`)."""
        self.split: _Split | None = None
        self.slice: tuple[str, int, int] | None = None
        """In a worker: (directory, share, shares) when the task is a share of a wide one."""
        self.hop_depth = HOP
        """Directories this deep are walked in a fresh thread (see :mod:`.deep`)."""
        self.hop_length = 2 * HOP + 1
        """No path shorter than this is that deep: the cheap test, made first."""
        self.evidence = False
        """Keep ``counted``: the union of the match vectors of the entries decided (only
        :meth:`_walk_dir` decides entries when everything is collected)."""
        self.counted = 0
        self.unbarred = 0
        """With ``evidence``: see ``ContextScan.unbarred``."""
        self.unbarred_leaves: list[tuple[int, str]] = []
        """With ``evidence``: see ``ContextScan.unbarred_leaves``."""
        self.listings: Listings | None = None
        """Set by :func:`scan_context` for a serial BuildKit walk with sizes."""

    def walk(self, root: str, workers: int = 1) -> None:
        # The walk makes hundreds of thousands of short-lived objects and no garbage
        # cycles worth collecting: the cyclic collector would only traverse the heap again
        # and again (and, in forked workers, copy the pages it touches).
        collecting = gc.isenabled()
        gc.disable()
        try:
            if workers > 1:
                self._walk_parallel(root, workers)
                return
            token = self.observer.root() if self.observer is not None else None
            self._walk_dir(root, "", 0, self.matcher.all_mask, False, -1, token, False)
        finally:
            if collecting:
                gc.enable()

    def _walk_parallel(self, root: str, workers: int) -> None:
        """Walk the top levels here and the subtrees below them in worker processes.

        A first pass over the top levels only lists the subtrees that the walk will enter
        or size (which does not depend on what is found inside them); workers walk those
        with the same code; the second pass walks the top levels again and takes each
        subtree's result where it would have walked it.
        """
        real_scan, observer = self.scan, self.observer
        self.observer = None  # the planning pass observes nothing
        policy = self.split_policy
        while True:
            self.scan = ContextScan(setup=real_scan.setup, rules=real_scan.rules)
            plan = _Split(policy)
            self.split = plan
            self._walk_dir(root, "", 0, self.matcher.all_mask, False, -1, None, False)
            # Too few subtrees at this depth (a context whose bulk is in apps/*/...): plan
            # one level deeper, while there is a deeper level to hand out.
            if (
                len(plan.tasks) >= policy.min_tasks
                or policy.depth >= policy.max_depth
                or plan.deepest < policy.depth
            ):
                break
            policy = replace(policy, depth=policy.depth + 1)
        self.scan, self.observer = real_scan, observer
        if len(plan.tasks) >= policy.min_tasks and hasattr(os, "fork"):
            plan.run(self, workers)
        else:
            plan.results = None  # too little to share: walk those subtrees here
        plan.planning = False
        token = observer.root() if observer is not None else None
        self._walk_dir(root, "", 0, self.matcher.all_mask, False, -1, token, False)
        self.split = None

    def _listing(
        self, absolute: str, relative: str, share: tuple[int, int] | None = None
    ) -> _Listing | None:
        """List a directory Docker reads: (subdirectories, other entries, their sizes).

        With ``share`` = (index, count), only that share of a wide directory (see _Split):
        the subdirectories whose names hash to it (workers are forks, so they hash alike),
        and the other entries with the first share only.

        The listing goes through a descriptor of the directory, so that each ``stat`` looks
        up one name instead of the whole path. Sizes are those of regular files (0 for the
        rest, and for all when sizes are not asked for); special files are looked at too,
        so that their entries can tell a socket later. Failing to list or to look is fatal
        for both builders, as it is for Docker.
        """
        listings = self.listings
        if listings is not None and share is None:
            known = listings.listings.get(absolute)
            if known is None:
                found = self._list(absolute, relative, None)
                if found is None:
                    problem = self.scan.problems[-1]
                    listings.listings[absolute] = problem.message
                    return None
                known = listings.listings[absolute] = listings.keep(*found)
            if isinstance(known, str):
                self.scan.problems.append(Problem(relative or ".", known, True))
                return None
            return known  # type: ignore[return-value]
        return self._list(absolute, relative, share)

    def _list(
        self, absolute: str, relative: str, share: tuple[int, int] | None
    ) -> _Listing | None:
        """:meth:`_listing`, from the file system."""
        try:
            descriptor = os.open(absolute, _DIRECTORY_FLAGS)
        except OSError as exc:
            self.scan.problems.append(
                Problem(relative or ".", f"cannot read directory: {exc.strerror}", True)
            )
            return None
        dirs: list[os.DirEntry[str]] = []
        others: list[os.DirEntry[str]] = []
        sizes: list[int] = []
        try:
            measure = self.sizes
            index, count = share if share is not None else (0, 0)
            for entry in os.scandir(descriptor):
                if entry.is_dir(follow_symlinks=False):
                    if not count or hash(entry.name) % count == index:
                        dirs.append(entry)
                    continue
                if index:
                    continue
                others.append(entry)
                if entry.is_file(follow_symlinks=False):
                    sizes.append(entry.stat(follow_symlinks=False).st_size if measure else 0)
                    continue
                sizes.append(0)
                if not entry.is_symlink():
                    entry.stat(follow_symlinks=False)
            if not measure and (dirs or others):
                # Docker looks at every entry; a directory that can be listed but not
                # searched fails there, so try one look.
                (others or dirs)[0].stat(follow_symlinks=False)
        except OSError as exc:
            self.scan.problems.append(
                Problem(relative or ".", f"cannot read directory: {exc.strerror}", True)
            )
            return None
        finally:
            os.close(descriptor)
        return dirs, others, sizes

    def _check_readable(self, absolute: str, relative: str) -> None:
        """Docker opens this excluded directory (to list it) without walking it here."""
        listings = self.listings
        if listings is not None and absolute in listings.readable:
            error = listings.readable[absolute]
        else:
            error = None
            try:
                descriptor = os.open(absolute, _DIRECTORY_FLAGS)
            except OSError as exc:
                error = exc.strerror
            else:
                os.close(descriptor)
            if listings is not None:
                listings.readable[absolute] = error
        if error is not None:
            self.scan.problems.append(Problem(relative, f"cannot read directory: {error}", True))

    def _walk_dir(  # noqa: C901 - the hot loop, kept in one piece for speed
        self,
        absolute: str,
        relative: str,
        vector: int,
        live: int,
        dir_excluded: bool,
        dir_decider: int,
        parent_token: object,
        searching: bool,
        listing: _Listing | None = None,
    ) -> bool:
        """Walk one directory; return True when anything below it is sent.

        ``vector``, ``dir_excluded`` and ``dir_decider`` are this directory's own decision;
        ``searching`` is True inside an excluded directory that is only searched for
        re-included entries. ``listing`` is the directory's, when the caller has it.
        """
        if len(relative) >= self.hop_length and relative.count("/") >= self.hop_depth:
            return self._hop(
                self._walk_dir, absolute, relative, vector, live, dir_excluded, dir_decider,
                parent_token, searching, listing,
            )
        if listing is None:
            share = None
            if self.slice is not None and relative == self.slice[0]:
                share = self.slice[1:]
            listing = self._listing(absolute, relative, share)
            if listing is None:
                return False
        dirs, others, sizes = listing
        scan = self.scan
        matcher = self.matcher
        sent = scan.sent
        sent_totals = scan.sent_totals
        ignored_totals = scan.ignored_totals
        collect_sent = self.collect_sent
        collect_ignored = self.collect_ignored
        decided_only = self.decided_only
        tar = self.tar
        observer = self.observer
        classic = self.classic
        record = Item if self.listings is None else self.listings.item  # (shared by walks)
        any_sent = False
        prefix = relative + "/" if relative else ""
        # An entry that no live pattern matches inherits this directory's decision as it is:
        # it is matched (stepped) only when a quick test says a live pattern might match.
        step_all = live != 0 and matcher.has_broken
        quick = matcher.quick(live) if live else _NO_QUICK
        names, suffixes, prefixes, name_regex, path_regex = quick
        inherited_decision = (dir_excluded, vector, dir_decider, dir_decider >= 0)

        evidence = self.evidence
        leaves = True
        """Are the entries decided now non-directories (nothing below them)?"""

        def decide(name: str, path: str) -> tuple[bool, int, int, bool]:
            """The entry's decision: stepped when a quick test lets a live pattern match."""
            if live and (
                step_all
                or name in names
                or name.endswith(suffixes)
                or name.startswith(prefixes)
                or (name_regex is not None and name_regex(name) is not None)
                or (path_regex is not None and path_regex(path) is not None)
            ):
                decision = matcher.step(path, vector, live)
                if evidence:
                    # An entry that is not stepped inherits its directory's vector, which
                    # is in already.
                    self.counted |= decision[1]
                    # What the entry itself added above every bit of its directory's
                    # vector (an entry's vector holds its directory's).
                    unbarred = decision[1] & -(1 << vector.bit_length())
                    if unbarred:
                        if leaves:
                            self.unbarred_leaves.append((unbarred, path))
                        else:
                            self.unbarred |= unbarred
                return decision
            return inherited_decision

        # -- files, links and special files ---------------------------------------------------
        if others:
            if step_all:
                picked: list[int] | range = range(len(others))
            elif live:
                # In an excluded directory, a file that matches no exception stays
                # excluded, whatever else it matches (see _search).
                f_names, f_suffixes, f_prefixes, f_name_regex, f_path_regex = (
                    matcher.quick(live & matcher.exception_mask) if dir_excluded else quick
                )
                picked = [
                    index
                    for index, entry in enumerate(others)
                    if (name := entry.name) in f_names
                    or name.endswith(f_suffixes)
                    or name.startswith(f_prefixes)
                    or (f_name_regex is not None and f_name_regex(name) is not None)
                    or (f_path_regex is not None and f_path_regex(prefix + name) is not None)
                ]
            else:
                picked = []
            # Entries that inherit the directory's decision are counted in bulk, unless
            # something needs each of them: records, the observer, the classic builder's
            # checks of what it sends.
            each = (
                (collect_ignored if dir_excluded
                 else collect_sent and (dir_decider >= 0 or not decided_only))
                or (classic and not dir_excluded)
                or (observer is not None and observer.needs_each(parent_token))
            )
            if not each and len(picked) < len(others):
                bulk_sizes = sizes
                bulk = others
                if picked:
                    chosen = set(picked)
                    bulk_sizes = [size for i, size in enumerate(sizes) if i not in chosen]
                    bulk = [entry for i, entry in enumerate(others) if i not in chosen]
                count = len(bulk)
                total = sum(bulk_sizes)
                if observer is not None:
                    observer.add(parent_token, count, total, not dir_excluded)
                if dir_excluded:
                    ignored_totals.files += count
                    ignored_totals.bytes += total
                else:
                    sent_totals.files += count
                    sent_totals.bytes += total
                    if tar:
                        scan.tar_bytes += _tar_sizes(prefix, bulk, bulk_sizes)
                    any_sent = True
                indices: list[int] | range = picked
            else:
                indices = range(len(others))
            for index in indices:
                entry = others[index]
                name = entry.name
                path = prefix + name
                excluded, _, decider, inherited = decide(name, path)
                size = sizes[index]
                if entry.is_file(follow_symlinks=False):
                    kind = Kind.FILE
                    if classic and not excluded:
                        self._check_openable(f"{absolute}/{name}", path)
                elif entry.is_symlink():
                    kind = Kind.SYMLINK
                else:
                    kind = Kind.SPECIAL
                    if classic and not excluded and _is_socket(entry):
                        # The classic builder's tar writer skips sockets.
                        if collect_ignored:
                            scan.ignored.append(Item(path, kind, 0, 1, -1, False))
                        ignored_totals.files += 1
                        continue
                if observer is not None:
                    observer.file(parent_token, path, kind, size, not excluded)
                if excluded:
                    if collect_ignored:
                        scan.ignored.append(record(path, kind, size, 1, decider, inherited))
                    ignored_totals.files += 1
                    ignored_totals.bytes += size
                else:
                    if collect_sent and (decider >= 0 or not decided_only):
                        sent.append(record(path, kind, size, 1, decider, inherited))
                    sent_totals.files += 1
                    sent_totals.bytes += size
                    if tar:
                        scan.tar_bytes += _tar_size(path, size)
                    any_sent = True

        # -- directories ----------------------------------------------------------------------
        leaves = False
        sizes_wanted = self.sizes
        split = self.split
        token = None
        kind = Kind.DIR
        # Patterns that may stop being live below a directory (pruning looks at those only).
        prunable = live & ~matcher.always_live
        quick_search = self.quick_search
        exception_mask = matcher.exception_mask
        lean = split is None and self.lean_search
        probe = split is None and self.probe_search and observer is None
        for entry in dirs:
            name = entry.name
            path = prefix + name
            excluded, child_vector, decider, inherited = decide(name, path)
            if observer is not None:
                token = observer.enter(parent_token, path, kind)
            child = f"{absolute}/{name}"
            # In a parallel walk, a subdirectory is walked here or handed out (_Split);
            # a wide one is sized here but walked out there, in shares.
            if split is None:
                size_here = in_place = True
            else:
                size_here = split.walks_here(child, path, len(dirs))
                in_place = size_here and path not in split.wide
            child_live = matcher.live_below(path, live) if prunable else live
            if not excluded:
                if collect_sent and (decider >= 0 or not decided_only):
                    sent.append(record(path, kind, 0, 0, decider, inherited))
                sent_totals.dirs += 1
                if tar:
                    scan.tar_bytes += _tar_size(path, 0)
                if in_place:
                    self._walk_dir(
                        child,
                        path,
                        child_vector,
                        child_live,
                        False,
                        decider,
                        token,
                        False,
                    )
                else:
                    task = _Task(child, path, child_vector, child_live, False, decider, False)
                    split.subtree(self, task, token)  # type: ignore[union-attr]
                any_sent = True
            elif (quick_search and child_live & exception_mask) or self._reaches(path, child_live):
                mark = len(scan.ignored)
                if in_place and lean and (observer is None or not observer.needs_each(token)):
                    found = self._search(child, path, child_vector, child_live, decider, token)
                elif in_place and probe:
                    found = self._probe(child, path, child_vector, child_live, decider)
                elif in_place:
                    found = self._walk_dir(
                        child,
                        path,
                        child_vector,
                        child_live,
                        True,
                        decider,
                        token,
                        True,
                    )
                else:
                    task = _Task(child, path, child_vector, child_live, True, decider, True)
                    found = split.subtree(self, task, token)  # type: ignore[union-attr]
                if found:
                    any_sent = True
                    # BuildKit sends the excluded directory itself as a parent entry;
                    # the classic builder's extractor creates it implicitly.
                    if collect_sent:
                        sent.append(Item(path, kind, 0, 0, decider, inherited))
                    sent_totals.dirs += 1
                    if classic:
                        scan.implied.append(path)
                    elif tar:
                        scan.tar_bytes += _tar_size(path, 0)
                elif collect_ignored:
                    self._collapse(mark, path, decider, inherited)
                else:
                    ignored_totals.dirs += 1
            else:
                if classic and not searching:
                    # The classic CLI lists each directory before it skips it.
                    self._check_readable(child, path)
                if sizes_wanted:
                    if split is not None and not size_here:
                        size_here = split.sizes_here(child, path, len(dirs), 0)
                    size, files, subdirs = self._size(child, path, token, size_here)
                else:
                    size, files, subdirs = 0, 0, 0
                if collect_ignored:
                    scan.ignored.append(Item(path, kind, size, files, decider, inherited))
                ignored_totals.dirs += 1 + subdirs
                ignored_totals.files += files
                ignored_totals.bytes += size
        return any_sent

    def _search(
        self,
        absolute: str,
        relative: str,
        vector: int,
        live: int,
        decider: int,
        token: object,
    ) -> bool:
        """:meth:`_walk_dir` for an excluded directory searched for re-included entries, when
        nothing wants its entries one by one (see ``lean_search``; the observer, if any,
        counts the whole subtree into one token).

        An entry of an excluded directory that matches no exception itself stays excluded.
        (Its directory's vector can only carry an exception that the directory matched
        before a later pattern excluded it again; the entry inherits that later match
        too. An exclusion the entry matches can only exclude it again.) So when no entry
        passes the quick test of the live exceptions, the files are counted in bulk, and
        only subdirectories are stepped, for the vector they hand down. Otherwise the
        directory goes to :meth:`_walk_dir`, with its listing.
        """
        if len(relative) >= self.hop_length and relative.count("/") >= self.hop_depth:
            return self._hop(
                self._search, absolute, relative, vector, live, decider, token
            )
        matcher = self.matcher
        prefix = relative + "/"
        names, suffixes, prefixes, name_regex, path_regex = matcher.quick(
            live & matcher.exception_mask
        )
        if (
            self.sizes
            and not suffixes
            and not prefixes
            and name_regex is None
            and path_regex is None
        ):
            # The common case (at most names to look out for), in one pass.
            found = lean_listing(self.listings, absolute, names)
            if found is None:
                if self.probing:
                    raise _Found
                return self._walk_dir(absolute, relative, vector, live, True, decider, token, True)
            dirs, count, total, error = found
            if error is not None:
                self.scan.problems.append(
                    Problem(relative, f"cannot read directory: {error.strerror}", True)
                )
                return False
        else:
            listing = self._listing(absolute, relative)
            if listing is None:
                return False
            dirs, others, sizes = listing
            for entry in others + dirs if others else dirs:
                name = entry.name
                if (
                    name in names
                    or name.endswith(suffixes)
                    or name.startswith(prefixes)
                    or (name_regex is not None and name_regex(name) is not None)
                    or (path_regex is not None and path_regex(prefix + name) is not None)
                ):
                    if self.probing:
                        raise _Found
                    return self._walk_dir(
                        absolute, relative, vector, live, True, decider, token, True, listing
                    )
            count = len(others)
            total = sum(sizes)
        scan = self.scan
        ignored_totals = scan.ignored_totals
        observer = self.observer
        if count:
            ignored_totals.files += count
            ignored_totals.bytes += total
            if observer is not None:
                observer.add(token, count, total, False)
        if not dirs:
            return False
        # Only a subdirectory's vector can still matter (to what lies below it).
        names, suffixes, prefixes, name_regex, path_regex = matcher.quick(live)
        prunable = live & ~matcher.always_live
        quick_search = self.quick_search
        exception_mask = matcher.exception_mask
        sizes_wanted = self.sizes
        child_token = None
        any_sent = False
        for entry in dirs:
            name = entry.name
            path = prefix + name
            if not self.probing and (
                name in names
                or name.endswith(suffixes)
                or name.startswith(prefixes)
                or (name_regex is not None and name_regex(name) is not None)
                or (path_regex is not None and path_regex(path) is not None)
            ):  # (not while probing: a probe records nothing, hands no vector down)
                _, child_vector, child_decider, inherited = matcher.step(path, vector, live)
            else:
                child_vector, child_decider, inherited = vector, decider, decider >= 0
            if observer is not None:
                child_token = observer.enter(token, path, Kind.DIR)
            child = f"{absolute}/{name}"
            child_live = matcher.live_below(path, live) if prunable else live
            if (quick_search and child_live & exception_mask) or self._reaches(path, child_live):
                if self._search(child, path, child_vector, child_live, child_decider, child_token):
                    any_sent = True
                    if self.collect_sent:
                        scan.sent.append(Item(path, Kind.DIR, 0, 0, child_decider, inherited))
                    scan.sent_totals.dirs += 1
                    if self.tar:
                        scan.tar_bytes += _tar_size(path, 0)
                else:
                    ignored_totals.dirs += 1
            else:
                if sizes_wanted:
                    size, files, subdirs = self._size(child, path, child_token, True)
                else:
                    size, files, subdirs = 0, 0, 0
                ignored_totals.dirs += 1 + subdirs
                ignored_totals.files += files
                ignored_totals.bytes += size
        return any_sent

    def _probe(
        self, absolute: str, relative: str, vector: int, live: int, decider: int
    ) -> bool:
        """:meth:`_walk_dir` for an excluded directory searched for re-included entries, in
        a walk that records every excluded entry: searched first as :meth:`_search` does
        (no entry recorded, none matched unless an exception may match it). When nothing
        can be re-included, what the walk would record below the directory is what
        :meth:`_collapse` makes one entry of: its bytes and files, which the totals tell;
        one entry carrying them is recorded. Otherwise the directory is walked from its
        start again, entry by entry.

        Whether a probe finds something, and what it counts otherwise, depends only on
        the directory and the walk's exception patterns (which are live below it, what
        their quick tests let through, where Docker looks): :class:`Listings` keeps it for
        the next walk with the same exceptions live there (one not live is never tested
        below; Docker looks into a subdirectory for a wildcard one, or a literal one below
        it, which is then live here)."""
        scan = self.scan
        totals = scan.ignored_totals
        listings = self.listings
        exceptions = live & self.matcher.exception_mask
        what = self.probe_keys.get(exceptions)
        if what is None:
            ones = [p.rule.pattern for i, p in enumerate(self.matcher.patterns)
                    if exceptions >> i & 1]
            what = self.probe_keys[exceptions] = (self.wildcard_exceptions, tuple(sorted(ones)))
        key = (absolute, relative, *what)
        if listings is not None and key in listings.found:
            return self._walk_dir(absolute, relative, vector, live, True, decider, None, True)
        known = listings.probes.get(key) if listings is not None else None
        if known is not None:
            files, dirs, size, met = known
            totals.files += files
            totals.dirs += dirs
            totals.bytes += size
            scan.problems.extend(met)
            scan.ignored.append(Item(relative, Kind.DIR, size, files, decider, False))
            return False
        files, dirs, size = totals.files, totals.dirs, totals.bytes
        problems = len(scan.problems)
        self.probing = True
        try:
            self._search(absolute, relative, vector, live, decider, None)
        except _Found:
            totals.files, totals.dirs, totals.bytes = files, dirs, size
            del scan.problems[problems:]
            if listings is not None:
                listings.found.add(key)
        else:
            files, dirs, size = totals.files - files, totals.dirs - dirs, totals.bytes - size
            if listings is not None:
                listings.probes[key] = (files, dirs, size, scan.problems[problems:])
            scan.ignored.append(Item(relative, Kind.DIR, size, files, decider, False))
            return False
        finally:
            self.probing = False
        return self._walk_dir(absolute, relative, vector, live, True, decider, None, True)

    def _hop(self, method: Callable[..., _T], *args: object) -> _T:
        """Go on with a deep walk in a fresh thread; deeper still, it hops again."""
        self.hop_depth += HOP
        self.hop_length += 2 * HOP
        try:
            return fresh_stack(method, *args)
        finally:
            self.hop_depth -= HOP
            self.hop_length -= 2 * HOP

    def _size(
        self, absolute: str, relative: str, token: object, in_place: bool, below: int = 0
    ) -> tuple[int, int, int]:
        """Bytes, files and directories of an excluded subtree the walk does not search
        (``below`` levels under the directory whose sizing started there)."""
        split = self.split
        if split is not None:
            if not in_place:
                return split.size(self, absolute, relative, token)
            return self._size_in_place(absolute, relative, token, below)
        if self.observer is not None:
            return self.observer.excluded_tree(token, absolute, relative)
        listings = self.listings
        if listings is None:
            return tree_size(absolute, self.scan.problems)
        # tree_size reports no problem (Docker never looks inside).
        return listings.tree_size(absolute)

    def _size_in_place(
        self, absolute: str, relative: str, token: object, below: int
    ) -> tuple[int, int, int]:
        """Size an excluded subtree in a parallel walk: its top levels here, the rest as tasks.

        Counts the same as :func:`tree_size` (and tells the observer the same as its
        ``excluded_tree``), so that a large excluded directory near the root is shared out
        like any other.
        """
        observer = self.observer
        split = self.split
        assert split is not None
        total = files = dirs = 0
        listing = _quiet_listing(absolute)
        siblings = sum(1 for entry, _ in listing if entry.is_dir(follow_symlinks=False))
        for entry, size in listing:
            name = entry.name
            path = f"{relative}/{name}"
            if entry.is_dir(follow_symlinks=False):
                dirs += 1
                child = observer.enter(token, path, Kind.DIR) if observer is not None else None
                in_place = split.sizes_here(f"{absolute}/{name}", path, siblings, below + 1)
                size, count, subdirs = self._size(
                    f"{absolute}/{name}", path, child, in_place, below + 1
                )
                total += size
                files += count
                dirs += subdirs
                continue
            files += 1
            if entry.is_file(follow_symlinks=False):
                kind = Kind.FILE
            elif entry.is_symlink():
                kind = Kind.SYMLINK
            else:
                kind = Kind.SPECIAL
            if observer is not None:
                observer.file(token, path, kind, size, False)
            total += size
        return total, files, dirs

    def _reaches(self, directory: str, child_live: int) -> bool:
        """Should the walk look inside this excluded directory?"""
        if not self.matcher.has_exceptions:
            return False
        if self.classic:
            docker_looks = classic_reaches(self.scan.rules, directory)
        else:
            docker_looks = self.wildcard_exceptions or buildkit_reaches(self.scan.rules, directory)
        if self.exact_descent or not docker_looks:
            return docker_looks
        if child_live & self.matcher.exception_mask:
            return True
        # Nothing can be re-included below, but Docker still opens it to look.
        self._check_readable(os.path.join(self.scan.setup.context, directory), directory)
        return False

    def _check_openable(self, absolute: str, relative: str) -> None:
        """The classic CLI opens every file it sends before the build starts."""
        try:
            descriptor = os.open(absolute, os.O_RDONLY | os.O_NONBLOCK)
        except PermissionError as exc:
            self.scan.problems.append(
                Problem(relative, f"no permission to read: {exc.strerror}", True)
            )
        except OSError:
            return
        else:
            os.close(descriptor)

    def _collapse(self, mark: int, path: str, decider: int, inherited: bool) -> None:
        """Replace the ignored entries found below an excluded directory by the directory."""
        self.scan.ignored_totals.dirs += 1
        if not self.collect_ignored:
            return
        below = self.scan.ignored[mark:]
        del self.scan.ignored[mark:]
        size = sum(item.size for item in below)
        files = sum(item.files for item in below)
        self.scan.ignored.append(Item(path, Kind.DIR, size, files, decider, inherited))
