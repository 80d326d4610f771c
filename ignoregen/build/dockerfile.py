"""What a Dockerfile reads from its build context.

Parsing uses the ``dockerfile`` package, which wraps BuildKit's own parser (Go,
shipped as a binary wheel). It was chosen over ``e2b-dockerfile-utils`` (a faithful
pure-Python port of the parser and shell lexer) because that package needs
Python 3.11 while ignoregen supports 3.10, and because a wrapped parser cannot
drift from BuildKit's line handling: continuation lines, the ``escape``
directive, JSON versus shell form, and heredocs. The parser stops at words,
though; expanding ``ARG``/``ENV`` variables in them and removing quotes (BuildKit's
shell lexer) is done here, for the subset that appears in ``COPY``/``ADD`` sources.

The result, per Dockerfile: the context paths each needed stage reads (``COPY``,
``ADD``, ``RUN --mount=type=bind``), whether some instruction takes the whole
context, and the sources that cannot be known without build arguments. Callers
must treat an unknown source conservatively.
"""

from __future__ import annotations

import fnmatch
import itertools
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import dockerfile as buildkit_parser

from ignoregen import fileio
from ignoregen.build.copy_parents import spanning
from ignoregen.build.frontend import UNREADABLE, UTF16, directives, parser_text
from ignoregen.build.instruction_errors import InstructionErrors, parse_error_place, rejected
from ignoregen.build.windows import built_for_windows, on_windows
from ignoregen.engine.golang import BadPattern, clean, match_regex
from ignoregen.errors import IgnoregenError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_REMOTE = re.compile(r"^(https?://|git@|git://|ssh://)|\.git(#.*)?$")
# ARGs that BuildKit fills from the platform; inside a stage their value depends on the build.
_PLATFORM_ARGS = frozenset(
    {
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
    }
)


class DockerfileError(IgnoregenError):
    """A Dockerfile that BuildKit's parser rejects, or that cannot be read (exit code 2)."""


class _Unknown(Exception):
    """A word whose value depends on build arguments."""


class Source(NamedTuple):
    """One context path (or glob) that an instruction reads."""

    path: str | None
    """Cleaned and relative to the context (``.`` is the whole context); None when it depends
    on build arguments."""
    instruction: str
    """``COPY``, ``ADD`` or ``RUN --mount``."""
    line: int
    text: str
    """The word as written in the Dockerfile."""
    stage: str
    excludes: tuple[str, ...] = ()
    """``--exclude`` patterns of the instruction (paths it does not copy after all)."""
    pattern: str = "*"
    """The path as a glob; a value that depends on build arguments becomes ``*``. A word
    holding a platform gives one source for each shape it may take (:func:`expand_globs`)."""
    shapes: tuple[str, ...] = ()
    """When platform ARGs are all the word depends on: the path on each platform that
    BuildKit may build for (``linux/amd64/app``, ``linux/arm/v7/app``...)."""
    spans: str = ""
    """A ``COPY --parents`` source whose ``**`` spans directories: that pattern (as a
    ``.dockerignore`` line would read it), ``pattern`` being one of its shapes."""

    @property
    def known(self) -> bool:
        return self.path is not None

    @property
    def whole_context(self) -> bool:
        """``.``, an unknown ``*``, or ``..`` (``COPY ../. ./`` from a Dockerfile one level
        down): BuildKit joins a source to the context's root, where ``..`` stays at the
        root (the classic builder refuses it: IG202)."""
        pattern = self.pattern
        return pattern in (".", "*") or (pattern[:2] == ".." and not pattern.strip("./"))

    @property
    def has_glob(self) -> bool:
        pattern = self.pattern  # (asked for each source of each path a plan looks at)
        return "*" in pattern or "?" in pattern or "[" in pattern

    def covers(self, path: str) -> bool:
        """Does this source read the context path ``path`` (itself, or as part of a directory)?"""
        if self.whole_context:
            return True
        if not self.has_glob:
            return path == self.pattern or path.startswith(self.pattern + "/")
        parts = path.split("/")
        width = self.pattern.count("/") + 1
        if len(parts) < width:
            return False
        try:
            regex = match_regex(self.pattern)
        except BadPattern:
            return True  # BuildKit would fail the build; claim everything rather than guess
        return regex.match("/".join(parts[:width])) is not None

    def reaches_below(self, directory: str) -> bool:
        """Can this source name something strictly below ``directory`` (a glob: something
        that the directory's own names match so far)?"""
        parts = directory.split("/")
        pattern = self.pattern.split("/")
        if len(pattern) <= len(parts):
            return False
        if not self.has_glob:
            return pattern[: len(parts)] == parts
        return all(fnmatch.fnmatchcase(name, glob) for name, glob in zip(parts, pattern,
                                                                            strict=False))


