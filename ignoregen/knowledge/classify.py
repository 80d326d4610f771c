"""Classification: every path of a build context into the categories of the presets that apply.

It rides along the engine's one walk (:class:`ignoregen.engine.walk.Observer`): the walk
decides what Docker sends, the classifier says what each entry is.

How a path gets its category
----------------------------
* A category **claims** a path when one of its rules matches the path itself (the last
  matching rule of the category decides, so a ``!`` exception un-claims what it matches),
  or when it claims a directory above it: ``**/node_modules`` covers everything below,
  as in Docker.
* A preset **applies** when it is marked ``always``, when the configuration forces it,
  when a preset that applies requires it, or when an entry matches one of its markers.
  Markers found inside (or on) a directory claimed by a category that is excluded by
  default do not count: ``node_modules/node-gyp/gyp/pyproject.toml`` detects nothing.
* A path belongs to the **outermost** claim by an applying category that is excluded by
  default: everything inside an excluded directory goes with it, so
  ``node_modules/x/debug.log`` is a dependency, not a log. Failing that, it belongs to the
  outermost claim by an applying category that is kept by default; so a Secret manifest
  inside the kept ``k8s/`` directory is still a secret. When several categories claim the
  same path, the higher ``priority`` wins, then a detected preset over an ``always`` one,
  then preset order, then the order of categories in the file.
* Claims of presets that do not apply are ignored, at any depth.
* A keep rule (of an applying preset, or of the config) marks what it matches as kept,
  whatever its category. It reaches into a directory claimed by a category excluded by
  default only when its literal text starts with that directory (as the classic builder's
  exceptions do): ``docs/openapi.yaml`` reaches into ``docs``, ``**/package.json`` does
  not reach into ``node_modules``.

Speed
-----
Most names match nothing: each name's candidate rules are computed once (by literal
name, extension and prefix) and memoised, and only candidates are tested against the
path (:class:`ignoregen.engine.matcher.NameIndex`, the prefilter the walk's quick tests
come from too). Once a directory is claimed by an applying category that is excluded by default,
nothing below it can change its category or detect a preset, so its entries are only
counted, and excluded trees that Docker never reads are summed without matching.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ignoregen.engine.listing import Listings, tree_size
from ignoregen.engine.matcher import Pattern
from ignoregen.engine.records import Kind
from ignoregen.knowledge.classification import (
    CategoryTally,
    Classification,
    ClassifierPart,
    Detection,
    DirTally,
    RuleTally,
    Tally,
)
from ignoregen.knowledge.layout import KEEP as _KEEP
from ignoregen.knowledge.layout import MARKER as _MARKER
from ignoregen.knowledge.layout import layout_of
from ignoregen.knowledge.preset import Category, Preset, PresetSet

LOCAL_MIN_SIZE = 16 * 1024
"""Files no category claims are remembered for a look at their first bytes from this size
on (see :mod:`ignoregen.knowledge.local`)."""

DOMINANT_SHARE = 0.9
"""A directory holding at least this share of its parent's bytes stands in for the parent
in the list of largest directories."""

_DIR = Kind.DIR
_TICK_BITS = 12
_TICK_MASK = (1 << _TICK_BITS) - 1


# -- walk state ------------------------------------------------------------------------------


class _Dir:
    """A directory the classifier looked into (or a claimed one it only counts)."""

    __slots__ = (
        "anchored", "bytes", "cut", "files", "group", "groups", "key", "markers", "parent",
        "path", "sent_bytes", "sent_files", "settled", "shadow",
    )

    def __init__(
        self,
        path: str,
        parent: _Dir | None,
        key: int,
        settled: bool,
        markers: bool,
        anchored: tuple[tuple[int, Pattern], ...],
        shadow: int = 0,
    ) -> None:
        self.path = path
        self.anchored = anchored
        """Patterns anchored to this very directory (``log/*`` for ``log``)."""
        self.cut = len(path) + 1 if path else 0
        self.parent = parent
        self.key = key
        self.settled = settled
        """Nothing below can change a category or detect a preset: only count."""
        self.markers = markers
        """Markers below this directory still count."""
        self.shadow = shadow
        """Excluding categories that claim this directory or one above it, where the walk
        would have settled had one of them applied when it got there: keep rules matched
        below count only if none of them applies in the end (see :meth:`Classifier.kept`),
        so that the result does not depend on when a preset was detected."""
        self.group = _Group(self, key)
        self.groups: dict[int, _Group] = {key: self.group}
        self.files = self.bytes = self.sent_files = self.sent_bytes = 0


class _Group:
    """The entries of one directory that share one classification key: the walk's token."""

    __slots__ = ("bytes", "dir", "files", "key", "sent_bytes", "sent_files", "settled")

    def __init__(self, directory: _Dir, key: int) -> None:
        self.dir = directory
        self.key = key
        self.settled = directory.settled
        self.files = self.bytes = self.sent_files = self.sent_bytes = 0


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _depth_key(path: str) -> tuple[int, str]:
    return path.rstrip("/").count("/"), path


# -- the classifier --------------------------------------------------------------------------


class Classifier:
    """Classifies the entries of one walk; an :class:`ignoregen.engine.walk.Observer`.

    ``progress`` is called now and then with the number of entries seen so far.
    ``record`` keeps every path's classification (for tests and debugging).
    """

    def __init__(
        self,
        presets: PresetSet,
        *,
        progress: Callable[[int], None] | None = None,
        record: bool = False,
    ) -> None:
        self.presets = presets
        self._preset_list: tuple[Preset, ...] = presets.presets
        self._categories: tuple[Category, ...] = presets.categories
        self._progress = progress
        self._floor = 0
        self.record: dict[str, int] | None = {} if record else None
        self.entries = 0

        layout = layout_of(presets)
        preset_index = self._preset_index = layout.preset_index
        self._cat_preset, self._preset_cats = layout.cat_preset, layout.preset_cats
        self._excl_cats, self._rank = layout.excl_cats, layout.rank
        self._pid_cat, self._pid_preset = layout.pid_cat, layout.pid_preset
        self._pid_exception, self._pid_rule = layout.pid_exception, layout.pid_rule
        self._config_bit, self._keep_prefixes = layout.config_bit, layout.keep_prefixes
        self._hits, self._anchored_at = layout.index.hits, layout.index.anchored_at
        self._local_pids = layout.local_pids
        self._sniff_min = LOCAL_MIN_SIZE if layout.magic else 1 << 62
        self._local: list[tuple[str, bool]] = []
        self._unclaimed: list[tuple[str, int]] = []
        always = layout.always

        # Classification keys: key 0 is "no claim"; a key is the claims along a path,
        # outermost first, each a mask of the deciding rule of every claiming category.
        self._key_levels: list[tuple[int, ...]] = [()]
        self._key_excl: list[int] = [0]
        """Per key: the categories excluded by default that claim somewhere on the path."""
        self._key_keep: list[int] = [0]
        self._key_shadow: list[tuple[tuple[int, int], ...]] = [()]
        self._extend_memo: dict[tuple[int, int, int, int], int] = {}
        self._path_keys: dict[str, tuple[int, bool, int]] = {}
        self._hit_memo: dict[int, tuple[int, int, int, int]] = {}
        self._resolved: dict[int, int] = {}
        """Category index by key (see :meth:`sent_by_category`), for ``_resolved_for``."""
        self._resolved_for = -1

        self._active = 0
        self._active_cats = 0
        self._reasons: dict[int, str] = {}
        self._evidence: list[list[str]] = [[] for _ in self._preset_list]
        for name in sorted(always | set(presets.forced)):
            if name in preset_index:
                self._activate(preset_index[name])
        self._dirs: list[_Dir] = []
        self._unsent: list[tuple[str, int]] = []
        self.listings: Listings | None = None
        """The file system's answers shared by the walks of a tree that does not change
        meanwhile (``init``'s): excluded trees are sized from them. None: ask each time."""

    # -- building ---------------------------------------------------------------------------

    def _keep_reaches(self, directory: str) -> bool:
        """Does a keep rule's literal prefix lie below ``directory``? (The prefixes are
        sorted, so those that start with the directory are together, from where it would
        be inserted.)"""
        head = directory + "/"
        prefixes = self._keep_prefixes
        index = bisect.bisect_left(prefixes, head)
        return index < len(prefixes) and prefixes[index].startswith(head)

    def _interpret(self, hits: int) -> tuple[int, int, int, int]:
        """(claim level, claiming categories, presets whose markers matched, presets whose
        keep rules matched) for ``hits``."""
        known = self._hit_memo.get(hits)
        if known is not None:
            return known
        deciding: dict[int, int] = {}
        markers = 0
        keep = 0
        for pid in _bits(hits):
            category = self._pid_cat[pid]
            if category == _MARKER:
                markers |= 1 << self._pid_preset[pid]
            elif category == _KEEP:
                keep |= 1 << self._pid_preset[pid]
            elif pid > deciding.get(category, -1):
                deciding[category] = pid
        level = 0
        cats = 0
        for category, pid in deciding.items():
            if not self._pid_exception[pid]:
                level |= 1 << pid
                cats |= 1 << category
        result = (level, cats, markers, keep)
        self._hit_memo[hits] = result
        return result

    def _extend(self, key: int, level: int, cats: int, keep: int, shadow: int = 0) -> int:
        """``key`` with one more level of claims and keep rules; keep rules matched below
        a directory that could have settled are recorded with its ``shadow``."""
        memo_key = (key, level, keep, shadow)
        known = self._extend_memo.get(memo_key)
        if known is not None:
            return known
        new = len(self._key_levels)
        levels = self._key_levels[key]
        self._key_levels.append((*levels, level) if level else levels)
        self._key_excl.append(self._key_excl[key] | (cats & self._excl_cats))
        if keep and shadow:
            self._key_keep.append(self._key_keep[key])
            self._key_shadow.append((*self._key_shadow[key], (shadow, keep)))
        else:
            self._key_keep.append(self._key_keep[key] | keep)
            self._key_shadow.append(self._key_shadow[key])
        self._extend_memo[memo_key] = new
        return new

    def _activate(self, preset: int, reason: str = "config") -> None:
        if self._active >> preset & 1:
            return
        self._active |= 1 << preset
        self._active_cats |= self._preset_cats[preset]
        if self._preset_list[preset].always:
            reason = "always"
        self._reasons.setdefault(preset, reason)
        for needed in self._preset_list[preset].requires:
            if needed in self._preset_index:
                self._activate(self._preset_index[needed], "required")

    def _found(self, presets: int, path: str) -> None:
        for pi in _bits(presets):
            self._evidence[pi].append(path)
            if not self._active >> pi & 1:
                self._activate(pi, "markers")

    # -- the observer -----------------------------------------------------------------------

    def root(self) -> object:
        root = _Dir("", None, 0, False, True, self._anchored_at(""))
        self._dirs.append(root)
        return root.group

    # Tokens are _Group objects; typed Any here because the walk hands them back as object.

    def enter(self, parent: Any, path: str, kind: Kind) -> Any:
        self.entries = entries = self.entries + 1
        if not entries & _TICK_MASK and self._progress is not None:
            self._progress(max(entries, self._floor))
        if parent.settled:
            if self.record is not None:
                self.record[path] = parent.key
            return parent
        group: _Group = parent
        directory = group.dir
        key = directory.key
        markers = directory.markers
        hits = self._hits(path[directory.cut:], path, directory.anchored)
        if hits:
            level, cats, found, keep = self._interpret(hits)
            if level or keep:
                key = self._extend(key, level, cats, keep, directory.shadow)
                if markers and self._key_excl[key]:
                    markers = False
                if level & self._local_pids:
                    self._local.append((path, kind is _DIR))
            if found and directory.markers and not markers:
                # The entry itself is excluded: its marker still counts for the preset whose
                # own category excludes it (heroku.settings switched on in the config claims
                # the Procfile that detects heroku), not for another's.
                excluding = self._key_excl[key]
                found = sum(1 << preset for preset in _bits(found)
                            if not excluding & ~self._preset_cats[preset])
            if found and directory.markers:
                self._found(found, path + "/" if kind is _DIR else path)
        if self.record is not None:
            self.record[path] = key
        if kind is _DIR:
            # Settled: an applying category excluded by default claims the path, so the
            # outermost such claim is already known, and markers below do not count;
            # unless a keep rule names something inside.
            excluding = self._key_excl[key]
            settleable = bool(excluding) and not (
                self._keep_prefixes and self._keep_reaches(path)
            )
            settled = settleable and bool(excluding & self._active_cats)
            anchored = () if settled else self._anchored_at(path)
            shadow = directory.shadow or (excluding if settleable else 0)
            child = _Dir(path, directory, key, settled, markers, anchored, shadow)
            self._dirs.append(child)
            return child.group
        if key == group.key:
            return group
        target = directory.groups.get(key)
        if target is None:
            target = directory.groups[key] = _Group(directory, key)
        return target

    def count(self, token: Any, size: int, sent: bool) -> None:
        token.files += 1
        token.bytes += size
        if sent:
            token.sent_files += 1
            token.sent_bytes += size

    def file(self, parent: Any, path: str, kind: Kind, size: int, sent: bool) -> None:
        """``count(enter(...))`` in one call, with the settled case inline: most files are
        inside a directory whose category is already known."""
        if parent.settled and self.record is None:
            self.entries = entries = self.entries + 1
            if not entries & _TICK_MASK and self._progress is not None:
                self._progress(max(entries, self._floor))
            group = parent
        else:
            group = self.enter(parent, path, kind)
            if size >= self._sniff_min and not group.key and kind is Kind.FILE:
                self._unclaimed.append((path, size))
        group.files += 1
        group.bytes += size
        if sent:
            group.sent_files += 1
            group.sent_bytes += size

    def needs_each(self, token: Any) -> bool:
        """Files inside a settled directory all take its classification: they can be counted
        in bulk, unless every path is being recorded."""
        return not token.settled or self.record is not None

    def add(self, token: Any, files: int, size: int, sent: bool) -> None:
        """``files`` files of one settled directory, ``size`` bytes in all."""
        before = self.entries
        self.entries = entries = before + files
        if entries >> _TICK_BITS != before >> _TICK_BITS and self._progress is not None:
            self._progress(max(entries, self._floor))
        group: _Group = token
        group.files += files
        group.bytes += size
        if sent:
            group.sent_files += files
            group.sent_bytes += size

    def excluded_tree(self, token: Any, absolute: str, relative: str) -> tuple[int, int, int]:
        group: _Group = token
        if group.settled:
            return self._sum(group, absolute, relative)
        total = files = dirs = 0
        stack: list[tuple[str, str, _Group]] = [(absolute, relative, group)]
        while stack:
            current, rel, parent = stack.pop()
            try:
                iterator = os.scandir(current)
            except OSError:
                continue  # Docker never looks inside, so neither do its errors
            with iterator:
                for entry in iterator:
                    path = rel + "/" + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        dirs += 1
                        child: _Group = self.enter(parent, path, _DIR)
                        if child.settled:
                            size, count, below = self._sum(child, entry.path, path)
                            total += size
                            files += count
                            dirs += below
                        else:
                            stack.append((entry.path, path, child))
                        continue
                    size = 0
                    if entry.is_symlink():
                        kind = Kind.SYMLINK
                    elif entry.is_file(follow_symlinks=False):
                        kind = Kind.FILE
                        try:
                            size = entry.stat(follow_symlinks=False).st_size
                        except OSError:  # pragma: no cover - raced with a deletion
                            size = 0
                    else:
                        kind = Kind.SPECIAL
                    self.count(self.enter(parent, path, kind), size, False)
                    files += 1
                    total += size
        return total, files, dirs

    def _sum(self, group: _Group, absolute: str, relative: str) -> tuple[int, int, int]:
        """Count a settled subtree into ``group`` without matching anything."""
        if self.record is not None:
            self._record_below(group.key, absolute, relative)
        listings = self.listings
        if listings is None:
            total, files, dirs = tree_size(absolute, [])
        else:
            total, files, dirs = listings.tree_size(absolute)
        self.entries += files + dirs
        if self._progress is not None:
            self._progress(max(self.entries, self._floor))
        group.files += files
        group.bytes += total
        return total, files, dirs

    def _record_below(self, key: int, absolute: str, relative: str) -> None:
        assert self.record is not None
        stack = [(absolute, relative)]  # not os.walk: it recurses (before Python 3.12)
        while stack:
            current, rel = stack.pop()
            try:
                with os.scandir(current) as iterator:
                    entries = list(iterator)
            except OSError:
                continue
            for entry in entries:
                path = f"{rel}/{entry.name}"
                self.record[path] = key
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, path))

    # -- parallel walks ----------------------------------------------------------------------
    #
    # A walk may hand a subtree to a worker process (a fork of this classifier):
    #   worker: token = classifier.detach(path); walk the subtree below path with token,
    #           calling enter/count/excluded_tree as usual; part = classifier.export()
    #   parent: classifier.absorb(token_of_path, part), where token_of_path is what enter()
    #           returned for the directory path in the parent's own walk.
    # The result is the same as one walk: keys travel by content, evidence is replayed.

    def elsewhere(self, entries: int) -> None:
        # The parent takes the workers' counts in afterwards; until its own count catches
        # up, progress shows at least what they reported.
        self._floor = self.entries + entries
        if self._progress is not None:
            self._progress(self._floor)

    def detach(self, path: str) -> Any:
        """In a worker: forget everything else and give the token of directory ``path``,
        worked out from the path alone. (A worker reports no progress of its own: the
        parent reports for all.)"""
        self._progress = None
        key, markers, shadow = self._path_key(path)
        settled = bool(self._key_excl[key] & self._active_cats) and not (
            self._keep_prefixes and self._keep_reaches(path)
        )
        anchored = () if settled else self._anchored_at(path)
        root = _Dir(path, None, key, settled, markers, anchored, shadow)
        self._dirs = [root]
        if self.record is not None:
            self.record = {}
        self._evidence = [[] for _ in self._preset_list]
        self._unsent = []
        self._local = []
        self._unclaimed = []
        self.entries = 0
        return root.group

    def export(self) -> ClassifierPart:
        """In a worker, after the subtree's walk: what the parent needs, picklable."""
        key_index: dict[int, int] = {}
        keys: list[tuple[tuple[int, ...], int, tuple[tuple[int, int], ...]]] = []

        def index(key: int) -> int:
            known = key_index.get(key)
            if known is None:
                known = key_index[key] = len(keys)
                keys.append((self._key_levels[key], self._key_keep[key], self._key_shadow[key]))
            return known

        position = {id(directory): i for i, directory in enumerate(self._dirs)}
        dirs = []
        for directory in self._dirs:
            parent = directory.parent
            groups = tuple(
                (index(group.key), group.files, group.bytes, group.sent_files, group.sent_bytes)
                for group in directory.groups.values()
                if group.files or group.bytes
            )
            dirs.append((
                directory.path,
                position[id(parent)] if parent is not None else -1,
                index(directory.key),
                groups,
            ))
        evidence = tuple(
            (preset, path) for preset, paths in enumerate(self._evidence) for path in paths
        )
        record = (
            tuple((path, index(key)) for path, key in self.record.items())
            if self.record is not None else ()
        )
        return ClassifierPart(
            tuple(keys), tuple(dirs), evidence, self.entries, record,
            tuple(self._local), tuple(self._unclaimed),
        )

    def absorb(self, token: Any, part: ClassifierPart) -> None:
        """In the parent: take a worker's subtree below the directory of ``token``."""
        group: _Group = token
        self.entries += part.entries
        if group.settled:
            # Nothing below a settled directory has a classification of its own.
            for _, _, _, groups in part.dirs:
                for _, files, size, sent_files, sent_size in groups:
                    group.files += files
                    group.bytes += size
                    group.sent_files += sent_files
                    group.sent_bytes += sent_size
            if self.record is not None:
                for path, _ in part.record:
                    self.record[path] = group.key
            return
        keys = [self._intern(levels, keep, shadow) for levels, keep, shadow in part.keys]
        self._local.extend(part.local)
        self._unclaimed.extend(part.unclaimed)
        for preset, path in part.evidence:
            self._found(1 << preset, path)
        made: list[_Dir] = []
        for index, (path, parent, key, groups) in enumerate(part.dirs):
            if index == 0:
                directory = group.dir
            else:
                directory = _Dir(path, made[parent], keys[key], False, False, ())
                self._dirs.append(directory)
            made.append(directory)
            for key_of, files, size, sent_files, sent_size in groups:
                target = directory.groups.get(keys[key_of])
                if target is None:
                    target = directory.groups[keys[key_of]] = _Group(directory, keys[key_of])
                target.files += files
                target.bytes += size
                target.sent_files += sent_files
                target.sent_bytes += sent_size
        if self.record is not None:
            for path, key in part.record:
                self.record[path] = keys[key]

    def _intern(
        self, levels: tuple[int, ...], keep: int, shadow: tuple[tuple[int, int], ...]
    ) -> int:
        """The key with these claims and keep masks, made here if it is new."""
        key = 0
        for level in levels:
            cats = 0
            for pid in _bits(level):
                cats |= 1 << self._pid_cat[pid]
            key = self._extend(key, level, cats, 0)
        if keep != self._key_keep[key]:
            key = self._extend(key, 0, 0, keep)
        for tag, bits in shadow:
            key = self._extend(key, 0, 0, bits, tag)
        return key

    # -- after the walk ---------------------------------------------------------------------

    def unsend(self, path: str, size: int) -> None:
        """A file counted as sent that is not in the context after all (classic builder:
        the daemon deletes an excluded Dockerfile or .dockerignore)."""
        self._unsent.append((path, size))

    def static_key(self, path: str) -> int:
        """The classification key of ``path``, computed from the path alone."""
        return self._path_key(path)[0]

    def _path_key(self, path: str) -> tuple[int, bool, int]:
        """(key of ``path``, whether markers below it count, the shadow below it), from the
        path alone, as the walk's :meth:`enter` would make them.

        Remembered per path, so that the many subtrees a parallel walk hands to one worker
        share the work for the directories above them.
        """
        known = self._path_keys.get(path)
        if known is not None:
            return known
        # From the nearest directory above that is known, one level at a time (a loop, not
        # recursion: a tree may be deeper than Python's recursion limit).
        pending = [path]
        parent = path.rpartition("/")[0]
        while parent and parent not in self._path_keys:
            pending.append(parent)
            parent = parent.rpartition("/")[0]
        state = self._path_keys[parent] if parent else (0, True, 0)
        for current in reversed(pending):
            state = self._path_keys[current] = self._key_below(current, state)
        return state

    def _key_below(self, path: str, above: tuple[int, bool, int]) -> tuple[int, bool, int]:
        """:meth:`_path_key` of ``path`` given its directory's."""
        key, markers, shadow = above
        parent, _, name = path.rpartition("/")
        hits = self._hits(name, path, self._anchored_at(parent))
        if hits:
            level, cats, _, keep = self._interpret(hits)
            if level or keep:
                key = self._extend(key, level, cats, keep, shadow)
        excluding = self._key_excl[key]
        if excluding:
            markers = False
            if not shadow and not (self._keep_prefixes and self._keep_reaches(path)):
                shadow = excluding
        return key, markers, shadow

    def resolve(self, key: int) -> tuple[int, int]:
        """(category index, deciding pattern id) for ``key`` under the presets that apply,
        or (-1, -1) when no applying category claims it."""
        active = self._active_cats
        excluding = self._excl_cats
        fallback: tuple[int, int] = (-1, -1)
        for level in self._key_levels[key]:
            best: tuple[tuple[int, bool, int, int], int, int] | None = None
            best_kept: tuple[tuple[int, bool, int, int], int, int] | None = None
            for pid in _bits(level):
                category = self._pid_cat[pid]
                if not active >> category & 1:
                    continue
                rank = self._rank[category]
                if excluding >> category & 1:
                    if best is None or rank < best[0]:
                        best = (rank, category, pid)
                elif best_kept is None or rank < best_kept[0]:
                    best_kept = (rank, category, pid)
            if best is not None:
                return best[1], best[2]
            if best_kept is not None and fallback[0] < 0:
                fallback = (best_kept[1], best_kept[2])
        return fallback

    def kept(self, key: int) -> bool:
        """Does a keep rule of an applying preset, or of the config, protect ``key``?"""
        keep = self._key_keep[key]
        for shadow, bits in self._key_shadow[key]:
            if not shadow & self._active_cats:
                keep |= bits
        return bool(keep & (self._active | self._config_bit))

    def sent_by_category(self, files: Iterable[tuple[str, int]]) -> dict[int, list[int]]:
        """(files, bytes) by category index of the non-directories ``files`` (path, size),
        after the walk: each classified by its path (see :meth:`static_key`), as the walk
        would (a file of a settled directory takes the directory's outermost claim, which
        its own claims below cannot change); -1 for what no applying category claims."""
        if self._resolved_for != self._active_cats:
            self._resolved = {}
            self._resolved_for = self._active_cats
        resolved = self._resolved
        keys = self._path_keys
        out: dict[int, list[int]] = {}
        for path, size in files:
            known = keys.get(path)
            key = known[0] if known is not None else self._path_key(path)[0]
            category = resolved.get(key)
            if category is None:
                category = resolved[key] = self.resolve(key)[0]
            totals = out.get(category)
            if totals is None:
                totals = out[category] = [0, 0]
            totals[0] += 1
            totals[1] += size
        return out

    def category_of(self, path: str) -> Category | None:
        """The category of one path (after the walk, once detection is complete)."""
        category, _ = self.resolve(self.static_key(path))
        return self._categories[category] if category >= 0 else None

    def local_claim(self, path: str) -> Category | None:
        """The local-only category that claims ``path`` itself, one of
        :meth:`local_matches` (the first by rank among the rules matched at its own level),
        or None. :meth:`category_of` answers with the outermost claim of a category that
        keeps: a gitignored ``k8s/local-secret.yaml`` is the manifests' there."""
        levels = self._key_levels[self.static_key(path)]
        if not levels:
            return None
        active = self._active_cats
        best: tuple[tuple[int, bool, int, int], int] | None = None
        for pid in _bits(levels[-1]):
            category = self._pid_cat[pid]
            if active >> category & 1 and self._categories[category].local_only and (
                best is None or self._rank[category] < best[0]
            ):
                best = (self._rank[category], category)
        return None if best is None else self._categories[best[1]]

    def local_categories(self) -> list[Category]:
        """The local-only categories of the presets that apply."""
        active = self._active_cats
        return [
            c for ci, c in enumerate(self._categories) if c.local_only and active >> ci & 1
        ]

    def local_matches(self) -> list[tuple[str, bool]]:
        """(path, is a directory) where a local-only category's rule matched in the walk
        (outside directories whose category was settled by then)."""
        return list(self._local)

    def unclaimed(self, min_size: int) -> list[tuple[str, int]]:
        """(path, size) of the regular files of at least ``min_size`` bytes that no
        category's rule claimed (recorded only when some category has ``magic``)."""
        return [(path, size) for path, size in self._unclaimed if size >= min_size]

    def active_presets(self) -> list[str]:
        return [p.name for i, p in enumerate(self._preset_list) if self._active >> i & 1]

    def result(self, top: int | None = None) -> Classification:
        """Everything the walk found, resolved against the presets that apply; with
        ``top``, only that many of the largest directories."""
        by_key: dict[int, list[int]] = {}
        for directory in self._dirs:
            for group in directory.groups.values():
                directory.files += group.files
                directory.bytes += group.bytes
                directory.sent_files += group.sent_files
                directory.sent_bytes += group.sent_bytes
                totals = by_key.setdefault(group.key, [0, 0, 0, 0])
                totals[0] += group.files
                totals[1] += group.bytes
                totals[2] += group.sent_files
                totals[3] += group.sent_bytes
        if self._unsent:
            self._apply_unsent(by_key)
        for directory in reversed(self._dirs):
            parent = directory.parent
            if parent is not None:
                parent.files += directory.files
                parent.bytes += directory.bytes
                parent.sent_files += directory.sent_files
                parent.sent_bytes += directory.sent_bytes

        per_rule: dict[int, list[int]] = {}
        unclassified = [0] * 8
        for key, totals in by_key.items():
            _, pid = self.resolve(key)
            target = unclassified if pid < 0 else per_rule.setdefault(pid, [0] * 8)
            for i in range(4):
                target[i] += totals[i]
            if self.kept(key):
                for i in range(4):
                    target[4 + i] += totals[i]

        categories: dict[int, list[tuple[int, list[int]]]] = {}
        for pid, totals in per_rule.items():
            categories.setdefault(self._pid_cat[pid], []).append((pid, totals))
        tallies: list[CategoryTally] = []
        for ci, rules in categories.items():
            evidence = sorted(rules, key=lambda item: (-item[1][1], -item[1][0], item[0]))
            files = sum(t[0] for _, t in rules)
            size = sum(t[1] for _, t in rules)
            sent_files = sum(t[2] for _, t in rules)
            sent_size = sum(t[3] for _, t in rules)
            kept = [sum(t[i] for _, t in rules) for i in range(4, 8)]
            if not files and not size:
                continue
            tallies.append(CategoryTally(
                category=self._categories[ci],
                all=Tally(files, size),
                sent=Tally(sent_files, sent_size),
                rules=tuple(
                    RuleTally(self._pid_rule[pid], Tally(t[0], t[1]), Tally(t[2], t[3]))
                    for pid, t in evidence
                ),
                kept=Tally(kept[0], kept[1]),
                kept_sent=Tally(kept[2], kept[3]),
            ))
        tallies.sort(key=lambda t: (-t.all.bytes, -t.all.files, t.category.id))

        root = self._dirs[0]
        return Classification(
            presets=self._detections(),
            categories=tuple(tallies),
            unclassified=(Tally(unclassified[0], unclassified[1]),
                          Tally(unclassified[2], unclassified[3])),
            all=Tally(root.files, root.bytes),
            sent=Tally(root.sent_files, root.sent_bytes),
            directories=self._directories(top),
        )

    def _apply_unsent(self, by_key: dict[int, list[int]]) -> None:
        records = {directory.path: directory for directory in self._dirs}
        for path, size in self._unsent:
            totals = by_key.setdefault(self.static_key(path), [0, 0, 0, 0])
            totals[2] -= 1
            totals[3] -= size
            parent = path.rpartition("/")[0]
            while parent not in records:
                parent = parent.rpartition("/")[0]
            # Per-directory sums are built bottom-up from these own totals.
            records[parent].sent_files -= 1
            records[parent].sent_bytes -= size

    def _directories(self, top: int | None) -> tuple[DirTally, ...]:
        levels = self._key_levels
        candidates = [
            d for d in self._dirs if d.parent is not None and not levels[d.parent.key]
        ]
        dominated: set[int] = set()
        for directory in candidates:
            parent = directory.parent
            if (
                parent is not None and parent.parent is not None and parent.bytes
                and directory.bytes >= DOMINANT_SHARE * parent.bytes
            ):
                dominated.add(id(parent))
        kept = [directory for directory in candidates if id(directory) not in dominated]
        kept.sort(key=lambda d: (-d.bytes, -d.files, os.fsencode(d.path)))
        out: list[DirTally] = []
        for directory in kept if top is None else kept[:top]:
            category, _ = self.resolve(directory.key)
            out.append(DirTally(
                path=directory.path,
                all=Tally(directory.files, directory.bytes),
                sent=Tally(directory.sent_files, directory.sent_bytes),
                category=self._categories[category] if category >= 0 else None,
            ))
        return tuple(out)

    def _detections(self) -> tuple[Detection, ...]:
        required = self.presets.required(
            name for i, name in enumerate(p.name for p in self._preset_list)
            if self._reasons.get(i) in ("always", "config", "markers")
        )
        out: list[Detection] = []
        for pi, preset in enumerate(self._preset_list):
            if not self._active >> pi & 1:
                continue
            out.append(Detection(
                preset=preset,
                reason=self._reasons[pi],
                markers=tuple(sorted(set(self._evidence[pi]), key=_depth_key)),
                required_by=required.get(preset.name, ()),
            ))
        out.sort(key=lambda d: (not d.preset.always, d.preset.name))
        return tuple(out)
