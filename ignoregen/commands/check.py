"""``ignoregen check``: every build of a repository (or one context) against the findings.

:func:`run_check` is the whole command as a typed function; the CLI only parses options,
picks a renderer and turns :meth:`CheckReport.exit_code` into the process status.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ignoregen import fileio
from ignoregen.build.definition import read_build
from ignoregen.build.discover import (
    Build,
    BuildProblem,
    ProblemKind,
    discover_project,
    discover_with,
    fixtures,
    is_dockerfile,
    project_entries,
    third_party,
)
from ignoregen.build.dockerfile import DockerfileError, DockerfileReads
from ignoregen.build.needs_run import RunNeeds
from ignoregen.commands.as_it_stands import NOT_A_FILE, REMOVE_IT
from ignoregen.engine.context import scan_context
from ignoregen.engine.records import Collect, Kind
from ignoregen.engine.setup import (
    CONTAINERIGNORE,
    DOCKERIGNORE,
    Builder,
    BuildSetup,
    find_setup,
    unread_by_buildkit,
)
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import PresetSet
from ignoregen.lint.catalogue import Severity
from ignoregen.lint.copies import (
    holds_copy,
    in_step,
    without_idle_block_lines,
    without_repeats,
)
from ignoregen.lint.findings import (
    ContextFacts,
    Finding,
    Suppression,
    check_contents,
    check_rules,
    check_sources,
    finding,
    read_ignore_lines,
    relax_pseudo_comments,
    suppressed,
)
from ignoregen.lint.laptop import context_views, laptop_findings, root_only_isms
from ignoregen.lint.podman import (
    builders_for,
    merge_passes,
    podman_findings,
    read_buildah_ignore_lines,
    root_ignore_files,
)
from ignoregen.render.text import human_bytes

if TYPE_CHECKING:
    from ignoregen.build.needs import Need  # (imported when a finding asks for the needs)
    from ignoregen.engine.buildah import BuildahVersion

EXIT_OK = 0
EXIT_FINDINGS = 1

@dataclass(frozen=True)
class CheckOptions:
    """What a check looks at, and how."""
    dockerfile: Path | None = None
    """Check only this Dockerfile's build, with ``root`` as its context."""
    target: str | None = None
    builder: Builder | None = None
    """None: Docker (BuildKit), and Buildah too for builds Podman is in sight of (see
    :func:`ignoregen.lint.podman.builders_for`)."""
    buildah_version: BuildahVersion | None = None
    max_bytes: int | None = None
    max_files: int | None = None
    strict: bool = False
    disable: frozenset[str] = frozenset()
    """Finding IDs never to report (the configuration's ``check.disable``)."""
    env_files: tuple[Path, ...] | None = None
    """Variables for compose files, instead of the ``.env`` beside each."""
    workers: int = 1
    """Processes that walk a large context (see :func:`~ignoregen.engine.context.scan_context`);
    the findings are the same whatever their number."""
    only: Path | None = None
    """``check FILE``: report the findings on this file alone (an absolute path); the
    builds are checked whole all the same, as their findings depend on one another."""


@dataclass
class CheckReport:
    """The findings of a check, with what it covered."""
    root: Path
    findings: list[Finding] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    """The contexts checked, relative to the root."""
    suppressed: int = 0
    elsewhere: int = 0
    """With :attr:`CheckOptions.only`: the findings on the other files, not reported."""

    def count(self, severity: Severity) -> int:
        return sum(1 for item in self.findings if item.severity is severity)

    def exit_code(self, fail_on: Severity | None) -> int:
        """1 when a finding is at or above ``fail_on`` (None: never fail), else 0."""
        if fail_on is None:
            return EXIT_OK
        failing = any(item.severity.rank >= fail_on.rank for item in self.findings)
        return EXIT_FINDINGS if failing else EXIT_OK


class Walked(NamedTuple):
    """What the check's walk of one context found, for the verification of the fixes."""

    sent: frozenset[str]
    """The paths sent with the ignore file as it stands."""
    classifier: Classifier
    """The classification of the context that walk made."""


