"""Presets: what each kind of project carries that an image does not need, read from TOML.

The knowledge lives in ``presets/*.toml`` (installed as the package
``ignoregen.presets``) and in any directory of user presets named in the config.
This module reads and validates those files; it holds no knowledge of its own.

A preset file::

    [preset]
    name = "python"                   # lower case letters, digits and "-"; unique
    description = "..."
    requires = ["other"]              # optional: presets that apply whenever this one does
    keep = ["**/pyproject.toml"]      # optional: paths that must never be excluded
    manifests = ["pyproject.toml"]    # optional: manifest file names (each also kept as
                                      #   "**/name") that init reads for the files a build
                                      #   needs: a readme, a license, an entry point
    package_markers = { "__init__.py" = "a Python package" }
                                      # optional: a directory holding one of these files is
                                      #   code, never excluded as documentation
    pointers = [".dvc"]               # optional: suffixes of pointer files: X.dvc beside X
                                      #   tracks X by reference, so X is the project's
                                      #   although .gitignore lists it (never local-only)
    image_builders = { ".ko.yaml" = "ko" }
                                      # optional: a file at the root that says a tool
                                      #   builds the images without a Docker context

    [detect]
    markers = ["**/pyproject.toml"]   # an entry matching one of these detects the preset
    # always = true                   # instead of markers: the preset applies everywhere

    [[needs]]                         # optional, any number: what a build reads although
    files = ["pyproject.toml"]        #   no COPY names it (see NeedSource)
    key = ["project.readme"]
    reason = "pip builds the package metadata from it"

    [[outputs]]                       # optional, any number: what a build writes itself
    command = 'mkdocs +build'         #   (see OutputSource)
    paths = ["site"]
    reason = "mkdocs build writes the site"

    [[maven_commands]]                # optional, any number: a Maven plugin that runs a
    plugin = "org.codehaus.mojo:exec-maven-plugin"  # command line; discovery reads the
    executable = "executable"         #   docker build it runs (see MavenCommand): its
    arguments = "arguments"           #   parameters naming the program, the argument list,
    command_line = "commandlineArgs"  #   optional: the arguments as one string,
    directory = "workingDirectory"    #   optional: the directory it runs in

    [secret_values]                   # optional: what a value that is not a secret looks
    placeholder_words = ["changeme"]  #   like (see SecretValues; the lists are merged)

    [categories.virtualenvs]
    description = "..."
    role = "virtualenv"               # what the category is (the roles are listed below)
    exclude_by_default = true
    priority = 0                      # optional: wins when two categories claim one path
    rules = ["**/.venv", "**/venv"]   # "!pattern" exceptions may follow a rule
    always_write = []                 # optional: rules init writes even when nothing
                                      #   matches them yet, and check never calls unmatched
    skip_dirs = [".venv", "venv"]     # optional: directory names (each a "**/name" rule of
                                      #   the category) that the search for Dockerfiles,
                                      #   compose files and manifests never enters
    written_in = ["__pycache__"]      # optional: names (each a "**/name" rule) of the only
                                      #   directories the category's files appear in
    top_only = [".pnpm-store"]        # optional: "**/name" rules found at a tree's top only
    beside = ["Cargo.lock"]           # optional: files its directories are written beside
    local_only = true                 # optional: what the rules match is one machine's (a
                                      #   local secret, an instance database, a host build):
                                      #   init excludes a match by its path, and only when
                                      #   the repository's .gitignore lists it
    magic = ["7f454c46"]              # optional, with local_only: the first bytes (hex) of
                                      #   the category's files, for a file that no category
                                      #   claims by name (an ELF executable)
    read_at_start = true              # optional, with local_only: a file the image's
                                      #   ENTRYPOINT or CMD names is kept (model weights)
    installed_from = ["package.json"] # optional, together (dependencies): its manifests,
    installed_by = 'npm +ci'          #   a RUN that installs it, and a base image or RUN that
    used_by = 'node'                  #   uses it; used and not installed: a need (build/installed)
    launches = 'bazel +build'         # optional: another tool's build its runner starts
    kept_when_committed = [...]       # optional, with installed_by: rules for a package
                                      #   store the install reads, kept when git tracks it
    bundled_in = [".next/standalone"] # optional: build output that holds a copy of its own

Every pattern (markers, keep, rules) is a ``.dockerignore`` pattern in Docker's
dialect, written the way Docker reads it: ``**/name`` for any depth, a bare name for
the context root only, no leading or trailing ``/``.

A category's name is only a name: what ignoregen does with a category follows from its
``role``, one of :class:`Role`:

================ ==========================================================================
``secret``       credentials and private keys. ``check`` reports a sent path that any
                 secret rule matches (IG101), whether or not its preset applies
``vcs``          version-control metadata; ``check`` reports it when sent (IG103)
``dependencies`` installed dependency trees (``node_modules``); reported when sent (IG104)
``virtualenv``   virtual environments; reported when sent (IG104)
``vendored``     dependencies kept in the repository that a build may compile from
``build-output`` what a build on the host produced
``bytecode``     compiled files written next to the sources
``cache``        tool caches
``coverage``     coverage data and test reports
``logs``         log files
``editor``       editor and IDE files
``os``           files the operating system leaves behind
``docker``       Docker's own build files
``ci``           CI pipelines and repository automation
``docs``         documentation; a directory holding a package marker is kept
``tests``        test suites, fixtures and test settings
``local``        one machine's state and settings: databases, sessions, launch profiles
``deployment``   read by the tools that deploy or provision (manifests, charts, Terraform)
``other``        nothing beyond the category's own rules
================ ==========================================================================

``init`` excludes the categories of the roles ``secret``, ``vcs``, ``bytecode``,
``cache``, ``coverage``, ``logs``, ``editor`` and ``os`` even inside what a Dockerfile
copies by name: no build reads them.

Errors name the file and the key (``python.toml: categories.caches.rules[2]: ...``),
and one bad entry does not hide the others.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_line
from ignoregen.engine.matcher import Pattern
from ignoregen.errors import ConfigError, ConfigProblem
from ignoregen.knowledge.cache import cached
from ignoregen.knowledge.cache import enabled as cache_enabled
from ignoregen.knowledge.maven_command import (
    MavenCommand,
    maven_command_table,
    read_maven_commands,
)
from ignoregen.knowledge.output_source import OutputSource, read_outputs
from ignoregen.knowledge.preset_files import BUILTIN_PACKAGE as BUILTIN_PACKAGE
from ignoregen.knowledge.preset_files import builtin_files as builtin_files
from ignoregen.knowledge.preset_files import directory_files
from ignoregen.knowledge.regex import Regex
from ignoregen.knowledge.schema import (
    INVALID,
    ListOf,
    MapOf,
    Problems,
    Table,
    Value,
    need_problems,
    need_source_table,
    output_source_table,
    validate,
)
from ignoregen.knowledge.secret_values import SECRET_VALUE_KEYS, SecretValues
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads

NAME_RE = re.compile(r"[a-z][a-z0-9-]*\Z")
_MAGIC_RE = re.compile(r"(?:[0-9a-fA-F]{2})+\Z")


# -- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresetRule:
    """One pattern from a preset or config file, with where it came from."""

    rule: Rule
    """The pattern as Docker reads it (``rule.exception`` for ``!`` lines)."""
    source: str
    key: str

    @property
    def pattern(self) -> str:
        """The pattern as written, with its ``!`` for an exception."""
        return str(self.rule)

    @property
    def location(self) -> str:
        return f"{self.source}: {self.key}"


class Role(str, enum.Enum):
    """What a category is, whatever it is called: the code asks this, never the name.

    The module's docstring says what ignoregen does with each."""

    SECRET = "secret"
    VCS = "vcs"
    DEPENDENCIES = "dependencies"
    VIRTUALENV = "virtualenv"
    VENDORED = "vendored"
    BUILD_OUTPUT = "build-output"
    BYTECODE = "bytecode"
    CACHE = "cache"
    COVERAGE = "coverage"
    LOGS = "logs"
    EDITOR = "editor"
    OS = "os"
    DOCKER = "docker"
    CI = "ci"
    DOCS = "docs"
    TESTS = "tests"
    LOCAL = "local"
    DEPLOYMENT = "deployment"
    OTHER = "other"


