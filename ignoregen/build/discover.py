"""Find the builds of a repository: its Dockerfiles, its compose, bake and skaffold files,
its dev container definitions (:mod:`ignoregen.build.devcontainer`).
Containerfiles count as Dockerfiles (Podman and Buildah read both).

A Dockerfile found on its own builds with its own directory as the context (the
usual ``docker build .``), unless its sources say otherwise: when the context paths its
COPY/ADD instructions (and bind mounts) read do not all exist below its directory, and all
exist below a directory above it (``COPY ./docker/app.conf`` in ``docker/Dockerfile``),
that nearest such directory is the context (``docker build -f docker/Dockerfile .``), and
the build names the source that says so. A source that no directory holds yet counts too
when a gitignore file lists it as an output of a directory above and not of the
Dockerfile's own (woodpecker's ``COPY dist/server/...`` in ``docker/``, root ``/dist/``).
So does one that the ``.dockerignore`` of a directory above lets through by an exception
(Quarkus's ``src/main/docker/Dockerfile.jvm`` and the project's ``!target/quarkus-app/``).
A Dockerfile that runs a workspace pruner (``turbo prune``, presets/images) builds from the
workspace root above it (where ``turbo.json`` is), whatever its other sources say.
A compose service names its context and Dockerfile
(``build: ./api`` or ``build: {context: ., dockerfile: docker/api.Dockerfile}``);
the Dockerfile path is relative to the context, the context relative to the
compose file (see :mod:`ignoregen.build.compose`); bake targets and skaffold artifacts
say the same in their own words (:mod:`ignoregen.build.bake`,
:mod:`ignoregen.build.skaffold`). Remote contexts (Git URLs) are not filtered by
``.dockerignore`` and are skipped.

A definition that cannot be read does not stop the others: it becomes a
:class:`BuildProblem`, a result of its own.
"""

from __future__ import annotations

import dataclasses
import enum
import fnmatch
import functools
import operator
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ignoregen import fileio
from ignoregen.build.elsewhere import in_submodule, outside, submodule_paths
from ignoregen.build.script_names import JUSTFILES, MAKEFILES, TASKFILE_NAMES
from ignoregen.build.templated import outside_templates
from ignoregen.engine.dockerignore import parse_line
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import IgnoregenError

if TYPE_CHECKING:
    from ignoregen.build.needs_run import RunNeeds
    from ignoregen.knowledge.maven_command import MavenCommand
    from ignoregen.knowledge.preset import PresetSet

CONTAINERFILE_GLOBS = ("Containerfile", "Containerfile.*", "*.Containerfile")
"""Build files named for Podman and Buildah (which also read Dockerfiles)."""
DOCKERFILE_GLOBS = (
    "Dockerfile", "Dockerfile.*", "*.Dockerfile", "dockerfile", "*.dockerfile",
    *CONTAINERFILE_GLOBS,
)
IGNORE_SUFFIXES = (".dockerignore", ".containerignore")
DEFAULT_DOCKERFILES = frozenset({"Dockerfile", "dockerfile", "Containerfile"})
"""Names that ``docker build .`` (or ``podman build .``) reads without being told."""
COMPOSE_GLOBS = (
    "compose.yaml",
    "compose.yml",
    "compose.*.yaml",
    "compose.*.yml",
    "docker-compose*.yaml",
    "docker-compose*.yml",
)
BAKE_FILES = (
    "docker-bake.json",
    "docker-bake.override.json",
    "docker-bake.hcl",
    "docker-bake.override.hcl",
)
SKAFFOLD_FILES = ("skaffold.yaml", "skaffold.yml")
TILTFILE = "Tiltfile"
FLY_GLOBS = ("fly.toml", "fly.*.toml")
"""Fly.io app configurations (:mod:`ignoregen.build.fly`)."""
DEVCONTAINER_FILES = ("devcontainer.json", ".devcontainer.json")
INLINE_TEXT = "inline text"
"""The field of :attr:`Build.lines` that gives where an inline Dockerfile's first line is."""
CI_SUFFIXES = (".yml", ".yaml")
"""The names of GitHub workflows, Woodpecker, Drone and Azure pipelines end so
(:data:`.workflows.WORKFLOW_SUFFIXES`, :data:`.azure.SUFFIXES`)."""
REMOTE_PREFIXES = ("http://", "https://", "git://", "git@", "ssh://", "github.com/")