def covering(sources: Iterable[Source]) -> Callable[[str], bool]:
    """``lambda path: any(source.covers(path) for source in sources)``, with what is known
    of each directory kept: a path is covered when a plain source names it, when its
    directory is covered, or when a glob of as many parts as it has matches it (a glob of
    fewer parts matches one of its directories). The checks and the needs ask it for every
    sent or triggering path."""
    plain: set[str] = set()
    globbed: dict[int, list[re.Pattern[str] | None]] = {}  # by the glob's number of parts
    for source in sources:
        if source.whole_context:
            return lambda path: True
        if source.has_glob:
            try:
                regex: re.Pattern[str] | None = match_regex(source.pattern)
            except BadPattern:
                regex = None  # covers all it is asked about, as Source.covers
            globbed.setdefault(source.pattern.count("/") + 1, []).append(regex)
        else:
            plain.add(source.pattern)
    directories: dict[str, bool] = {"": False}  # is a directory (and all below it) covered

    def globs_take(path: str, width: int) -> bool:
        regexes = globbed.get(width)
        return regexes is not None and any(r is None or r.match(path) for r in regexes)

    def directory(path: str) -> bool:
        found = directories.get(path)
        if found is not None:
            return found
        pending = [path]  # the directories up to the nearest one answered
        parent = path.rpartition("/")[0]
        while (found := directories.get(parent)) is None:
            pending.append(parent)
            parent = parent.rpartition("/")[0]
        for step in reversed(pending):
            found = found or step in plain or globs_take(step, step.count("/") + 1)
            directories[step] = found
        return found

    def covers(path: str) -> bool:
        return path in plain or directory(path.rpartition("/")[0]) \
            or globs_take(path, path.count("/") + 1)

    return covers


class Overlay(NamedTuple):
    """A context directory that a ``RUN`` binds (``--mount=type=bind,source=.``) and covers
    with a mount from a stage or an image at the same place (navidrome's
    ``--mount=from=ui,source=/build,target=./ui/build``): that ``RUN`` sees the stage's
    files there, not the context's; and the directory must exist in the context, for the
    context's mount is read-only and BuildKit cannot make the mount point (real BuildKit:
    "mkdir .../workspace/ui: read-only file system")."""

    path: str
    """Context-relative."""
    line: int
    mounted: str
    """The stage or image mounted there (``from=``)."""


@dataclass(frozen=True)
class Stage:
    """A stage of a Dockerfile: ``name`` is its ``AS`` name, or its index as text."""
    name: str
    index: int
    base: str
    line: int


@dataclass
class DockerfileReads:
    """What one Dockerfile reads from the context, for one target."""

    path: Path
    stages: list[Stage] = field(default_factory=list)
    target: str = ""
    """The stage built (the last one unless a target was asked for)."""
    sources: list[Source] = field(default_factory=list)
    """Sources read by the stages the target needs."""
    notes: list[str] = field(default_factory=list)
    """What the analysis could not see (ONBUILD, unknown stages...)."""
    runs: list[tuple[int, str]] = field(default_factory=list)
    """(line, command text with heredocs) of each ``RUN`` in the stages the target needs."""
    overlays: list[Overlay] = field(default_factory=list)
    """Context directories that a ``RUN`` covers with a mount from a stage or an image."""
    from_named: list[tuple[str, Source]] = field(default_factory=list)
    """(NAME, path) that ``--from=NAME`` reads, NAME no stage: an image or a named context."""
    fails: tuple[int, str] | None = None
    """(line, why) of the first instruction BuildKit rejects whatever the target: one it
    does not know, or one before the first FROM other than ARG."""

    @property
    def whole_context(self) -> bool:
        return any(source.whole_context for source in self.sources)

    @property
    def unknown(self) -> list[Source]:
        return [source for source in self.sources if not source.known]


# -- BuildKit's shell lexer, for words ---------------------------------------------------------


