"""What a candidate rule excludes that a build needs (:func:`conflicts`), and the roles
that decide it: split from :mod:`.planner`, which asks it for each rule of each pass."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path

from ignoregen.build.dockerfile import Source
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import Item, Kind
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.local import gitignored
from ignoregen.knowledge.preset import Category, Role
from ignoregen.plan import protect
from ignoregen.plan.alone import _literal_head, _parents, holders_of

JUNK = frozenset(
    {Role.VCS, Role.SECRET, Role.EDITOR, Role.OS, Role.LOGS, Role.CACHE, Role.BYTECODE,
     Role.COVERAGE}
)
"""Roles excluded even inside what a Dockerfile copies by name: no build reads them."""
GENERATED = frozenset({Role.DEPENDENCIES, Role.VIRTUALENV, Role.BUILD_OUTPUT})
"""Roles excluded below a directory that COPY names, as they are under ``COPY . .``:
what a package manager or a build makes, not the directory's sources. What COPY names
itself (``COPY web/dist ...``) is kept all the same."""
AFTER_ALLOW_LIST = JUNK | GENERATED | {Role.LOCAL}
"""Roles planned after a user's allow-list (``*`` then ``!src/**``): what a broad exception
gives back by accident (bytecode, caches, installed packages, secrets), not what a user may
well have listed on purpose (docs, tests, CI files, Dockerfiles)."""
GITIGNORE = Category(
    preset="gitignore",
    name="imported",
    description="Imported from the repository's gitignore files, in Docker's dialect",
    exclude_by_default=True,
    priority=0,
    rules=(),
    role=Role.OTHER,
)


def _sources_for(
    sources: Iterable[Source], item: Item, rule: Rule | None = None
) -> list[tuple[Source, str]]:
    """The Dockerfile sources that read ``item`` (or something below it), and what to keep.

    Below a directory that COPY names, what ``**/x`` excludes is given back for the whole
    directory (``!dir/**/x``), so that a file added there later is copied too. A directory
    that no COPY names whole gives back every COPY below it: chirpstack copies three
    ``target/<triple>/release/chirpstack`` out of the excluded ``target``, and a platform's
    two shapes (``dist/*/*/app``, ``dist/*/*/*/app``) are both kept."""
    below: list[tuple[Source, str]] = []
    for source in sources:
        if source.whole_context:
            continue
        if source.covers(item.path):
            if (
                rule is not None
                and item.path != source.pattern
                and not source.has_glob
                and rule.pattern.startswith("**/")
            ):
                return [(source, f"{source.pattern}/{rule.pattern}")]
            return [(source, item.path)]
        keep = source.spans or source.pattern  # '!**/target/*.jar', not its shapes
        if (item.kind is Kind.DIR
                and (_literal_head(source.pattern).startswith(item.path + "/")
                     or (source.has_glob and source.reaches_below(item.path)))
                and all(keep != kept for _, kept in below)):
            below.append((source, keep))
    return below


def _copied_whole(sources: Iterable[Source], item: Item, category: Category) -> bool:
    """Does a COPY read all of ``item`` (it, or a directory above it), which is neither junk
    nor generated? A needed file below it (a RUN runs ``/tmp/test/test_startup.py``) then
    keeps no more than what the COPY does: the whole directory (opendatahub's
    ``COPY ${CODESERVER_SOURCE_CODE}/test /tmp/test``, whose test imports its sibling)."""
    return category.role not in JUNK | GENERATED and any(
        not source.whole_context and source.covers(item.path) for source in sources
    )


def _only_below_named_directories(sources: Sequence[Source], path: str) -> bool:
    """Is ``path`` read only as something strictly below directories that COPY names (and
    not by a COPY naming it, or a glob reaching it)?"""
    readers = [s for s in sources if not s.whole_context and s.covers(path)]
    return bool(readers) and all(
        not s.has_glob and path.startswith(s.pattern + "/") for s in readers
    )


def _copied_output(sources: Sequence[Source], path: str, classifier: Classifier) -> bool:
    """Does a COPY that reads ``path`` name a directory that is build output itself? Then
    what the build made in it is what the image wants: a Micronaut project's Dockerfile
    copies build/docker/main/layers/classes, and '**/*.class' (build output below a
    directory COPY names, as it is below src/) emptied it, so the image ran without its
    classes."""
    for source in sources:
        if source.whole_context or source.has_glob or not source.covers(path):
            continue
        category = classifier.category_of(source.pattern)
        if category is not None and category.role in GENERATED:
            return True
    return False


class Readers:
    """What the COPY sources of one :func:`conflicts` call read, asked of each path a rule
    excludes (tens of thousands on a monorepo's test files): :func:`_only_below_named_directories`,
    :func:`_copied_output` and "does any source read it" from a set of the plain sources'
    paths (each of the path's directories looked up once) and the glob sources alone,
    instead of every source's ``covers`` three times over. The same answers by construction;
    ``tests/test_plan_conflicts.py`` compares them with the functions on random paths."""

    def __init__(self, sources: Sequence[Source], classifier: Classifier) -> None:
        listed = [source for source in sources if not source.whole_context]
        self.plain = frozenset(source.pattern for source in listed if not source.has_glob)
        self.globs = [source for source in listed if source.has_glob]
        self.classifier = classifier
        self._output: dict[str, bool] = {}

    def _above(self, path: str) -> list[str]:
        """The plain sources that name a directory strictly above ``path``."""
        plain = self.plain
        out = []
        cut = path.find("/")
        while cut >= 0:
            if path[:cut] in plain:
                out.append(path[:cut])
            cut = path.find("/", cut + 1)
        return out

    def _glob_reads(self, path: str) -> bool:
        return any(source.covers(path) for source in self.globs)

    def read(self, path: str) -> bool:
        """Does a source other than the whole context read ``path``?"""
        return path in self.plain or bool(self._above(path)) or self._glob_reads(path)

    def only_below_named_directories(self, path: str) -> bool:
        """:func:`_only_below_named_directories`."""
        return path not in self.plain and bool(self._above(path)) \
            and not self._glob_reads(path)

    def copied_output(self, path: str) -> bool:
        """:func:`_copied_output`."""
        named = self._above(path)
        if path in self.plain:
            named.append(path)
        for pattern in named:
            known = self._output.get(pattern)
            if known is None:
                category = self.classifier.category_of(pattern)
                known = self._output[pattern] = (
                    category is not None and category.role in GENERATED)
            if known:
                return True
        return False


def _local_state(context: Path, category: Category, item: Item) -> bool:
    """Is ``item`` runtime state that .gitignore lists, of a category excluded by default
    (Laravel's bootstrap/cache/config.php, its sessions): below a directory that COPY
    names (coolify's ``COPY bootstrap ./bootstrap``) it goes as under ``COPY . .``; a clean
    checkout has none, so no build depends on it. Local-only categories (a config.yml)
    stay where COPY names their directory: there the name is all they are known by."""
    return category.role is Role.LOCAL and category.exclude_by_default \
        and not category.local_only \
        and bool(gitignored(context, [(item.path, item.kind is Kind.DIR)]))


def _literal(path: str) -> str:
    """``path`` as a pattern that matches it alone: Docker reads ``[``, ``*``, ``?`` and
    ``\\`` as pattern syntax (Next.js's ``app/api/[id]/test`` is a path, not a class)."""
    return re.sub(r"([\\*?\[\]])", r"\\\1", path)


def conflicts(
    context: Path,
    items: Sequence[Item],
    sources: Sequence[Source],
    protected: dict[str, str],
    category: Category,
    classifier: Classifier,
    rule: Rule | None = None,
    who: Mapping[Source, str] | None = None,
    holders: Collection[str] | None = None,
) -> list[tuple[Item, str, str]]:
    """What a rule excludes that the build needs: (entry, reason, path to keep).

    The path to keep is the entry itself, or something below it (a guarded file, or what
    a Dockerfile copies out of an excluded directory: ``target/*.jar`` out of ``target``).
    ``holders``: the directories above the protected paths (:func:`holders_of`), when the
    caller has them.
    """
    out: list[tuple[Item, str, str]] = []
    if not items:  # (most calls: the rule excludes nothing this pass)
        return out
    holders = holders if holders is not None else holders_of(protected)
    generated: list[Callable[[str], bool] | None] | None = None  # (made when first asked)
    readers = Readers(sources, classifier)
    # What a COPY names: its path, or the directories a glob's literal head names (a dev
    # container's 'COPY .devcontainer/library-scripts/*.sh', built from '..': BentoML)
    named = [source.pattern if not source.has_glob
             else _literal_head(source.pattern).rpartition("/")[0]
             for source in sources if source.known and not source.whole_context]
    named = [pattern for pattern in named if pattern]
    for item in items:
        reason = protected.get(item.path)
        if reason is not None:
            out.append((item, reason, _literal(item.path)))
            continue
        if item.path in holders and not _copied_whole(sources, item, category):
            below = [path for path in protected if path.startswith(item.path + "/")]
            if protect.all_of(context, item.path, below):
                out.append((item, f"all it holds is needed: {protected[below[0]]}",
                            _literal(item.path)))
            else:
                # A COPY of a directory below it keeps that directory too (BBlog's
                # 'COPY ./.next/standalone ./' beside 'CMD node server.js' in it).
                copied = [(item, protect.copied(source, who), keep)
                          for source, keep in _sources_for(sources, item, rule)
                          if keep.startswith(item.path + "/")]
                heads = tuple(keep + "/" for _, _, keep in copied)
                out.extend((item, protected[path], path) for path in below
                           if not (path + "/").startswith(heads))
                out.extend(copied)
            continue
        if classifier.kept(classifier.static_key(item.path)):
            out.append((item, *protect.kept_by(classifier, item.path, _literal(item.path))))
            continue
        if category.role is Role.DOCS:
            marker = next(
                (
                    (name, what)
                    for name, what in classifier.presets.package_markers
                    if (context / item.path / name).is_file()
                ),
                None,
            )
            if marker is not None:
                name, what = marker
                out.append(
                    (item, f"{what} (it has {name}), not documentation", _literal(item.path))
                )
                continue
        if category.role is Role.DEPENDENCIES and protect.checked_in(context, item, classifier):
            out.append((item, "no manifest beside it and .gitignore does not list it: "
                        "checked in, not installed", _literal(item.path)))
            continue
        above = next((p for p in _parents(item.path) if p in protected), None)
        if above is not None and category.role is Role.SECRET and protect.needed_fixture(
                context, item.path, classifier):  # a test key the tests in the image read
            out.append((item, protected[above], _literal(item.path)))
            continue
        if category.role is Role.SECRET and item.kind in (Kind.FILE, Kind.DIR) \
                and any(source.covers(item.path) for source in sources):
            from ignoregen.lint.secrets import certificates_only

            public = certificates_only(context / item.path) or protect.committed_config(
                context, item.path, classifier, lambda p: any(s.covers(p) for s in sources))
            if public is not None:  # a JWT public key, a Rails secrets.yml of <%= ENV %>
                out.append((item, f"{public}: no secret, and the build copies it",
                            _literal(item.path)))
                continue
        if category.role in JUNK and not any(  # unless a COPY names it: 'COPY .gitignore .'
            pattern == item.path or pattern.startswith(item.path + "/") for pattern in named
        ):
            continue
        # Inside a needed directory (tests/ that the image runs), what is neither generated
        # nor untracked (gitignored: a clean checkout has none of it) stays.
        if above is not None and category.role not in GENERATED and category is not GITIGNORE:
            out.append((item, protected[above], _literal(item.path)))
            continue
        if category.role in GENERATED or _local_state(context, category, item):
            if readers.only_below_named_directories(item.path) \
                    and not readers.copied_output(item.path):
                # What another build names inside it stays, and only that: feast's Maven
                # image copies java/, its dev image adds java/serving/target/*.jar built on
                # the host.
                out.extend(
                    (item, protect.copied(source, who),
                     source.pattern)
                    for source in sources if not source.whole_context
                    and _literal_head(source.pattern).startswith(item.path + "/")
                )
                continue
        elif readers.only_below_named_directories(item.path) \
                and not readers.copied_output(item.path):
            if generated is None:
                generated = [_generated(classifier)]
            if generated[0] is not None and generated[0](item.path):
                continue  # (docs/openapi/node_modules below COPY docs/openapi: see _generated)
        if item.kind is not Kind.DIR and not readers.read(item.path):
            continue  # (what _sources_for gives for a file that no source reads: nothing)
        out.extend(
            (item, protect.copied(source, who), keep)
            for source, keep in _sources_for(sources, item, rule)
        )
    return out


def _generated(classifier: Classifier) -> Callable[[str], bool] | None:
    """What a package manager or a build makes: the rules of the active presets'
    dependencies, virtual environments and build output (None: there are none). Below a
    directory that COPY names it is left to that category's own rule, as under ``COPY . .``:
    another rule that takes its parent (base.docs' ``docs``) must not keep it for the COPY's
    sake. mCaptcha copies ``docs/openapi`` after installing its packages in the image;
    keeping ``!docs/openapi/node_modules``, placed after ``**/node_modules``, sent the
    host's packages over the image's own.

    Given as "is this path excluded" (:meth:`Matcher.excluder`, the directories stepped
    kept), the same for each call of a run with the same presets active: each plan's
    passes ask it of the same test files again."""
    names = classifier.active_presets()
    last = _GENERATED.get("last")
    if last is not None and last[0] is classifier.presets and last[1] == names:
        return last[2]
    active = set(names)
    rules = [preset_rule.rule for preset in classifier.presets.presets if preset.name in active
             for category in preset.categories
             if category.role in GENERATED and category.exclude_by_default
             for preset_rule in category.rules if not preset_rule.rule.exception]
    excluded = Matcher(rules).excluder() if rules else None
    _GENERATED["last"] = (classifier.presets, names, excluded)
    return excluded


_GENERATED: dict[str, tuple[object, list[str], Callable[[str], bool] | None]] = {}
"""The last answer of :func:`_generated`, by the presets and the names of those active."""