class ComposeError(IgnoregenError):
    """A compose file that cannot be read (exit code 2)."""


@dataclass(frozen=True)
class Build:
    """One build: a context directory and the Dockerfile that drives it."""

    context: Path
    dockerfile: Path
    """The Dockerfile; for an inline one, the file that holds its text."""
    target: str | None
    origin: str
    """Where this build was found: a Dockerfile path, or ``compose.yaml: services.api``."""
    inline: str | None = None
    """The Dockerfile's text, when the definition holds it (compose ``dockerfile_inline``,
    bake ``dockerfile-inline``): BuildKit then reads no per-Dockerfile ignore file."""
    defined_in: Path | None = None
    """The compose, bake or skaffold file that defines the build; None for a Dockerfile
    found by its name, or named on the command line."""
    lines: tuple[tuple[str, int], ...] = ()
    """Lines of ``defined_in`` by field: ``build`` (the entry), ``context``, ``dockerfile``,
    ``target``, and :data:`INLINE_TEXT`."""
    named: bool = True
    """False for a Dockerfile found only by a name that no builder reads by default
    (``Dockerfile.prod``, ``api.Dockerfile``) and that no definition names: when BuildKit
    rejects such a file, it is taken for a fragment or template, not a broken build."""
    all_stages: bool = False
    """The target could not be worked out: every stage counts as needed."""
    any_target: bool = False
    """Found by its name alone, with no definition that says how it is built: a script or
    CI job may pick any stage with ``--target`` (gotenberg's Makefile takes it from a
    variable), so what every final stage reads counts, not only the last stage's."""
    test_data: str | None = None
    """The test directory (root-relative) that the definition lies in, if any: such a build
    that cannot run is taken for a test fixture (IG005), not a broken build (IG004)."""
    elsewhere: str | None = None
    """Why a context or Dockerfile that does not exist here may well exist when the build
    runs (it lies in a directory a package manager fills; an override file's paths are
    relative to a base file elsewhere): then it is noted (IG005), not a broken build."""
    runs: tuple[str, ...] = ()
    """What the compose services that build this image run in it (their ``command`` and
    ``entrypoint``): a development server or test runner there makes it a development
    image, whose contents the image advice does not judge (IG7xx)."""
    podman: bool = False
    """Run by ``podman build`` (a script's or CI job's line): Buildah's build, not Docker's."""
    mounts_context: bool = False
    """A compose service that builds this image bind-mounts the build context itself into
    its containers (``.:/app``): they run the host's working copy, not what the image
    copied, which makes it a development image (IG7xx do not judge its contents)."""

    def line(self, *fields: str) -> int | None:
        """The line of the first of ``fields`` that the definition gives, else of the entry."""
        found = dict(self.lines)
        for name in (*fields, "build"):
            if name in found:
                return found[name]
        return None

    def inline_line(self, line: int) -> int | None:
        """The line of ``defined_in`` that holds line ``line`` of an inline Dockerfile
        (None when the definition does not say where its text starts)."""
        start = dict(self.lines).get(INLINE_TEXT)
        return None if start is None else start + line - 1

    @property
    def where(self) -> Path:
        """The file to point at for a problem with the definition."""
        return self.defined_in or self.dockerfile


class ProblemKind(enum.Enum):
    FAILS = "fails"
    """The build fails as defined (a missing Dockerfile, one BuildKit rejects, a compose
    file compose cannot load): not analysed."""
    UNREAD = "unread"
    """ignoregen cannot work out the build (a context that depends on a variable without a
    value): not analysed, although the build may well work."""
    ASSUMED = "assumed"
    """Analysed, reading the unknown cautiously (every stage for an unknown target, odd words)."""
    SKIPPED = "skipped"
    """Not a build after all (a fragment named like a Dockerfile)."""