_Member = tuple[Build, BuildSetup, DockerfileReads | None]
"""One build of a context: its definition, the files that drive it, what it reads."""


def run_check(root: Path, presets: PresetSet, options: CheckOptions) -> CheckReport:
    """Check every build under ``root`` (or the one of ``options.dockerfile``).

    A build that cannot be analysed (a missing Dockerfile, one BuildKit rejects, a compose
    file that is not YAML) is a finding of its own (IG004, IG005); the others are checked
    all the same. Raises what the engine raises for input it cannot use: a missing
    context or ``-f`` file, an unreadable ignore file.
    """
    root = Path(os.path.abspath(root))
    report = CheckReport(root)
    problems: list[BuildProblem] = []
    listing: list[tuple[str, str]] | None = None
    skipped: list[Build] = []
    named: list[Path] = []
    unseen: list[Path] = []
    templates: list[Path] = []
    secret_files: dict[Path, tuple[str, Path, int | None]] = {}
    run = RunNeeds()  # the needs' work shared by the developer's-machine view and the fixes
    if options.dockerfile is not None:
        find_setup(root, options.builder or Builder.BUILDKIT, options.dockerfile)  # no -f: exit 2
        builds = [Build(root, Path(os.path.abspath(options.dockerfile)), options.target, "-f")]
    else:
        # One listing of the project for the discovery, the stray ignore files and the
        # needs of the fixes (when the root has no symbolic link on its way: the
        # discovery lists the resolved root), kept for the fixes' init (IG001).
        if os.path.realpath(root) == str(root):
            listing, found = discover_project(root, presets, options.env_files, run)
        else:
            found = discover_with(root, presets, options.env_files)
        builds, skipped = fixtures(found.builds, root)  # test fixtures: init leaves them alone
        problems = list(found.problems)  # (the discovery's own list is shared with init's)
        templates = [root / place for place in found.templates]  # unread: builds unknown
        named = found.named_contexts
        # a build of a Dockerfile written just before it reads its context's ignore file
        unseen = found.unanalysed_contexts
        secret_files = found.secret_files
    # A named context's own ignore file is read (COPY --from=NAME): not a stray one.
    applied: set[Path] = {directory / DOCKERIGNORE for directory in [*named, *unseen]}
    copies: dict[str, str] = {}  # init's copy of the user's lines -> their file
    unchecked: set[Path] = {p.context for p in problems if p.blocks and p.context is not None}
    by_setup: dict[tuple[Path, Path | None, Builder], list[_Member]] = {}
    pairs: list[tuple[BuildSetup, BuildSetup]] = []
    docker_too: set[tuple[Path, Path | None, Builder]] = set()  # Buildah's, beside Docker's
    members: list[tuple[Build, DockerfileReads | None]] = []
    for build in builds:
        reading = read_build(build, buildkit=options.builder is not Builder.CLASSIC)
        problems.extend(reading.problems)
        if reading.reads is None:
            if any(problem.blocks for problem in reading.problems):
                unchecked.add(build.context)
            continue
        members.append((build, reading.reads))
    read = list(members)  # the builds that could be read, for the verification of fixes
    # No build defined anywhere: the root is checked as a context only when an ignore file
    # there says something builds it (a script's 'docker build -f - .'); a repository
    # without Docker has nothing to check (an organisation's CI template runs check in all),
    # nor one whose images a tool builds without a context (ko: a scaffold's stale file).
    imager: tuple[str, str] | None = None
    if options.dockerfile is None:
        from ignoregen.build.goreleaser import ko_images

        imager = next(((name, tool) for name, tool in presets.image_builders
                       if (root / name).is_file()), None) or ko_images(root)
    ignored_root = imager is None and any(
        os.path.lexists(root / name) for name in (DOCKERIGNORE, CONTAINERIGNORE))
    if not members and not unchecked and (options.dockerfile is not None or ignored_root):
        members.append((Build(root, root, None, "."), None))
    for build, reads in members:
        dockerfile = build.dockerfile if build.origin != "." else None
        setups = {
            builder: _setup(build, builder, dockerfile, options.buildah_version)
            for builder in builders_for(build, options.builder)
        }
        keys: list[tuple[Path, Path | None, Builder]] = []
        for builder, setup in setups.items():
            if setup.shadowed is not None:
                applied.add(setup.shadowed)  # reported as IG003
                if setup.ignore_file is not None and holds_copy(setup.ignore_file,
                                                                setup.shadowed):
                    copies[_relative(root, setup.ignore_file)] = _relative(root, setup.shadowed)
            if builder is Builder.BUILDAH:
                applied.update(root_ignore_files(setup))  # IG006 compares them
            key = (setup.context, setup.ignore_file, builder)
            keys.append(key)
            by_setup.setdefault(key, []).append((build, setup, reads))
        if Builder.BUILDKIT in setups:
            docker_too.update(key for key in keys if key[2] is Builder.BUILDAH)
        if Builder.BUILDAH in setups and Builder.BUILDKIT in setups:
            pairs.append((setups[Builder.BUILDAH], setups[Builder.BUILDKIT]))
        elif Builder.BUILDAH in setups:
            docker = find_setup(build.context, dockerfile=dockerfile)
            pairs.append((setups[Builder.BUILDAH], docker))
    # An automatic check's Buildah pass adds only what Docker's pass did not find (or silence).
    buildah_pass: list[Finding] = []
    silenced: list[Finding] = []
    silenced_by_buildah: list[Finding] = []
    walked: dict[tuple[Path, Path | None, Builder], Walked] = {}
    for key, group in sorted(by_setup.items(), key=lambda kv: str(kv[0])):
        _, ignore_file, builder = key
        if ignore_file is not None:
            applied.add(ignore_file)
        # A second pass (labelled) where Docker's pass checked one of its builds too.
        second = (builder is Builder.BUILDAH and options.builder is None
                  and key in docker_too)
        hidden = silenced_by_buildah if second else silenced
        findings = _check_context(
            report, presets, options, group, hidden, walked, listing, run, secret_files
        )
        (buildah_pass if second else report.findings).extend(findings)
    report.findings.extend(merge_passes([*report.findings, *silenced], buildah_pass))
    report.suppressed = len(silenced) + len(merge_passes(silenced, silenced_by_buildah))
    extra = podman_findings(pairs, lambda path: _relative(root, path))
    report.findings.extend(_unsuppressed(report, extra))
    report.contexts = list(dict.fromkeys(report.contexts))
    report.findings.extend(_problem_findings(root, problems))
    # A build that cannot be analysed would still read its context's ignore file: that
    # file is not a stray one.
    applied.update(context / DOCKERIGNORE for context in unchecked)
    applied.update(build.context / DOCKERIGNORE for build in skipped)  # a fixture's own
    if options.dockerfile is None:
        from ignoregen.build.tiltfile import tilt_contexts  # builds ignoregen does not analyse

        tilted, untold = tilt_contexts(
            root, listing if listing is not None else project_entries(root, presets.skip_dirs))
        applied.update(context / DOCKERIGNORE for context in tilted)
        contexts = [c for c, _, _ in by_setup] + sorted(unchecked)
        unknown = [p.file.parent for p in problems if p.whole_file] + sorted(untold) \
            + templates
        report.findings.extend(
            _stray_ignore_files(root, applied, contexts, presets.skip_dirs, unknown, listing,
                                presets.installed_dirs | presets.vendored_dirs,
                                presets.vendored_patterns, imager)
        )
    if options.strict and "IG601" not in options.disable:
        report.findings.extend(_strict(root, presets, options))
    if options.disable:
        report.findings = [item for item in report.findings if item.id not in options.disable]
    report.findings = without_idle_block_lines(
        root, without_repeats(root, report.findings, copies))
    if report.findings:
        from ignoregen.commands.fix import verify_findings  # every fix is tried before shown

        report.findings = verify_findings(
            root, presets, options, report.findings, builds, read, walked, listing, run
        )
        from ignoregen.lint.grouped import grouped  # (fixes tried one by one, then shown)

        report.findings = grouped(report.findings)
    if options.only is not None:
        wanted = os.path.realpath(options.only)
        mine = [item for item in report.findings
                if os.path.realpath(root / item.file) == wanted]
        report.elsewhere = len(report.findings) - len(mine)
        report.findings = mine
    report.findings.sort(key=Finding.sort_key)
    return report


