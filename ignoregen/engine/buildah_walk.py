"""The walk of a build context as Buildah's ``COPY . /dest`` does it (copier's ``Get``).

Buildah walks the context in lexical order without following links and asks the matcher
about every entry. An excluded file is skipped. An excluded directory is skipped whole
unless some exception's text (with a ``/`` after it) starts with the directory's path
(:func:`buildah_reaches`); then it is searched, but gets no entry of its own: the
directories above a re-included entry are created when it is unpacked. Sockets are never
sent. Everything else that is not excluded is sent, including empty directories.

The result is a :class:`ContextScan` like Docker's walks produce, so ``ls``, ``explain``,
``scan`` and ``check`` read it the same way; it is walked in one process.
"""

from __future__ import annotations

import os
import stat

from ignoregen.engine.buildah import BuildahMatcher, BuildahPatternError, buildah_reaches
from ignoregen.engine.deep import HOP, fresh_stack
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.listing import tree_size
from ignoregen.engine.records import Collect, ContextScan, Item, Kind, Problem
from ignoregen.engine.setup import BuildSetup
from ignoregen.engine.walk import Observer, _tar_size


def scan_buildah(
    setup: BuildSetup,
    rules: tuple[Rule, ...],
    *,
    sizes: bool = False,
    observer: Observer | None = None,
    collect: Collect = Collect.ALL,
) -> ContextScan:
    """Decide every entry of the context as Buildah does.

    Raises :class:`BuildahPatternError` for a pattern whose expression does not compile,
    when the context holds anything Buildah would test it on.
    """
    matcher = BuildahMatcher(rules)
    broken = matcher.broken
    if broken is not None and _tests_anything(str(setup.context)):
        raise BuildahPatternError(broken.rule, broken.error or "invalid pattern")
    scan = ContextScan(setup=setup, rules=rules)
    walk = _BuildahWalk(scan, matcher, sizes or observer is not None, observer, collect)
    token = observer.root() if observer is not None else None
    walk.walk_dir(str(setup.context), "", -1, matcher.all_mask, token)
    return scan


def _tests_anything(root: str) -> bool:
    """Buildah tests its patterns on the first entry it walks that is not a socket."""
    try:
        with os.scandir(root) as entries:
            return any(not _socket(entry) for entry in entries)
    except OSError:
        return False


