"""What Docker would send: which ignore file applies, and the walk of the build context.

Two builders are modelled:

* **BuildKit** (``docker build`` since 23.0, buildx, compose v2) uses
  ``<Dockerfile>.dockerignore`` beside the Dockerfile when it exists, else
  ``<context>/.dockerignore``. It sends every entry that is not excluded, plus
  every ancestor directory of such an entry, and searches inside excluded
  directories whenever an exception could re-include something there.
* **The classic builder** (``DOCKER_BUILDKIT=0``) reads only the root file, looks
  inside an excluded directory only when some exception's text starts with that
  directory, always sends the Dockerfile and ``.dockerignore`` and lets the
  daemon delete them afterwards when they are excluded.

The walk never follows symbolic links, and it prunes: inside a directory where no
pattern can match any more, nothing is matched; an excluded directory that no
exception can reach is not matched either, only sized (and only when sizes are
asked for).
"""

from __future__ import annotations

import contextlib
import copy
import enum
import gc
import mmap
import os
import signal
import stat
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, NoReturn, Protocol

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, display_path, read_file
from ignoregen.engine.matcher import Matcher, PatternUseError, Quick
from ignoregen.errors import IgnoregenError

DOCKERIGNORE = ".dockerignore"
TAR_BLOCK = 512


class Builder(str, enum.Enum):
    BUILDKIT = "buildkit"
    CLASSIC = "classic"


class Collect(enum.Enum):
    """Which entries a walk keeps as :class:`Item` records (totals are always kept)."""

    SENT = "sent"
    IGNORED = "ignored"
    ALL = "all"
    NOTHING = "nothing"


class Kind(str, enum.Enum):
    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"
    SPECIAL = "special"


class Item(NamedTuple):
    """One entry of the context as the walk saw it."""

    path: str
    """Relative to the context root, ``/``-separated."""
    kind: Kind
    size: int
    """Content bytes; for an excluded directory that was not searched, the bytes below it."""
    files: int
    """1 for a non-directory; for an excluded directory, the non-directories below it."""
    rule: int
    """Index of the deciding rule in ``ContextScan.rules``, or -1 when no rule matched."""
    inherited: bool
    """The deciding rule matched an ancestor directory, not this path."""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    fatal: bool
    """True when Docker would fail the build on it."""


@dataclass(frozen=True)
class BuildSetup:
    """Which files drive a build: the context, the Dockerfile and the ignore file that applies."""

    context: Path
    builder: Builder
    dockerfile: Path | None
    """The Dockerfile (absolute), or None when the default one does not exist."""
    ignore_file: Path | None
    """The ignore file that applies, or None."""
    shadowed: Path | None = None
    """A root ``.dockerignore`` that BuildKit does not read because a per-Dockerfile file wins."""

    @property
    def dockerfile_in_context(self) -> str | None:
        """The Dockerfile's path relative to the context, when it lies inside."""
        if self.dockerfile is None:
            return None
        try:
            relative = self.dockerfile.relative_to(self.context)
        except ValueError:
            return None
        return relative.as_posix()


class SetupError(IgnoregenError):
    """A context or Dockerfile that cannot be used (exit code 2)."""


def find_setup(
    context: Path, builder: Builder = Builder.BUILDKIT, dockerfile: Path | None = None
) -> BuildSetup:
    """Work out the Dockerfile and ignore file the way ``docker build`` does.

    ``dockerfile`` is taken relative to the working directory, as docker's ``-f`` is.
    Without it, ``<context>/Dockerfile`` is used, or ``<context>/dockerfile`` when only that
    one exists.
    """
    if not context.is_dir():
        raise SetupError(f"{context}: not a directory (the build context must be a directory)")
    context = Path(os.path.abspath(context))
    if dockerfile is not None:
        dockerfile = Path(os.path.abspath(dockerfile))
        if not dockerfile.is_file():
            raise SetupError(f"{display_path(dockerfile)}: Dockerfile not found")
    else:
        default = context / "Dockerfile"
        lower = context / "dockerfile"
        if os.path.lexists(default):
            dockerfile = default
        elif os.path.lexists(lower):
            dockerfile = lower
    root_ignore = context / DOCKERIGNORE
    root = root_ignore if os.path.lexists(root_ignore) else None
    if builder is Builder.BUILDKIT and dockerfile is not None:
        own = dockerfile.with_name(dockerfile.name + DOCKERIGNORE)
        if os.path.lexists(own):
            shadowed = root if root is not None and root != own else None
            return BuildSetup(context, builder, dockerfile, own, shadowed)
    return BuildSetup(context, builder, dockerfile, root)