def _setup(
    build: Build,
    builder: Builder,
    dockerfile: Path | None,
    buildah_version: BuildahVersion | None = None,
) -> BuildSetup:
    """The files that drive a build; an inline Dockerfile has no ignore file of its own."""
    if build.inline is None:
        return find_setup(build.context, builder, dockerfile, buildah_version=buildah_version)
    context = Path(os.path.abspath(build.context))
    ignore = context / DOCKERIGNORE
    return BuildSetup(context, builder, None, ignore if os.path.lexists(ignore) else None)


def _problem_findings(root: Path, problems: Sequence[BuildProblem]) -> list[Finding]:
    """IG004 and IG005: builds that could not be read as they stand."""
    out: list[Finding] = []
    seen: set[tuple[str, str, int | None, str]] = set()
    for problem in problems:
        file = _relative(root, problem.file)
        key = (problem.rule_id, file, problem.line, problem.message)
        if key in seen:
            continue
        seen.add(key)
        context = _relative(root, problem.context) if problem.context is not None else "."
        out.append(finding(
            problem.rule_id, problem.message, file, problem.line,
            hint=problem.hint or _PROBLEM_HINTS.get(problem.kind), context=context,
        ))
    return out


_PROBLEM_HINTS = {
    ProblemKind.UNREAD: "give the values it names (in the environment, .env or --env-file) "
    "so that the build can be checked",
    ProblemKind.ASSUMED: "nothing to fix unless the note says so: the check assumed the "
    "cautious reading",
    ProblemKind.SKIPPED: "if this file is built after all, name it in a compose, bake or "
    "skaffold file, or check it with -f",
}


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")


