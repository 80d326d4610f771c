"""What the needs of one run's builds have in common, worked out once.

``init`` asks :func:`~ignoregen.build.needs.needs_of` for every plan of a context (its
shared file and each Dockerfile's own), and ``check`` asks for the developer's-machine
findings and again for the verification of their fixes: each time for the same files of
the same context, with other Dockerfiles. What does not depend on the Dockerfiles is kept
here for the run: the manifests and Go sources picked from the files, the files that some
need source's trigger glob matches, the texts read, and the repository's compose and
command files. The tree must not change while the run lasts, and nobody may change what
is handed out.
"""

from __future__ import annotations

import fnmatch
import re
import weakref
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from ignoregen.build.texts import ContextFiles
from ignoregen.build.triggers import Globs, trigger_regexes
from ignoregen.knowledge.preset import NeedSource, PresetSet

if TYPE_CHECKING:
    from ignoregen.build.dockerfile import DockerfileReads

T = TypeVar("T")


@dataclass(frozen=True)
class Listed:
    """A context's files as the needs look at them."""

    manifests: list[str]
    """The files whose name the presets call a manifest, in the files' order."""
    go_files: list[str]
    """The Go sources (outside ``vendor/``)."""
    listed: list[str]
    """Every file, Go source and manifest once, in that order."""
    known: set[str]
    """``listed`` as a set."""
    triggering: list[tuple[str, tuple[NeedSource, ...]]]
    """Those of ``listed`` that a trigger glob of some need source matches (in order), each
    with the sources (without a command) whose globs match it: the same for every plan."""


def listed_of(
    files: Sequence[str], go_files: Sequence[str], manifests: Sequence[str], presets: PresetSet
) -> Listed:
    listed = list(dict.fromkeys([*files, *go_files, *manifests]))
    triggered = [source for source in presets.needs if source.files and not source.command]
    every = Globs(tuple(sorted({glob for source in triggered for glob in source.files})))
    # triggers() for each path and source, with each source's regexes looked up once (the
    # name globs by _NameGlobs, which finds no source for a name none of them matches)
    _, any_path = trigger_regexes(every.files)
    tests = [trigger_regexes(source.files) for source in triggered]
    # A source's name globs see the name alone: asked once per name (a tree has thousands
    # of index.ts); the few path globs for each path.
    by_names: dict[str, tuple[int, ...]] = {}
    by_name = _NameGlobs(triggered)
    by_paths = [(at, by_path) for at, (_, by_path) in enumerate(tests) if by_path is not None]
    # A path glob such as '*scripts/*.*js' costs re a scan per star: a path without the
    # plain text of some path glob ('scripts/') is not asked (most are not).
    pieces = {_plain_piece(glob) for glob in every.files if "/" in glob}
    # (a piece holding another is left out: a path with it holds the other)
    needles = None if "" in pieces else tuple(sorted(
        piece for piece in pieces if not any(other in piece for other in pieces - {piece})))
    # (whether a path holds one of them, by one search; None: every path is asked)
    holding = None if needles is None else re.compile(
        "|".join(re.escape(needle) for needle in needles) or "(?!)")
    # The sources of each set of indexes, one tuple shared by the paths that have that set
    # (a tree has tens of thousands of triggering files and a few dozen sets): a later
    # pass over them filters each set once (see RunNeeds.untested).
    shared: dict[tuple[int, ...], tuple[NeedSource, ...]] = {}
    triggering = []
    for path in listed:
        name = path.rsplit("/", 1)[-1]
        on_path = any_path is not None \
            and (holding is None or holding.search(path) is not None) \
            and any_path.match(path) is not None
        named = by_names.get(name)
        if named is None:
            named = by_names[name] = by_name.sources(name)
        if not on_path and not named:
            continue
        taken = [at for at, by_path in by_paths if by_path.match(path)] if on_path else []
        if taken:
            named = tuple(sorted({*named, *taken}))
        sources = shared.get(named)
        if sources is None:
            sources = shared[named] = tuple(triggered[at] for at in named)
        triggering.append((path, sources))
    return Listed(list(manifests), list(go_files), listed, set(listed), triggering)


def _plain_piece(glob: str) -> str:
    """The longest run of plain characters in ``glob``, which every path it matches holds
    ("" when it has a character class, whose brackets are not plain)."""
    if "[" in glob:
        return ""
    return max(re.split(r"[*?]", glob), key=len)


