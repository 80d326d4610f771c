"""``ignoregen init``: plan, merge and write the ignore files of a repository's builds."""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen import fileio
from ignoregen.build.definition import read_build
from ignoregen.build.discover import (
    Build,
    BuildProblem,
    ProblemKind,
    context_files,
    discover_project,
    fixtures,
    is_containerfile,
    project_entries,
)
from ignoregen.build.dockerfile import DockerfileError, DockerfileReads, Source, analyse
from ignoregen.build.guards import Guard
from ignoregen.build.named_reads import named_reads
from ignoregen.build.needs import needs_of
from ignoregen.build.test_image import test_image_needs
from ignoregen.commands.as_it_stands import (
    allow_list,
    existing,
    symbolic_link,
    uncommitted,
    user_rules,
)
from ignoregen.commands.measure import Totals, measure
from ignoregen.engine.buildah import (
    CONTAINERIGNORE,
    BuildahPatternError,
    buildah_sends,
    parse_buildah_bytes,
)
from ignoregen.engine.dockerignore import (
    IgnoreFileError,
    Rule,
    display_path,
    header_unsafe,
    parse_bytes,
)
from ignoregen.engine.matcher import Matcher, literal_prefix
from ignoregen.engine.setup import DOCKERIGNORE, Builder, BuildSetup
from ignoregen.knowledge.classification import Tally
from ignoregen.knowledge.preset import PresetSet, Role
from ignoregen.plan.planner import Plan, PlannedRule, Walks, check_plan, make_plan
from ignoregen.plan.protect import copies_left_out, sent_in_part
from ignoregen.plan.unreadable import by_name_where_unreadable
from ignoregen.plan.writer import (
    BlockError,
    merge_block,
    outside_block,
)

if TYPE_CHECKING:
    from ignoregen.build.needs_run import RunNeeds


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
    transferred: list[tuple[Path, str, Totals]] = field(default_factory=list)
    """(Dockerfile, target stage, what its COPY/ADD pull) per build."""
    """Per Dockerfile: what BuildKit actually sends for its COPY/ADD/bind sources."""
    problems: list[str] = field(default_factory=list)
    """Something ignoregen's own block would break (a bug: the exit code is 2)."""
    warnings: list[str] = field(default_factory=list)
    """A needed path that one of the user's own lines excludes: the line is left as it is."""
    left_alone: str | None = None
    """Why the file is not written although the plan would change it (a symbolic link)."""
    below: list[str] = field(default_factory=list)
    """The second block's lines, after the user's (see :mod:`ignoregen.plan.below`)."""
    overruled: set[str] = field(default_factory=set)
    """Needed paths that the written file excludes all the same (the user's own lines, said
    in a warning or note; or a path the checkout lacks): the summary does not call them
    kept."""

    @property
    def changed(self) -> bool:
        return self.new != (self.old or b"")


@dataclass
class InitReport:
    """Every ignore file planned, and the builds that could not be analysed."""

    root: Path
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[BuildProblem] = field(default_factory=list)
    """Builds or definitions that could not be read as they stand, in the order found."""
    untouched: list[Path] = field(default_factory=list)
    """Contexts whose ignore files are left as they are: a build there cannot be analysed."""
    fixtures: dict[str, int] = field(default_factory=dict)
    """Test-data directories (root-relative) -> how many builds there are left alone, for
    they are test fixtures (:func:`~ignoregen.build.discover.fixtures`)."""
    templates: dict[str, int] = field(default_factory=dict)
    """Directories of project templates -> how many build files there are left unread
    (:attr:`~ignoregen.build.discover.Discovery.templates`)."""
    unreadable: list[Path] = field(default_factory=list)
    """Ignore files that cannot be read as they stand (their contexts are left alone, the
    others planned; the exit code is 2)."""