class _DirectoryKeys(Classifier):
    """A classifier that keeps the classification of each directory the walk enters, which
    is what the checks look up in ``record`` (for sent directories). ``record=True`` keeps
    every path's, inside the excluded trees too, and so visits every file one by one."""

    def __init__(self, presets: PresetSet) -> None:
        super().__init__(presets)
        self.directories: dict[str, int] = {}

    def enter(self, parent: Any, path: str, kind: Kind) -> Any:
        token = super().enter(parent, path, kind)
        if kind is Kind.DIR:
            self.directories[path] = token.key
        return token

    def detach(self, path: str) -> Any:
        self.directories = {}
        return super().detach(path)

    def export(self) -> Any:
        """A worker's part, with the keys of the directories it entered (carried in the
        ``record`` of :class:`~ignoregen.knowledge.classify.ClassifierPart`)."""
        self.record = self.directories
        try:
            return super().export()
        finally:
            self.record = None

    def absorb(self, token: Any, part: Any) -> None:
        self.record = self.directories
        try:
            super().absorb(token, part)
        finally:
            self.record = None

    def _sum(self, group: Any, absolute: str, relative: str) -> tuple[int, int, int]:
        """An excluded tree whose category is settled is not listed: no finding of the
        check looks at the sizes of what is not sent, and nothing below it is classified."""
        return 0, 0, 0


