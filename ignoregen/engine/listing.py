"""Listing and sizing directories without matching: the lean paths of the walk."""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from typing import Any

from ignoregen.engine.deep import HOP, fresh_stack
from ignoregen.engine.records import Item, Kind, Problem

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


def _tree_size_at(descriptor: int, depth: int = 0) -> tuple[int, int, int]:
    """Sizes below an open directory, ``depth`` levels below where the sizing started;
    every :data:`~ignoregen.engine.deep.HOP` levels, the recursion goes on in a fresh
    thread."""
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
                if (depth + 1) % HOP:
                    size, below, subdirs = _tree_size_at(child, depth + 1)
                else:
                    size, below, subdirs = fresh_stack(_tree_size_at, child, depth + 1)
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


class _Entry:
    """What the walk asks of an ``os.DirEntry`` (BuildKit walks), kept small: a
    :class:`Listings` holds one for each entry of each directory listed."""

    __slots__ = ("_kind", "name")

    def __init__(self, name: str, kind: int) -> None:
        self.name = name
        self._kind = kind
        """0 a directory, 1 a regular file, 2 a symbolic link, 3 anything else."""

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        return self._kind == 0

    def is_file(self, *, follow_symlinks: bool = True) -> bool:
        return self._kind == 1

    def is_symlink(self) -> bool:
        return self._kind == 2


_ProbeKey = tuple[str, str, bool, tuple[str, ...]]
"""A directory (absolute, relative), whether the walk has a wildcard exception, and the
exception patterns live in the directory."""


class Listings:
    """What the file system answered to one walk, for the next walks of the same tree.

    ``init`` walks each context many times with different rules (see
    :class:`ignoregen.plan.planner.Walks`); the tree does not change meanwhile, so each
    directory is listed, and each excluded tree sized, once: later BuildKit walks in one
    process (with sizes) take the answers from here and only match. Keyed by absolute
    path, so that nested contexts share them too. Errors are kept and reported again.
    """

    def __init__(self) -> None:
        self.listings: dict[str, tuple[Sequence[_Entry], Sequence[_Entry], Sequence[int]] | str]
        self.listings = {}
        """A directory's listing, or the error that stopped it (its ``strerror``)."""
        self._entries: tuple[dict[str, _Entry], ...] = ({}, {}, {}, {})
        """The entries kept, by kind and name (see :meth:`keep`)."""
        self.lean: dict[tuple[str, frozenset[str]], object] = {}
        """:func:`_lean_listing`'s answers."""
        self.summaries: dict[str, tuple[object, int, int]] = {}
        """Of a directory listed here with more than ``_SMALL`` entries: its listing (as
        kept then), how many entries are no directories, their bytes (what
        :func:`lean_listing` asks of it in every walk that searches it)."""
        self.named: dict[tuple[str, frozenset[str]], bool] = {}
        """Whether such a directory holds an entry with one of the names (the same few
        sets of names are asked in every walk): kept instead of each directory's names,
        which took 9 MB on a tree of 300,000 entries."""
        self.sizes: dict[str, tuple[int, int, int]] = {}
        """:func:`tree_size`'s answers."""
        self.readable: dict[str, str | None] = {}
        """Whether a directory can be opened: None, or the error's ``strerror``."""
        self.probes: dict[_ProbeKey, tuple[int, int, int, list[Problem]]] = {}
        """What :meth:`_Walker._probe` found in an excluded directory where nothing can be
        re-included (files, directories and bytes below it, and the problems met), by
        directory and the exception patterns of the walk live there: nothing else decides it."""
        self.found: set[_ProbeKey] = set()
        """The directories probed where something may be re-included, keyed alike."""
        self.items: dict[str, Item] = {}
        """The last record of each path made by a walk with these listings (see :meth:`item`)."""

    def keep(
        self, dirs: list[os.DirEntry[str]], others: list[os.DirEntry[str]], sizes: list[int]
    ) -> tuple[Sequence[_Entry], Sequence[_Entry], Sequence[int]]:
        """A listing as kept in :attr:`listings`: each entry shared with the entries of the
        same name and kind listed before (a monorepo's package trees repeat index.js,
        package.json, src... thousands of times), in tuples (an empty one is shared): a
        tree of 300,000 entries kept 25 MB less. The sizes are kept in an array of
        machine integers (4 MB less there), none when there are none."""
        shared = self._entries
        kept: tuple[list[_Entry], list[_Entry]] = ([], [])
        for side, entries in enumerate((dirs, others)):
            add = kept[side].append
            for entry in entries:  # (inline: a listing of 300,000 entries pays each call)
                name = entry.name
                kind = 0 if not side else 1 if entry.is_file(follow_symlinks=False) \
                    else 2 if entry.is_symlink() else 3  # (no directory among ``others``)
                found = shared[kind].get(name)
                if found is None:
                    found = shared[kind][name] = _Entry(name, kind)
                add(found)
        return tuple(kept[0]), tuple(kept[1]), array("q", sizes) if sizes else ()

    def item(
        self, path: str, kind: Kind, size: int, files: int, rule: int, inherited: bool
    ) -> Item:
        """``Item(path, kind, size, files, rule, inherited)``, or the equal record of the
        path that a walk made before (records are immutable; ``init``'s walks record the
        same paths again and again, alike in most of them): 145,000 records of 56,000
        paths took 29 MB on a tree of 300,000 entries. A record that differs from the
        last one keeps the path's string."""
        last = self.items.get(path)
        if last is not None:
            if last[1] is kind and last[2] == size and last[3] == files and last[4] == rule \
                    and last[5] == inherited:
                return last
            path = last[0]
        item = self.items[path] = Item(path, kind, size, files, rule, inherited)
        return item

    def shared_done(self) -> None:
        """Stop sharing entries with those listed so far (after a walk: ``init``'s first
        one lists nearly every directory, so the later ones keep few listings): the
        entries by name took 4 MB on a tree of 300,000 entries, mostly unique names."""
        self._entries = ({}, {}, {}, {})

    def tree_size(self, absolute: str) -> tuple[int, int, int]:
        """:func:`tree_size` of a directory, each answer kept: summed from the listings
        kept where they cover the tree (``init``'s first walk lists every directory), from
        the file system below a directory not listed here, or whose listing failed."""
        known = self.sizes.get(absolute)
        if known is not None:
            return known
        listings = self.listings
        total = files = dirs = 0
        stack = [absolute]
        while stack:
            current = stack.pop()
            listing = listings.get(current)
            if listing is None or isinstance(listing, str):
                below = self.sizes.get(current)
                if below is None:
                    below = tree_size(current, [])
                total += below[0]
                files += below[1]
                dirs += below[2]
                continue
            subdirs, others, sizes = listing
            total += sum(sizes)
            files += len(others)
            dirs += len(subdirs)
            stack.extend(f"{current}/{entry.name}" for entry in subdirs)
        known = self.sizes[absolute] = (total, files, dirs)
        return known