class BuildProblem(NamedTuple):
    """A build, or a build definition, that could not be read as it stands."""

    kind: ProblemKind
    file: Path
    """The file at fault."""
    line: int | None
    message: str
    """What is wrong and what was done about it, without the file name."""
    context: Path | None = None
    """The context concerned, when known."""
    whole_file: bool = False
    """The whole definition file could not be read: which builds it defines, and where
    their contexts are, is unknown (an ignore file below it may well be used)."""
    hint: str | None = None
    """What to do about it, when the kind's usual advice does not fit."""
    decided: bool = False
    """The build was read, and its context left alone on purpose (ONBUILD steps read it out
    of sight, a RUN needs a clean git tree): a note, not an error, even if nothing else is."""
    reads_nothing: bool = False
    """It fails whatever the context holds (no such target stage): it needs nothing there."""

    @classmethod
    def unread(cls, path: Path, exc: OSError) -> BuildProblem:
        """A build definition file that cannot be read at all: which builds it defines is
        unknown."""
        return cls(ProblemKind.UNREAD, path, None, f"cannot read: {exc.strerror or exc}",
                   whole_file=True)

    @property
    def rule_id(self) -> str:
        """The finding ``check`` reports for it."""
        return "IG004" if self.kind is ProblemKind.FAILS else "IG005"

    @property
    def blocks(self) -> bool:
        """Is the build left unanalysed, so that ``init`` must leave its context alone?"""
        return self.kind in (ProblemKind.FAILS, ProblemKind.UNREAD)

    def location(self, root: Path) -> str:
        """``file:line`` relative to ``root`` where possible."""
        try:
            shown = self.file.relative_to(root).as_posix()
        except ValueError:
            shown = str(self.file)
        return f"{shown}:{self.line}" if self.line else shown


@dataclass
class Discovery:
    """The builds found under a directory, and the definitions that could not be read."""

    builds: list[Build] = field(default_factory=list)
    problems: list[BuildProblem] = field(default_factory=list)
    unbuilt: list[Build] = field(default_factory=list)
    """Builds whose context does not exist yet (a build tool's output, a Maven module's
    ``target``): nothing to analyse, but their Dockerfile and its ignore file are theirs."""
    named_contexts: list[Path] = field(default_factory=list)
    """Local directories builds take as named contexts (compose's ``additional_contexts``,
    bake's ``contexts``): BuildKit reads each one's own ``.dockerignore`` (namedcontext.go)."""
    context_names: dict[Path, set[str]] = field(default_factory=dict)
    """Each one's names (lower case): ``COPY --from=NAME`` reads it."""

    def named_context(self, directory: Path, name: str) -> None:
        self.named_contexts.append(directory)
        self.context_names.setdefault(directory, set()).add(name.lower())
    secret_files: dict[Path, tuple[str, Path, int | None]] = field(default_factory=dict)
    """Files compose's top-level ``secrets`` name -> (secret, compose file, line)."""
    templates: dict[str, int] = field(default_factory=dict)
    """Directories of project templates (root-relative) -> how many build files there are
    left unread: their paths or names hold template markup (:mod:`.templated`)."""
    claimed: list[Path] = field(default_factory=list)
    """Dockerfiles that a definition builds, left unread with their contexts (a problem
    says why): not builds of their own directory, as a Dockerfile found by its name is."""
    unanalysed_contexts: list[Path] = field(default_factory=list)
    """Directories whose ignore file a build not analysed here may read, so not a stray
    one: the context of a build that a script or CI step runs with a Dockerfile this
    checkout lacks, as a tool writes it just before (operator-sdk's ``make bundle`` writes
    the gitignored ``bundle.Dockerfile`` that ``make bundle-build`` builds from the root);
    the directory of a Dockerfile that GoReleaser builds in a context of its own, where a
    developer may build it too (:mod:`.goreleaser`); the context of a script's build whose
    Dockerfile a variable names (:mod:`.scripts`)."""

    def built_again(self, key: tuple[Path, Path, str | None]) -> None:
        """A CI job or script builds the image (context, Dockerfile, target) that a
        build found before builds: it ships, whatever a compose service runs or mounts in
        it."""
        self.builds = [
            dataclasses.replace(build, runs=(), mounts_context=False)
            if (build.runs or build.mounts_context)
            and (build.context, build.dockerfile, build.target) == key else build
            for build in self.builds
        ]