def _check_context(
    report: CheckReport,
    presets: PresetSet,
    options: CheckOptions,
    group: Sequence[_Member],
    silenced: list[Finding],
    walked: dict[tuple[Path, Path | None, Builder], Walked] | None = None,
    listing: Sequence[tuple[str, str]] | None = None,
    run: RunNeeds | None = None,
    secret_files: Mapping[Path, tuple[str, Path, int | None]] | None = None,
) -> list[Finding]:
    """The findings of one context; those a suppression comment silences go to
    ``silenced``; ``secret_files``: the files compose files declare secrets. ``walked``
    receives what the walk sent and its classifier, keyed by
    context, ignore file and builder: the verification of the fixes starts from them
    instead of walking the context again."""
    root = report.root
    setup = group[0][1]
    context = _relative(root, setup.context)
    report.contexts.append(context)
    dockerfiles = [s.dockerfile for _, s, _ in group if s.dockerfile is not None]
    out: list[Finding] = []
    suppressions: tuple[Suppression, ...] = ()
    shown_ignore: str | None = None
    rules = None
    buildah = setup.builder is Builder.BUILDAH
    ignore_file = setup.ignore_file
    unread = None if ignore_file is None or buildah else \
        unread_by_buildkit(ignore_file, setup.builder is Builder.BUILDKIT)
    if unread is not None:
        ignore_file = None  # read as no file: the rules below are none, IG001 may apply
    elif ignore_file is not None:
        shown_ignore = _relative(root, ignore_file)
        try:
            data = fileio.read_bytes(ignore_file)
        except (IsADirectoryError, PermissionError) as exc:  # the classic CLI opens the path
            return [finding(
                "IG004", f"the classic builder cannot read {shown_ignore} "
                f"({exc.strerror or exc}): the build fails before it sends anything",
                shown_ignore, context=context,
            )]
        except OSError:  # a pipe, a socket or a device: the other contexts are checked
            return [finding("IG004", f"{shown_ignore} is {NOT_A_FILE}", shown_ignore,
                            context=context, hint=REMOVE_IT[0].upper() + REMOVE_IT[1:])]
        lines = read_buildah_ignore_lines(data, shown_ignore, context) if buildah else \
            read_ignore_lines(data, shown_ignore, context, setup.builder is Builder.CLASSIC)
        out.extend(lines.findings)
        suppressions = lines.suppressions
        rules = lines.rules
    # With no ignore file, the context's findings stand on the build that sends it whole
    # (radicale: Dockerfile.dev's 'COPY . /app', not Dockerfile, which reads nothing).
    # Else on one that copies something (sequin: Dockerfile's 'COPY assets', not
    # Dockerfile.postgres, which copies nothing).
    senders = [s.dockerfile for _, s, reads in group if s.dockerfile is not None
               and (reads is None or reads.whole_context)]
    copiers = [s.dockerfile for _, s, reads in group if s.dockerfile is not None
               and reads is not None and reads.sources]
    named = setup.ignore_file if unread is not None else \
        next(iter(senders + copiers + dockerfiles), None)
    anchor = shown_ignore or (_relative(root, named) if named is not None else context)
    classifier = _DirectoryKeys(presets)
    scan = scan_context(
        setup, sizes=True, rules=rules or (), observer=classifier, collect=Collect.ALL,
        workers=options.workers, tar=False,
    )
    classifier.record = classifier.directories  # what the checks look up (sent directories)
    if walked is not None:
        key = (setup.context, setup.ignore_file, setup.builder)
        walked[key] = Walked(frozenset(item.path for item in scan.sent), classifier)
    pulled, may = context_views(root, setup, group, scan, presets)  # what is pulled, may exist
    declared = {
        path.relative_to(setup.context).as_posix():
            (name, f"{_relative(root, where)}:{line}" if line else _relative(root, where))
        for path, (name, where, line) in (secret_files or {}).items()
        if path.is_relative_to(setup.context)
    }
    facts = ContextFacts(context, shown_ignore, anchor, scan, classifier, presets, pulled, may,
                         declared)
    totals = scan.sent_totals
    # A context that holds nothing but Dockerfiles has nothing to leave out (ramalama's
    # container-images/ramalama-cli: 'Docker sends all 1 files (162 B)'; woodpecker's
    # docker/, whose other Dockerfiles are built from the root).
    own = {fileio.real(path) for path in dockerfiles}
    bare = all(
        item.kind is Kind.DIR or is_dockerfile(item.path.rpartition("/")[2])
        or fileio.real(setup.context / item.path) in own for item in scan.sent
    )
    if ignore_file is None and not buildah and pulled.whole and not bare:
        what = f"no .dockerignore applies to context {context}" if unread is None else \
            f"{_relative(root, setup.ignore_file or root)} {unread}: it gives no rules"
        out.append(finding(
            "IG001",
            f"{what}: Docker sends all {totals.files:,} files ({human_bytes(totals.bytes)})",
            anchor, context=context,
        ))
    elif setup.ignore_file is None and options.builder is Builder.BUILDAH:
        out.append(finding(
            "IG001",
            f"no .containerignore or .dockerignore applies to context {context}: Podman and "
            f"Buildah send all {totals.files:,} files ({human_bytes(totals.bytes)})",
            anchor, context=context,
        ))
    if any(problem.fatal for problem in scan.problems):
        from ignoregen.lint.unreadable import unreadable_findings

        out.extend(unreadable_findings(facts, scan.problems, pulled))
    out.extend(check_contents(facts))
    if not buildah:
        out.extend(check_rules(facts, scan.rules))  # Docker's matching (IG3xx, IG4xx)
        out.extend(root_only_isms(
            facts, scan.rules, {f.line or 0 for f in out if f.id == "IG301"}, pulled
        ))
    out = relax_pseudo_comments(out, facts, scan.rules)
    analysed = [r for _, _, r in group if r is not None]
    run = run if run is not None else RunNeeds()
    out.extend(laptop_findings(
        facts, scan.rules, pulled, may,
        lambda about: _needs(root, setup.context, analysed, presets, listing, run, about)
        if analysed else [],
    ))
    from ignoregen.lint.needed import excluded_needs  # (a need the build stops without)

    out.extend(excluded_needs(facts, [
        (_relative(root, build_setup.dockerfile or build.where), reads)
        for build, build_setup, reads in group if reads is not None
    ], lambda: _needs(root, setup.context, analysed, presets, listing, run, lambda _: False)))
    advised: set[tuple[Path, str | None]] = set()
    # per image, per build: what its compose services run, and whether they mount the context
    runs: dict[tuple[Path, str | None], list[tuple[tuple[str, ...], bool]]] = {}
    for build, build_setup, reads in group:
        if reads is not None and build_setup.dockerfile is not None:
            runs.setdefault((build_setup.dockerfile, build.target), []).append(
                (build.runs, build.mounts_context))
    for build, build_setup, reads in group:
        if reads is None:
            continue
        shadowed = build_setup.shadowed
        shown_shadowed = _relative(root, shadowed) if shadowed is not None else None
        shown_dockerfile = _relative(root, build_setup.dockerfile or build.where)
        sources = check_sources(
            facts, reads, shown_dockerfile, shown_shadowed,
            context_known=build.defined_in is not None or build.origin == "-f",
        )
        if build.inline is not None:
            # Lines of an inline Dockerfile become lines of the file that holds it.
            at = build.line("dockerfile_inline", "dockerfile-inline")
            sources = [
                replace(item, line=build.inline_line(item.line) or at, column=None)
                if item.line else item
                for item in sources
            ]
        # Builds of one Dockerfile (compose services, bake targets) find the same once.
        shown = {(item.id, item.file, item.line, item.message) for item in out}
        out.extend(item for item in sources
                   if (item.id, item.file, item.line, item.message) not in shown)
        dockerfile = build_setup.dockerfile  # None for an inline Dockerfile: no advice
        if dockerfile is not None and (dockerfile, build.target) not in advised:
            advised.add((dockerfile, build.target))
            from ignoregen.lint.image.merged import merged  # (one line, the targets named)

            out[:] = merged(out, _image_findings(build_setup, build.target, shown_dockerfile,
                                                 context, out, runs[(dockerfile, build.target)]))
        copied = (shadowed is not None and setup.ignore_file is not None
                  and in_step(setup.ignore_file, shadowed))  # init keeps it in step
        if shown_shadowed is not None and not copied:
            read = _relative(root, setup.ignore_file or root)
            why = f" (which gives no rules: it {unread})" if unread else ""
            out.append(finding(
                "IG003",
                f"BuildKit reads {read}{why} for {shown_dockerfile} and ignores "
                f"{shown_shadowed} entirely",
                shown_shadowed, context=context,
            ))
    out.extend(_budgets(options, facts))
    kept: list[Finding] = []
    for item in out:
        if shown_ignore is not None and suppressed(item, suppressions, shown_ignore):
            silenced.append(item)
        else:
            kept.append(item)
    return kept