def _not_repeated(rules: list[PlannedRule], old: bytes, shown: str) -> list[PlannedRule]:
    """The plan's rules but those that the user's lines below the block make pointless, as
    ``check`` would say (IG402) and init would write again:

    - a line that repeats the rule: it matches every path the rule does and says the same
      (the last match wins), so the block's copy would decide nothing;
    - a line that excludes a whole directory the rule reaches only inside (khoj's
      ``documentation/`` under the block's ``documentation/**/.env.local``), when no
      exception of theirs may give back something there;
    - for an exception of the block that names one path, any line of theirs that matches
      that path (or a directory above it): theirs decide it and all below it (Dependency
      Track's ``target/``, ``!target/*.jar`` under the block's ``!target/lib``, which was
      left without the ``target`` it answered)."""
    _, below = outside_block(old)
    parsed = parse_bytes("\n".join(below).encode("utf-8", "surrogateescape"), shown)
    theirs = {(rule.exception, rule.pattern) for rule in parsed}
    if not theirs:
        return rules
    from ignoregen.plan.below import reaches

    matcher = Matcher(list(parsed))
    exceptions = [rule.pattern for rule in parsed if rule.exception]

    def inside_theirs(pattern: str) -> bool:
        head = literal_prefix(pattern)
        for directory in itertools.accumulate(head.split("/")[:-1], lambda a, b: f"{a}/{b}"):
            if matcher.decide(directory).excluded and not any(
                reaches(exception, directory) for exception in exceptions
            ):
                return True
        return False

    def decided_by_theirs(rule: Rule) -> bool:
        return rule.exception and not any(char in rule.pattern for char in "*?[\\") \
            and matcher.decide(rule.pattern).rule is not None

    out: list[PlannedRule] = []
    for planned in rules:
        rule = parse_bytes(planned.pattern.encode(), shown)
        if not rule or not ((rule[0].exception, rule[0].pattern) in theirs
                            or inside_theirs(rule[0].pattern) or decided_by_theirs(rule[0])):
            out.append(planned)
    return out


def _with_copied_lines(
    block: list[str], inherited: tuple[bytes, str], dockerfile: Path | None
) -> list[str]:
    """A per-Dockerfile block: the user's lines of the shared file around the plan's, in
    the same order as there (BuildKit reads this file *instead of* that one)."""
    data, shown = inherited
    name = os.path.basename(shown)
    built = dockerfile.name if dockerfile is not None else "this Dockerfile"
    above, below = outside_block(data)
    header = [
        f"# Your lines of {name}, copied: BuildKit reads this file instead of {name} when it",
        f"# builds {built}. Edit them in {name} and run ignoregen init again",
        "# (init --check fails while this copy differs).",
    ]
    out = [*header, *above, ""] if above else []
    out.extend(block)
    if below:
        out.extend(["", *([] if above else header), *below])
    return out


def _below(
    setup: BuildSetup, presets: PresetSet, guards: Sequence[Guard],
    reads: Sequence[DockerfileReads], plan: Plan, user: Sequence[Rule], walks: Walks,
    written: Sequence[str],
) -> list[str]:
    """The second block's lines, for the directories that the user's exceptions give back
    (:mod:`ignoregen.plan.below`), with a note on ``plan`` saying why it is there."""
    from ignoregen.plan.below import plan_below

    virtual = [path for path in written if not path.startswith("../")]
    given, rules = plan_below(setup, presets, guards, reads, plan, user, virtual, walks)
    if not rules:
        return []
    shown = ", ".join(given)
    plan.notes.append(
        f"your exceptions give back {shown} after ignoregen's block: its rules for junk below "
        "them follow your lines, in a second block"
    )
    return Plan(context=plan.context, rules=rules).lines()


NO_BUILD = (
    "no build found under this directory (no Dockerfile, Containerfile or file that builds "
    "one): planned as for a Dockerfile that copies the whole context (COPY . .); run init "
    "again once there is one"
)


def _whole_context(path: Path | None) -> DockerfileReads:
    """No Dockerfile: assume the whole context is copied (the cautious reading)."""
    reads = DockerfileReads(path=path or Path("Dockerfile"))
    reads.sources.append(
        Source(path=".", instruction="COPY", line=0, text=".", stage="", pattern=".")
    )
    return reads