class _NameGlobs:
    """The name globs (no ``/``) of need sources, matched as ``fnmatch.fnmatchcase`` does:
    a name without wildcards by a table, ``*`` and a plain suffix by ``endswith``, the few
    others by their regular expression (a tree of 100,000 files has 20,000 names, each
    asked of some 40 globs)."""

    def __init__(self, sources: Sequence[NeedSource]) -> None:
        self.exact: dict[str, set[int]] = {}
        suffixes: dict[str, set[int]] = {}
        others: dict[int, list[str]] = {}
        for at, source in enumerate(sources):
            for glob in source.files:
                if "/" in glob:
                    continue
                if not _WILD.search(glob):
                    self.exact.setdefault(glob, set()).add(at)
                elif glob.startswith("*") and not _WILD.search(glob, 1):
                    suffixes.setdefault(glob[1:], set()).add(at)
                else:
                    others.setdefault(at, []).append(fnmatch.translate(glob))
        self.others = [(at, re.compile("|".join(globs))) for at, globs in others.items()]
        """The other globs, one regular expression per source."""
        self.any_other = re.compile("|".join(glob for globs in others.values() for glob in globs)) \
            if others else None
        """All of them in one (most names match none: one look instead of one per source)."""
        # by their last characters (up to _TAIL): a name looks at the suffixes it may end in
        self.tails = sorted({min(len(suffix), _TAIL) for suffix in suffixes})
        self.suffixes: dict[str, list[tuple[str, set[int]]]] = {}
        for suffix, ats in suffixes.items():
            self.suffixes.setdefault(suffix[-_TAIL:], []).append((suffix, ats))

    def sources(self, name: str) -> tuple[int, ...]:
        """The indexes of the sources one of whose name globs matches ``name``, in order."""
        found: set[int] = set()
        exact = self.exact.get(name)
        if exact is not None:
            found |= exact
        for tail in self.tails:
            ending = self.suffixes.get(name[-tail:] if tail else "")
            if ending is not None:
                for suffix, ats in ending:
                    if name.endswith(suffix):
                        found |= ats
        if self.any_other is not None and self.any_other.match(name):
            found.update(at for at, regex in self.others if regex.match(name))
        return tuple(sorted(found)) if found else ()


def _filtered(
    triggering: Sequence[tuple[str, tuple[NeedSource, ...]]], keep: Callable[[NeedSource], bool]
) -> list[tuple[str, tuple[NeedSource, ...]]]:
    """``[(path, kept) for path, sources in triggering if (kept := tuple(source for source
    in sources if keep(source)))]``, each tuple of sources filtered once: the paths share
    a few dozen tuples (:func:`listed_of`), told apart by identity, which the list holds
    alive while this runs."""
    done: dict[int, tuple[NeedSource, ...]] = {}
    out = []
    for path, sources in triggering:
        kept = done.get(id(sources))
        if kept is None:
            kept = done[id(sources)] = tuple(source for source in sources if keep(source))
        if kept:
            out.append((path, kept))
    return out


_WILD = re.compile(r"[*?\[]")
_TAIL = 3