@dataclass(frozen=True)
class Category:
    """A kind of content a project carries, and whether an image normally needs it."""

    preset: str
    name: str
    description: str
    exclude_by_default: bool
    priority: int
    rules: tuple[PresetRule, ...]
    role: Role
    always_write: tuple[str, ...] = ()
    """Rules (as written) that init writes even when nothing matches them yet."""
    skip_dirs: tuple[str, ...] = ()
    """Directory names the search for build files never enters."""
    written_in: tuple[str, ...] = ()
    """Directory names (the category's ``**/name`` rules) that its other files appear in:
    Python 3 writes byte-code only in ``__pycache__``."""
    top_only: tuple[str, ...] = ()
    """Names (the category's ``**/name`` rules) found at the top of a tree only, never
    beside each package: pnpm's store sits at a volume's or workspace's root."""
    beside: tuple[str, ...] = ()
    """Files that say where a build writes the category's directories: a marker below a
    directory holding one builds there (Cargo's target beside the workspace's Cargo.lock,
    Bundler's .bundle beside the Gemfile), and IG301 looks for the directories there only."""
    local_only: bool = False
    """A match is one developer's: excluded by its path when ``.gitignore`` lists it."""
    magic: tuple[bytes, ...] = ()
    """First bytes of a local-only category's files, for files no category claims by name."""
    read_at_start: bool = False
    """A local-only match that the image's ENTRYPOINT or CMD names is what it loads at start,
    not one machine's leftover: a need even where ``.gitignore`` lists it."""
    installed_from: tuple[str, ...] = ()
    """Manifest names beside which the category's directories are installed."""
    installed_by: str | None = None
    """A regular expression: a command that installs the category's directories."""
    used_by: str | None = None
    """A regular expression over base images and ``RUN`` commands: the image uses them."""
    launches: str | None = None
    """A regular expression: another tool's build step that this one's runner may start
    (``pnpm exec bazel build``), which makes none of the preset's build output."""
    kept_when_committed: tuple[str, ...] = ()
    """Rules (as written) of the category whose directory, when git tracks files in it, is
    the project's package store, which the install reads: Yarn's zero-installs commit
    ``.yarn/cache``, and ``yarn install`` then needs no network (build/installed.py)."""
    bundled_in: tuple[str, ...] = ()
    """Build output paths (from a project's directory) that hold a copy of the category's
    directory that the built program runs with: Next.js's ``.next/standalone``."""

    @property
    def id(self) -> str:
        return f"{self.preset}.{self.name}"