_NESTED = 100
_LONGEST = 1 << 20  # what a word may expand to (ENV A=$A$A forty times: terabytes): unknown
"""How deep ``${A:-${B:-...}}`` may nest (real Dockerfiles nest two or three levels)."""


class _Lexer:
    """Expand variables and remove quotes in one word, as BuildKit's ``ProcessWord`` does."""

    def __init__(
        self, word: str, env: Mapping[str, str | None], escape: str, nested: int = 0,
        unset: bool = False,
    ) -> None:
        self.word = word
        self.pos = 0
        self.env = env
        self.escape = escape
        self.nested = nested
        self.unset = unset
        """A modifier of a build argument reads it as not passed (``${source:-obj/out}``)."""
        self.expanded = 0  # characters that variables have given so far (at most _LONGEST)

    def run(self) -> str:
        out: list[str] = []
        while self.pos < len(self.word):
            char = self.word[self.pos]
            self.pos += 1
            if char == self.escape:
                if self.pos < len(self.word):
                    out.append(self.word[self.pos])
                    self.pos += 1
                else:
                    out.append(char)
            elif char == "'":
                end = self.word.find("'", self.pos)
                if end < 0:
                    raise DockerfileError(f"unexpected end of statement in {self.word!r}")
                out.append(self.word[self.pos : end])
                self.pos = end + 1
            elif char == '"':
                out.append(self._double_quoted())
            elif char == "$":
                out.append(self._dollar())
            else:
                out.append(char)
        return "".join(out)

    def _double_quoted(self) -> str:
        out: list[str] = []
        while self.pos < len(self.word):
            char = self.word[self.pos]
            self.pos += 1
            if char == '"':
                return "".join(out)
            if char == self.escape and self.pos < len(self.word):
                following = self.word[self.pos]
                if following in ('"', "$", self.escape):
                    out.append(following)
                    self.pos += 1
                    continue
                out.append(char)
            elif char == "$":
                out.append(self._dollar())
            else:
                out.append(char)
        raise DockerfileError(f"unexpected end of statement in {self.word!r}")

    def _lookup(self, name: str) -> str:
        if name not in self.env:
            return ""  # BuildKit expands an undeclared variable to nothing
        value = self.env[name]
        if value is None:
            raise _Unknown(name)
        return value

    def _dollar(self) -> str:
        value = self._variable()
        self.expanded += len(value)
        if self.expanded > _LONGEST:
            raise _Unknown(self.word[:40])
        return value

    def _variable(self) -> str:
        if self.pos >= len(self.word):
            return "$"
        if self.word[self.pos] == "{":
            return self._braced()
        found = _NAME.match(self.word, self.pos)
        if found is None:
            return "$"
        self.pos = found.end()
        return self._lookup(found.group())

    def _braced(self) -> str:
        self.pos += 1
        found = _NAME.match(self.word, self.pos)
        if found is None:
            raise _Unknown(self.word)
        name = found.group()
        self.pos = found.end()
        end = self._closing_brace()
        if end < 0:
            raise DockerfileError(f"missing '}}' in {self.word!r}")
        modifier = self.word[self.pos : end]
        self.pos = end + 1
        if not modifier:
            return self._lookup(name)
        declared = name in self.env
        value = self.env.get(name)
        if value is None and declared and not self.unset:
            raise _Unknown(name)
        for op in (":-", ":+", "-", "+"):
            if modifier.startswith(op):
                if self.nested >= _NESTED:  # each level is a frame of Python's stack:
                    raise _Unknown(name)  # read as unknown, as a build argument's word is
                word = _Lexer(modifier[len(op) :], self.env, self.escape,
                              self.nested + 1, self.unset).run()
                empty = value is None or (not value if op.startswith(":") else not declared)
                if op.endswith("-"):
                    return word if empty else (value or "")
                return "" if empty else word
        raise _Unknown(f"${{{name}{modifier}}}")

    def _closing_brace(self) -> int:
        """Where the ``}`` that ends the braced variable begins at ``self.pos`` lies (-1 when
        none does). Like BuildKit's ``processStopOn('}')``, the modifier's word may hold
        escapes, quotes and variables of its own: ``${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH}:}``
        (jupyter/docker-stacks' CUDA images) ends at its second ``}``, not its first."""
        word, pos, depth = self.word, self.pos, 0
        while pos < len(word):
            char = word[pos]
            if char == self.escape:
                pos += 2
                continue
            if char in "'\"":
                pos = self._quote_end(pos)
                if pos < 0:
                    return -1
            elif char == "$" and word.startswith("{", pos + 1):
                depth += 1
                pos += 1
            elif char == "}":
                if depth == 0:
                    return pos
                depth -= 1
            pos += 1
        return -1

    def _quote_end(self, pos: int) -> int:
        """The index of the quote that closes the one at ``pos`` (-1 when none does)."""
        quote, pos = self.word[pos], pos + 1
        while pos < len(self.word):
            char = self.word[pos]
            if quote == '"' and char == self.escape:
                pos += 2
                continue
            if char == quote:
                return pos
            pos += 1
        return -1