def _needs(
    root: Path,
    context: Path,
    reads: list[DockerfileReads],
    presets: PresetSet,
    listing: Sequence[tuple[str, str]] | None,
    run: RunNeeds,
    about: Callable[[str], bool],
) -> list[Need]:
    """What the builds of ``context`` need, present or not (asked by a finding that is
    about to report a path a developer's machine would send). ``listing``: the project's
    files as :func:`project_entries` gave them for ``root``, when known; ``run``: what
    the needs of the run share (the fix verifier asks for the same context's). Test files
    that kept sources import are looked for (every source read) only when ``about``, the
    need paths that matter to the finding, takes a test file of the context."""
    from ignoregen.build.needs import needs_of
    from ignoregen.build.test_paths import taken_paths, test_paths

    files = run.context_files(context, presets.skip_dirs, listing, root)
    # (A Go package the build imports may sit in any tree excluded by default: docs/...)
    imports = bool(test_paths(path for path in files if about(path))) or bool(taken_paths(
        path for path in files if path.endswith(".go") and about(path)))
    return needs_of(context, reads, files, presets, absent=True, run=run, imports=imports)


def _image_findings(
    setup: BuildSetup, target: str | None, shown: str, context: str, earlier: Sequence[Finding],
    runs: Sequence[tuple[Sequence[str], bool]] = (),
) -> list[Finding]:
    """IG701-IG705 for one build (what ships: :mod:`ignoregen.lint.image`), once each;
    ``runs``: what the compose services of each build of the image run in it, and whether
    they mount the build context into it."""
    from ignoregen.lint.image import advise

    assert setup.dockerfile is not None
    try:
        report = advise(setup.dockerfile, setup.context, shown, target, context_label=context,
                        runs=runs)
    except DockerfileError:
        return []  # the build itself was read; what it cannot say is reported as IG004
    return [item for item in report.findings if item not in earlier]