def _any_of(globs: Sequence[str]) -> Callable[[str], re.Match[str] | None]:
    """``fnmatch.fnmatchcase`` against any of ``globs``, as one regular expression."""
    return re.compile("|".join(fnmatch.translate(glob) for glob in globs)).match


_DOCKERFILE_NAME = _any_of(DOCKERFILE_GLOBS)
_COMPOSE_NAME = _any_of(COMPOSE_GLOBS)
_FLY_NAME = _any_of(FLY_GLOBS)


_COMPANION_SUFFIXES = (*IGNORE_SUFFIXES, ".rego")
"""Files named after a Dockerfile that are not one: its ignore files, and the build policy
that buildx reads beside it (``Dockerfile.rego``, tonistiigi/xx's src/Dockerfile.rego)."""


def _is_dockerfile(name: str) -> bool:
    if name.endswith(_COMPANION_SUFFIXES):
        return False
    return _DOCKERFILE_NAME(name) is not None


is_dockerfile = _is_dockerfile
"""Is ``name`` (a file name) the name of a Dockerfile or Containerfile?"""


def is_containerfile(name: str) -> bool:
    """A build file named for Podman/Buildah (``Containerfile``, ``api.Containerfile``)."""
    if name.endswith(IGNORE_SUFFIXES):
        return False
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in CONTAINERFILE_GLOBS)


def is_compose(name: str) -> bool:
    return _COMPOSE_NAME(name) is not None


def project_files(root: Path, skip_dirs: Collection[str]) -> Iterator[Path]:
    """The files of a project, sorted, never entering a directory named in ``skip_dirs``
    (the presets' dependency trees, caches and VCS metadata: weight, never a build file).

    Iterative, so that no depth of directories exhausts the stack; a directory that
    cannot be listed (or whose path is too long to open) is passed over.
    """
    return (Path(path) for path, _ in project_entries(root, skip_dirs))


_BY_NAME = operator.attrgetter("name")


def project_entries(root: Path, skip_dirs: Collection[str]) -> Iterator[tuple[str, str]]:
    """(path as text, name) of each file :func:`project_files` gives, in the same order,
    without making a :class:`~pathlib.Path` of each (most are only looked at by name)."""
    stack = [str(root)]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as iterator:
                entries = sorted(iterator, key=_BY_NAME)
        except OSError:
            continue
        subdirs: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # a link to a directory is listed, as os.walk does
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name not in skip_dirs and not entry.is_symlink():
                    subdirs.append(entry.path)
            else:
                yield entry.path, entry.name
        stack.extend(reversed(subdirs))


def _read_each(paths: Sequence[Path], found: Discovery, root: Path) -> None:
    """Add the builds of skaffold files, dev container definitions, Tiltfiles and fly
    configurations (:mod:`ignoregen.build.fly`), file by file."""
    if not paths:
        return
    from ignoregen.build import devcontainer, fly, skaffold, tiltfile

    for path in paths:
        if path.name == TILTFILE:
            tiltfile.read_file(path, root, found)
        elif _FLY_NAME(path.name):
            fly.read_file(path, root, found)
        elif path.name not in DEVCONTAINER_FILES:
            skaffold.read_file(path, found)
        elif devcontainer.is_definition(path):
            devcontainer.read_file(path, found)