@dataclass(frozen=True)
class Preset:
    """What one language, framework or platform adds."""

    name: str
    description: str
    source: str
    """The file it was read from, as shown to users."""
    always: bool
    """Applies to every context (no detection)."""
    markers: tuple[PresetRule, ...]
    keep: tuple[PresetRule, ...]
    requires: tuple[str, ...]
    categories: tuple[Category, ...]
    builtin: bool = True
    manifests: tuple[str, ...] = ()
    """File names of manifests that init reads for the files a build needs."""
    package_markers: tuple[tuple[str, str], ...] = ()
    image_builders: tuple[tuple[str, str], ...] = ()
    """(file name, the tool): a file at the root that says the tool builds the project's
    images without a Docker build context, so reads no ``.dockerignore`` (ko's ``.ko.yaml``)."""
    """(file name, what a directory holding it is): such a directory is not documentation."""
    pointers: tuple[str, ...] = ()
    """Suffixes of pointer files: ``X.dvc`` beside X tracks X by reference (``dvc add X``)."""
    needs: tuple[NeedSource, ...] = ()
    """Where the files a build reads come from, beyond what its COPY names."""
    outputs: tuple[OutputSource, ...] = ()
    """What a build's own commands write (the host's copy never reaches the image)."""
    secret_values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """``[secret_values]``: (key, words) of what a value that is not a secret looks like
    (see :class:`SecretValues`)."""
    maven_commands: tuple[MavenCommand, ...] = ()
    """``[[maven_commands]]``: Maven plugins that run a command line."""


