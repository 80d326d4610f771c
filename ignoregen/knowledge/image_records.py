"""The records of what ``presets/images/*.toml`` say (:mod:`ignoregen.knowledge.images`
reads the files into them): images with their variants and sizes, package managers, caches,
build steps, operating-system packages and the settings."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from ignoregen.knowledge.regex import Regex


class Size(NamedTuple):
    """A compressed image size, with what was measured and when."""

    bytes: int
    text: str
    """As written in the data (``410.9 MB``)."""
    of: str
    """The tag that was measured."""
    measured: str
    """``YYYY-MM`` or ``YYYY-MM-DD``."""


class TagPattern(NamedTuple):
    regex: Regex
    smaller: str | None
    """The tag of the smaller variant, with ``{group}`` from the match (missing groups are
    empty)."""


class Variant(NamedTuple):
    name: str
    role: str
    size: Size | None
    caveats: tuple[str, ...]
    tags: tuple[TagPattern, ...]
    smaller: str | None
    """The name of a smaller variant of the same image worth suggesting."""
    also: str
    onbuild: bool = False
    """Its tags carry ONBUILD steps that read the context of every build FROM them (Astro
    Runtime's default distribution copies the whole project): what such a build reads is
    not in its Dockerfile."""


class Runtime(NamedTuple):
    """An image that runs what a toolchain image builds."""

    image: str
    """A reference, with ``{group}`` from the toolchain's tag match."""
    requires: tuple[str, ...]
    """Groups that must be non-empty for this entry to apply."""
    size: Size | None
    when: Regex | None
    """Applies only when the shipped stage's commands match this."""
    caveats: tuple[str, ...]
    sketch: str


class Image(NamedTuple):
    name: str
    repositories: tuple[str, ...]
    role: str
    source: str
    evidence: tuple[Regex, ...]
    env: Mapping[str, str]
    """What the image's own configuration sets (ENV), as far as the advice needs it."""
    variants: tuple[Variant, ...]
    runtimes: tuple[Runtime, ...]
    origin: str

    def variant(self, name: str) -> Variant | None:
        return next((v for v in self.variants if v.name == name), None)


class Command(NamedTuple):
    argv: tuple[str, ...]
    """Globs for the leading words (the first is matched against the program's base name)."""
    no_operands: bool = False
    """The command installs the project only when no operand follows (``npm install``)."""
    kind: str = "install"
    """``install``, or ``prune`` (removes development dependencies when it runs
    production-only)."""
    unless_flags: tuple[str, ...] = ()
    """With one of these flags the command installs none of the project's groups
    (``npm install --global`` links the project folder as it is)."""


class GroupKey(NamedTuple):
    """Where a manifest declares a group of dependencies."""

    key: str
    """A dotted key; one ``*`` stands for the group's name."""
    name: str | None
    dev: bool
    """Every group found here holds development dependencies, whatever its name."""
    optional_key: str | None
    """A dotted key (same ``*``) that is true when the group is not installed by default."""
    extra: bool
    """An extra (optional dependencies): installed only when asked for."""


class Production(NamedTuple):
    """How the production-only form of a command is written."""

    remove: tuple[str, ...] = ()
    append: tuple[str, ...] = ()
    replace: str | None = None
    prefix: str | None = None
    join: str = ","
    drop_dev_operands: bool = False


class StartSync(NamedTuple):
    """A runner in CMD or ENTRYPOINT that installs the default groups again when the
    container starts (``uv run`` syncs the environment first, the dev group with it)."""

    command: Regex
    unless: Regex | None
    """Words on the command line that stop it (``--no-dev``, ``--no-sync``)."""
    unless_env: tuple[str, ...]
    """Variables that stop it when the shipped stage sets them."""
    note: str


class Manager(NamedTuple):
    name: str
    origin: str
    commands: tuple[Command, ...]
    manifest: str | None
    format: str
    selection: str
    when_files: tuple[str, ...]
    when_field: Mapping[str, Regex]
    groups: tuple[GroupKey, ...]
    default_groups: str | tuple[str, ...]
    default_groups_key: str | None
    production_flags: tuple[str, ...]
    production_env: Mapping[str, tuple[str, ...]]
    production_config: tuple[tuple[str, Regex], ...]
    include_dev_flags: tuple[str, ...]
    without_flags: tuple[str, ...]
    without_env: tuple[str, ...]
    only_flags: tuple[str, ...]
    only_env: tuple[str, ...]
    with_flags: tuple[str, ...]
    all_flags: tuple[str, ...]
    extra_flags: tuple[str, ...]
    all_extras_flags: tuple[str, ...]
    multi_value_flags: tuple[str, ...]
    config_commands: tuple[Command, ...]
    config_keys: Mapping[str, str]
    dir_flags: tuple[str, ...]
    value_flags: tuple[str, ...]
    operand_flags: tuple[str, ...]
    requirement_flags: tuple[str, ...]
    extras_manifest: str | None
    extras_key: str | None
    trees: tuple[str, ...]
    production: Production
    start_sync: StartSync | None = None
    member_flags: tuple[str, ...] = ()
    """Flags that name the workspace member to install (``uv sync --package app``)."""
    members_key: str | None = None
    """Where the workspace root lists its members' directories (globs)."""
    install_scripts: tuple[str, ...] = ()
    """The manifest's scripts (under ``scripts``) that the install runs itself (prepare)."""
    ignore_scripts_flags: tuple[str, ...] = ()
    """Flags with which the install runs none of them."""
    run_script: tuple[str, ...] = ()
    """The words after the program that run a manifest script by name (``npm run NAME``)."""
    script_by_name: bool = False
    """The program runs a manifest script named as its first word (``yarn build``)."""
    run_program: tuple[str, ...] = ()
    """The words after the program that run an installed package's program named next
    (``pnpm exec prisma``, ``npm exec -- ts-node``)."""
    program_by_name: bool = False
    """The program runs an installed package's program named as its first word when no
    script and no command of its own has that name (``yarn ts-node``, ``pnpm prisma``)."""
    boot_files: Mapping[str, str] = {}
    """Per package: the file it writes in the tree that a project's own scripts require."""

    @property
    def taking_value(self) -> frozenset[str]:
        """Flags whose value may follow as the next word."""
        return frozenset(
            self.value_flags + self.without_flags + self.only_flags + self.with_flags
            + self.extra_flags + self.dir_flags + self.requirement_flags + self.operand_flags
        )


class Cache(NamedTuple):
    name: str
    origin: str
    commands: tuple[Command, ...]
    paths: tuple[str, ...]
    disabled_flags: tuple[str, ...]
    disabled_env: tuple[str, ...]
    location_flags: tuple[str, ...]
    """Flags that move the cache (``npm --cache DIR``)."""
    cleaned_by: tuple[Regex, ...]
    unless_files: tuple[str, ...]
    trivial_operands: tuple[str, ...]
    fix: str


class BuildStep(NamedTuple):
    name: str
    pattern: Regex
    needs: str
    origin: str = ""
    """The image preset file that describes it: a step that needs the development
    dependencies needs those of that file's managers (a JavaScript build, not Composer's)."""


class Pruner(NamedTuple):
    """A command that copies one workspace package and its workspace dependencies out of
    the whole workspace (``turbo prune web --docker``): see build/workspace_prune.py."""

    name: str
    pattern: Regex
    """Matches the command; its first group is the command's arguments."""
    scope_flags: tuple[str, ...]
    value_flags: tuple[str, ...]
    out_flag: str
    out_dir: str
    readers: Regex
    """Other commands that would read the whole workspace (an install, a build)."""
    root_files: tuple[str, ...] = ()
    """Files at the workspace root the command runs in (``turbo.json``)."""


class ScopedInstall(NamedTuple):
    """An install that takes named workspace packages and the workspace packages they
    depend on (``pnpm deploy --filter web``, ``yarn workspaces focus web``): see
    build/member_installs.py."""

    name: str
    pattern: Regex
    """Matches the command; its first group is the command's arguments."""
    scope_flags: tuple[str, ...]
    """Flags whose value names a package (``--filter web``, ``--filter=web``)."""
    value_flags: tuple[str, ...] = ()
    """Other flags that take the next word as their value."""
    all_flags: tuple[str, ...] = ()
    """Flags that take the whole workspace after all (``--all``)."""
    positional: bool = False
    """Its other words are package names (``yarn workspaces focus a b``)."""


class OsPackages(NamedTuple):
    name: str
    install: tuple[Command, ...]
    remove: tuple[Command, ...]
    value_flags: tuple[str, ...]
    virtual_flags: tuple[str, ...]
    build: tuple[str, ...]
    """Globs of package names that are build tools."""
    libraries: tuple[str, ...] = ()
    """Globs of the build tools that are a library's headers (``*-dev``): the shared library
    they pull in is what the program runs with, and must stay when they go."""
    system_headers: tuple[str, ...] = ()
    """Packages among ``libraries`` whose library is the system's own (``musl-dev``: the C
    library, always there)."""
    runtime_libraries: str = ""
    """Examples, in this manager's names, of the shared library a ``libraries`` package pulls
    in (``libpq5 for libpq-dev``; Alpine's is ``libpq``): IG703's hint names them."""
    keep_installed: str = ""
    """How this manager keeps a package that came in as a dependency when what pulled it in
    is removed (``apt-mark manual``); empty when installing it by name is enough."""


class Settings(NamedTuple):
    min_saved: int
    hub_prefixes: tuple[str, ...]
    development_words: frozenset[str]
    builder_words: frozenset[str]
    production_words: frozenset[str]
    development_env: Mapping[str, tuple[str, ...]]
    development_commands: tuple[Regex, ...]
    development_groups: frozenset[str]
    requirement_files: tuple[str, ...]
    platforms: tuple[str, ...] = ()
    """What BuildKit's TARGETPLATFORM may be (``linux/amd64``, ``linux/arm/v7``)."""
    windows_images: tuple[Regex, ...] = ()
    """Image references (lower case) of Windows images: their RUN lines run in cmd or
    PowerShell, and no Linux size or runtime applies to them."""
    build_programs: frozenset[str] = frozenset()
    """Compilers and build tools by program name: an image that starts one (ENTRYPOINT
    ["cmake"]) ships its build tools on purpose (IG703 says nothing)."""
    inert_programs: frozenset[str] = frozenset()
    """Programs that neither compile nor install language packages (IG703: build tools
    that no later command of the shipped stage can use)."""
    wrappers: tuple[str, ...] = ()
    """Programs that run the command after them (``exec``, ``env``, ``sudo``)."""
    package_runners: frozenset[str] = frozenset()
    """Programs that run an installed package's program named next (``npx``)."""
    output_options: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """Program: the options whose value it writes (``go build -o main``), not reads."""
    setup_commands: tuple[Regex, ...] = ()
    """Commands that set a package manager up (``corepack enable``, ``pnpm config set``)
    and build no workspace member."""
    install_scripts: tuple[str, ...] = ()
    """The scripts of a workspace member's manifest that an install of the workspace runs
    (``postinstall``): without one, an install builds nothing of that member."""


class ImageKnowledge(NamedTuple):
    settings: Settings
    caveats: Mapping[str, str]
    images: tuple[Image, ...]
    managers: tuple[Manager, ...]
    caches: tuple[Cache, ...]
    build_steps: tuple[BuildStep, ...]
    os_packages: tuple[OsPackages, ...]
    files: tuple[str, ...]
    pruners: tuple[Pruner, ...] = ()
    scoped_installs: tuple[ScopedInstall, ...] = ()
    scoped_builds: tuple[ScopedInstall, ...] = ()
    """Builds that take named workspace packages and the ones they depend on (``turbo
    build --filter=web...``): see build/member_installs.py."""

    def image(self, repository: str) -> Image | None:
        for image in self.images:
            if repository in image.repositories:
                return image
        return None