def discover(
    root: Path,
    skip_dirs: Collection[str],
    environ: Mapping[str, str] | None = None,
    env_files: Sequence[Path] | None = None,
    script_tables: Sequence[tuple[str, str]] = (),
    test_dirs: Collection[str] = (),
    files: Iterable[tuple[str, str]] | None = None,
    maven_commands: Sequence[MavenCommand] = (),
    installed_dirs: Collection[str] = (),
    vendored_dirs: Collection[str] = (),
    vendored_patterns: Sequence[str] = (),
) -> Discovery:
    """Every build under ``root``: compose services, bake targets and skaffold artifacts
    first, then the builds that scripts and CI workflows run, then the Dockerfiles that
    none of them names.

    ``environ`` (default: the process environment) and ``env_files`` (instead of each
    compose file's ``.env``) give the variables that compose and bake expand.
    ``script_tables`` (the presets' :attr:`~ignoregen.knowledge.preset.PresetSet.script_tables`)
    name the files whose named scripts are read like Makefile recipes. A build whose
    definition lies below a directory named in ``test_dirs`` (the presets'
    :attr:`~ignoregen.knowledge.preset.PresetSet.test_dirs`) is marked as test data; one
    whose context or Dockerfile lies below a directory named in ``installed_dirs`` (what a
    package manager fills) says so in :attr:`Build.elsewhere`, and one defined there or
    below a directory named in ``vendored_dirs`` or matched by ``vendored_patterns`` (a
    vendored module's own Dockerfile or compose file) is left out.
    ``files``: what :func:`project_entries` gives for the resolved ``root``, when the
    caller has it. ``maven_commands`` (the presets'
    :attr:`~ignoregen.knowledge.preset.PresetSet.maven_commands`) are the Maven plugins
    whose ``docker build`` command lines are read (:mod:`ignoregen.build.maven`).
    """
    # Compose, bake, skaffold, CI definitions and scripts are read (and imported) only
    # for files of theirs.
    root = fileio.real(root)
    environ = dict(os.environ) if environ is None else dict(environ)
    found = Discovery()
    dockerfiles: list[Path] = []
    compose_files: dict[Path, list[Path]] = {}
    bake_files: dict[Path, list[Path]] = {}
    skaffold_files: list[Path] = []  # and dev container definitions, Tiltfiles, fly's
    workflow_files: list[Path] = []
    pipelines_in: list[Path] = []  # Woodpecker and Drone
    azure_in: list[Path] = []  # Azure Pipelines' usual entry files
    script_files: list[tuple[Path, str | None]] = []
    pom_files: list[Path] = []
    kinds: dict[str, tuple[str | None, str | None]] = {}  # name: (kind, script table)
    maybe = _build_file_name(tuple(glob for glob, _ in script_tables))
    entries = project_entries(root, skip_dirs) if files is None else files
    for text, name in outside_templates(entries, root, found.templates, maybe):
        if name.endswith(CI_SUFFIXES):
            from ignoregen.build import azure, pipelines, workflows

            if workflows.is_workflow(Path(text), root) or pipelines.is_pipeline(Path(text), root):
                ci_files = (workflow_files if workflows.is_workflow(Path(text), root)
                            else pipelines_in)
                ci_files.append(Path(text))
                continue
            if azure.is_entry(Path(text), root) and not third_party(
                    Path(text), root, {*installed_dirs, *vendored_dirs}, vendored_patterns):
                # (a vendored module's own pipeline, inngest's vendor/github.com/pelletier/
                # go-toml/azure-pipelines.yml, would claim the root Dockerfile of this one)
                azure_in.append(Path(text))
        known = kinds.get(name)
        if known is None:
            # (most names: one test instead of one per kind)
            known = kinds[name] = (
                _kind_of(name, script_tables) if maybe(name) is not None else (None, None)
            )
        kind, table = known
        if kind is None:
            continue
        path = Path(text)
        if kind == "script":
            from ignoregen.build import scripts  # (bound for the script files' reading below)

            script_files.append((path, table))
        elif kind == "pom":
            if maven_commands:
                pom_files.append(path)
        elif kind == "compose":
            compose_files.setdefault(path.parent, []).append(path)
        elif kind == "bake":
            bake_files.setdefault(path.parent, []).append(path)
        elif kind in ("skaffold", "devcontainer", "tilt", "fly"):
            skaffold_files.append(path)
        else:
            dockerfiles.append(path)
    _read_compose(compose_files, environ, env_files, found, root, skaffold_files)
    bake_runs = [run for path in workflow_files for run in workflows.bake_files_run(path, root)]
    bake_runs += [run for path, table in script_files
                  for run in scripts.script_bake_runs(path, root, table)]
    if bake_files:
        from ignoregen.build import bake
    for paths in bake_files.values():
        bake.read_files(paths, environ, found, bake_runs, root)
    _read_each(skaffold_files, found, root)
    for path in workflow_files:
        workflows.read_file(path, root, found)
    for path in pipelines_in:
        pipelines.read_file(path, root, found)
    if azure_in:
        azure.read_pipelines(azure_in, root, found)
    from ignoregen.build import jenkinsfile

    jenkinsfile.read_root(root, found)
    for path, table in script_files:
        if table is not None:
            scripts.read_script_table(path, table, root, found)
        else:
            scripts.read_makefile(path, root, found)
    if pom_files:
        from ignoregen.build import maven

        maven.read_files(pom_files, root, found, maven_commands)
    from ignoregen.build import render

    render.read_root(root, found)
    from ignoregen.build import goreleaser  # (last: a Dockerfile built otherwise is checked)

    goreleaser.read_root(root, found)
    used = {os.path.normpath(build.dockerfile) for build in found.builds if build.inline is None}
    used.update(os.path.normpath(path) for path in found.claimed)
    plain = _plain_builds_too(found.builds, dockerfiles)
    defined = [(build.dockerfile, build.context, build.origin) for build in found.builds
               if build.inline is None]
    for dockerfile in dockerfiles:
        if os.path.normpath(dockerfile) not in used or dockerfile in plain:
            shown = dockerfile.relative_to(root).as_posix()
            context, why = dockerfile.parent, ""
            if dockerfile not in plain:
                from ignoregen.build.context_above import context_above

                above = context_above(dockerfile, root)
                if above is None:
                    from ignoregen.build.context_above import context_of_siblings

                    above = context_of_siblings(dockerfile, root, defined)
                if above is not None:
                    context, why = above
            found.builds.append(
                Build(
                    context=context,
                    dockerfile=dockerfile,
                    target=None,
                    origin=f"{shown} ({why})" if why else shown,
                    named=dockerfile.name in DEFAULT_DOCKERFILES,
                    any_target=dockerfile not in plain,
                )
            )
    if test_dirs:
        found.builds = [_marked(build, root, test_dirs) for build in found.builds]
    if installed_dirs or vendored_dirs or vendored_patterns:
        # A definition inside installed or vendored code (a module's own Dockerfile or
        # compose file under vendor/ or third_party/) is that project's, not a build of
        # this repository.
        others = frozenset(installed_dirs) | frozenset(vendored_dirs)
        found.builds = [
            _installed(build, root, installed_dirs) for build in found.builds
            if not third_party(build.where, root, others, vendored_patterns)
        ]
        found.problems = [problem for problem in found.problems
                          if not third_party(problem.file, root, others, vendored_patterns)]
    modules = submodule_paths(root)
    found.builds = [outside(in_submodule(build, root, modules), root)
                    for build in found.builds]
    return found