@dataclass(frozen=True)
class NeedSource:
    """One ``[[needs]]`` entry: how to find paths a build needs although no COPY names them.

    ``files`` are the trigger files (names or globs, matched against a path's last
    component when they hold no ``/``); the paths found are relative to a trigger's
    directory, except those written with a leading ``/`` (the context's root). One way
    of finding them, or none: ``key`` (key paths in the trigger, a TOML, JSON or YAML
    file, whose values name files), ``regex`` (over its text: group 1 names files, else
    ``paths`` are needed; ``unless`` vetoes), ``command`` (a command run inside the image
    by a ``RUN``, a compose ``command``/``entrypoint``, a script or a CI step: ``paths``
    are needed, and so is what the command names), ``extract`` (a named extractor), or
    nothing (``paths`` are needed whenever a trigger is there, or always without
    ``files``). ``when`` gates on key paths present in the trigger, ``built_by`` on the build."""

    preset: str
    key: str
    """Where it is written: ``needs[3]``."""
    reason: str
    files: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    regex: Regex | None = None
    unless: Regex | None = None
    command: Regex | None = None
    extract: str | None = None
    built_by: Regex | None = None
    unless_dockerfile: Regex | None = None
    """A build whose Dockerfile matches it does without what the entry finds (it sets
    SETUPTOOLS_SCM_PRETEND_VERSION, so no .git is read)."""
    members_packed_by: Regex | None = None
    """A workspace member's manifest triggers the entry only in a build that runs what it
    matches (``pnpm deploy``): members are linked, not packed
    (:mod:`~ignoregen.build.member_needs`)."""
    members_built_by: Regex | None = None
    """Of a workspace member's manifest, in a build that runs what it matches, only the
    paths git tracks are needed: the build writes the others."""
    in_stage: bool = False
    """With ``built_by``: a path found counts only when a stage that runs ``built_by`` has it
    (:func:`~ignoregen.build.stage_reads.seen_where_run`)."""
    from_root: bool = False
    """With ``regex``: the names it finds are relative to the context's root (a script's
    ``process.cwd()``), not to the trigger file's directory."""
    scripts: str | None = None
    """With ``command`` and ``files``: the key path of a table of named scripts in the
    trigger (``scripts`` of package.json); a command that runs one (group ``script`` of
    ``command``) is read as the script's text too."""
    paths: tuple[str, ...] = ()
    warning: str | None = None
    checked: bool = False
    """``check`` reports a path found when the ignore file excludes it while a COPY of the
    build sends the rest (IG201): the build fails without it, as no COPY names it."""