def _unsuppressed(report: CheckReport, found: Sequence[Finding]) -> list[Finding]:
    """``found`` (findings about ignore files) less those their file's comments silence."""
    kept: list[Finding] = []
    comments: dict[str, Sequence[Suppression]] = {}
    for item in found:
        if item.file not in comments:
            try:
                data = fileio.read_bytes(report.root / item.file)
            except OSError:
                data = b""
            comments[item.file] = read_ignore_lines(data, item.file).suppressions
        if suppressed(item, comments[item.file], item.file):
            report.suppressed += 1
        else:
            kept.append(item)
    return kept


def _budgets(options: CheckOptions, facts: ContextFacts) -> list[Finding]:
    totals = facts.scan.sent_totals
    out: list[Finding] = []
    if options.max_bytes is not None and totals.bytes > options.max_bytes:
        out.append(finding(
            "IG501",
            f"context {facts.context} sends {human_bytes(totals.bytes)}, over the budget of "
            f"{human_bytes(options.max_bytes)}; largest: {_largest(facts)}",
            facts.anchor, context=facts.context,
        ))
    if options.max_files is not None and totals.files > options.max_files:
        out.append(finding(
            "IG502",
            f"context {facts.context} sends {totals.files:,} files, over the budget of "
            f"{options.max_files:,}",
            facts.anchor, context=facts.context,
        ))
    return out


def _largest(facts: ContextFacts, count: int = 3) -> str:
    sizes: dict[str, int] = {}
    for item in facts.scan.sent:
        head, slash, _ = item.path.partition("/")
        key = head + "/" if slash or item.kind.value == "dir" else head
        sizes[key] = sizes.get(key, 0) + item.size
    top = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:count]
    return ", ".join(f"{name} {human_bytes(size)}" for name, size in top)