def plan_context(
    context: Path,
    builds: Sequence[Build],
    presets: PresetSet,
    ignore_file: Path,
    from_gitignore: bool = False,
    also_written: Sequence[str] = (),
    analysed: Sequence[DockerfileReads] | None = None,
    inherited: tuple[bytes, str] | None = None,
    walks: Walks | None = None,
) -> Outcome:
    """Plan one context's ignore file for the builds that use it.

    With ``from_gitignore``, the repository's ``.gitignore`` rules, translated to Docker's
    dialect and verified against git, join the candidates (and the same protections).
    ``analysed`` is what each build reads, when the caller has it already.
    ``inherited`` is the context's ``.dockerignore`` as it will be written, and its name as
    shown, for a per-Dockerfile file: the user's lines there are copied into the block.
    ``walks`` shares the walks of the context with the run's other plans.
    """
    walks = walks if walks is not None else Walks()
    if analysed is None:
        analysed = [analyse(build.dockerfile, build.target) for build in builds]
    reads = list(analysed) or [_whole_context(None)]
    files = walks.files.get(context)
    if files is None:
        # The same for every plan of the context: the tree does not change while init plans.
        base = os.path.join(context, "")
        files = walks.files[context] = [
            path[len(base) :] if path.startswith(base)
            else Path(path).relative_to(context).as_posix()
            for path, _ in project_entries(context, presets.skip_dirs)
        ]
    guards = needs_of(context, reads, files, presets, run=walks.needs)
    guards = [*guards, *test_image_needs(builds, reads, context, presets)]
    old = existing(ignore_file)
    shown = display_path(ignore_file)
    user = user_rules(old, shown)
    for rule, message in header_unsafe(user):  # the file as it stands fails BuildKit's builds
        raise IgnoreFileError(rule.source, rule.line, message)
    copied: tuple[Rule, ...] = ()
    if inherited is not None:
        copied = user_rules(*inherited)
        user = (*copied, *user)
    dockerfile = builds[0].dockerfile if builds and builds[0].inline is None else None
    setup = BuildSetup(context, Builder.BUILDKIT, dockerfile, None)
    imported: tuple[Rule, ...] = ()
    if from_gitignore:
        from ignoregen.plan.gitignore import open_repository, read_gitignores, translate, work_tree

        repo_root = work_tree(open_repository(context))
        imported = translate(read_gitignores(repo_root), context).rules()
    after_user = allow_list(user)  # the block goes below an allow-list of the user's
    plan = make_plan(
        setup,
        presets,
        reads,
        guards,
        user,
        ignore_file=os.path.relpath(ignore_file, context),
        imported=imported,
        also_written=also_written,
        walks=walks,
        after_user=after_user,
    )
    if old is not None and not after_user:
        plan.rules = _not_repeated(plan.rules, old, shown)
    plan.notes.extend(uncommitted(ignore_file))
    if not analysed:  # (the root of a repository where no build was found: a guess)
        plan.notes.append(NO_BUILD)
    below: list[str] = []
    if not after_user and any(rule.exception for rule in user):
        below = _below(setup, presets, guards, reads, plan, user, walks,
                       [os.path.relpath(ignore_file, context), *also_written])
    for attempt in (1, 2):
        block = plan.lines()
        if copied and inherited is not None:
            block = _with_copied_lines(block, inherited, dockerfile)
        new = merge_block(old, block, str(ignore_file), at_end=after_user, below=below).data
        new_rules = parse_bytes(new, shown)
        # A wildcard exception of ours that would open a directory no one can read here
        # is written by name (see plan/unreadable.py): once.
        named = by_name_where_unreadable(setup, new_rules, plan, walks) if attempt == 1 \
            else None
        if named is None:
            break
        plan.rules = named
    linked = symbolic_link(ignore_file, shown)
    if linked is not None:
        new = old or b""  # never replace a link, never write through it
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
        left_alone=linked,
        below=below,
    )
    theirs = Matcher([*copied, *user_rules(new, shown)])
    broken = check_plan(setup, new_rules, plan.protected)
    left_out = copies_left_out(context, reads, new_rules)
    broken.extend(path for path in left_out if path not in broken)
    elsewhere = _read_elsewhere(context, builds, reads, ignore_file, broken, files, presets,
                                walks) if broken else {}
    quiet: dict[tuple[str, str, str], list[str]] = {}
    loud: dict[tuple[str, str], list[tuple[str, str]]] = {}  # the user's line: (need, why)
    theirs_only: set[str] = set()  # a need the user's line excludes, left alone (warned)
    for path in broken:
        why = plan.why.get(path) or left_out.get(path) or "the build needs it"
        decision = theirs.decide(path)
        tail = (f"which only {elsewhere[path]} need: BuildKit reads their own ignore "
                "files instead") if path in elsewhere else _written_over(context, builds, path)
        if tail is None and not builds:  # the needs of a build no one showed us: a guess
            tail = "which a build of the whole context would need; no Dockerfile is known here"
        if tail is not None and decision.excluded and decision.rule is not None:
            line = (decision.rule.location, decision.rule.text.strip(), tail)
            quiet.setdefault(line, []).append(path)
            theirs_only.add(path)
        elif decision.excluded and decision.rule is not None:
            # The user's own line excludes it (ours never do): say which, leave it as it
            # is, and go on with the other contexts.
            rule = decision.rule
            theirs_only.add(path)
            if sent_in_part(context, path, new_rules):
                continue  # their exceptions send what they chose of it (zipkin's
                # build-bin): the COPY finds the directory, as check says
            loud.setdefault((rule.location, rule.text.strip()), []).append((path, why))
        else:
            outcome.problems.append(f"{path} would be excluded although the build needs it")
    outcome.overruled = _overruled(plan, new_rules)
    for (location, text), needed in loud.items():  # one warning per line of theirs
        first, why = needed[0]
        others = [path for path, _ in needed[1:]]
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        also = f", and {len(others)} more it needs ({shown})" if others else ""
        outcome.warnings.append(
            f"{location}: your line '{text}' excludes {first}, which the build needs ({why})"
            f"{also}; your line is left as it is: if the build fails, add "
            f"{', '.join(repr('!' + p) for p, _ in needed)} after it"
        )
    for (location, text, tail), paths in quiet.items():
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        plan.notes.append(
            f"{location}: your line '{text}' excludes {', '.join(paths[:3])}{more}, {tail}")
    if buildah_reads(ignore_file, builds):
        # What the user's own line excludes was said above (and Buildah drops it too).
        outcome.problems.extend(check_buildah_plan(
            context, new, shown, [path for path in plan.protected if path not in theirs_only]))
    outcome.warnings.extend(other_root_file_differs(ignore_file, new))
    measure(outcome, setup, presets, parse_bytes(old or b"", shown), new_rules, reads, walks)
    return outcome