def _socket(entry: os.DirEntry[str]) -> bool:
    try:
        return stat.S_ISSOCK(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return False


class _BuildahWalk:
    def __init__(
        self,
        scan: ContextScan,
        matcher: BuildahMatcher,
        sizes: bool,
        observer: Observer | None,
        collect: Collect,
    ) -> None:
        self.scan = scan
        self.matcher = matcher
        self.sizes = sizes
        self.observer = observer
        self.collect_sent = collect is not Collect.IGNORED and collect is not Collect.NOTHING
        self.collect_ignored = collect is Collect.IGNORED or collect is Collect.ALL
        # The recursion goes on in a fresh thread every HOP levels (see engine/deep.py): a
        # path of HOP slashes is at least 2 * HOP + 1 characters, the cheaper test first.
        self.hop_depth = HOP
        self.hop_length = 2 * HOP + 1

    def _listing(self, absolute: str, relative: str) -> list[os.DirEntry[str]] | None:
        try:
            with os.scandir(absolute) as iterator:
                return list(iterator)
        except OSError as exc:
            self.scan.problems.append(
                Problem(relative or ".", f"cannot read directory: {exc.strerror}", True)
            )
            return None

    def walk_dir(
        self, absolute: str, relative: str, decider: int, live: int, token: object
    ) -> bool:
        """Walk one directory whose own decision is ``decider`` (an index, or -1); return
        True when anything below it is sent."""
        if len(relative) >= self.hop_length and relative.count("/") >= self.hop_depth:
            self.hop_depth += HOP
            self.hop_length += 2 * HOP
            try:
                return fresh_stack(self.walk_dir, absolute, relative, decider, live, token)
            finally:
                self.hop_depth -= HOP
                self.hop_length -= 2 * HOP
        entries = self._listing(absolute, relative)
        if entries is None:
            return False
        scan = self.scan
        matcher = self.matcher
        observer = self.observer
        prefix = relative + "/" if relative else ""
        any_sent = False
        for entry in entries:
            name = entry.name
            path = prefix + name
            # A match above may not carry down (see BuildahMatcher.monotone).
            floor = decider if matcher.monotone and "\n" not in path else -1
            rule = matcher.last_match(path, floor, live)
            excluded = matcher.excluded(rule)
            inherited = rule >= 0 and rule == decider
            if entry.is_dir(follow_symlinks=False):
                child_live = matcher.live_below(path, live)
                child = observer.enter(token, path, Kind.DIR) if observer is not None else None
                if not excluded:
                    if self.collect_sent:
                        scan.sent.append(Item(path, Kind.DIR, 0, 0, rule, inherited))
                    scan.sent_totals.dirs += 1
                    scan.tar_bytes += _tar_size(path, 0)
                    self.walk_dir(f"{absolute}/{name}", path, rule, child_live, child)
                    any_sent = True
                elif matcher.has_exceptions and buildah_reaches(matcher.rules, path):
                    mark = len(scan.ignored)
                    if self.walk_dir(f"{absolute}/{name}", path, rule, child_live, child):
                        any_sent = True
                        # No entry of its own: created when what is below it is unpacked.
                        if self.collect_sent:
                            scan.sent.append(Item(path, Kind.DIR, 0, 0, rule, inherited))
                        scan.sent_totals.dirs += 1
                        scan.implied.append(path)
                    else:
                        self._collapse(mark, path, rule, inherited)
                else:
                    size = files = subdirs = 0
                    if self.sizes:
                        if observer is not None:
                            size, files, subdirs = observer.excluded_tree(
                                child, f"{absolute}/{name}", path
                            )
                        else:
                            size, files, subdirs = tree_size(f"{absolute}/{name}", scan.problems)
                    if self.collect_ignored:
                        scan.ignored.append(Item(path, Kind.DIR, size, files, rule, inherited))
                    scan.ignored_totals.dirs += 1 + subdirs
                    scan.ignored_totals.files += files
                    scan.ignored_totals.bytes += size
                continue
            size = 0
            if entry.is_file(follow_symlinks=False):
                kind = Kind.FILE
                if self.sizes:
                    size = entry.stat(follow_symlinks=False).st_size
            elif entry.is_symlink():
                kind = Kind.SYMLINK
            else:
                kind = Kind.SPECIAL
                if _socket(entry):
                    # Buildah skips sockets before it asks the matcher.
                    excluded, rule, inherited = True, -1, False
            if observer is not None:
                observer.file(token, path, kind, size, not excluded)
            if excluded:
                if self.collect_ignored:
                    scan.ignored.append(Item(path, kind, size, 1, rule, inherited))
                scan.ignored_totals.files += 1
                scan.ignored_totals.bytes += size
            else:
                if self.collect_sent:
                    scan.sent.append(Item(path, kind, size, 1, rule, inherited))
                scan.sent_totals.files += 1
                scan.sent_totals.bytes += size
                scan.tar_bytes += _tar_size(path, size)
                any_sent = True
        return any_sent

    def _collapse(self, mark: int, path: str, rule: int, inherited: bool) -> None:
        """An excluded directory searched in vain: one record for it and all below."""
        scan = self.scan
        scan.ignored_totals.dirs += 1
        if not self.collect_ignored:
            return
        below = scan.ignored[mark:]
        del scan.ignored[mark:]
        size = sum(item.size for item in below)
        files = sum(item.files for item in below)
        scan.ignored.append(Item(path, Kind.DIR, size, files, rule, inherited))
