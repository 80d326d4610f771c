"""``ignoregen init``: plan, merge and write the ignore files of a repository's builds."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ignoregen.build.discover import Build, find_builds, is_containerfile, project_files
from ignoregen.build.dockerfile import DockerfileReads, Source, analyse
from ignoregen.build.guards import find_guards
from ignoregen.engine.buildah import (
    CONTAINERIGNORE,
    BuildahPatternError,
    buildah_sends,
    parse_buildah_bytes,
)
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import IgnoreFileError, Rule, display_path, parse_bytes
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import DOCKERIGNORE, Builder, BuildSetup
from ignoregen.knowledge.classify import Classifier, Tally
from ignoregen.knowledge.preset import PresetSet
from ignoregen.plan.planner import Plan, check_plan, make_plan
from ignoregen.plan.writer import BEGIN, END, merge_block

MANIFESTS = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "package.json"})


@dataclass(frozen=True)
class Totals:
    files: int
    bytes: int


@dataclass
class Outcome:
    """One ignore file: what it would become, and what that changes."""

    path: Path
    """The ignore file."""
    context: Path
    dockerfiles: list[Path]
    plan: Plan
    old: bytes | None
    new: bytes
    before: Totals
    after: Totals
    categories: list[tuple[str, Tally, Tally]] = field(default_factory=list)
    """(category id, sent before, sent after) for categories that hold anything."""
    transferred: list[tuple[Path, Totals]] = field(default_factory=list)
    """Per Dockerfile: what BuildKit actually sends for its COPY/ADD/bind sources."""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != (self.old or b"")


def _user_rules(data: bytes | None, source: str) -> tuple[Rule, ...]:
    """The user's rules in an existing file, outside ignoregen's block."""
    if not data:
        return ()
    lines = data.split(b"\n")
    kept: list[bytes] = []
    inside = False
    for line in lines:
        text = line.rstrip(b"\r").decode("utf-8", "surrogateescape")
        if text.lstrip("\ufeff") == BEGIN:
            inside = True
            kept.append(b"")
        elif text == END:
            inside = False
            kept.append(b"")
        else:
            kept.append(b"" if inside else line)
    return parse_bytes(b"\n".join(kept), source)


def _whole_context(path: Path | None) -> DockerfileReads:
    """No Dockerfile: assume the whole context is copied (the cautious reading)."""
    reads = DockerfileReads(path=path or Path("Dockerfile"))
    reads.sources.append(
        Source(path=".", instruction="COPY", line=0, text=".", stage="", pattern=".")
    )
    return reads


def _transferred(scan_sent: Sequence[tuple[str, int]], reads: DockerfileReads) -> Totals:
    if reads.whole_context:
        return Totals(len(scan_sent), sum(size for _, size in scan_sent))
    picked = [
        size for path, size in scan_sent if any(source.covers(path) for source in reads.sources)
    ]
    return Totals(len(picked), sum(picked))


def plan_context(
    context: Path,
    builds: Sequence[Build],
    presets: PresetSet,
    ignore_file: Path,
    from_gitignore: bool = False,
    also_written: Sequence[str] = (),
) -> Outcome:
    """Plan one context's ignore file for the builds that use it.

    With ``from_gitignore``, the repository's ``.gitignore`` rules, translated to Docker's
    dialect and verified against git, join the candidates (and the same protections).
    """
    reads = [analyse(build.dockerfile, build.target) for build in builds] or [_whole_context(None)]
    files = [path.relative_to(context).as_posix() for path in project_files(context)]
    manifests = [path for path in files if path.rsplit("/", 1)[-1] in MANIFESTS]
    go_files = [path for path in files if path.endswith(".go") and "/vendor/" not in path]
    guards = find_guards(context, reads, manifests, go_files)
    old = ignore_file.read_bytes() if ignore_file.is_file() else None
    shown = display_path(ignore_file)
    user = _user_rules(old, shown)
    dockerfile = builds[0].dockerfile if builds else None
    setup = BuildSetup(context, Builder.BUILDKIT, dockerfile, None)
    imported: tuple[Rule, ...] = ()
    if from_gitignore:
        from ignoregen.plan.gitignore import open_repository, read_gitignores, translate, work_tree

        repo_root = work_tree(open_repository(context))
        imported = translate(read_gitignores(repo_root), context).rules()
    plan = make_plan(
        setup,
        presets,
        reads,
        guards,
        user,
        ignore_file=os.path.relpath(ignore_file, context),
        imported=imported,
        also_written=also_written,
    )
    new = merge_block(old, plan.lines(), str(ignore_file)).data
    new_rules = parse_bytes(new, shown)
    outcome = Outcome(
        path=ignore_file,
        context=context,
        dockerfiles=[build.dockerfile for build in builds],
        plan=plan,
        old=old,
        new=new,
        before=Totals(0, 0),
        after=Totals(0, 0),
    )
    for path in check_plan(setup, new_rules, plan.protected):
        outcome.problems.append(f"{path} would be excluded although the build needs it")
    if buildah_reads(ignore_file, builds):
        outcome.problems.extend(check_buildah_plan(context, new, shown, plan.protected))
    outcome.warnings.extend(other_root_file_differs(ignore_file, new))
    _measure(outcome, setup, presets, parse_bytes(old or b"", shown), new_rules, reads)
    return outcome


def _measure(
    outcome: Outcome,
    setup: BuildSetup,
    presets: PresetSet,
    old_rules: tuple[Rule, ...],
    new_rules: tuple[Rule, ...],
    reads: Sequence[DockerfileReads],
) -> None:
    results = []
    for rules in (old_rules, new_rules):
        classifier = Classifier(presets)
        scan = scan_context(
            setup, rules=rules, sizes=True, observer=classifier, collect=Collect.SENT
        )
        results.append((scan, classifier.result()))
    (before_scan, before), (after_scan, after) = results
    outcome.before = Totals(before.sent.files, before.sent.bytes)
    outcome.after = Totals(after.sent.files, after.sent.bytes)
    after_by_id = {tally.category.id: tally.sent for tally in after.categories}
    for tally in before.categories:
        outcome.categories.append(
            (tally.category.id, tally.sent, after_by_id.get(tally.category.id, Tally()))
        )
    sent = [(item.path, item.size) for item in after_scan.sent if item.files]
    for dockerfile in reads:
        if dockerfile.stages:
            outcome.transferred.append((dockerfile.path, _transferred(sent, dockerfile)))
    del before_scan


def plan_repository(
    root: Path,
    presets: PresetSet,
    dockerfile: Path | None = None,
    target: str | None = None,
    from_gitignore: bool = False,
) -> list[Outcome]:
    """Every ignore file of the builds under ``root`` (or of one Dockerfile's build)."""
    root = root.resolve()
    if dockerfile is not None:
        builds = [Build(root, dockerfile.resolve(), target, str(dockerfile))]
    else:
        builds = find_builds(root)
    by_context: dict[Path, list[Build]] = {}
    for build in builds:
        by_context.setdefault(build.context, []).append(build)
    if not by_context:
        by_context[root] = []
    every_file = [root_ignore_file(context) for context in by_context] + [
        own_ignore_file(build) for group in by_context.values() if len(group) > 1 for build in group
    ]
    outcomes: list[Outcome] = []
    for context, group in sorted(by_context.items()):
        # Every ignore file this run may write counts as present in every plan, whether or
        # not it is written, so that a second run plans the same files.
        root_file = root_ignore_file(context)
        others = sorted(
            os.path.relpath(path, context)
            for path in every_file
            if path != root_file and path.is_relative_to(context)
        )
        shared = plan_context(context, group, presets, root_file, from_gitignore, others)
        outcomes.append(shared)
        if len(group) < 2:
            continue
        # Several Dockerfiles share the context: the shared file keeps what any of them
        # needs; a Dockerfile that needs less gets its own file (BuildKit reads it instead).
        for build in group:
            own = own_ignore_file(build)
            mine = [
                os.path.relpath(path, context)
                for path in [root_file, *every_file]
                if path != own and path.is_relative_to(context)
            ]
            alone = plan_context(context, [build], presets, own, from_gitignore, sorted(set(mine)))
            if alone.plan.lines() != shared.plan.lines() or own.exists():
                outcomes.append(alone)
    return outcomes


def root_ignore_file(context: Path) -> Path:
    """The context's ignore file that init writes: ``.containerignore`` when there is one
    already (Podman and Buildah read it first), else ``.dockerignore``."""
    containerignore = context / CONTAINERIGNORE
    return containerignore if os.path.lexists(containerignore) else context / DOCKERIGNORE


def buildah_reads(ignore_file: Path, builds: Sequence[Build]) -> bool:
    """Is Buildah in sight for this file: it is a ``.containerignore``, or a build file is a
    Containerfile (Podman users read ``.dockerignore`` too)?"""
    return ignore_file.name.endswith(CONTAINERIGNORE) or any(
        is_containerfile(build.dockerfile.name) for build in builds
    )


def check_buildah_plan(
    context: Path, new: bytes, shown: str, protected: Sequence[str]
) -> list[str]:
    """Protected paths that Buildah would not send with the new file."""
    try:
        rules = parse_buildah_bytes(new, shown)
    except IgnoreFileError as exc:
        return [f"{exc}"]
    try:
        return [
            f"{path} would be excluded under Podman/Buildah although the build needs it"
            for path in protected
            if (context / path).exists() and not buildah_sends(rules, path)
        ]
    except BuildahPatternError as exc:
        return [str(exc)]


def other_root_file_differs(ignore_file: Path, new: bytes) -> list[str]:
    """Both root files exist and would differ: Docker reads one, Podman the other."""
    if ignore_file.name != CONTAINERIGNORE:
        return []
    other = ignore_file.with_name(DOCKERIGNORE)
    try:
        old = other.read_bytes()
    except OSError:
        return []
    if old == new:
        return []
    return [
        f"{display_path(other)} differs from {display_path(ignore_file)}: Docker reads the "
        f"first, Podman and Buildah the second (this run writes only the second); keep "
        "them the same, or delete the one no build uses"
    ]


def own_ignore_file(build: Build) -> Path:
    """``<Dockerfile>.dockerignore`` beside the Dockerfile: BuildKit's per-Dockerfile file."""
    return build.dockerfile.with_name(build.dockerfile.name + DOCKERIGNORE)