_SMALL = 16
"""A directory with at most this many entries is looked through again (no summary kept)."""


def lean_listing(
    listings: Listings | None, absolute: str, names: frozenset[str]
) -> tuple[Sequence[Any], int, int, OSError | None] | None:
    """:func:`_lean_listing`, taken from ``listings`` when they have it."""
    if listings is None:
        return _lean_listing(absolute, names)
    full = listings.listings.get(absolute)
    if full is not None and not isinstance(full, str):
        dirs, others, sizes = full
        if len(others) + len(dirs) <= _SMALL:
            if names and any(entry.name in names for entry in (*others, *dirs)):
                return None
            return dirs, len(others), sum(sizes), None
        summary = listings.summaries.get(absolute)
        if summary is None or summary[0] is not full:
            if summary is not None:  # pragma: no cover - a listing is kept once
                for key in [key for key in listings.named if key[0] == absolute]:
                    del listings.named[key]
            summary = listings.summaries[absolute] = (full, len(others), sum(sizes))
        if names:
            key = (absolute, names)
            named = listings.named.get(key)
            if named is None:
                named = listings.named[key] = any(
                    entry.name in names for entry in (*others, *dirs)
                )
            if named:
                return None
        return dirs, summary[1], summary[2], None
    key = (absolute, names)
    if key in listings.lean:
        return listings.lean[key]  # type: ignore[return-value]
    listed = _lean_listing(absolute, names)
    found: tuple[Sequence[Any], int, int, OSError | None] | None = None
    if listed is not None:
        entries, count, total, error = listed
        found = [_Entry(entry.name, 0) for entry in entries], count, total, error
    listings.lean[key] = found
    return found
