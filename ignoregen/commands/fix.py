"""Fixes you can trust: each one is tried on the ignore file before it is printed or applied.

:func:`verify_findings` runs at the end of every ``check``. For each finding with a
:class:`~ignoregen.lint.edits.Fix`, it applies the edits to the ignore file in memory and
finds what each group of builds that reads that file would send: an edit that only excludes
more (for BuildKit) is decided on what the check's walk sent, any other by walking the
context again with the engine of that build. The fix stands when every path the builds
need is still sent (the paths their COPY/ADD and bind sources name, and what
:func:`ignoregen.build.guards.find_guards` keeps: manifests, ``//go:embed`` files, ``.git``
for setuptools-scm...) and when it stops sending only what the finding names. Otherwise a
narrower fix is tried (the named paths themselves, or the same rule with an exception for
what is needed), and failing that the hint says why there is no safe fix.

:func:`run_fix` is ``check --fix`` and ``check --diff``: it applies the verified fixes
that keep every line of the user (a removal is left to the user), through the writer and
managed block of ``init``, and runs again until nothing is left to fix.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen import fileio
from ignoregen.build.definition import read_build
from ignoregen.build.discover import Build, discover
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs import needs_of
from ignoregen.build.needs_run import RunNeeds
from ignoregen.commands.fix_rules import (
    applicable,
    changed_by,
    foreseen_drops,
    laptop_line,
    still_sent,
    works,
)
from ignoregen.engine.buildah import CONTAINERIGNORE
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_bytes, split_lines
from ignoregen.engine.matcher import PatternUseError
from ignoregen.engine.records import Collect, Item, Kind, sort_key
from ignoregen.engine.setup import DOCKERIGNORE, Builder, BuildSetup
from ignoregen.errors import IgnoregenError
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import PresetSet, Role
from ignoregen.lint import edits
from ignoregen.lint.edits import Edit, EditKind, Fix, apply_edits
from ignoregen.lint.findings import Finding, read_ignore_lines
from ignoregen.plan.planner import GENERATED, JUNK
from ignoregen.plan.writer import BlockError, block_numbers, unified_diff, write_atomic

if TYPE_CHECKING:  # the check imports this module when it runs
    from ignoregen.commands.check import CheckOptions, CheckReport, Walked
    from ignoregen.commands.init import Outcome

_EXAMPLES = 3
_MAX_EXCEPTIONS = 5
_ROUNDS = 4


def _examples(paths: Sequence[str]) -> str:
    shown = ", ".join(paths[:_EXAMPLES])
    more = len(paths) - _EXAMPLES
    return shown + (f" and {more} more" if more > 0 else "")


def _under(path: str, prefixes: Iterable[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def _top_most(paths: Iterable[str]) -> list[str]:
    out: list[str] = []
    for path in sorted(paths, key=lambda p: sort_key(Item(p, Kind.FILE, 0, 1, -1, False))):
        if out and _under(path, out[-1:]):
            continue
        out.append(path)
    return out


@dataclass(frozen=True)
class Verdict:
    """What an edit of an ignore file would stop sending."""
    lost: tuple[tuple[str, str], ...] = ()
    """(needed path, why) that the edited file stops sending, top-most first."""
    unnamed: tuple[str, ...] = ()
    """Other paths it stops sending that the finding does not name."""
    dropped: int = 0
    """How many paths it stops sending in all."""
    error: str | None = None
    """The edited file cannot be read or used."""
    foreseen: int = 0
    """How many named paths that no context holds yet the edited file excludes, and the
    file as it is sends (a laptop finding's ``app/__pycache__``)."""

    @property
    def safe(self) -> bool:
        return not self.lost and not self.unnamed and self.error is None


@dataclass
class _Group:
    """The builds that read one ignore file with one engine in one context."""

    setup: BuildSetup
    reads: list[DockerfileReads] = field(default_factory=list)
    needs: Callable[[str], str | None] | None = None
    classifier: Classifier | None = None
    """The classification of the context as the first walk saw it."""
    sent: frozenset[str] | None = None


class Verifier:
    """Tries edits of the ignore files under ``root`` against every build that reads them."""

    def __init__(
        self,
        root: Path,
        presets: PresetSet,
        options: CheckOptions,
        builds: Sequence[Build] | None = None,
        read: Sequence[tuple[Build, DockerfileReads | None]] | None = None,
        walked: Mapping[tuple[Path, Path | None, Builder], Walked] | None = None,
        listing: Sequence[tuple[str, str]] | None = None,
        run: RunNeeds | None = None,
    ) -> None:
        self.root = root
        self.presets = presets
        self.options = options
        self._builds = builds
        """The builds under ``root``, when the caller has found them already."""
        self._read = read
        """Those of them that could be read, with what they read (the check's reading)."""
        self._walked = walked or {}
        """What the check's walk of each context found with the ignore files as they stand
        (keyed by context, ignore file and builder): the first walk of a group, done."""
        self._listing = listing
        """What :func:`project_entries` gives for ``root``, when the caller has it."""
        self.shortcut = True
        """Decide an edit that only adds exclusions without walking (False: always walk,
        the slow path the tests compare it with)."""
        self._groups: dict[str, list[_Group]] | None = None
        self._run = run if run is not None else RunNeeds()
        """The needs' work shared with the check's (its developer's-machine view)."""
        self._tried: dict[Fix, Verdict] = {}
        self._lines: dict[str, tuple[bytes, dict[int, str] | None]] = {}
        """Each ignore file's lines, split once: a file of thousands of lines has as many
        fixes that only delete a line, each asking (was a minute for 5,000 lines)."""

    # -- who reads which file --------------------------------------------------------

    def groups(self, file: str) -> list[_Group]:
        if self._groups is None:
            self._groups = self._find_groups()
        return self._groups.get(file, [])

    def _find_groups(self) -> dict[str, list[_Group]]:
        from ignoregen.commands.check import _setup
        from ignoregen.lint.podman import builders_for

        options = self.options
        root = self.root
        members: list[tuple[Build, DockerfileReads | None]] = []
        if self._read is not None:
            members.extend(self._read)
        else:
            builds: Sequence[Build]
            if self._builds is not None:
                builds = self._builds
            elif options.dockerfile is not None:
                builds = [
                    Build(root, Path(os.path.abspath(options.dockerfile)), options.target, "-f")
                ]
            else:
                builds = discover(root, self.presets.skip_dirs, env_files=options.env_files,
                                  script_tables=self.presets.script_tables,
                                  test_dirs=self.presets.test_dirs,
                                  maven_commands=self.presets.maven_commands).builds
            for build in builds:
                reading = read_build(build, buildkit=options.builder is not Builder.CLASSIC)
                if reading.reads is not None:
                    members.append((build, reading.reads))
        if not members:
            members.append((Build(root, root, None, "."), None))
        out: dict[str, dict[tuple[Path, Builder], _Group]] = {}
        for build, reads in members:
            dockerfile = build.dockerfile if build.origin != "." else None
            for builder in builders_for(build, options.builder):
                try:
                    setup = _setup(build, builder, dockerfile, options.buildah_version)
                except IgnoregenError:
                    continue
                target = setup.ignore_file or setup.context / DOCKERIGNORE
                file = _relative(root, target)
                by_context = out.setdefault(file, {})
                group = by_context.get((setup.context, builder))
                if group is None:
                    group = by_context[(setup.context, builder)] = _Group(setup)
                    seen = self._walked.get((setup.context, setup.ignore_file, builder))
                    if seen is not None:
                        group.sent, group.classifier = seen.sent, seen.classifier
                if reads is not None:
                    group.reads.append(reads)
        return {file: list(by.values()) for file, by in out.items()}

    # -- what the builds need ---------------------------------------------------------

    def _context_files(self, context: Path) -> list[str]:
        return self._run.context_files(context, self.presets.skip_dirs, self._listing, self.root)

    def _needs(self, group: _Group) -> Callable[[str], str | None]:
        if group.needs is not None:
            return group.needs
        context = group.setup.context
        files = self._context_files(context)
        from ignoregen.build.test_paths import test_path
        from ignoregen.plan.protect import configured_keeps  # what the user said to keep

        def guards(imports: bool) -> dict[str, str]:
            guarded: dict[str, str] = {}
            for guard in needs_of(context, group.reads, files, self.presets, run=self._run,
                                  imports=imports):
                why = f"{guard.reason} ({guard.origin})"
                if any(c in guard.path for c in "*?["):
                    for match in self._run.reader(context).glob(guard.path):
                        guarded.setdefault(match.relative_to(context).as_posix(), why)
                else:
                    guarded.setdefault(guard.path.rstrip("/"), why)
            for path, why in configured_keeps(context, self.presets).items():
                guarded.setdefault(path, why)
            return guarded

        # A test file that a kept source imports is a need only at its own path, which is
        # a test file: every source is read for those only when one is asked about.
        guarded = guards(False)
        with_imports: dict[str, str] | None = None
        sources = [
            (source, f"{reads.path.name}:{source.line} {source.instruction} {source.text}")
            for reads in group.reads
            for source in reads.sources
            if source.known
        ]
        classifier = group.classifier
        # Where a package manager installs: beside a manifest or lockfile (the presets keep
        # them all: composer.json, Gemfile.lock...). The files of a directory are
        # classified only when a dependency directory asks about it (most checks never do).
        beside = {
            path.rpartition("/")[0] for path in files
            if path.rsplit("/", 1)[-1] in self.presets.manifests
        }
        by_directory: dict[str, list[str]] | None = None
        asked: dict[str, bool] = {}

        def is_beside(directory: str) -> bool:
            nonlocal by_directory
            if directory in beside:
                return True
            if classifier is None:
                return False
            known = asked.get(directory)
            if known is None:
                if by_directory is None:
                    by_directory = {}
                    for path in files:
                        by_directory.setdefault(path.rpartition("/")[0], []).append(path)
                known = asked[directory] = any(
                    classifier.kept(classifier.static_key(path))
                    for path in by_directory.get(directory, ())
                )
            return known

        def role(path: str) -> Role | None:
            category = classifier.category_of(path) if classifier is not None else None
            return category.role if category is not None else None

        def depth(directory: str) -> int:
            """How many names the dependency category's rule for ``directory`` spans:
            ``vendor/bundle`` two (the Gemfile lies above ``vendor``), ``**/vendor`` one."""
            category = classifier.category_of(directory) if classifier is not None else None
            name = directory.rsplit("/", 1)[-1]
            spans = [
                len(text.split("/")) for text in (
                    rule.rule.pattern.removeprefix("**/")
                    for rule in (category.rules if category is not None else ())
                    if not rule.rule.exception
                ) if text.rsplit("/", 1)[-1] == name
            ]
            return max(spans, default=1)

        def installed(path: str) -> bool:
            """Does a manifest lie beside the dependency directory ``path`` is in, or above
            the directories its rule names (``vendor/bundle`` below a Gemfile)? Laravel's
            ``public/vendor`` has none beside it: published assets, checked in."""
            parts = path.split("/")
            return any(
                role("/".join(parts[:i])) is Role.DEPENDENCIES
                and is_beside("/".join(parts[:max(i - depth("/".join(parts[:i])), 0)]))
                for i in range(1, len(parts) + 1)
            )

        listed = None

        def gitignored(path: str) -> bool:
            nonlocal listed
            if listed is None:
                from ignoregen.lint.maybe import may_exist

                below = sorted({f.rpartition("/")[0] for f in files if f.endswith(".gitignore")})
                listed = may_exist(context, self.root, self.presets, below)
            return listed.gitignored(path) is not None

        def committed(path: str) -> bool:
            """Does git track files (not just a placeholder) below ``path``, though a
            gitignore line lists it (opentelemetry-demo's root ``vendor/`` line, and the
            Phoenix assets' committed ``assets/vendor/topbar.js``)? init keeps such a
            directory (plan/planner.py ``_checked_in``: gitignored and not in the index)."""
            from ignoregen.knowledge.local import PLACEHOLDERS, tracked

            prefix = path + "/"
            sample = [name for name in files if name.startswith(prefix)
                      and name.rpartition("/")[2] not in PLACEHOLDERS][:50]
            return bool(sample) and bool(tracked(context, sample))

        def needed(path: str) -> str | None:
            nonlocal with_imports
            table = guarded
            if test_path(path):
                if with_imports is None:
                    with_imports = guards(True)
                table = with_imports
            for prefix, why in table.items():
                if path == prefix or path.startswith(prefix + "/"):
                    return why
            # A dependency-like directory without a manifest beside it was not installed
            # there: it is checked in (Laravel's resources/views/vendor), so it is source,
            # whichever build reads it (one ignoregen does not know of, maybe). One that
            # .gitignore lists is not checked in: made on the host (LinkAce's lang/vendor).
            kind = role(path)
            if kind is Role.DEPENDENCIES and not installed(path) and (
                    not gitignored(path) or committed(path)):
                return "no manifest beside it: checked in, not installed"
            readers = [(source, why) for source, why in sources if source.covers(path)]
            if not readers:
                return None
            # As init judges it: what no build reads (VCS, secrets, caches) is not needed
            # even inside a copied directory, nor what a package manager or a build makes
            # below a directory that COPY names (not what COPY names itself).
            if kind in JUNK:
                # ... unless a COPY names the file itself (COPY .env ./): without it, that
                # COPY fails ('not found'), whatever the file holds.
                named_itself = [
                    why for source, why in readers
                    if not source.whole_context and not source.has_glob
                    and source.pattern == path
                ]
                return named_itself[0] if named_itself else None
            if kind in GENERATED and all(
                source.whole_context
                or (not source.has_glob and path.startswith(source.pattern + "/"))
                for source, _ in readers
            ):
                return None
            named = [(s, why) for s, why in readers if not s.whole_context]
            return named[0][1] if named else None

        group.needs = needed
        return needed

    def needed(self, file: str, path: str) -> str | None:
        """Why a build that reads ``file`` needs the context path ``path``, or None."""
        for group in self.groups(file):
            if group.classifier is None:  # the first walk classifies the context
                try:
                    group.sent = self._sent(group, self.current(file), file)
                except (IgnoreFileError, PatternUseError, OSError):
                    continue
            why = self._needs(group)(path)
            if why is not None:
                return why
        return None

    # -- trying an edit ---------------------------------------------------------------

    def _sent(self, group: _Group, data: bytes | None, shown: str) -> frozenset[str]:
        setup = group.setup
        rules = _rules(data, shown, setup.builder)
        classifier = None
        if group.classifier is None:
            classifier = group.classifier = Classifier(self.presets)
        scan = scan_context(setup, rules=rules, observer=classifier, collect=Collect.SENT,
                            tar=False)
        return frozenset(item.path for item in scan.sent)

    def _sent_after(
        self, group: _Group, old: bytes | None, new: bytes, shown: str
    ) -> frozenset[str]:
        """What the builds of ``group`` send with ``new`` instead of ``old``; ``group.sent``
        is what they send with ``old``. An edit that only excludes more for BuildKit is
        decided on the paths sent before (no path can come back; see :func:`still_sent`),
        any other by a walk of the context."""
        assert group.sent is not None
        setup = group.setup
        if setup.builder is Builder.BUILDKIT and self.shortcut:
            after, before = _rules(new, shown, setup.builder), _rules(old, shown, setup.builder)
            changed = changed_by(before, after)  # (None: not only excluding more)
            if changed is not None:
                return still_sent(group.sent, after, changed)
        return self._sent(group, new, shown)

    def current(self, file: str) -> bytes | None:
        path = self.root / file
        try:
            return fileio.read_bytes(path) if path.is_file() else None
        except OSError:
            return None

    def verdict(self, file: str, new: bytes, names: Sequence[str] | None) -> Verdict:
        """What writing ``new`` as ``file`` would stop sending, for every build reading it."""
        old = self.current(file)
        lost: dict[str, str] = {}
        unnamed: set[str] = set()
        dropped = 0
        for group in self.groups(file):
            try:
                if group.sent is None:
                    group.sent = self._sent(group, old, file)
                after = self._sent_after(group, old, new, file)
            except (IgnoreFileError, PatternUseError, OSError) as exc:
                return Verdict(error=str(exc))
            gone = group.sent - after
            dropped += len(gone)
            needed = self._needs(group)
            for path in gone:
                why = needed(path)
                if why is not None:
                    lost.setdefault(path, why)
                elif names is not None and not _under(path, names):
                    unnamed.add(path)
        top = _top_most(lost)
        return Verdict(
            tuple((path, lost[path]) for path in top), tuple(_top_most(unnamed)), dropped,
            foreseen=foreseen_drops([group.setup.context for group in self.groups(file)],
                                    file, old, new, names),
        )

    def try_fix(self, fix: Fix) -> Verdict:
        if fix not in self._tried and self._only_removes_exclusions(fix):
            self._tried[fix] = Verdict()  # the builds can only be sent more: nothing lost
        if fix not in self._tried:
            file = fix.file
            try:
                new = apply_edits(self.current(file), fix.edits, file)
            except BlockError as exc:
                self._tried[fix] = Verdict(error=str(exc))
            else:
                self._tried[fix] = self.verdict(file, new, fix.names)
        return self._tried[fix]


    def _only_removes_exclusions(self, fix: Fix) -> bool:
        if not all(edit.kind is EditKind.DELETE for edit in fix.edits):
            return False
        data = self.current(fix.file) or b""
        known = self._lines.get(fix.file)
        if known is None or known[0] != data:
            try:
                known = (data, dict(split_lines(data, fix.file)))
            except IgnoreFileError:
                known = (data, None)
            self._lines[fix.file] = known
        lines = known[1]
        if lines is None:
            return False
        return all(
            edit.line in lines and not lines[edit.line].strip().startswith("!")
            for edit in fix.edits
        )


def _rules(data: bytes | None, shown: str, builder: Builder) -> tuple[Rule, ...]:
    if not data:
        return ()
    if builder is Builder.BUILDAH:
        from ignoregen.lint.podman import read_buildah_ignore_lines

        return read_buildah_ignore_lines(data, shown).rules
    return read_ignore_lines(data, shown).rules


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")


# -- verifying the findings of a check ------------------------------------------------------


def _with_exceptions(fix: Fix, needs: Sequence[str]) -> Fix:
    """``fix`` plus an exception for each needed path, right after the rule it answers."""
    more: list[Edit] = []
    for path in needs:
        text = "!" + edits.literal(path)
        for edit in fix.edits:
            if edit.kind is EditKind.ADD:
                more.append(Edit(EditKind.ADD, edit.file, text))
                break
            if edit.kind is EditKind.REPLACE and edit.line:
                more.append(Edit(EditKind.EXCEPTION, edit.file, text, edit.line))
                break
    return Fix((*fix.edits, *more), fix.names)


def _narrowed(fix: Fix, names: Sequence[str]) -> Fix | None:
    """The named paths themselves instead of a name at any depth (an ADD only)."""
    if len(fix.edits) != 1 or fix.edits[0].kind is not EditKind.ADD or not names:
        return None
    file = fix.file
    return Fix(tuple(Edit(EditKind.ADD, file, edits.literal(p)) for p in names), tuple(names))


def _lost_text(verdict: Verdict) -> str:
    path, why = verdict.lost[0]
    more = len(verdict.lost) - 1
    from ignoregen.plan.protect import KEPT

    said = f"which is {why}" if why.startswith(KEPT) else f"which the build needs ({why})"
    return f"{path}, {said}" + (f", and {more} more" if more else "")


def _after_their_lines(verifier: Verifier, fix: Fix) -> Fix | None:
    """The rules that ``fix`` adds (one or several), in ignoregen's second block and scoped
    below the directory that an exception of the user's gives back (``src/`` then
    ``!src/web``), where the first block is too early for them: ``src/web/**/node_modules``
    for ``**/node_modules``, as ``init`` writes it (see :mod:`ignoregen.plan.below`). None
    when that is not the case."""
    from ignoregen.plan.below import given_back, scoped
    from ignoregen.plan.writer import first_block, outside_block, text_lines

    groups = verifier.groups(fix.file)
    if any(e.kind is not EditKind.ADD for e in fix.edits) or not fix.names or not groups:
        return None
    data = verifier.current(fix.file) or b""
    above, below = outside_block(data)
    theirs = parse_bytes("\n".join([*above, *below]).encode("utf-8", "surrogateescape"),
                         fix.file)
    ours = parse_bytes("\n".join(first_block(text_lines(data)) or []).encode(
        "utf-8", "surrogateescape"), fix.file)
    directories = given_back(str(groups[0].setup.context), ours, theirs)
    homes = [next((d for d in directories if n.startswith(d + "/")), "") for n in fix.names]
    texts = [text for edit in fix.edits for home in dict.fromkeys(homes)
             if home and (text := scoped(edit.text, home)) is not None]
    if "" in homes or not texts:
        return None
    edits_below = (Edit(EditKind.ADD_BELOW, fix.file, text) for text in dict.fromkeys(texts))
    return Fix(tuple(edits_below), fix.names)


def _beside_containerignore(verifier: Verifier, fix: Fix) -> str | None:
    """Why ``fix`` is not offered when it would create a ``.dockerignore`` beside a
    ``.containerignore``: the new file would hold the one line, and Docker and Podman would
    then send different things (IG006). kubev2v/migration-planner-ui keeps its rules in
    .containerignore; 'check --fix' wrote a .dockerignore of '**/.git' alone."""
    file = Path(fix.file)
    if file.name != DOCKERIGNORE or verifier.current(fix.file) is not None:
        return None
    if not (verifier.root / file.parent / CONTAINERIGNORE).is_file():
        return None
    containerignore = (file.parent / CONTAINERIGNORE).as_posix()
    return (f"no safe fix: Docker does not read {containerignore}; copy it to {fix.file} "
            f"first (a {DOCKERIGNORE} of this line alone would send what the other keeps "
            f"out), then {fix.describe()}")


def _settle(verifier: Verifier, fix: Fix) -> tuple[Fix | None, str | None]:
    """A safe fix for a finding whose first fix is ``fix``, and the hint to print when it
    is not that one (None: keep the hint)."""
    first = verifier.try_fix(fix)
    if first.error is not None:
        return None, f"no safe fix: {fix.describe()} cannot be checked ({first.error})"
    if first.safe and works(fix, first):
        return fix, None
    if not first.lost and first.foreseen and first.error is None:
        # A developer's machine's line ('**/obj'): what else it takes here is of its kind
        # and nothing a build needs (eShopOnWeb's other obj/ directories, a second .env).
        return fix, None
    if first.safe:
        later = _after_their_lines(verifier, fix)
        if later is not None and works(later, verifier.try_fix(later)):
            return later, (f"{later.describe()} ({fix.describe()} would change nothing: an "
                           "exception of yours below it gives the directory back)")
        return None, (
            f"no fix to add: {fix.describe()} would change nothing (the file has that line "
            f"already, or a later line sends {_examples(fix.names or ())} again)"
        )
    candidates: list[tuple[Fix, str]] = []
    narrow = _narrowed(fix, fix.names or ())
    if first.lost:
        why = f"{fix.describe()} would stop sending {_lost_text(first)}"
    else:
        why = f"{fix.describe()} would also stop sending {_examples(first.unnamed)}"
    if narrow is not None:
        candidates.append((narrow, why))
    if first.lost and len(first.lost) <= _MAX_EXCEPTIONS:
        needs = [path for path, _ in first.lost]
        candidates.append((_with_exceptions(fix, needs), why))
        if narrow is not None:
            candidates.append((_with_exceptions(narrow, needs), why))
    for candidate, why in candidates:
        verdict = verifier.try_fix(candidate)
        if verdict.safe and verdict.dropped:
            return candidate, f"{candidate.describe()} ({why})"
    if first.lost:
        return None, f"no safe fix: {fix.describe()} would stop sending {_lost_text(first)}"
    return None, (
        f"no safe fix: {fix.describe()} would also stop sending {_examples(first.unnamed)}, "
        "which this finding does not name"
    )


def verify_findings(
    root: Path,
    presets: PresetSet,
    options: CheckOptions,
    findings: Sequence[Finding],
    builds: Sequence[Build] | None = None,
    read: Sequence[tuple[Build, DockerfileReads | None]] | None = None,
    walked: Mapping[tuple[Path, Path | None, Builder], Walked] | None = None,
    listing: Sequence[tuple[str, str]] | None = None,
    run: RunNeeds | None = None,
) -> list[Finding]:
    """``findings`` with each fix tried first: kept, replaced by a safe one, or taken away
    with a hint that says why there is no safe fix. IG001 and IG601 (run init) get init's
    own plan as their fix when it changes the file and keeps every need. ``builds``: the
    builds under ``root`` as the caller found them (else they are found again); ``read``
    and ``walked``: what the check read of them and found in their contexts, ``listing``
    the files of the project it listed (see :class:`Verifier`)."""
    verifier = Verifier(root, presets, options, builds, read, walked, listing, run)
    # Findings that share one edit (two node_modules, one '**/node_modules') share its drops.
    shared: dict[tuple[Edit, ...], list[str]] = {}
    for item in findings:
        if item.fix is not None and item.fix.names is not None:
            shared.setdefault(item.fix.edits, []).extend(item.fix.names)
    out: list[Finding] = []
    planned: dict[Path, Outcome] | None = None
    for item in findings:
        if _subject_needed(verifier, item):
            continue  # what the finding would have the file drop is what the build reads
        if item.id in ("IG001", "IG601"):
            if planned is None:  # the files these findings would have init write, at once
                wanted = [path for one in findings if one.id in ("IG001", "IG601")
                          for path in _init_files(verifier.root, one)]
                planned = _init_outcomes(root, presets, options, wanted, verifier._run)
            out.append(_init_fix(verifier, item, planned))
            continue
        fix = item.fix
        if fix is None:
            out.append(item)
            continue
        beside = _beside_containerignore(verifier, fix)
        if beside is not None:
            out.append(replace(item, fix=None, hint=beside))
            continue
        names = None if fix.names is None else tuple(shared.get(fix.edits, fix.names))
        if works(fix, verifier.try_fix(Fix(fix.edits, names))):
            out.append(item)
            continue
        chosen, hint = _settle(verifier, fix)
        out.append(replace(item, fix=chosen, hint=item.hint if hint is None else hint))
    return out


_ABOUT_NEEDS = frozenset({"IG103", "IG104", "IG301"})
"""Findings that say a path should not be sent (a weight, a deeper copy a root-only
pattern misses): when the build needs that path, sending it is right, and the finding is
not one."""


def _subject_needed(verifier: Verifier, item: Finding) -> bool:
    """Does every path ``item`` names (its fix's names) hold what a build reading the file
    needs: Laravel's ``resources/views/vendor`` (checked in, no manifest beside it),
    ``.bundle`` that a COPY names, ``.git`` for hatch-vcs, a ``ui/build`` that
    ``//go:embed`` reads? For a root-only pattern, a need anywhere below a deeper copy is
    enough (its author kept the pattern to the root on purpose)."""
    fix = item.fix
    if item.id not in _ABOUT_NEEDS or fix is None or not fix.names:
        return False
    if all(verifier.needed(fix.file, name) is not None for name in fix.names):
        return True
    verdict = verifier.try_fix(fix)
    if verdict.error is not None or not verdict.lost:
        return False
    lost = [path for path, _ in verdict.lost]
    below = item.id == "IG301"
    return all(
        any(_under(name, [path]) or (below and _under(path, [name])) for path in lost)
        for name in fix.names
    )


def _init_outcomes(
    root: Path, presets: PresetSet, options: CheckOptions, wanted: Sequence[Path],
    run: RunNeeds,
) -> dict[Path, Outcome]:
    from ignoregen.build.dockerfile import DockerfileError
    from ignoregen.commands.init import plan_builds

    try:
        report = plan_builds(
            root, presets, options.dockerfile, options.target, env_files=options.env_files,
            only=wanted, run=run,
        )
    except (DockerfileError, IgnoregenError):
        return {}
    return {outcome.path: outcome for outcome in report.outcomes}


def _init_files(root: Path, item: Finding) -> list[Path]:
    """The ignore files init would write for the IG001 or IG601 ``item``, in order."""
    if item.id == "IG601":
        return [root / item.file]
    # Docker reads only .dockerignore; Podman and Buildah read either (init writes the
    # .containerignore when there is one).
    context = root / item.context
    if CONTAINERIGNORE in item.message:
        return [context / CONTAINERIGNORE, context / DOCKERIGNORE]
    return [context / DOCKERIGNORE]


def _init_fix(verifier: Verifier, item: Finding, planned: dict[Path, Outcome]) -> Finding:
    root = verifier.root
    candidates = _init_files(root, item)
    outcome = next((planned[p] for p in candidates if p in planned), None)
    if outcome is None:
        if item.id == "IG001":
            return replace(item, fix=None, hint="write a .dockerignore in the context "
                           "directory (init would not write one here)")
        return replace(item, fix=None)
    file = _relative(root, outcome.path)
    if not outcome.changed:
        return replace(item, fix=None, hint=f"init would not change {file}")
    if outcome.left_alone or outcome.problems:
        why = outcome.left_alone or outcome.problems[0]
        return replace(item, fix=None, hint=f"no safe fix by init: {why}")
    text = outcome.new.decode("utf-8", "surrogateescape")
    fix = Fix((Edit(EditKind.INIT, file, text),), None)
    verdict = verifier.try_fix(fix)
    if verdict.error is not None or verdict.lost:
        why = verdict.error or _lost_text(verdict)
        return replace(item, fix=None, hint=f"no safe fix: init's plan would stop sending {why}")
    return replace(item, fix=fix)


# -- check --fix and check --diff -------------------------------------------------------------


@dataclass
class FileChange:
    """A file the fixes change, before and after."""
    file: str
    """Relative to the checked root."""
    old: bytes | None
    new: bytes
    fixed: list[Finding] = field(default_factory=list)


@dataclass
class FixReport:
    """The fixes made (or shown), and those left."""
    changes: list[FileChange]
    report: CheckReport
    """With ``write``: the check after the fixes; else the check the fixes come from."""
    left: list[tuple[Finding, str]] = field(default_factory=list)
    """Findings with a fix that was not applied, and why."""
    unwritten: list[str] = field(default_factory=list)
    """'FILE: why; left as it is' for each file the fixes could not be written to."""

    @property
    def fixed(self) -> int:
        return sum(len(change.fixed) for change in self.changes)

    def diff(self) -> str:
        """A unified diff of every change, files named from the working directory."""
        return "".join(
            unified_diff(os.path.relpath(self.report.root / change.file), change.old, change.new)
            for change in self.changes
        )


def _plan_file(
    verifier: Verifier, file: str, found: Sequence[Finding]
) -> tuple[bytes | None, bytes, list[Finding], list[tuple[Finding, str]]]:
    """The new content of ``file`` with as many of the fixes as stay safe together."""
    old = verifier.current(file)
    path = verifier.root / file
    if path.is_symlink():
        why = f"{file} is a symbolic link: left as it is"
        return old, old or b"", [], [(item, why) for item in found]
    accepted: list[Finding] = []
    left: list[tuple[Finding, str]] = []
    current = old
    owned = block_numbers(old or b"")
    shared: dict[tuple[Edit, ...], list[str]] = {}
    for item in found:
        if item.fix is not None and item.fix.names is not None:
            shared.setdefault(item.fix.edits, []).extend(item.fix.names)
    rank = {EditKind.INIT: 0, EditKind.REPLACE: 1, EditKind.EXCEPTION: 1}
    ordered = sorted(
        found, key=lambda f: (rank.get(f.fix.edits[0].kind, 2) if f.fix else 3, f.sort_key())
    )
    for item in ordered:
        assert item.fix is not None
        fix = item.fix
        if any(edit.line in owned for edit in fix.edits if edit.line):
            left.append((item, "the line is in ignoregen's block: init writes it"))
            continue
        together = [e for f in accepted if f.fix is not None for e in f.fix.edits]
        if any(e.kind is EditKind.INIT for e in together):
            left.append((item, "after init's plan: check again"))
            continue
        names: list[str] | None = []
        for f in (*accepted, item):
            if f.fix is None or f.fix.names is None or names is None:
                names = None
            else:
                names.extend(shared.get(f.fix.edits, f.fix.names))
        try:
            new = apply_edits(old, [*together, *fix.edits], file)
        except BlockError as exc:
            left.append((item, str(exc)))
            continue
        if new == current:
            accepted.append(item)  # the same edit as another finding's
            continue
        verdict = verifier.verdict(file, new, names)
        if verdict.safe or laptop_line(verifier, fix, verdict):
            accepted.append(item)
            current = new
        else:
            left.append((item, "not safe together with the other fixes of this file"))
    return old, current or b"", accepted, left


def run_fix(
    root: Path, presets: PresetSet, options: CheckOptions, write: bool = True
) -> FixReport:
    """Apply (``write``) or only compute (for ``--diff``) the safe fixes of a check."""
    from ignoregen.commands.check import run_check

    root = Path(os.path.abspath(root))
    changes: dict[str, FileChange] = {}
    left: list[tuple[Finding, str]] = []
    unwritten: dict[str, str] = {}
    report = run_check(root, presets, options)
    for _ in range(_ROUNDS if write else 1):
        verifier = Verifier(root, presets, options)
        by_file: dict[str, list[Finding]] = {}
        left = []
        for item in report.findings:
            why = applicable(item)
            if why is not None:
                if item.fix is not None:
                    left.append((item, why))
                continue
            assert item.fix is not None
            by_file.setdefault(item.fix.file, []).append(item)
        changed = False
        for file, found in sorted(by_file.items()):
            if file in unwritten:  # tried in an earlier round: the findings stay
                left.extend((item, unwritten[file]) for item in found)
                continue
            old, new, accepted, skipped = _plan_file(verifier, file, found)
            left.extend(skipped)
            if not accepted or new == (old or b""):
                continue
            if write:
                try:
                    write_atomic(root / file, new)
                except OSError as exc:  # this file is left as it was; the others are written
                    unwritten[file] = f"{file}: {exc.strerror or exc}; left as it is"
                    left.extend((item, unwritten[file]) for item in found)
                    continue
            change = changes.setdefault(file, FileChange(file, old, new))
            change.new = new
            change.fixed.extend(accepted)
            changed = True
        if not changed or not write:
            break
        report = run_check(root, presets, options)
    return FixReport([changes[f] for f in sorted(changes)], report, left,
                     [unwritten[f] for f in sorted(unwritten)])