def _overruled(plan: Plan, rules: Sequence[Rule]) -> set[str]:
    """The needed paths (of ``plan``'s guards and spared paths, globs aside) that the
    written file ``rules`` excludes all the same: the user's lines, which come after ours
    (symfony-docker's ``var/`` over var/cache, excalidraw's ``*`` over
    examples/*/node_modules), or a rule of ours whose exception for a path the checkout
    lacks is not written (feast's ``**/dist`` over ui/dist, which only a build makes)."""
    final = Matcher(list(rules))
    paths = {guard.path.rstrip("/") for guard in plan.guards}
    paths.update(path for every in plan.spared.values() for path in every)
    return {path for path in paths
            if not any(char in path for char in "*?[\\") and final.decide(path).excluded}


def _written_over(context: Path, builds: Sequence[Build], path: str) -> str | None:
    """Why the user's line excluding ``path`` (a need) is right: a ``COPY --from`` writes its
    place in the image (authelia's Dockerfile.dev puts the frontend's build over the go:embed
    directory internal/server/public_html, whose host copy its ignore file keeps out)."""
    from ignoregen.build.replaced import replaced_paths

    for build in builds:
        for item in replaced_paths(context, build.dockerfile) if build.inline is None else []:
            if path == item.path or path.startswith(item.path + "/"):
                return (f"which {build.dockerfile.name}:{item.replaced} (COPY "
                        f"--from={item.from_stage}) writes over in the image")
    return None


def _read_elsewhere(
    context: Path, builds: Sequence[Build], reads: Sequence[DockerfileReads], ignore_file: Path,
    paths: Sequence[str], files: Sequence[str], presets: PresetSet, walks: Walks,
) -> dict[str, str]:
    """Of ``paths`` (needed, excluded by the user's lines), those that no build reading
    ``ignore_file`` with BuildKit needs, with the Dockerfiles that do: each has an ignore file
    of its own, which BuildKit reads instead (authelia's allow-list .dockerignore serves its
    release image; Dockerfile.dev, whose go build embeds templates, has its own file)."""
    def own_file(build: Build) -> bool:
        own = own_ignore_file(build)
        return build.inline is None and own != ignore_file and own.is_file()

    readers = [read for build, read in zip(builds, reads, strict=False) if not own_file(build)]
    if len(reads) != len(builds) or len(readers) == len(reads) or any(
            read.whole_context for read in readers):
        return {}
    needed = {need.path for need in needs_of(context, readers, files, presets,
                                             run=walks.needs)} if readers else set()
    sources = [source for read in readers for source in read.sources]
    others = sorted({display_path(build.dockerfile) for build in builds if own_file(build)})
    return {
        path: ", ".join(others) for path in paths
        if not any(path == need or path.startswith(need + "/") or need.startswith(path + "/")
                   for need in needed)
        and not any(source.covers(path) or source.pattern.startswith(path + "/")
                    for source in sources)
    }