def expand(
    word: str, env: Mapping[str, str | None], escape: str = "\\", unset: bool = False
) -> str | None:
    """A word with variables expanded and quotes removed; None when it depends on build args.
    ``unset``: a build argument that a modifier reads stands for one the build does not pass
    (``${source:-obj/Docker/publish}`` is ``obj/Docker/publish``)."""
    try:
        return _Lexer(word, env, escape, unset=unset).run()
    except _Unknown:
        return None


_ANY = "\x00"
_ANY_PATH = "\x01"
_SLASHED = frozenset({"TARGETPLATFORM", "BUILDPLATFORM"})
"""Platform ARGs whose value holds slashes: ``linux/amd64``, ``linux/arm/v7``."""


def expand_glob(word: str, env: Mapping[str, str | None], escape: str = "\\") -> str:
    """Like :func:`expand`, with every value that depends on build arguments as ``*``. A
    platform (``dist/$TARGETPLATFORM/traefik``: ``dist/linux/amd64/traefik``) spans
    directories, which no ``*`` does: the glob ends where it starts (``dist/*``)."""
    guessed = {
        name: (_ANY_PATH if name in _SLASHED else _ANY) if value is None else value
        for name, value in env.items()
    }
    try:
        value = _Lexer(word, guessed, escape).run()
    except _Unknown:
        return "*"
    head, slashed, _ = value.partition(_ANY_PATH)
    return (head + "*" if slashed else value).replace(_ANY, "*")


_OPTIONAL = frozenset({"TARGETVARIANT", "BUILDVARIANT"})
"""Platform ARGs that are empty for most platforms (``linux/amd64`` has no variant)."""
_SPANS = (f"{_ANY}/{_ANY}", f"{_ANY}/{_ANY}/{_ANY}")
"""What a platform may be: ``linux/amd64``, ``linux/arm/v7``."""


def expand_globs(
    word: str, env: Mapping[str, str | None], escape: str = "\\",
    deferred: Mapping[str, tuple[str, bool]] | None = None,
) -> list[str]:
    """The globs a word may stand for, each value that depends on build arguments a ``*``:
    a platform spans two or three directories (``${TARGETPLATFORM}/netbird-proxy`` is
    ``*/*/netbird-proxy`` or ``*/*/*/netbird-proxy``, not everything at the top), and a
    variant may be empty (``$TARGETOS/$TARGETARCH/$TARGETVARIANT/app``). An ARG in
    ``deferred`` (name: its default as written, and whether it was declared before the
    first FROM, where the platform ARGs are set) stands for that default, expanded alike."""
    later = {name: entry for name, entry in (deferred or {}).items()
             if env.get(name, "") is None}
    mentioned = " ".join([word, *(text for text, _ in later.values())])
    platform = dict.fromkeys(_PLATFORM_ARGS)
    scope = {**platform, **env} if any(outer for _, outer in later.values()) else env
    choices = [(name, _SPANS) for name in sorted(_SLASHED)
               if name in mentioned and name in scope and scope[name] is None]
    choices += [(name, ("", _ANY)) for name in sorted(_OPTIONAL)
                if name in mentioned and name in scope and scope[name] is None]
    out: list[str] = []
    for values in itertools.product(*(options for _, options in choices)):
        chosen = {name: value for (name, _), value in zip(choices, values, strict=True)}
        guessed = {name: _ANY if value is None else value for name, value in env.items()}
        guessed.update((name, value) for name, value in chosen.items() if name in env)
        for name, (text, outer) in later.items():  # (in the order declared)
            where = {**dict.fromkeys(platform, _ANY), **chosen, **guessed} if outer else guessed
            try:
                guessed[name] = _Lexer(text, where, escape).run()
            except _Unknown:
                guessed[name] = _ANY
        try:
            glob = re.sub(f"{_ANY}+", "*", _Lexer(word, guessed, escape).run())
        except _Unknown:
            return ["*"]
        if glob not in out:
            out.append(glob)
    return out