def load_rules(setup: BuildSetup) -> tuple[Rule, ...]:
    """Read the ignore file that applies (no file: no rules), as each builder reads it.

    BuildKit fetches the file through the context transfer: a directory or a dangling
    link reads as empty, and a link that leaves the context is not followed. The classic
    CLI opens the path: a directory is an error, a link is followed anywhere.
    """
    path = setup.ignore_file
    if path is None:
        return ()
    shown = display_path(path)
    buildkit = setup.builder is Builder.BUILDKIT
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.exists():
            return ()
        if buildkit and not target.is_relative_to(Path(os.path.realpath(path.parent))):
            return ()
        if not buildkit and setup.dockerfile is not None and setup.dockerfile_in_context is None:
            raise IgnoreFileError(
                shown,
                None,
                "is a symbolic link, and the Dockerfile is outside the context: the classic "
                "builder fails here ('archive/tar: write too long')",
            )
    if path.is_dir():
        if buildkit:
            return ()
        raise IgnoreFileError(shown, None, "is a directory, not a file")
    return read_file(path, buildkit=buildkit)


@dataclass
class Totals:
    files: int = 0
    """Non-directory entries."""
    dirs: int = 0
    bytes: int = 0


@dataclass
class ContextScan:
    """The result of one walk."""

    setup: BuildSetup
    rules: tuple[Rule, ...]
    """The user's rules, then any the docker CLI adds (classic builder)."""
    sent: list[Item] = field(default_factory=list)
    """Every entry that ends up in the build context, directories included (unsorted)."""
    ignored: list[Item] = field(default_factory=list)
    """The excluded entries: the top-most ones of each excluded subtree (unsorted)."""
    problems: list[Problem] = field(default_factory=list)
    sent_totals: Totals = field(default_factory=Totals)
    ignored_totals: Totals = field(default_factory=Totals)
    tar_bytes: int = 0
    """An estimate of the uncompressed tar stream of what is sent."""
    removed: list[str] = field(default_factory=list)
    """Classic builder: files sent but deleted by the daemon because they are excluded."""
    implied: list[str] = field(default_factory=list)
    """Classic builder: excluded directories with no tar entry of their own, created when
    the entries below them are unpacked."""

    def rule(self, item: Item) -> Rule | None:
        return self.rules[item.rule] if item.rule >= 0 else None


def sort_key(item: Item) -> bytes:
    """Byte order of the path, with a directory just before its contents."""
    key = os.fsencode(item.path)
    return key + b"/" if item.kind is Kind.DIR else key


def leaves(items: list[Item]) -> list[Item]:
    """The sorted entries that determine the tree: non-directories, and empty directories."""
    ordered = sorted(items, key=sort_key)
    out: list[Item] = []
    for index, item in enumerate(ordered):
        if item.kind is Kind.DIR and index + 1 < len(ordered):
            following = ordered[index + 1].path
            if following.startswith(item.path + "/"):
                continue
        out.append(item)
    return out


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