class RunNeeds:
    """The needs' shared work of one run (see the module's notes)."""

    def __init__(self) -> None:
        self._listed: dict[tuple[int, int], tuple[Sequence[str], PresetSet, Listed]] = {}
        self._readers: dict[Path, ContextFiles] = {}
        self._repository: dict[tuple[Path, frozenset[str]], tuple[list[str], list[str]]] = {}
        self._files: dict[tuple[object, ...], tuple[object, list[str]]] = {}
        self._kept: dict[tuple[object, ...], tuple[tuple[object, ...], object]] = {}
        self._weak: dict[tuple[object, ...],
                         tuple[weakref.ref[object], tuple[object, ...], object]] = {}

    def kept(self, key: tuple[object, ...], same: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()``, once for ``key`` and the objects ``same`` (compared by identity: the
        key may hold their ``id``, which the objects kept here keep from being reused)."""
        found = self._kept.get(key)
        if found is None or len(found[0]) != len(same) \
                or any(a is not b for a, b in zip(found[0], same, strict=True)):
            found = self._kept[key] = (same, make())
        return cast(T, found[1])

    def kept_while(self, key: tuple[object, ...], alive: object, same: tuple[object, ...],
                   make: Callable[[], T]) -> T:
        """:meth:`kept`, with ``alive`` one of the objects compared, held weakly: once
        nobody else keeps it, the answer is made afresh (for the new object a walk asked
        again gives), and ``alive`` is not kept alive for it (measure's walks: two that
        the walks had let go held 82,000 records on a tree of 300,000 entries)."""
        found = self._weak.get(key)
        if found is None or found[0]() is not alive or len(found[1]) != len(same) \
                or any(a is not b for a, b in zip(found[1], same, strict=True)):
            found = self._weak[key] = (weakref.ref(alive), same, make())
        return cast(T, found[2])

    def untested(
        self, found: Listed, ran: Callable[[NeedSource], bool]
    ) -> tuple[list[tuple[str, tuple[NeedSource, ...]]], frozenset[str]]:
        """``found.triggering`` without the sources of test imports (every source file
        triggers those when the imports are not looked for), nor those with a ``built_by``
        that ``ran`` says no build runs; without the files left with no source (and those
        files as a set). Kept for the run, for ``found`` and the sources dropped."""
        from ignoregen.build.extractors import OF_TEST_FILES

        def make() -> tuple[list[tuple[str, tuple[NeedSource, ...]]], list[NeedSource]]:
            kept = _filtered(found.triggering, lambda source: source.extract not in OF_TEST_FILES)
            return kept, list({id(source): source for _, sources in kept for source in sources
                               if source.built_by is not None}.values())

        untested, gated = self.kept(("untested", id(found)), (found,), make)
        dropped = frozenset(id(source) for source in gated if not ran(source))

        def left() -> tuple[list[tuple[str, tuple[NeedSource, ...]]], frozenset[str]]:
            out = _filtered(untested, lambda source: id(source) not in dropped)
            return out, frozenset(path for path, _ in out)

        return self.kept(("untested", id(found), dropped), (found,), left)

    def copied(self, dockerfile: DockerfileReads, found: Listed) -> frozenset[str]:
        """The triggering files of ``found`` that ``dockerfile`` copies, once a run."""
        from ignoregen.build.dockerfile import covering

        def make() -> frozenset[str]:
            sources = dockerfile.sources
            if not any(source.has_glob or source.whole_context for source in sources):
                # covering() without globs: a path is covered when a source names it or a
                # directory above it (not the root), told by startswith in one call
                plain = {source.pattern for source in sources}
                below = tuple(pattern + "/" for pattern in plain if pattern)
                return frozenset(path for path, _ in found.triggering
                                 if path in plain or path.startswith(below))
            covers = covering(sources)
            return frozenset(path for path, _ in found.triggering if covers(path))

        if not any(known[2] is found for known in self._listed.values()):
            return make()  # not the run's own: not kept (nor is what it holds)
        return self.kept(("copied", id(dockerfile), id(found)), (dockerfile, found), make)

    def context_files(
        self,
        context: Path,
        skip_dirs: Collection[str],
        listing: Sequence[tuple[str, str]] | None,
        root: Path | None,
    ) -> list[str]:
        """:func:`~ignoregen.build.discover.context_files`, once per context (the same list
        each time, so that :meth:`files` knows it)."""
        key = (context, frozenset(skip_dirs), id(listing), root)
        found = self._files.get(key)
        if found is None or found[0] is not listing:
            from ignoregen.build.discover import context_files

            found = self._files[key] = (
                listing, context_files(context, skip_dirs, listing, root)
            )
        return found[1]

    def files(self, files: Sequence[str], presets: PresetSet) -> Listed:
        """``files`` (a context's, context-relative) with their manifests and Go sources
        picked out, once per list and presets (the list itself is the key: it is kept)."""
        key = (id(files), id(presets))
        found = self._listed.get(key)
        if found is None or found[0] is not files or found[1] is not presets:
            manifests = [path for path in files if path.rsplit("/", 1)[-1] in presets.manifests]
            go_files = [path for path in files if path.endswith(".go") and "/vendor/" not in path]
            found = self._listed[key] = (
                files, presets, listed_of(files, go_files, manifests, presets)
            )
        return found[2]

    def listed(
        self,
        files: Sequence[str],
        go_files: Sequence[str],
        manifests: Sequence[str],
        presets: PresetSet,
    ) -> Listed:
        """As :meth:`files` when ``go_files`` and ``manifests`` are those it picks."""
        found = self._listed.get((id(files), id(presets)))
        if found is not None and found[0] is files and found[1] is presets:
            known = found[2]
            if known.go_files == list(go_files) and known.manifests == list(manifests):
                return known
        return listed_of(files, go_files, manifests, presets)

    def reader(self, context: Path) -> ContextFiles:
        """The texts and data of ``context``'s files, each read once in the run."""
        found = self._readers.get(context)
        if found is None:
            found = self._readers[context] = ContextFiles(context)
        return found

    def repository_files(
        self, root: Path, skip_dirs: frozenset[str]
    ) -> tuple[list[str], list[str]]:
        """:func:`~ignoregen.build.repofiles.repository_files`, once per repository."""
        found = self._repository.get((root, skip_dirs))
        if found is None:
            from ignoregen.build.repofiles import repository_files as _repository_files

            found = self._repository[(root, skip_dirs)] = _repository_files(root, skip_dirs)
        return found