def _compose_stacks(paths: Sequence[Path]) -> list[list[Path]]:
    """The compose files each dev container definition among ``paths`` lists, when it lists
    several: read as one project, not each by its name (:func:`devcontainer.compose_stack`)."""
    from ignoregen.build import devcontainer

    stacks = (devcontainer.compose_stack(path) for path in paths
              if path.name in DEVCONTAINER_FILES and devcontainer.is_definition(path))
    return [stack for stack in stacks if stack is not None]


def _read_compose(
    compose_files: Mapping[Path, list[Path]],
    environ: Mapping[str, str],
    env_files: Sequence[Path] | None,
    found: Discovery,
    root: Path,
    definitions: Sequence[Path] = (),
) -> None:
    """The builds of the compose files, directory by directory; a copy of another compose
    file is then noted where its paths are missing (:func:`compose.mark_copies`). The lists
    of compose files that the dev container definitions among ``definitions`` give are read
    as one project each, their later files not by their names."""
    stacks = _compose_stacks(definitions)
    if stacks:
        listed = {path for stack in stacks for path in stack[1:]}
        compose_files = {directory: kept for directory, paths in compose_files.items()
                         if (kept := [path for path in paths if path not in listed])}
    if not compose_files and not stacks:
        return
    from ignoregen.build import compose

    for paths in compose_files.values():
        compose.read_directory(paths, environ, env_files, found, root)
    for stack in stacks:
        compose.read_stack(stack, environ, env_files, found, root)
    compose.mark_copies(found, [path for paths in compose_files.values() for path in paths],
                        root)