def plan_repository(
    root: Path,
    presets: PresetSet,
    dockerfile: Path | None = None,
    target: str | None = None,
    from_gitignore: bool = False,
) -> list[Outcome]:
    """Every ignore file of the builds under ``root`` (or of one Dockerfile's build)."""
    return plan_builds(root, presets, dockerfile, target, from_gitignore).outcomes


def plan_builds(
    root: Path,
    presets: PresetSet,
    dockerfile: Path | None = None,
    target: str | None = None,
    from_gitignore: bool = False,
    env_files: Sequence[Path] | None = None,
    only: Collection[Path] | None = None,
    run: RunNeeds | None = None,
) -> InitReport:
    """Plan the ignore files of the builds under ``root`` (or of one Dockerfile's build).
    With ``only``, just the contexts and Dockerfiles whose ignore files it names are
    planned (check's fix for IG001 asks for one context's file, not the repository's).
    ``run``: the needs' work of the caller's run, shared (the tree must not change).

    A build that cannot be analysed does not stop the others: it is reported, and the
    ignore files of its context are left as they are (unless it fails whatever the context
    holds, and other builds use that context). Raises DockerfileError only when
    the one build named with ``dockerfile`` cannot be analysed.
    """
    root = fileio.real(root)
    report = InitReport(root)
    unbuilt: list[Build] = []
    listing: list[tuple[str, str]] | None = None  # the root's project files, listed once
    if dockerfile is not None:
        builds = [Build(root, fileio.real(dockerfile), target, str(dockerfile))]
    else:
        listing, found = discover_project(root, presets, env_files, run)
        builds, skipped = fixtures(found.builds, root)
        for build in skipped:
            assert build.test_data is not None
            report.fixtures[build.test_data] = report.fixtures.get(build.test_data, 0) + 1
        unbuilt = found.unbuilt
        report.problems.extend(found.problems)
        report.templates = found.templates
    by_context: dict[Path, list[Build]] = {}
    analysed: dict[int, DockerfileReads] = {}
    blocked: set[Path] = {p.context for p in report.problems if p.blocks and p.context}
    idle: set[Path] = set()  # contexts of builds that fail whatever the context holds
    for build in builds:
        reading = read_build(build)
        report.problems.extend(reading.problems)
        if reading.reads is None:
            if dockerfile is not None:
                raise DockerfileError(
                    "\n".join(f"{p.location(Path.cwd())}: {p.message}" for p in reading.problems)
                )
            if any(problem.blocks and not problem.reads_nothing
                   for problem in reading.problems):
                blocked.add(build.context)
            elif any(problem.blocks for problem in reading.problems):
                idle.add(build.context)
            continue
        analysed[id(build)] = reading.reads
        by_context.setdefault(build.context, []).append(build)
    # A build that cannot run needs nothing: its context is planned for the others there.
    blocked.update(context for context in idle if context not in by_context)
    for context in sorted(blocked):
        if by_context.pop(context, None) is not None or os.path.isdir(context):
            report.untouched.append(context)
    shared = _shared_dockerfiles(by_context, unbuilt)
    named = {} if dockerfile is not None else named_reads(found.context_names, analysed.values())
    if not by_context and not blocked and not shared and (dockerfile is not None
                                                          or not found.claimed):
        # (no build at all: the root, as a guess; but not when every Dockerfile there is
        # is built elsewhere: cert-manager's Makefile builds each in a directory of _bin)
        by_context[root] = []
    every_file = [root_ignore_file(context) for context in by_context] + [
        own_ignore_file(build)
        for context, group in by_context.items()
        if len(group) > 1 or root_ignore_file(context).is_symlink()
        for build in group
        if build.inline is None
    ]
    # Planning makes millions of short-lived objects and keeps the walks' listings: the
    # cyclic collector would only traverse that heap again and again (as in the walk).
    collecting = gc.isenabled()
    gc.disable()
    if only is not None:  # (every_file stays: the files a whole run would write)
        wanted = set(only)
        by_context = {context: group for context, group in by_context.items()
                      if root_ignore_file(context) in wanted
                      or any(own_ignore_file(build) in wanted for build in group)}
        shared = {path: found for path, found in shared.items()
                  if own_ignore_file(next(iter(found[0] or found[1]))) in wanted}
    # The listing goes to _plan_contexts alone, which lets go of it once it has taken each
    # context's files from it (51,000 paths took 12 MB on a monorepo of 300,000 entries).
    handed = None if listing is None else [(root, listing)]
    listing = None
    try:
        report.outcomes = _plan_contexts(
            by_context, every_file, analysed, presets, from_gitignore, report,
            handed, run, named,
        )
        for path, (built, waiting) in sorted(shared.items()):
            report.outcomes.extend(_plan_shared(
                path, built, waiting, analysed, presets, from_gitignore, report, run
            ))
    finally:
        if collecting:
            gc.enable()
    return report