@dataclass(frozen=True)
class PresetSet:
    """The presets in effect for a run, with what the configuration added."""

    presets: tuple[Preset, ...]
    forced: frozenset[str] = frozenset()
    """Presets applied whether or not they are detected."""
    keep: tuple[PresetRule, ...] = ()
    """Paths the configuration says to keep, on top of the presets' own."""
    config: str | None = None
    """The configuration file that shaped this set, as shown to users."""
    _by_name: dict[str, Preset] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {preset.name: preset for preset in self.presets})

    def __iter__(self) -> Iterator[Preset]:
        return iter(self.presets)

    def __len__(self) -> int:
        return len(self.presets)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Preset:
        return self._by_name[name]

    @functools.cached_property
    def categories(self) -> tuple[Category, ...]:
        return tuple(category for preset in self.presets for category in preset.categories)

    def with_role(self, role: Role) -> tuple[Category, ...]:
        """Every category of ``role``, in preset order."""
        return tuple(category for category in self.categories if category.role is role)

    @functools.cached_property
    def always_write(self) -> frozenset[str]:
        """Rules (as written) that init writes even when nothing matches them yet: a secret
        or a repository that appears later must not reach an image by default."""
        return frozenset(rule for c in self.categories for rule in c.always_write)

    @functools.cached_property
    def script_tables(self) -> tuple[tuple[str, str], ...]:
        """(file name or glob, key path) of the files that hold a table of named shell
        scripts (``scripts`` of package.json): the ``[[needs]]`` with ``scripts``. Discovery
        reads the ``docker build`` commands in them."""
        out: dict[tuple[str, str], None] = {}
        for source in self.needs:
            if source.scripts:
                for name in source.files:
                    out[(name, source.scripts)] = None
        return tuple(out)

    @functools.cached_property
    def test_dirs(self) -> frozenset[str]:
        """Test directory names: a broken build definition below one is a test fixture."""
        return self._directory_names(Role.TESTS)

    @functools.cached_property
    def installed_dirs(self) -> frozenset[str]:
        """Directory names a package manager fills (``vendor``, ``node_modules``)."""
        return self._directory_names(Role.DEPENDENCIES)

    @functools.cached_property
    def vendored_dirs(self) -> frozenset[str]:
        """Directory names of vendored third-party code (``third_party``): a build
        defined inside one is that library's."""
        return self._directory_names(Role.VENDORED)

    @functools.cached_property
    def vendored_patterns(self) -> tuple[str, ...]:
        """The vendored categories' rules that are not a bare ``**/name``, as ignore-file
        patterns (``**/lib/*-[0-9]*.[0-9]*``: a library unpacked from its release archive)."""
        names = {f"**/{name}" for name in self.vendored_dirs}
        return tuple(sorted({
            r.pattern for c in self.with_role(Role.VENDORED) for r in c.rules
            if not r.rule.exception and r.pattern not in names
        }))

    def _directory_names(self, role: Role) -> frozenset[str]:
        rules = [r.pattern for c in self.with_role(role) for r in c.rules]
        return frozenset(p[3:] for p in rules
                         if p.startswith("**/") and not re.search(r"[*?\[\\/!]", p[3:]))

    @functools.cached_property
    def skip_dirs(self) -> frozenset[str]:
        """Directory names the search for Dockerfiles, compose files and manifests skips:
        they hold weight, never a build definition."""
        return frozenset(name for c in self.categories for name in c.skip_dirs)

    @functools.cached_property
    def manifests(self) -> frozenset[str]:
        """File names of the manifests whose contents init reads."""
        return frozenset(name for preset in self.presets for name in preset.manifests)

    @functools.cached_property
    def secret_values(self) -> SecretValues:
        """Every preset's ``[secret_values]``, merged (each list in preset order)."""
        merged: dict[str, list[str]] = {key: [] for key in SECRET_VALUE_KEYS}
        for preset in self.presets:
            for key, words in preset.secret_values:
                merged[key].extend(word for word in words if word not in merged[key])
        return SecretValues(**{key: tuple(words) for key, words in merged.items()})

    @functools.cached_property
    def needs(self) -> tuple[NeedSource, ...]:
        """Every need source, in preset order."""
        return tuple(source for preset in self.presets for source in preset.needs)

    @functools.cached_property
    def outputs(self) -> tuple[OutputSource, ...]:
        """Every output source, in preset order."""
        return tuple(source for preset in self.presets for source in preset.outputs)

    @functools.cached_property
    def maven_commands(self) -> tuple[MavenCommand, ...]:
        """Every ``[[maven_commands]]`` entry, in preset order."""
        return tuple(entry for preset in self.presets for entry in preset.maven_commands)

    @functools.cached_property
    def package_markers(self) -> tuple[tuple[str, str], ...]:
        """(file name, what a directory holding it is), in preset order."""
        return tuple(marker for preset in self.presets for marker in preset.package_markers)

    @functools.cached_property
    def image_builders(self) -> tuple[tuple[str, str], ...]:
        """(file name, tool) of the tools that build images without a Docker context."""
        return tuple(dict.fromkeys(
            entry for preset in self.presets for entry in preset.image_builders))

    @functools.cached_property
    def pointers(self) -> tuple[str, ...]:
        """Every preset's pointer-file suffixes (``.dvc``), in preset order."""
        return tuple(dict.fromkeys(end for preset in self.presets for end in preset.pointers))

    def category(self, category_id: str) -> Category | None:
        preset, _, name = category_id.partition(".")
        if preset not in self._by_name:
            return None
        for category in self._by_name[preset].categories:
            if category.name == name:
                return category
        return None

    def required(self, names: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """``names`` and every preset they require, each with the presets that pulled it in."""
        by: dict[str, list[str]] = {name: [] for name in names if name in self._by_name}
        queue = list(by)
        while queue:
            name = queue.pop()
            for needed in self._by_name[name].requires:
                if needed not in by:
                    by[needed] = []
                    queue.append(needed)
                if name not in by[needed]:
                    by[needed].append(name)
        return {name: tuple(sorted(reasons)) for name, reasons in by.items()}


# -- the schema ------------------------------------------------------------------------------

_NAME_HINT = "use lower-case letters, digits and '-', starting with a letter"


def check_pattern(
    text: str, key: str, problems: Problems, *, exceptions: bool = False
) -> PresetRule | None:
    """Validate one pattern the way Docker would read it; record a problem and return None
    when it is unusable (its regular expression must compile, too)."""
    source = problems.source
    try:
        rule = parse_line(text, source, 0)
    except IgnoreFileError as exc:
        problems.add(key, f"{text!r}: Docker rejects this pattern: {exc.message}")
        return None
    if rule is None:
        what = "a comment" if text.startswith("#") else "empty"
        problems.add(key, f"{text!r}: Docker reads this line as {what}, not a pattern")
        return None
    if rule.exception and not exceptions:
        problems.add(key, f"{text!r}: exceptions ('!') are only allowed in category rules")
        return None
    canonical = str(rule)
    if canonical != text:
        problems.add(key, f"{text!r}: Docker reads this as {canonical!r}; write it that way")
        return None
    if rule.pattern in (".", "/") or rule.pattern == ".." or rule.pattern.startswith("../"):
        problems.add(key, f"{text!r}: never matches anything in a build context")
        return None
    if Pattern(rule).broken:
        problems.add(key, f"{text!r}: Docker fails the build when it first tests this pattern")
        return None
    return PresetRule(rule, source, key)


def pattern_field(*, exceptions: bool) -> Value:
    """A pattern in Docker's dialect, read into a :class:`PresetRule`."""

    def check(text: str, key: str, problems: Problems) -> Any:
        rule = check_pattern(text, key, problems, exceptions=exceptions)
        return INVALID if rule is None else rule

    return Value((str,), "a pattern (a string)", check=check)


def _trusted_rules(texts: list[str], key: str, problems: Problems) -> tuple[PresetRule, ...]:
    """A shipped preset's patterns, taken as written: the test suite reads every shipped
    file in full as well and requires the same result (tests/test_presets.py), so they are
    known to be canonical and valid, and need not be checked again at every start."""
    source = problems.source
    out: list[PresetRule] = []
    for index, text in enumerate(texts):
        exception = text.startswith("!")
        rule = Rule(text[1:] if exception else text, exception, source, 0, text)
        out.append(PresetRule(rule, source, f"{key}[{index}]"))
    return tuple(out)


def _rule_list(rules: list[PresetRule], key: str, problems: Problems) -> tuple[PresetRule, ...]:
    """A preset's own list: no exception first, no pattern twice."""
    out: list[PresetRule] = []
    seen: dict[str, str] = {}
    for rule in rules:
        if not out and rule.rule.exception:
            problems.add(
                rule.key,
                f"{rule.pattern!r}: an exception cannot come first; it would re-include nothing",
            )
        elif rule.pattern in seen:
            problems.add(rule.key, f"{rule.pattern!r} repeats {seen[rule.pattern]}")
        else:
            seen[rule.pattern] = rule.key
            out.append(rule)
    return tuple(out)


def _named(value: str, key: str, problems: Problems) -> tuple[str, str]:
    return value, key


def _shape(value: str, key: str, problems: Problems) -> Any:
    """A regular expression of a credential's shape: it must compile."""
    try:
        re.compile(value)
    except re.error as exc:
        problems.add(key, f"{value!r} is not a regular expression: {exc}")
        return INVALID
    return value


_ROLES = tuple(role.value for role in Role)
_PLAIN_NAME = re.compile(r"[^/\\*?\[\]!#]+\Z")
"""A file or directory name: no slash, no wildcard."""
_PLAIN_HINT = "a file or directory name only: no '/', no wildcards"
_SUFFIX = re.compile(r"\.[\w-]+\Z")
"""A file name suffix: a dot and a word (``.dvc``)."""


@functools.cache
def preset_schema(trusted: bool = False) -> Table:
    """What a preset file may hold (see the module's docstring)."""

    def patterns(*, exceptions: bool, required: bool = False) -> ListOf:
        if trusted:
            return ListOf(
                Value((str,), "a pattern (a string)"), "a list of patterns",
                required=required, check=_trusted_rules,
            )
        return ListOf(
            pattern_field(exceptions=exceptions), "a list of patterns",
            required=required, check=_rule_list,
        )

    name = Value((str,), "a string", nonempty=True, form=NAME_RE, form_hint=_NAME_HINT)
    plain = Value((str,), "a name (a string)", form=_PLAIN_NAME, form_hint=_PLAIN_HINT)
    category = Table(
        {
            "description": Value((str,), "a string", required=True, nonempty=True),
            "role": Value(
                (str,), f"a role: {', '.join(_ROLES)}", required=True, choices=_ROLES,
                check=lambda value, key, problems: Role(value),
            ),
            "exclude_by_default": Value((bool,), "true or false", required=True),
            "priority": Value((int,), "an integer"),
            "rules": patterns(exceptions=True, required=True),
            "always_write": ListOf(
                Value((str,), "a pattern (a string)", check=_named), "a list of patterns"
            ),
            "skip_dirs": ListOf(dataclasses.replace(plain, check=_named), "a list of names"),
            "written_in": ListOf(dataclasses.replace(plain, check=_named), "a list of names"),
            "top_only": ListOf(dataclasses.replace(plain, check=_named), "a list of names"),
            "beside": ListOf(dataclasses.replace(plain, check=_named), "a list of file names"),
            "local_only": Value((bool,), "true or false"),
            "read_at_start": Value((bool,), "true or false"),
            "magic": ListOf(
                Value((str,), "hex digits (a string)", nonempty=True, form=_MAGIC_RE,
                      form_hint="an even number of hex digits, such as '7f454c46'"),
                "a list of first bytes in hex",
            ),
            "installed_from": ListOf(
                dataclasses.replace(plain, check=_named), "a list of file names"
            ),
            "installed_by": Value((str,), "a regular expression (a string)", nonempty=True,
                                  check=_shape),
            "used_by": Value((str,), "a regular expression (a string)", nonempty=True,
                             check=_shape),
            "launches": Value((str,), "a regular expression (a string)", nonempty=True,
                              check=_shape),
            "kept_when_committed": ListOf(
                Value((str,), "a pattern (a string)", check=_named), "a list of patterns"
            ),
            "bundled_in": ListOf(Value((str,), "a path (a string)", nonempty=True,
                                       check=_named), "a list of paths"),
        },
    )
    return Table(
        {
            "preset": Table(
                {
                    "name": dataclasses.replace(name, required=True),
                    "description": Value((str,), "a string", required=True, nonempty=True),
                    "requires": ListOf(
                        dataclasses.replace(name, check=_named), "a list of preset names"
                    ),
                    "keep": patterns(exceptions=False),
                    "manifests": ListOf(
                        dataclasses.replace(plain, check=_named), "a list of file names"
                    ),
                    "package_markers": MapOf(
                        Value((str,), "what a directory holding it is (a string)",
                              nonempty=True),
                        "a table of file name = what a directory holding it is",
                        names=plain,
                    ),
                    "image_builders": MapOf(
                        Value((str,), "the tool's name (a string)", nonempty=True),
                        "a table of file name = the tool that builds the images",
                        names=plain,
                    ),
                    "pointers": ListOf(
                        Value((str,), "a file name suffix (a string)", nonempty=True,
                              form=_SUFFIX, form_hint="a '.' and letters, digits, '-' or '_'"),
                        "a list of file name suffixes",
                    ),
                },
                what="a table with name and description",
                required=True,
            ),
            "detect": Table(
                {
                    "markers": patterns(exceptions=False),
                    "always": Value((bool,), "true or false"),
                }
            ),
            "needs": ListOf(need_source_table(), "a list of need sources (tables)"),
            "maven_commands": ListOf(maven_command_table(), "a list of Maven command plugins"),
            "outputs": ListOf(output_source_table(), "a list of output sources (tables)"),
            "secret_values": Table(
                {
                    key: ListOf(
                        Value((str,), "a string", nonempty=True,
                              check=_shape if key.endswith("_shapes") else None),
                        "a list of strings",
                    )
                    for key in SECRET_VALUE_KEYS
                },
                what="a table of word lists",
            ),
            "categories": MapOf(
                category,
                "a table of categories",
                names=Value(
                    (str,), "a category name", form=NAME_RE,
                    form_hint=f"category names {_NAME_HINT}",
                ),
            ),
        }
    )


# -- reading ---------------------------------------------------------------------------------


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text, turning syntax errors into a :class:`ConfigError`."""
    try:
        data: dict[str, Any] = toml_loads(text)
    except TomlError as exc:
        raise ConfigError([ConfigProblem(source, "", f"not valid TOML: {exc}")]) from None
    return data


def parse_preset(text: str, source: str, *, builtin: bool = False) -> Preset:
    """Read one preset file; raise :class:`ConfigError` listing every problem in it."""
    data = parse_toml(text, source)
    good, problems = validate(preset_schema(builtin), data, source)
    head: dict[str, Any] = good.get("preset", {})
    name: str | None = head.get("name")
    requires: list[str] = []
    for needed, key in head.get("requires", []):
        if needed == name:
            problems.add(key, "a preset cannot require itself")
        elif needed in requires:
            problems.add(key, f"{needed!r} is listed twice")
        else:
            requires.append(needed)

    detect = data.get("detect")
    detect = detect if isinstance(detect, dict) else {}
    checked: dict[str, Any] = good.get("detect", {})
    always: bool = checked.get("always", False)
    markers: tuple[PresetRule, ...] = checked.get("markers", ())
    if always and "markers" in detect:
        problems.add("detect.markers", "not used: the preset has always = true")
    elif not always and not markers and "markers" not in detect:
        problems.add("detect", "give markers (patterns that detect the preset) or always = true")
    elif not always and not markers and isinstance(detect["markers"], list):
        problems.add("detect.markers", "empty: the preset could never be detected")

    listed = head.get("manifests", [])
    keep = {rule.pattern for rule in head.get("keep", ())} if listed else set()
    manifests: list[str] = []
    for manifest, key in listed:
        if f"**/{manifest}" not in keep:
            problems.add(key, f"{manifest!r}: keep it too: add '**/{manifest}' to preset.keep")
        else:
            manifests.append(manifest)

    from ignoregen.knowledge.category_read import read_categories

    categories = read_categories(good, data, name or "", problems)

    needs: list[NeedSource] = []
    for index, entry in enumerate(good.get("needs", [])):
        where = f"needs[{index}]"
        if not need_problems(entry, where, problems):
            continue
        needs.append(
            NeedSource(
                preset=name or "",
                key=where,
                reason=entry["reason"],
                files=tuple(entry.get("files", ())),
                keys=tuple(entry.get("key", ())),
                when=tuple(entry.get("when", ())),
                regex=entry.get("regex"),
                unless=entry.get("unless"),
                command=entry.get("command"),
                extract=entry.get("extract"),
                built_by=entry.get("built_by"),
                unless_dockerfile=entry.get("unless_dockerfile"),
                members_packed_by=entry.get("members_packed_by"),
                members_built_by=entry.get("members_built_by"),
                in_stage=entry.get("in_stage", False),
                from_root=entry.get("from_root", False),
                scripts=entry.get("scripts"),
                paths=tuple(entry.get("paths", ())),
                warning=entry.get("warning"),
                checked=entry.get("checked", False),
            )
        )

    outputs = read_outputs(good.get("outputs", []), name or "", problems)

    problems.raise_if_any()
    return Preset(
        name=head["name"],
        description=head["description"],
        source=source,
        always=always,
        markers=markers,
        keep=head.get("keep", ()),
        requires=tuple(requires),
        categories=tuple(categories),
        builtin=builtin,
        manifests=tuple(manifests),
        package_markers=tuple(head.get("package_markers", {}).items()),
        image_builders=tuple(head.get("image_builders", {}).items()),
        pointers=tuple(head.get("pointers", ())),
        needs=tuple(needs),
        outputs=tuple(outputs),
        secret_values=tuple(
            (key, tuple(words)) for key, words in good.get("secret_values", {}).items()
        ),
        maven_commands=read_maven_commands(good.get("maven_commands", [])),
    )


def load_presets(user_dirs: Sequence[Path] = ()) -> PresetSet:
    """The built-in presets, then those in ``user_dirs``; validated together.

    Raises :class:`ConfigError` with every problem found: bad files, duplicate names,
    and ``requires`` naming a preset that does not exist.
    """
    files = [(name, text, True) for name, text in builtin_files()]
    for directory in user_dirs:
        files.extend((name, text, False) for name, text in directory_files(directory))
    if not cache_enabled():
        return build_set(files)
    # Parsed and validated once for these very texts (see ignoregen.knowledge.cache). The
    # regular expressions of the patterns are not kept with them: unpickling a compiled
    # regex compiles it again, so each is compiled when a matcher first needs it.
    return cached("presets", tuple(files), PresetSet, lambda: build_set(files))


def build_set(files: Iterable[tuple[str, str, bool]]) -> PresetSet:
    """Parse ``(source, text, builtin)`` files into a checked :class:`PresetSet`."""
    problems: list[ConfigProblem] = []
    presets: list[Preset] = []
    seen: dict[str, str] = {}
    for source, text, builtin in files:
        try:
            preset = parse_preset(text, source, builtin=builtin)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        if preset.name in seen:
            problems.append(
                ConfigProblem(
                    source,
                    "preset.name",
                    f"{preset.name!r} is already defined in {seen[preset.name]}; preset names "
                    "must be unique (rename this one, and skip the other in the config if needed)",
                )
            )
            continue
        seen[preset.name] = source
        presets.append(preset)
    for preset in presets:
        for index, needed in enumerate(preset.requires):
            if needed not in seen:
                problems.append(
                    ConfigProblem(
                        preset.source,
                        f"preset.requires[{index}]",
                        f"no preset is named {needed!r}",
                    )
                )
    if problems:
        raise ConfigError(problems)
    return PresetSet(tuple(presets))