def third_party(
    path: Path, root: Path, installed_dirs: Collection[str], patterns: Sequence[str] = ()
) -> bool:
    """Does ``path`` lie below a directory that a package manager fills or vendors
    (``vendor/github.com/crazy-max/cron/v3/Dockerfile``), by its name, or by one of
    ``patterns`` (ignore-file patterns of the presets' vendored directories: fluent-bit's
    ``lib/zstd-1.5.7``)?"""
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        return False
    if any(part in installed_dirs for part in parts):
        return True
    matcher = _vendored_matcher(tuple(patterns))
    return matcher is not None and any(
        matcher.decide("/".join(parts[: depth + 1])).excluded for depth in range(len(parts))
    )


@functools.lru_cache(maxsize=8)
def _vendored_matcher(patterns: tuple[str, ...]) -> Matcher | None:
    rules = [rule for rule in (parse_line(pattern, "<presets>", 0) for pattern in patterns)
             if rule is not None]
    return Matcher(rules) if rules else None


def _installed(build: Build, root: Path, installed_dirs: Collection[str]) -> Build:
    """``build`` with :attr:`Build.elsewhere` set when its context or Dockerfile lies below
    a directory that a package manager fills (``vendor/laravel/sail/runtimes/8.4``)."""
    if build.elsewhere is not None:
        return build
    for path in (build.context, build.dockerfile):
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            continue
        for depth, part in enumerate(parts):
            if part in installed_dirs:
                shown = "/".join(parts[: depth + 1])
                return dataclasses.replace(
                    build, elsewhere=f"it lies in {shown}/, which the package manager fills "
                    "on a developer's machine before this build runs")
    return build


def _marked(build: Build, root: Path, test_dirs: Collection[str]) -> Build:
    """``build`` with :attr:`Build.test_data` set when its definition lies in test data."""
    try:
        parts = build.where.relative_to(root).parts[:-1]
    except ValueError:
        return build
    for depth, part in enumerate(parts):
        if part in test_dirs:
            return dataclasses.replace(build, test_data="/".join(parts[: depth + 1]))
    return build


def fixtures(builds: Sequence[Build], root: Path) -> tuple[list[Build], list[Build]]:
    """(the builds to plan and check, the test fixtures among ``builds``). A fixture is
    defined in test data and its context lies there too, shared with no other build
    (docker/compose's ``pkg/e2e/testdata/TestBuildTags/compose.yaml``: inputs of the
    project's own tests, whose ignore files are part of what those tests check). A build
    defined in test data whose context is the project's (``docker build -f tests/Dockerfile
    .``) is planned: its needs protect what it reads."""
    root = fileio.real(root)
    others = {build.context for build in builds if build.test_data is None}
    kept: list[Build] = []
    fixture: list[Build] = []
    for build in builds:
        data = (root / build.test_data) if build.test_data is not None else None
        if data is not None and build.context not in others and (
            build.context == data or data in build.context.parents
        ):
            fixture.append(build)
        else:
            kept.append(build)
    return kept, fixture


def context_files(
    context: Path,
    skip_dirs: Collection[str],
    listing: Sequence[tuple[str, str]] | None = None,
    root: Path | None = None,
) -> list[str]:
    """The project files of ``context``, context-relative: taken from ``listing`` (what
    :func:`project_entries` gave for ``root``) when it holds them, else listed afresh."""
    entries = None if listing is None or root is None else entries_below(
        listing, root, context, skip_dirs
    )
    cut = len(os.path.join(str(context), ""))
    return [
        text[cut:] for text, _ in (
            project_entries(context, skip_dirs) if entries is None else entries
        )
    ]


def entries_below(
    entries: Sequence[tuple[str, str]],
    root: Path,
    directory: Path,
    skip_dirs: Collection[str],
) -> list[tuple[str, str]] | None:
    """What :func:`project_entries` gives for ``directory``, taken from ``entries`` (what it
    gave for ``root``); None when they do not hold it: ``directory`` is not below ``root``,
    a symbolic link is on its way or a directory on its way is skipped."""
    base = str(root)
    below = str(directory)
    if os.path.realpath(below) != below or os.path.realpath(base) != base:
        return None
    if below == base:
        return list(entries)
    relative = os.path.relpath(below, base)
    if relative.startswith("..") or any(part in skip_dirs for part in relative.split("/")):
        return None
    prefix = os.path.join(below, "")
    return [(text, name) for text, name in entries if text.startswith(prefix)]