def _shared_dockerfiles(
    by_context: dict[Path, list[Build]], unbuilt: Sequence[Build]
) -> dict[Path, tuple[list[Build], list[Build]]]:
    """The Dockerfiles that definitions build with several contexts (a Maven parent's
    ``docker build -f ../docker/Dockerfile ${project.build.directory}`` in every module),
    each with its builds that can be analysed and those whose context does not exist yet.
    Their builds are taken out of ``by_context``: BuildKit reads the Dockerfile's own
    ignore file (``Dockerfile.dockerignore`` beside it) for every one of its contexts,
    instead of the context's ``.dockerignore``, so that file is the one to write."""
    contexts: dict[Path, set[Path]] = {}
    for build in [*(b for group in by_context.values() for b in group), *unbuilt]:
        if build.inline is None and build.defined_in is not None:
            contexts.setdefault(build.dockerfile, set()).add(build.context)
    several = {path for path, found in contexts.items() if len(found) > 1}
    out: dict[Path, tuple[list[Build], list[Build]]] = {
        path: ([], [b for b in unbuilt if b.dockerfile == path]) for path in sorted(several)
    }
    # A Dockerfile found by its name alone is taken for a build of its own directory only
    # because every definition's context is still to be made: that build is no one's.
    unknown = {path for path in several
               if all(b.dockerfile != path or b.defined_in is None
                      for group in by_context.values() for b in group)}
    for context in list(by_context):
        group = by_context[context]
        mine = [b for b in group if b.inline is None and b.dockerfile in several
                and (b.defined_in is not None or b.dockerfile in unknown)]
        if not mine:
            continue
        for build in mine:
            if build.defined_in is not None:
                out[build.dockerfile][0].append(build)
        rest = [b for b in group if b not in mine]
        if rest:
            by_context[context] = rest
        else:
            del by_context[context]
    return out


def _plan_shared(
    dockerfile: Path,
    built: Sequence[Build],
    waiting: Sequence[Build],
    analysed: dict[int, DockerfileReads],
    presets: PresetSet,
    from_gitignore: bool,
    report: InitReport,
    run: RunNeeds | None = None,
) -> list[Outcome]:
    """The Dockerfile's own ignore file, for every context it is built with: planned for
    the first context that exists, and written only when it keeps what the build needs in
    each of the others too; else left as it is, and a note says why."""
    own = own_ignore_file(built[0] if built else waiting[0])
    where = next(iter(waiting or built)).defined_in or dockerfile
    count = len({b.context for b in [*built, *waiting]})
    if not built:
        report.problems.append(BuildProblem(
            ProblemKind.ASSUMED, where, waiting[0].line("build"),
            f"{display_path(own)} is read for every context {dockerfile.name} is built with "
            f"({count}), and none of them exists yet (the build tool makes them before "
            "docker build runs): left as it is; build once, then run ignoregen init again",
        ))
        return []
    walks = Walks(run)
    ordered = sorted(built, key=lambda b: (str(b.context), b.target or ""))
    outcomes = [
        plan_context(build.context, [build], presets, own, from_gitignore,
                     analysed=[analysed[id(build)]], walks=walks)
        for build in ordered
    ]
    first = outcomes[0]
    if len(outcomes) > 1 and first.left_alone is None:
        _take_the_others_rules(first, outcomes[1:], ordered, analysed, presets, walks)
    rules = parse_bytes(first.new, display_path(own))
    for build, other in zip(ordered[1:], outcomes[1:], strict=True):
        setup = BuildSetup(other.context, Builder.BUILDKIT, dockerfile, None)
        lost = check_plan(setup, rules, other.plan.protected)
        if lost:
            report.problems.append(BuildProblem(
                ProblemKind.ASSUMED, build.where, build.line("build"),
                f"{display_path(own)} is read for every context {dockerfile.name} is built "
                f"with, and the rules planned for {display_path(first.context)} would drop "
                f"{lost[0]}, which the build with {display_path(other.context)} needs: "
                "left as it is",
            ))
            return []
    planned = ", ".join(display_path(outcome.context) for outcome in outcomes)
    first.plan.notes.insert(0, (
        f"BuildKit reads this file for each of the {count} contexts {dockerfile.name} is built "
        f"with: planned for {planned}"
        + (f"; {len(waiting)} not built yet ({display_path(waiting[0].context)}"
           + (", ..." if len(waiting) > 1 else "") + ")" if waiting else "")
    ))
    return [first]