def classic_reaches(rules: tuple[Rule, ...], directory: str) -> bool:
    """The classic builder's test for looking inside an excluded directory."""
    head = directory + "/"
    return any(rule.exception and (rule.pattern + "/").startswith(head) for rule in rules)


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
    ) -> None:
        self.scan = scan
        self.matcher = matcher
        self.sizes = sizes or observer is not None
        self.observer = observer
        self.collect_sent = collect is not Collect.IGNORED and collect is not Collect.NOTHING
        self.collect_ignored = collect is Collect.IGNORED or collect is Collect.ALL
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
        self.split: _Split | None = None
        self.slice: tuple[str, int, int] | None = None
        """In a worker: (directory, share, shares) when the task is a share of a wide one."""

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
        self.scan = ContextScan(setup=real_scan.setup, rules=real_scan.rules)
        self.observer = None  # the planning pass observes nothing
        plan = _Split(SPLIT_DEPTH)
        self.split = plan
        self._walk_dir(root, "", 0, self.matcher.all_mask, False, -1, None, False)
        self.scan, self.observer = real_scan, observer
        if len(plan.tasks) >= MIN_PARALLEL_TASKS and hasattr(os, "fork"):
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
        try:
            descriptor = os.open(absolute, _DIRECTORY_FLAGS)
        except OSError as exc:
            self.scan.problems.append(
                Problem(relative, f"cannot read directory: {exc.strerror}", True)
            )
        else:
            os.close(descriptor)

    def _walk_dir(  # the hot loop, kept in one piece for speed
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
        observer = self.observer
        classic = self.classic
        any_sent = False
        prefix = relative + "/" if relative else ""
        # An entry that no live pattern matches inherits this directory's decision as it is:
        # it is matched (stepped) only when a quick test says a live pattern might match.
        step_all = live != 0 and matcher.has_broken
        quick = matcher.quick(live) if live else _NO_QUICK
        names, suffixes, prefixes, name_regex, path_regex = quick
        inherited_decision = (dir_excluded, vector, dir_decider, dir_decider >= 0)

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
                return matcher.step(path, vector, live)
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
                (collect_ignored if dir_excluded else collect_sent)
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
                        scan.ignored.append(Item(path, kind, size, 1, decider, inherited))
                    ignored_totals.files += 1
                    ignored_totals.bytes += size
                else:
                    if collect_sent:
                        sent.append(Item(path, kind, size, 1, decider, inherited))
                    sent_totals.files += 1
                    sent_totals.bytes += size
                    scan.tar_bytes += _tar_size(path, size)
                    any_sent = True

        # -- directories ----------------------------------------------------------------------
        sizes_wanted = self.sizes
        split = self.split
        token = None
        kind = Kind.DIR
        # Patterns that may stop being live below a directory (pruning looks at those only).
        prunable = live & ~matcher.always_live
        quick_search = self.quick_search
        exception_mask = matcher.exception_mask
        lean = split is None and self.lean_search
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
                if collect_sent:
                    sent.append(Item(path, kind, 0, 0, decider, inherited))
                sent_totals.dirs += 1
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
                    task = (child, path, child_vector, child_live, False)
                    split.subtree(self, (*task, decider, False), token)  # type: ignore[union-attr]
                any_sent = True
            elif (quick_search and child_live & exception_mask) or self._reaches(path, child_live):
                mark = len(scan.ignored)
                if in_place and lean and (observer is None or not observer.needs_each(token)):
                    found = self._search(child, path, child_vector, child_live, decider, token)
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
                    task = (child, path, child_vector, child_live, True)
                    found = split.subtree(self, (*task, decider, True), token)  # type: ignore[union-attr]
                if found:
                    any_sent = True
                    # BuildKit sends the excluded directory itself as a parent entry;
                    # the classic builder's extractor creates it implicitly.
                    if collect_sent:
                        sent.append(Item(path, kind, 0, 0, decider, inherited))
                    sent_totals.dirs += 1
                    if classic:
                        scan.implied.append(path)
                    else:
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
            found = _lean_listing(absolute, names)
            if found is None:
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
            if (
                name in names
                or name.endswith(suffixes)
                or name.startswith(prefixes)
                or (name_regex is not None and name_regex(name) is not None)
                or (path_regex is not None and path_regex(path) is not None)
            ):
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

    def _size(
        self, absolute: str, relative: str, token: object, in_place: bool
    ) -> tuple[int, int, int]:
        """Bytes, files and directories of an excluded subtree the walk does not search."""
        split = self.split
        if split is not None:
            if not in_place:
                return split.size(self, absolute, relative, token)
            return self._size_in_place(absolute, relative, token)
        if self.observer is not None:
            return self.observer.excluded_tree(token, absolute, relative)
        return tree_size(absolute, self.scan.problems)

    def _size_in_place(self, absolute: str, relative: str, token: object) -> tuple[int, int, int]:
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
                in_place = split.walks_here(f"{absolute}/{name}", path, siblings)
                size, below, subdirs = self._size(f"{absolute}/{name}", path, child, in_place)
                total += size
                files += below
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


SPLIT_DEPTH = 2
"""Directories this deep are handed to worker processes (shallower ones are walked in the
parent), except that no single task should hold a large share of the tree: a directory
with only one subdirectory is walked in place, so that a chain such as
``.venv/lib/python3.11/site-packages`` is shared out by what is at its end; a wide one
(``node_modules/.pnpm``) goes out in shares; and the subdirectories of a wide one are
tasks as they are."""
WIDE = 64
"""That many subdirectories make a directory wide: it is walked in shares, each share a
task that takes the subdirectories whose names hash to it (a wide excluded directory
that is only sized is taken apart in place instead)."""
SHARE = 32
"""Subdirectories per share of a wide directory, roughly."""
MAX_SHARES = 16
"""Each share lists the whole directory again: more shares balance finer, and cost more."""
MAX_SPLIT_DEPTH = 8
"""Below this depth, every directory is a task."""
MIN_PARALLEL_TASKS = 16
"""Fewer subtrees than this are not worth starting workers for."""
MAX_BATCHES = 4096
"""Tasks are handed out in at most this many batches (one queue entry each)."""

_Task = tuple[str, str, int, int, bool, int, bool]
_Counts = tuple[int, int, int]
"""Totals as (files, dirs, bytes): a plain tuple pickles several times faster."""
_Result = tuple[
    list[Item], list[Item], list[Problem], _Counts, _Counts, int, list[str], bool, object
]
"""A subtree's result: sent and ignored records, problems, sent and ignored counts, tar
bytes, implied directories, whether anything below is sent, and the observer's part."""
_SIZE = "size"
_Job = tuple[str, _Task, int, int]
"""("walk" or "size", the subtree, and for a share of a wide directory: which, of how many
(-1 and 0 otherwise))."""
_BATCH = struct.Struct("<I")
PROGRESS_INTERVAL = 0.25
"""Seconds between progress reports from the parent while workers walk."""


class _Split:
    """The subtrees of a parallel walk: planned, walked by workers, then taken back.

    The walk runs twice in the parent: a planning pass over the top levels collects the
    subtrees to hand out (walking and sizing alike), workers walk them, and a second pass
    over the same top levels takes each subtree's result where it would have walked it.
    Both passes decide from the same listings, so they stop at the same directories.
    """

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.planning = True
        self.tasks: list[_Job] = []
        self.results: dict[str | tuple[str, int], _Result] | None = {}
        self.decided: dict[str, bool] = {}
        self.wide: dict[str, int] = {}
        """Wide directories and the number of shares each is walked in."""

    def walks_here(self, absolute: str, relative: str, siblings: int) -> bool:
        """Is directory ``relative`` walked in the parent (True) or handed out as a task?

        ``siblings`` is the number of subdirectories of its parent. Decided once, in the
        planning pass, and remembered for the second pass.
        """
        known = self.decided.get(relative)
        if known is not None:
            return known
        depth = relative.count("/") + 1
        if siblings >= WIDE or relative.rpartition("/")[0] in self.wide:
            # The subdirectories of a crowded directory are tasks as they are: small
            # enough, and too many to look into one by one here.
            decision = False
        elif depth > MAX_SPLIT_DEPTH:
            decision = False
        else:
            subdirs = _count_subdirs(absolute)
            if subdirs >= WIDE:
                self.wide[relative] = max(2, min(MAX_SHARES, subdirs // SHARE))
            decision = depth < self.depth or subdirs == 1 or subdirs >= WIDE
        self.decided[relative] = decision
        return decision

    def subtree(self, walker: _Walker, task: _Task, token: object) -> bool:
        relative = task[1]
        shares = self.wide.get(relative, 0)
        if self.planning:
            if shares:
                self.tasks.extend(("walk", task, share, shares) for share in range(shares))
            else:
                self.tasks.append(("walk", task, -1, 0))
            return False
        keys: list[str | tuple[str, int]] = (
            [(relative, share) for share in range(shares)] if shares else [relative]
        )
        results = [self.results.get(key) for key in keys] if self.results is not None else []
        if not results or None in results:
            split, walker.split = walker.split, None
            try:
                return walker._walk_dir(*task[:6], token, task[6])
            finally:
                walker.split = split
        any_sent = False
        for result in results:
            assert result is not None
            if walker.observer is not None:
                walker.observer.absorb(token, result[8])
            any_sent = _merge(walker.scan, result) or any_sent
        return any_sent

    def size(
        self, walker: _Walker, absolute: str, relative: str, token: object
    ) -> tuple[int, int, int]:
        if self.planning:
            self.tasks.append((_SIZE, (absolute, relative, 0, 0, True, -1, False), -1, 0))
            return 0, 0, 0
        result = self.results.get(relative) if self.results is not None else None
        if result is None:
            if walker.observer is not None:
                return walker.observer.excluded_tree(token, absolute, relative)
            return tree_size(absolute, walker.scan.problems)
        if walker.observer is not None:
            walker.observer.absorb(token, result[8])
        walker.scan.problems.extend(result[2])
        files, dirs, size = result[4]
        return size, files, dirs

    def run(self, walker: _Walker, workers: int) -> None:
        """Walk the planned subtrees in ``workers`` forked processes.

        The tasks are numbered in walk order and split into batches; a pipe holds the batch
        numbers, and each worker reads the next one when it is free (a read of 4 bytes from
        a pipe is atomic), so the work balances itself with one system call per batch.
        Each worker sends all its results back at the end, in one pickle.
        """
        import pickle  # only parallel walks pay for the import

        tasks = self.tasks
        count = min(len(tasks), MAX_BATCHES)
        bounds = [len(tasks) * i // count for i in range(count + 1)]
        queue_read, queue_write = os.pipe()
        try:
            os.write(queue_write, b"".join(_BATCH.pack(i) for i in range(count)))
        finally:
            os.close(queue_write)
        # Each worker keeps a running count of the entries it walked here, for progress:
        # one machine word each, so that the parent never reads one half-written (packing
        # with struct writes byte by byte, and a count read mid-way can go backwards).
        shared = mmap.mmap(-1, 8 * workers)
        counts = memoryview(shared).cast("Q")
        children: list[tuple[int, int]] = []
        try:
            for slot in range(workers):
                result_read, result_write = os.pipe()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - runs in the worker process
                    for _, other in children:
                        os.close(other)
                    os.close(result_read)
                    _worker_main(walker, tasks, bounds, queue_read, result_write, (counts, slot))
                os.close(result_write)
                children.append((pid, result_read))
            os.close(queue_read)
            queue_read = -1
            payloads = _read_results([fd for _, fd in children], walker.observer, counts)
            results: dict[str | tuple[str, int], _Result] = {}
            if not all(payloads):
                # A worker died without a word (killed, out of memory): walk it all here.
                self.results = None
                return
            for payload in payloads:
                status, found = pickle.loads(payload)
                if status != "ok":
                    raise found
                results.update(found)
            self.results = results
        finally:
            if queue_read >= 0:
                os.close(queue_read)
            for pid, result_read in children:
                os.close(result_read)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)  # gone already unless something failed
                os.waitpid(pid, 0)
            counts.release()
            shared.close()


def _worker_main(  # pragma: no cover - runs in the worker process
    parent: _Walker,
    tasks: list[_Job],
    bounds: list[int],
    queue: int,
    out: int,
    shared: tuple[memoryview, int],
) -> NoReturn:
    """A worker: take batches of tasks until the queue is empty, then send the results."""
    import pickle

    try:
        walker = copy.copy(parent)
        walker.split = None
        observer = parent.observer
        results: dict[str | tuple[str, int], _Result] = {}
        walked = 0
        while True:
            data = os.read(queue, _BATCH.size)
            if not data:
                break
            (batch,) = _BATCH.unpack(data)
            for job in tasks[bounds[batch] : bounds[batch + 1]]:
                key = job[1][1] if job[2] < 0 else (job[1][1], job[2])
                result = results[key] = _run_task(walker, observer, job)
                walked += sum(result[3][:2]) + sum(result[4][:2])
                shared[0][shared[1]] = walked
        payload = pickle.dumps(("ok", results), pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # every failure goes back to the parent
        try:
            payload = pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle
            payload = pickle.dumps(("error", RuntimeError(f"worker failed: {exc!r}")))
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    finally:
        os._exit(0)


def _read_results(
    descriptors: list[int], observer: Observer | None, counts: memoryview
) -> list[bytes]:
    """Read every worker's results as they come; meanwhile, tell the observer how far the
    workers got."""
    import selectors

    chunks: dict[int, list[bytes]] = {fd: [] for fd in descriptors}
    with selectors.DefaultSelector() as selector:
        for fd in descriptors:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select(PROGRESS_INTERVAL if observer is not None else None):
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    chunks[key.fd].append(chunk)
                else:
                    selector.unregister(key.fd)
            if observer is not None:
                walked = sum(counts)
                observer.elsewhere(walked)
    return [b"".join(chunks[fd]) for fd in descriptors]


def _run_task(walker: _Walker, observer: Observer | None, job: _Job) -> _Result:
    """In a worker: walk (or size) one subtree, or a share of one, into a scan of its own."""
    kind, task, share, shares = job
    scan = ContextScan(setup=walker.scan.setup, rules=walker.scan.rules)
    token = observer.detach(task[1]) if observer is not None else None
    if kind == _SIZE:
        if observer is not None:
            size, files, dirs = observer.excluded_tree(token, task[0], task[1])
        else:
            size, files, dirs = tree_size(task[0], scan.problems)
        part = observer.export() if observer is not None else None
        return ([], [], scan.problems, (0, 0, 0), (files, dirs, size), 0, [], False, part)
    walker.scan = scan
    if share >= 0:
        walker.slice = (task[1], share, shares)
    try:
        any_sent = walker._walk_dir(*task[:6], token, task[6])
    finally:
        walker.slice = None
    if share > 0:
        # Each share lists the directory; the first one reports what went wrong there.
        scan.problems = [problem for problem in scan.problems if problem.path != task[1]]
    sent, ignored = scan.sent_totals, scan.ignored_totals
    return (
        scan.sent,
        scan.ignored,
        scan.problems,
        (sent.files, sent.dirs, sent.bytes),
        (ignored.files, ignored.dirs, ignored.bytes),
        scan.tar_bytes,
        scan.implied,
        any_sent,
        observer.export() if observer is not None else None,
    )


def _merge(scan: ContextScan, result: _Result) -> bool:
    sent, ignored, problems, sent_counts, ignored_counts, tar_bytes, implied, any_sent, _ = result
    scan.sent.extend(sent)
    scan.ignored.extend(ignored)
    scan.problems.extend(problems)
    for mine, (files, dirs, size) in (
        (scan.sent_totals, sent_counts),
        (scan.ignored_totals, ignored_counts),
    ):
        mine.files += files
        mine.dirs += dirs
        mine.bytes += size
    scan.tar_bytes += tar_bytes
    scan.implied.extend(implied)
    return any_sent


def default_workers() -> int:
    """Worker processes for a walk: the usable cores, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)


def tree_size(absolute: str, problems: list[Problem]) -> tuple[int, int, int]:
    """Bytes, non-directories and directories below a directory, without matching anything."""
    try:
        descriptor = os.open(absolute, _DIRECTORY_FLAGS)
    except OSError:
        return 0, 0, 0  # Docker never looks inside, so neither do its errors
    try:
        return _tree_size_at(descriptor)
    finally:
        os.close(descriptor)


def _count_subdirs(absolute: str) -> int:
    """Subdirectories of a directory; 0 when it cannot be read."""
    try:
        with os.scandir(absolute) as iterator:
            return sum(1 for entry in iterator if entry.is_dir(follow_symlinks=False))
    except OSError:
        return 0


def _lean_listing(
    absolute: str, names: frozenset[str]
) -> tuple[list[os.DirEntry[str]], int, int, OSError | None] | None:
    """List a directory for :meth:`_Walker._search`: its subdirectories, and the number and
    bytes of its other entries (looked at as in :meth:`_Walker._listing`), with the error
    that stopped it, if any; None as soon as an entry has one of ``names``."""
    dirs: list[os.DirEntry[str]] = []
    count = total = 0
    try:
        descriptor = os.open(absolute, _DIRECTORY_FLAGS)
    except OSError as exc:
        return dirs, 0, 0, exc
    try:
        with os.scandir(descriptor) as iterator:
            for entry in iterator:
                if entry.name in names:
                    return None
                if entry.is_dir(follow_symlinks=False):
                    dirs.append(entry)
                    continue
                count += 1
                if entry.is_file(follow_symlinks=False):
                    total += entry.stat(follow_symlinks=False).st_size
                elif not entry.is_symlink():
                    entry.stat(follow_symlinks=False)
    except OSError as exc:
        return dirs, 0, 0, exc
    finally:
        os.close(descriptor)
    return dirs, count, total, None


def _quiet_listing(absolute: str) -> list[tuple[os.DirEntry[str], int]]:
    """The entries of a directory Docker does not look into, each with its size (0 for
    anything but a regular file); errors count as nothing there, as in :func:`tree_size`."""
    try:
        descriptor = os.open(absolute, _DIRECTORY_FLAGS)
    except OSError:
        return []
    listing = []
    try:
        for entry in os.scandir(descriptor):
            size = 0
            if entry.is_file(follow_symlinks=False):
                try:
                    size = entry.stat(follow_symlinks=False).st_size
                except OSError:  # pragma: no cover - raced with a deletion
                    size = 0
            listing.append((entry, size))
    except OSError:
        return []
    finally:
        os.close(descriptor)
    return listing


def _tree_size_at(descriptor: int) -> tuple[int, int, int]:
    total = files = dirs = 0
    try:
        entries = list(os.scandir(descriptor))
    except OSError:
        return 0, 0, 0
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            dirs += 1
            try:
                child = os.open(entry.name, _DIRECTORY_FLAGS | os.O_NOFOLLOW, dir_fd=descriptor)
            except OSError:
                continue
            try:
                size, below, subdirs = _tree_size_at(child)
            finally:
                os.close(child)
            total += size
            files += below
            dirs += subdirs
            continue
        files += 1
        if entry.is_file(follow_symlinks=False):
            try:
                total += entry.stat(follow_symlinks=False).st_size
            except OSError:  # pragma: no cover - raced with a deletion
                continue
    return total, files, dirs


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


def scan_context(
    setup: BuildSetup,
    *,
    sizes: bool = False,
    rules: tuple[Rule, ...] | None = None,
    observer: Observer | None = None,
    collect: Collect = Collect.ALL,
    workers: int = 1,
) -> ContextScan:
    """Walk the context of ``setup`` and decide every entry.

    Raises :class:`IgnoreFileError` for an ignore file Docker rejects and
    :class:`PatternUseError` for a pattern that fails when first used.
    """
    user_rules = load_rules(setup) if rules is None else rules
    effective = user_rules
    user_matcher = Matcher(user_rules)
    dockerfile = setup.dockerfile_in_context
    if setup.builder is Builder.CLASSIC:
        effective = _classic_rules(user_matcher, user_rules, dockerfile)
    matcher = user_matcher if effective is user_rules else Matcher(effective)
    scan = ContextScan(setup=setup, rules=effective)
    _Walker(scan, matcher, sizes, observer, collect).walk(str(setup.context), workers)
    if setup.builder is Builder.CLASSIC:
        if dockerfile is not None and not _classic_sends(matcher, dockerfile):
            raise SetupError(
                f"the classic builder does not send the Dockerfile {dockerfile} (an excluded "
                "directory on its way is not searched for wildcard exceptions), so the build "
                "fails with 'Cannot locate specified Dockerfile'"
            )
        _remove_build_files(scan, user_matcher, matcher, dockerfile, sizes or observer is not None)
        if _outside_dockerfile_stays(scan, user_matcher, matcher):
            assert setup.dockerfile is not None
            size = setup.dockerfile.stat().st_size if sizes or observer is not None else 0
            if collect is not Collect.NOTHING and collect is not Collect.IGNORED:
                scan.sent.append(Item(RANDOM_DOCKERFILE, Kind.FILE, size, 1, -1, False))
            scan.sent_totals.files += 1
            scan.sent_totals.bytes += size
    return scan


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


def file_mode_kind(mode: int) -> Kind:
    """The kind of an entry from its ``lstat`` mode."""
    if stat.S_ISDIR(mode):
        return Kind.DIR
    if stat.S_ISLNK(mode):
        return Kind.SYMLINK
    if stat.S_ISREG(mode):
        return Kind.FILE
    return Kind.SPECIAL