def _build_file_name(script_globs: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """A test that every name :func:`_kind_of` gives a kind passes (any of its globs and
    names, as one regular expression)."""
    return _any_of((
        *(glob.rpartition("/")[2] for glob in script_globs), *MAKEFILES,
        *JUSTFILES, *TASKFILE_NAMES, "pom.xml",
        *COMPOSE_GLOBS, *BAKE_FILES, *SKAFFOLD_FILES, *DEVCONTAINER_FILES, TILTFILE,
        *DOCKERFILE_GLOBS, *FLY_GLOBS,
    ))


def _kind_of(
    name: str, script_tables: Sequence[tuple[str, str]]
) -> tuple[str | None, str | None]:
    """What :func:`discover` reads a file named ``name`` as (a workflow aside), and the
    script table that names it: the same for every file of that name. A justfile or a
    Taskfile is a script, read as its kind (:func:`.scripts.read_makefile`)."""
    table = next((key for glob, key in script_tables
                  if fnmatch.fnmatchcase(name, glob.rpartition("/")[2])), None)
    if table is not None or name in (*MAKEFILES, *JUSTFILES, *TASKFILE_NAMES):
        return "script", table
    if name == "pom.xml":
        return "pom", None
    if is_compose(name):
        return "compose", None
    if name in BAKE_FILES:
        return "bake", None
    if _FLY_NAME(name):
        return "fly", None
    if name in SKAFFOLD_FILES:
        return "skaffold", None
    if name in DEVCONTAINER_FILES:
        return "devcontainer", None
    if name == TILTFILE:
        return "tilt", None
    if _is_dockerfile(name):
        return "dockerfile", None
    return None, None


def _plain_builds_too(builds: Sequence[Build], dockerfiles: Sequence[Path]) -> set[Path]:
    """Dockerfiles that a definition builds only with a target, in their own directory,
    under a name ``docker build .`` reads: that plain build (the last stage) exists as
    well, and may read what the target's stages never do (``target: dev`` in compose,
    the release image from ``docker build .``)."""
    out: set[Path] = set()
    for dockerfile in dockerfiles:
        if dockerfile.name not in DEFAULT_DOCKERFILES:
            continue
        here = [
            build for build in builds
            if build.inline is None
            and os.path.normpath(build.dockerfile) == os.path.normpath(dockerfile)
            and os.path.normpath(build.context) == os.path.normpath(dockerfile.parent)
        ]
        if here and all(b.target is not None and not b.all_stages for b in here):
            out.add(dockerfile)
    return out


def find_builds(root: Path, skip_dirs: Collection[str]) -> list[Build]:
    """The builds :func:`discover` finds (its problems left out)."""
    return discover(root, skip_dirs).builds


def discover_with(
    root: Path, presets: PresetSet, env_files: Sequence[Path] | None,
    files: Iterable[tuple[str, str]] | None = None,
) -> Discovery:
    """:func:`discover` with what ``presets`` say of the project's layout."""
    return discover(root, presets.skip_dirs, files=files, env_files=env_files,
                    script_tables=presets.script_tables, test_dirs=presets.test_dirs,
                    maven_commands=presets.maven_commands,
                    installed_dirs=presets.installed_dirs, vendored_dirs=presets.vendored_dirs,
                    vendored_patterns=presets.vendored_patterns)


def discover_project(
    root: Path, presets: PresetSet, env_files: Sequence[Path] | None, run: RunNeeds | None
) -> tuple[list[tuple[str, str]], Discovery]:
    """The project files under ``root`` (resolved) and the builds found among them: once
    for ``run`` (check's own discovery, shared with its verification of an IG001 fix). What
    is handed out is shared: a caller copies what it changes (the problems)."""

    def look() -> tuple[list[tuple[str, str]], Discovery]:
        listing = list(project_entries(root, presets.skip_dirs))
        return listing, discover_with(root, presets, env_files, listing)

    if run is None:
        return look()
    key = ("discovery", str(root), None if env_files is None else tuple(map(str, env_files)))
    return run.kept(key, (presets,), look)