def _stray_ignore_files(
    root: Path,
    applied: set[Path],
    contexts: Sequence[Path],
    skip_dirs: Collection[str],
    unknown: Sequence[Path] = (),
    listing: Sequence[tuple[str, str]] | None = None,
    installed_dirs: Collection[str] = (),
    vendored_patterns: Sequence[str] = (),
    imager: tuple[str, str] | None = None,
) -> list[Finding]:
    """``.dockerignore`` files that no build reads (guardian#6866: per-service files).

    ``imager``: (file, tool) when a file at the root says a tool builds the images without
    a Docker context (ko's ``.ko.yaml``): the root's unused file is then a note, not a
    warning (kubebuilder scaffolds one; a project that moved to ko keeps it, harmless).

    Below ``unknown`` (the directories of definition files that could not be read) any
    ignore file may belong to a build no one knows of: none is reported there, nor below a
    directory of installed or vendored code (``installed_dirs``), whose builds are not
    this repository's.
    ``listing``: what :func:`project_entries` gives for ``root``, when known.
    """
    out: list[Finding] = []
    linked = _linked_from(applied)
    for text, name in project_entries(root, skip_dirs) if listing is None else listing:
        # hyperdx's packages/api/.Dockerignore: what Linux never opens under that name
        misnamed = name not in (DOCKERIGNORE, CONTAINERIGNORE) \
            and name.lower() in (DOCKERIGNORE, CONTAINERIGNORE)
        if name != DOCKERIGNORE and not misnamed:
            continue
        path = Path(text)
        if path in applied or (linked and os.path.realpath(path) in linked):
            continue
        if any(path.is_relative_to(directory) for directory in unknown):
            continue
        if third_party(path, root, installed_dirs, vendored_patterns):
            continue
        if misnamed and path.parent in contexts:  # a build uses it: renamed, it applies
            out.append(finding(
                "IG002",
                f"Docker and Podman read '{name.lower()}', and names are case-sensitive on "
                "Linux: a build on Linux (CI) never reads this file; only a case-insensitive "
                "disk (macOS, Windows) makes it apply",
                _relative(root, path), context=_relative(root, path.parent),
                hint=f"rename it to {name.lower()}",
            ))
            continue
        using = sorted(
            {_relative(root, c) for c in contexts if path.parent.is_relative_to(c)}
        )
        where = f"; the builds send it from context {', '.join(using)}" if using else ""
        if imager is not None and path.parent == root and not using:
            out.append(replace(finding(
                "IG002",
                f"{imager[1]} builds the images ({imager[0]}) without a Docker context and "
                "reads no ignore file, and no Docker build uses . as its context: this file "
                "applies to nothing",
                _relative(root, path), context=".",
                hint="delete it if no build of your own (a script's docker build) uses it",
            ), severity=Severity.INFO))
            continue
        out.append(finding(
            "IG002",
            f"no build uses {_relative(root, path.parent)} as its context, so Docker never "
            f"reads this file{where}",
            _relative(root, path), context=using[0] if using else ".",
        ))
    return out


def _linked_from(applied: Collection[Path]) -> frozenset[str]:
    """The files that the applied ignore files which are symbolic links point to: a build
    reads them through the link (text-generation-webui's README has users link
    docker/.dockerignore into the root, the context of every build)."""
    return frozenset(os.path.realpath(path) for path in applied if os.path.islink(path))


def _strict(root: Path, presets: PresetSet, options: CheckOptions) -> list[Finding]:
    from ignoregen.commands.init import plan_builds

    out: list[Finding] = []
    try:
        planned = plan_builds(
            root, presets, options.dockerfile, options.target, env_files=options.env_files
        )
    except DockerfileError:
        return out  # the one build cannot be analysed: reported as IG004
    for outcome in planned.outcomes:
        if outcome.changed:
            verb = "differs from" if outcome.old is not None else "is missing;"
            out.append(finding(
                "IG601",
                f"{verb} what 'ignoregen init' would write",
                _relative(root, outcome.path), context=_relative(root, outcome.context),
            ))
    return out