def _plan_contexts(
    by_context: dict[Path, list[Build]],
    every_file: list[Path],
    analysed: dict[int, DockerfileReads],
    presets: PresetSet,
    from_gitignore: bool,
    report: InitReport,
    listing: list[tuple[Path, list[tuple[str, str]]]] | None = None,
    run: RunNeeds | None = None,
    named: Mapping[Path, list[DockerfileReads]] | None = None,
) -> list[Outcome]:
    """The plans of each context's ignore files; a context whose ignore file cannot be
    read as it stands (a pattern Docker rejects, broken block markers) is reported and
    left as it is, and the others are planned all the same. ``listing``: holds a directory
    and what :func:`project_entries` gave for it; each context's files are taken from it
    before any plan is made, and it is emptied (the caller keeps no other reference, so
    the listing is freed before the walks fill the memory)."""
    outcomes: list[Outcome] = []
    walks = Walks(run)  # nothing is written before every plan is made
    if listing:
        top, entries = listing.pop()
        for context in sorted(by_context):
            walks.files[context] = context_files(context, presets.skip_dirs, entries, top)
        del entries
    for context, group in sorted(by_context.items()):
        try:
            outcomes.extend(_plan_context_files(context, group, every_file, analysed, presets,
                                                from_gitignore, walks, (named or {}).get(context)))
        except (IgnoreFileError, BlockError) as exc:
            report.unreadable.append(Path(exc.source).absolute())
            report.problems.append(BuildProblem(
                ProblemKind.UNREAD, report.unreadable[-1], exc.line,
                f"{exc.message}; the ignore files of this context are left as they are",
                context))
    return outcomes


def _plan_context_files(
    context: Path,
    group: list[Build],
    every_file: list[Path],
    analysed: dict[int, DockerfileReads],
    presets: PresetSet,
    from_gitignore: bool,
    walks: Walks,
    by_name: list[DockerfileReads] | None = None,
) -> list[Outcome]:
    """The plans of one context: its shared ignore file, and a Dockerfile's own where it
    earns one. ``by_name``: what other builds read from the context as a named context
    (:mod:`~ignoregen.build.named_reads`): its shared file keeps that too."""
    outcomes: list[Outcome] = []
    # Every ignore file this run may write counts as present in every plan, whether or
    # not it is written, so that a second run plans the same files.
    root_file = root_ignore_file(context)
    head = os.path.join(str(context), "")  # (as text: hundreds of Dockerfiles, each asks)
    inside = {path: os.path.relpath(path, context) for path in [root_file, *every_file]
              if str(path).startswith(head) or path == context}
    others = sorted(shown for path, shown in inside.items() if path != root_file)
    reads = [analysed[id(build)] for build in group] + (by_name or [])
    shared = plan_context(
        context, group, presets, root_file, from_gitignore, others, reads, walks=walks
    )
    outcomes.append(shared)
    # A .dockerignore that is a symbolic link is left as it is (lemmy links it to
    # .gitignore); BuildKit reads each Dockerfile's own file instead, which carries the
    # link's lines, so that file is written whatever it saves.
    linked = shared.left_alone is not None
    # A Dockerfile's own file that exists is what BuildKit reads for it (epic-stack's
    # other/Dockerfile.dockerignore, named in fly.toml too): it is planned even for a
    # context with one build, or init would leave the file in effect as it was.
    owned = any(build.inline is None and own_ignore_file(build).is_file() for build in group)
    if len(group) < 2 and not linked and not owned:
        return outcomes
    # Several Dockerfiles share the context: the shared file keeps what any of them
    # needs; a Dockerfile that needs less gets its own file (BuildKit reads it instead).
    # The builds of one Dockerfile (targets of it) share its file.
    by_file: dict[Path, list[Build]] = {}
    for build in group:
        if build.inline is None:  # BuildKit reads no file of its own for an inline one
            by_file.setdefault(own_ignore_file(build), []).append(build)
    for own, builds in by_file.items():
        mine = [shown for path, shown in inside.items() if path != own]
        # BuildKit reads a per-Dockerfile file instead of the shared one: the user's lines
        # there are carried into it, unless this file already has lines of its own.
        carried = None if user_rules(existing(own), str(own)) else \
            (shared.new, display_path(shared.path))
        alone = plan_context(
            context, builds, presets, own, from_gitignore, sorted(set(mine)),
            [analysed[id(build)] for build in builds], carried, walks,
        )
        if own.exists() or linked or _worth_a_file(shared, alone, presets):
            outcomes.append(alone)
            if linked and alone.left_alone is None:
                copied = ", with the link's lines copied" if shared.path.is_symlink() else ""
                shared.left_alone = (
                    f"{shared.left_alone}. BuildKit reads {display_path(own)} instead "
                    f"for its Dockerfile: that file is written{copied}"
                )
    return outcomes