# -- the analysis ------------------------------------------------------------------------------


def _escape_token(text: str) -> str:
    """The ``# escape=`` parser directive (only at the very top, before anything else)."""
    for _, key, value in directives(text.removeprefix("\ufeff")):
        if key == "escape" and value in ("\\", "`"):
            return value
    return "\\"


def _flag(flags: Iterable[str], name: str) -> list[str]:
    prefix = f"--{name}="
    return [flag[len(prefix) :] for flag in flags if flag.startswith(prefix)]


def _has_flag(flags: Iterable[str], name: str) -> bool:
    return any(flag == f"--{name}" or flag.startswith(f"--{name}=") for flag in flags)


def _mount_fields(spec: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in spec.split(","):
        key, _, value = part.partition("=")
        fields[key.strip().lower()] = value.strip()
    return fields


_GARBLED = UNREADABLE.encode().decode("latin-1")
""":data:`UNREADABLE` as the parser hands it back inside a flag (byte by byte)."""


def platform_shapes(
    word: str, env: Mapping[str, str | None], escape: str = "\\",
    deferred: Mapping[str, tuple[str, bool]] | None = None,
) -> tuple[str, ...]:
    """The context paths ``word`` names on each platform of presets/images' ``platforms``
    (TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT and their BUILD* twins set from
    it); () when the word depends on anything else, or on no platform ARG."""
    later = {name: entry for name, entry in (deferred or {}).items()
             if env.get(name, "") is None}
    mentioned = " ".join([word, *(text for text, _ in later.values())])
    if not any(name in mentioned for name in _PLATFORM_ARGS):
        return ()
    from ignoregen.knowledge.images import load

    out: list[str] = []
    for platform in load().settings.platforms:
        os_name, arch, variant = [*platform.split("/"), ""][:3]
        values = {"PLATFORM": platform, "OS": os_name, "ARCH": arch, "VARIANT": variant}
        filled = {f"{side}{key}": value for side in ("TARGET", "BUILD")
                  for key, value in values.items()}
        where = {**env, **{name: value for name, value in filled.items() if name in env}}
        for name, (text, outer) in later.items():
            where[name] = expand(text, {**filled, **where} if outer else where, escape)
        path = _context_path(_known(expand(word, where, escape)))
        if path is None:
            return ()
        out.append(path)
    return tuple(dict.fromkeys(out))


def _known(word: str | None) -> str | None:
    """None for a word that holds bytes the parser could not be given."""
    if word is None or UNREADABLE in word or _GARBLED in word:
        return None
    return word


def _context_path(word: str | None) -> str | None:
    if word is None:
        return None
    cleaned = clean(word)
    if cleaned.startswith("/"):
        cleaned = clean(cleaned.lstrip("/")) if cleaned != "/" else "."
    return cleaned


@dataclass
class _StageState:
    """A stage while it is read; ``workdir`` is absolute, or None when unknown (the base's)."""
    stage: Stage
    env: dict[str, str | None]
    sources: list[Source] = field(default_factory=list)
    needs: set[str] = field(default_factory=set)
    runs: list[tuple[int, str]] = field(default_factory=list)
    workdir: str | None = "/"
    overlays: list[Overlay] = field(default_factory=list)
    deferred: dict[str, tuple[str, bool]] = field(default_factory=dict)
    """ARGs whose default depends on a platform ARG: name -> (the default as written, declared
    before the first FROM) (``ARG NETBIRD_BINARY=$TARGETPLATFORM/netbird``)."""
    elsewhere: list[tuple[str, Source]] = field(default_factory=list)  # (NAME, path) --from


_FLAG_WORD = re.compile(r"--[^\s]*[^\x00-\x7f][^\s]*")


def _ascii_flag(found: re.Match[str]) -> str:
    return "".join(char if char.isascii() else "?" for char in found.group())


def parse_text(text: str, path: Path) -> tuple[list[buildkit_parser.Command], str]:
    """The instructions of a Dockerfile's text as BuildKit parses them, and its escape
    character; ``path`` names it in messages. The text must come from :func:`parser_text`
    (or be free of NUL bytes and lone surrogates, which would take the process down).
    Kept by text: a run reads each Dockerfile several times (its context, its stages, the
    image advice), and a repository may hold hundreds."""
    known = _PARSED.get(text)
    if known is not None:
        return list(known[0]), known[1]
    try:
        try:
            commands = buildkit_parser.parse_string(text)
        except UnicodeDecodeError:
            # The parser takes flags apart byte by byte: a flag holding non-ASCII text can
            # come back as bytes that are not UTF-8. Such a flag is garbled in BuildKit too.
            commands = buildkit_parser.parse_string(_FLAG_WORD.sub(_ascii_flag, text))
    except buildkit_parser.GoParseError as exc:
        raise DockerfileError(f"{path}: BuildKit's parser rejects it: {exc}"
                              + parse_error_place(text, str(exc))) from None
    except UnicodeDecodeError:
        raise DockerfileError(f"{path}: BuildKit's parser returns text that is not UTF-8") from None
    # A lone continuation line at the end of the file comes back as a command without a name.
    named = tuple(command for command in commands if command.cmd)
    if len(_PARSED) >= 512:
        _PARSED.clear()
    _PARSED[text] = (named, _escape_token(text))
    return list(named), _PARSED[text][1]


_PARSED: dict[str, tuple[tuple[buildkit_parser.Command, ...], str]] = {}


def _bytes(path: Path) -> bytes:
    """A Dockerfile's bytes; :class:`DockerfileError` when unreadable, or UTF-16."""
    try:
        data = fileio.read_bytes(path)
    except OSError as exc:
        raise DockerfileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if fileio.utf16(data):
        raise DockerfileError(f"{path}: {UTF16}")
    return data


def read_instructions(path: Path) -> tuple[list[buildkit_parser.Command], str]:
    """The instructions of a Dockerfile as BuildKit parses them, and its escape character."""
    return parse_text(parser_text(_bytes(path))[0], path)


def analyse(path: Path, target: str | None = None, all_stages: bool = False) -> DockerfileReads:
    """Read a Dockerfile and work out what it takes from the context."""
    text, notes = parser_text(_bytes(path))
    reads = analyse_text(text, path, target, all_stages)
    reads.notes[:0] = notes
    return reads


def analyse_text(
    text: str, path: Path, target: str | None = None, all_stages: bool = False
) -> DockerfileReads:
    """Work out what a Dockerfile's text takes from the context; ``path`` names it in
    messages (for an inline Dockerfile, the file that holds it).

    With ``all_stages``, every stage counts as needed (for a target that cannot be known).
    The text must come from :func:`parser_text`.
    """
    commands, escape = parse_text(text, path)
    result = DockerfileReads(path=path)
    global_args: dict[str, str | None] = dict.fromkeys(_PLATFORM_ARGS)
    global_deferred: dict[str, tuple[str, bool]] = {}
    states: list[_StageState] = []
    by_name: dict[str, _StageState] = {}
    current: _StageState | None = None
    with InstructionErrors(path) as reading:
        for command in commands:
            reading.line = command.start_line
            name = command.cmd.upper()
            if result.fails is None:
                result.fails = rejected(command, current is None, commands)
            if name == "FROM":
                current = _start_stage(command, global_args, by_name, len(states), escape)
                states.append(current)
                by_name[current.stage.name.lower()] = current
                by_name[str(current.stage.index)] = current
                result.stages.append(current.stage)
                continue
            if current is None:
                if name == "ARG":
                    _declare_args(command.value, global_args, global_args, escape, global_deferred)
                continue
            if name == "ARG":
                _declare_args(command.value, current.env, global_args, escape, current.deferred,
                              global_deferred)
            elif name == "ENV":
                _set_env(command, current.env, escape)
                for word in list(command.value)[0::2]:
                    current.deferred.pop(word, None)
            elif name in ("COPY", "ADD"):
                _copy_sources(command, name, current, escape)
            elif name == "WORKDIR":
                _set_workdir(command, current, escape)
            elif name == "RUN":
                _mount_sources(command, current, escape)
                text = " ".join(command.value) + "".join(doc.content for doc in command.heredocs)
                current.runs.append((command.start_line, text))
            elif name == "ONBUILD":
                result.notes.append(f"line {command.start_line}: ONBUILD "
                                    f"{command.sub_cmd or ''} runs in images built FROM this "
                                    "one, not here")
    if built_for_windows(commands, escape, (state.stage.base for state in states)):
        for state in states:  # a backslash the lexer left is a separator there
            state.sources = [on_windows(source) for source in state.sources]
            state.elsewhere = [(name, on_windows(read)) for name, read in state.elsewhere]
    if not states:
        result.notes.append("no FROM instruction: nothing is built")
        return result
    chosen = states[-1] if target is None else by_name.get(target.lower())
    if chosen is None:
        raise DockerfileError(f"{path}: target stage {target!r} not found")
    result.target = chosen.stage.name
    needed = states if all_stages else _needed(chosen, by_name)
    for state in needed:
        result.sources.extend(state.sources)
        result.runs.extend(state.runs)
        result.overlays.extend(state.overlays)
        result.from_named.extend((name, source) for name, source in state.elsewhere
                                 if name not in by_name)
    result.sources.sort(key=lambda source: source.line)
    result.runs.sort()
    return result


def _start_stage(
    command: buildkit_parser.Command,
    global_args: dict[str, str | None],
    by_name: dict[str, _StageState],
    index: int,
    escape: str,
) -> _StageState:
    words = list(command.value)
    base = expand(words[0], global_args, escape) if words else ""
    alias = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(index)
    stage = Stage(name=alias, index=index, base=base or "?", line=command.start_line)
    parent = by_name.get((base or "").lower())
    env: dict[str, str | None] = dict(parent.env) if parent is not None else {}
    state = _StageState(stage=stage, env=env)
    if parent is not None:
        state.deferred.update(parent.deferred)
        state.needs.add(parent.stage.name.lower())
        state.workdir = parent.workdir
    elif base is None and words:
        # 'FROM binary-$TARGETOS': the platform picks one of the stages before it (diun's
        # binary-unix or binary-windows); all that the name may be count.
        guess = expand_glob(words[0], global_args, escape).lower()
        if guess.strip("*"):
            state.needs.update(name for name, known in by_name.items() if not name.isdigit()
                               and fnmatch.fnmatchcase(name, guess))
        state.workdir = None
    elif (base or "").lower() != "scratch":
        state.workdir = None  # an image's own WORKDIR is not known here
    return state


def _set_workdir(command: buildkit_parser.Command, state: _StageState, escape: str) -> None:
    words = list(command.value)
    value = expand(words[0], state.env, escape) if len(words) == 1 else None
    state.workdir = _in_image(value, state.workdir)


def _in_image(path: str | None, workdir: str | None) -> str | None:
    """``path`` as an absolute path in the image, relative ones against ``workdir``."""
    if not path:
        return None
    if path.startswith("/"):
        return posixpath.normpath(path).replace("//", "/")
    if workdir is None:
        return None
    return posixpath.normpath(posixpath.join(workdir, path)).replace("//", "/")


def _declare_args(
    words: Iterable[str],
    scope: dict[str, str | None],
    global_args: Mapping[str, str | None],
    escape: str,
    deferred: dict[str, tuple[str, bool]] | None = None,
    global_deferred: Mapping[str, tuple[str, bool]] | None = None,
) -> None:
    """Declare ARGs in ``scope``; ``deferred`` (the scope's) gets the defaults that depend
    on a platform ARG (``$TARGETPLATFORM/netbird``; one that depends on another argument
    stays unknown: a build may pass anything), and a stage's bare ``ARG NAME`` takes the
    global one's."""
    for word in words:
        name, equals, default = word.partition("=")
        if deferred is not None:
            deferred.pop(name, None)
        if equals:
            scope[name] = expand(default, scope, escape)
            if scope[name] is None and deferred is not None and any(
                    platform in default for platform in _PLATFORM_ARGS):
                deferred[name] = (default, scope is global_args)
        elif scope is not global_args:
            scope[name] = global_args.get(name)
            if deferred is not None and name in (global_deferred or {}):
                deferred[name] = (global_deferred or {})[name]
        else:
            scope[name] = None


def _set_env(command: buildkit_parser.Command, env: dict[str, str | None], escape: str) -> None:
    words = list(command.value)
    pairs = zip(words[0::2], words[1::2], strict=False)
    for name, value in pairs:
        env[name] = expand(value, env, escape)


def _copy_sources(
    command: buildkit_parser.Command, name: str, state: _StageState, escape: str
) -> None:
    flags = command.flags
    from_stage = _flag(flags, "from")
    into = [] if from_stage else state.sources  # --from: a stage, an image, a named context
    if from_stage:
        state.needs.add(from_stage[-1].lower())
    words = list(command.value)[:-1]  # the last word is the destination
    heredocs = {f"<<{doc.name}" for doc in command.heredocs} | {
        f"<<-{doc.name}" for doc in command.heredocs
    }
    excludes = tuple(_flag(flags, "exclude"))
    parents = _has_flag(flags, "parents") and "false" not in _flag(flags, "parents")
    for word in words:
        if word in heredocs or word.startswith("<<"):
            continue
        value = _known(expand(word, state.env, escape))  # COPY and ADD expand both forms
        globs = [_known(glob) for glob in expand_globs(word, state.env, escape, state.deferred)]
        unset = None if value is not None else _known(expand(word, state.env, escape, True))
        globs += [unset] if unset else []  # what it reads when the build passes no argument
        # A URL stays one when a build argument fills part of it (ADD
        # https://github.com/.../v$VERSION/agent.jar): nothing of the context.
        if name == "ADD" and _REMOTE.search(value if value is not None else globs[0] or word):
            continue
        shapes = platform_shapes(word, state.env, escape, state.deferred) if value is None \
            else ()
        path = _context_path(value)
        for glob in dict.fromkeys(_context_path(glob) or "*" for glob in globs):
            for shape in spanning(glob) if parents else (glob,):
                into.append(Source(
                    path=shape if path is not None and shape != glob else path,
                    instruction=name,
                    line=command.start_line,
                    text=word, stage=state.stage.name, excludes=excludes, pattern=shape,
                    shapes=shapes, spans=glob if shape != glob else "",
                ))
    if from_stage:
        state.elsewhere.extend((from_stage[-1].lower(), source) for source in into)


def _mount_sources(command: buildkit_parser.Command, state: _StageState, escape: str) -> None:
    binds: list[tuple[str, str]] = []  # (context path, where it is mounted)
    covers: list[tuple[str, str]] = []  # (where a stage or image is mounted, its name)
    for spec in _flag(command.flags, "mount"):
        fields = _mount_fields(spec)
        if fields.get("type", "bind") != "bind":
            continue
        # Without a target, a bind mount goes to the working directory (real BuildKit).
        raw_target = next((fields[k] for k in ("target", "dst", "destination") if k in fields),
                          None)
        target = _in_image(
            expand(raw_target, state.env, escape) if raw_target else state.workdir,
            state.workdir,
        )
        if "from" in fields:
            state.needs.add(fields["from"].lower())
            if target is not None:
                covers.append((target, fields["from"]))
            raw = fields.get("source", fields.get("src", "."))
            path = _context_path(_known(expand(raw, state.env, escape)))
            read = Source(path, "RUN --mount", command.start_line, raw, state.stage.name)
            state.elsewhere.append((fields["from"].lower(), read._replace(pattern=path or "*")))
            continue
        raw = fields.get("source", fields.get("src", "."))
        path = _context_path(_known(expand(raw, state.env, escape)))
        if path is not None and target is not None:
            binds.append((path, target))
        shapes = platform_shapes(raw, state.env, escape, state.deferred) if path is None \
            else ()
        for glob in dict.fromkeys(_context_path(_known(glob)) or "*"
                                  for glob in expand_globs(raw, state.env, escape,
                                                           state.deferred)):
            state.sources.append(
                Source(
                    path=path,
                    instruction="RUN --mount",
                    line=command.start_line,
                    text=raw,
                    stage=state.stage.name,
                    pattern=glob,
                    shapes=shapes,
                )
            )
    for where, mounted in covers:
        for path, at in binds:
            inside = posixpath.relpath(where, at)
            if inside == "." or inside.startswith(".."):
                continue  # the whole bind covered, or elsewhere: nothing of the context below
            covered = inside if path == "." else f"{path}/{inside}"
            state.overlays.append(Overlay(covered, command.start_line, mounted))


def _needed(target: _StageState, by_name: Mapping[str, _StageState]) -> Iterator[_StageState]:
    """The target and every stage it depends on (through FROM, COPY --from, --mount from=)."""
    seen: set[int] = set()
    stack = [target]
    while stack:
        state = stack.pop()
        if state.stage.index in seen:
            continue
        seen.add(state.stage.index)
        yield state
        for name in state.needs:
            dependency = by_name.get(name)
            if dependency is not None and dependency.stage.index < state.stage.index:
                stack.append(dependency)