def _worth_a_file(shared: Outcome, alone: Outcome, presets: PresetSet) -> bool:
    """Whether a Dockerfile's own ignore file earns its place beside the shared one: it is
    one more file to keep up, so it is written only when it keeps out of its build a
    credential that the shared file lets through, or when the build sends at least a
    twentieth less with it (in files or in bytes). Fourteen Dockerfiles of one context
    that differ from the shared file by a kept Dockerfile get no file each; nor does a
    build that BuildKit sends the same with either file (navidrome's
    ``release/wix/msitools.dockerfile``, built from the root, copies nothing; snipe-it's
    ``Dockerfile.fpm-alpine`` copies three files of ``docker/``)."""
    if alone.plan.lines() == shared.plan.lines():
        return False
    # Only BuildKit reads the file, and it sends only what COPY, ADD and bind mounts pull:
    # where those pull the same with either file, the file changes nothing.
    def pulls(outcome: Outcome) -> list[tuple[str, str, int, int]]:
        return sorted((str(dockerfile), str(target), totals.files, totals.bytes)
                      for dockerfile, target, totals in outcome.transferred
                      if dockerfile in alone.dockerfiles)

    if alone.transferred and pulls(shared) == pulls(alone):
        return False
    secret = {category.id for category in presets.with_role(Role.SECRET)}
    sent = {category: after for category, _, after in shared.categories}
    for category, _, after in alone.categories:
        if category in secret and after.files < sent.get(category, after).files:
            return True
    fewer = shared.after.files - alone.after.files
    saved = shared.after.bytes - alone.after.bytes
    return (fewer > 0 and fewer * 20 >= shared.after.files) or (
        saved > 0 and saved * 20 >= shared.after.bytes
    )


def _take_the_others_rules(
    first: Outcome,
    others: Sequence[Outcome],
    builds: Sequence[Build],
    analysed: dict[int, DockerfileReads],
    presets: PresetSet,
    walks: Walks,
) -> None:
    """Add to ``first`` (the shared file as planned for the first context) the rules that
    the plans of the other contexts write and it does not (``classes`` is in every module's
    ``target``, its ``.jar.original`` has each module's name), each under its category;
    kept only when no context's build then loses a path it needs."""
    plan = first.plan
    merged = list(plan.rules)
    written = {rule.pattern for rule in merged}
    for other in others:
        for rule in other.plan.rules:
            if rule.category is None or rule.pattern in written:
                continue  # exceptions stay with the plan that needs them
            written.add(rule.pattern)
            same = [i for i, mine in enumerate(merged)
                    if mine.category is not None and mine.category.id == rule.category.id]
            merged.insert(same[-1] + 1 if same else len(merged), rule)
    if len(merged) == len(plan.rules):
        return
    shown = display_path(first.path)
    at_end = allow_list(user_rules(first.old, shown))
    block = Plan(context=plan.context, rules=merged).lines()
    new = merge_block(first.old, block, str(first.path), at_end=at_end, below=first.below).data
    rules = parse_bytes(new, shown)
    for outcome in (first, *others):
        setup = BuildSetup(outcome.context, Builder.BUILDKIT, None, None)
        if check_plan(setup, rules, outcome.plan.protected):
            return  # the first context's own plan is checked against the others instead
    plan.rules = merged
    first.new = new
    first.categories.clear()
    first.transferred.clear()
    setup = BuildSetup(first.context, Builder.BUILDKIT, builds[0].dockerfile, None)
    measure(first, setup, presets, parse_bytes(first.old or b"", shown), rules,
             [analysed[id(builds[0])]], walks)


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
        old = fileio.read_bytes(other)
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
