"""What Buildah reads (and so Podman, which builds with it): its ignore files, its reader
and its matcher, modelled on Buildah 1.28 as Debian 12 ships it (containers/storage 1.43,
openshift/imagebuilder 1.2.3) and checked against that engine.

**Which file.** ``--ignorefile PATH`` (relative to the working directory) and nothing
else, when given. Otherwise, beside the build file, ``<file>.dockerignore`` and then
``<file>.containerignore`` (since 1.28; a relative ``-f`` is taken relative to the
*context*, not the working directory, for this lookup only); then the context's
``.containerignore``, then its ``.dockerignore``. A root file that is missing (or a
dangling link) passes to the next; one that cannot be read (a directory) fails the build.
Since 1.29 the root names are resolved inside the context, so a link cannot lead out.

**Reading** (imagebuilder's ``ParseIgnore``, then ``fileutils.NewPatternMatcher``): lines
are split on ``\\n`` only; a line that is empty or starts with ``#`` is dropped; *every*
``/`` is trimmed from both ends of the raw line (before white space is trimmed, so
``/a/`` is ``a`` but `` /a`` keeps its slash and matches nothing); then white space is
trimmed (a ``\\r`` with it) and the rest cleaned (``filepath.Clean``). A leading ``!``
makes an exception; its rest is cleaned again and loses one leading ``/``, but is not
trimmed (``! a`` re-includes `` a``). There is no BOM handling and no line limit.
``filepath.Match`` rejects the same syntax errors as in Docker.

**Matching** (``Pattern.compile`` and the deprecated ``Matches``): each pattern becomes
the Go regular expression ``^`` + translation + ``(/.*)?$``, so it matches a path or
anything below it; ``*`` is ``[^/]*``, ``?`` is ``[^/]``, ``**`` (with an optional ``/``
after it) is ``(.*/)?``, or ``.*`` at the end; only ``.`` and ``$`` are escaped, so
``+ ( ) | { } ^`` keep their regex meaning (``a+b`` matches ``aab``); there are no
shortcuts (``**.txt`` matches only names that are ``.txt``). A BOM at the start of a
pattern is skipped (Go's ``text/scanner``). Every pattern is tested on every path and
the last one that matches decides. A pattern whose expression does not compile fails the
build on the first entry tested.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen import fileio
from ignoregen.engine.dockerignore import IgnoreFileError, Rule, display_path
from ignoregen.engine.golang import BadPattern, check_match_syntax, clean, trim_space
from ignoregen.engine.matcher import Decision, Step
from ignoregen.engine.re2 import compile_go
from ignoregen.engine.setup import CONTAINERIGNORE as CONTAINERIGNORE
from ignoregen.engine.setup import DOCKERIGNORE, Builder, BuildSetup, SetupError
from ignoregen.errors import IgnoregenError

BUILD_FILE_NAMES = ("Containerfile", "Dockerfile")
"""What ``buildah build`` looks for in the context without ``-f``, in this order."""
BOM = "\ufeff"
_REGEX_STOP = frozenset("*?[]\\^(){}|+")


@dataclass(frozen=True, order=True)
class BuildahVersion:
    """The Buildah whose rules are modelled (what ``buildah --version`` says)."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> BuildahVersion:
        """``1.28``, ``1.28.2`` or ``v1.33.0``; raises ValueError for anything else."""
        match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+~].*)?", text.strip())
        if match is None:
            raise ValueError(f"{text!r} is not a Buildah version (examples: 1.28, 1.33.0)")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def reads_build_file_ignore(self) -> bool:
        """``<Containerfile>.containerignore`` and ``.dockerignore`` beside the build file
        (containers/buildah 1.28.0, "build: honor <Containerfile>.containerignore")."""
        return self >= BuildahVersion(1, 28)

    @property
    def contains_root_links(self) -> bool:
        """Root ignore files resolved inside the context (1.29.0: "parse: default ignorefile
        must not point to symlink outside context")."""
        return self >= BuildahVersion(1, 29)


DEFAULT_VERSION = BuildahVersion(1, 28)
"""The verified model: Buildah 1.28.2, Debian 12's (and Podman 4.3's) Buildah."""


# -- which file ----------------------------------------------------------------------------------


def _go_stat_ok(path: Path) -> bool:
    """``os.Stat(path)`` succeeds (links followed)."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _missing(path: Path) -> bool:
    """Reading ``path`` fails with ``ErrNotExist`` (missing, or a dangling link)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def secure_join(root: Path, name: str) -> Path:
    """``securejoin.SecureJoin(root, name)``: ``name`` with every link resolved as if
    ``root`` were ``/``, so that the result stays inside ``root``."""
    parts = [part for part in name.split("/") if part]
    resolved: list[str] = []
    links = 0
    while parts:
        part = parts.pop(0)
        if part == ".":
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        candidate = root.joinpath(*resolved, part)
        if not candidate.is_symlink():
            resolved.append(part)
            continue
        links += 1
        if links > 255:
            raise SetupError(f"{display_path(candidate)}: too many levels of symbolic links")
        target = os.readlink(candidate)
        if target.startswith("/"):
            resolved = []
        parts = [p for p in target.split("/") if p] + parts
    return root.joinpath(*resolved)


def buildah_setup(
    context: Path,
    dockerfile: Path | None = None,
    ignorefile: Path | None = None,
    version: BuildahVersion = DEFAULT_VERSION,
) -> BuildSetup:
    """The build file and ignore file of ``buildah build [-f FILE] [--ignorefile PATH]
    CONTEXT``, run from the current directory.

    ``dockerfile`` is as given on the command line: Buildah reads it relative to the working
    directory (else relative to the context), but looks for the ignore file beside it
    relative to the context.
    """
    if not context.is_dir():
        raise SetupError(f"{context}: not a directory (the build context must be a directory)")
    context = Path(os.path.abspath(context))
    real_context = Path(os.path.realpath(context))
    build_file: Path | None = None
    lookup: Path | None = None
    if dockerfile is not None:
        raw = str(dockerfile)
        build_file = Path(os.path.abspath(raw))
        if not _go_stat_ok(build_file):
            build_file = Path(os.path.normpath(os.path.join(context, raw)))
        if not build_file.is_file():
            raise SetupError(f"{raw}: Containerfile not found")
        lookup = Path(raw) if os.path.isabs(raw) else Path(os.path.normpath(real_context / raw))
    else:
        for name in BUILD_FILE_NAMES:
            candidate = context / name
            if _go_stat_ok(candidate):
                if not candidate.is_file():
                    raise SetupError(
                        f"{display_path(candidate)}: not a file; Buildah fails ('assumed "
                        "Containerfile is not a file')"
                    )
                build_file = lookup = candidate
                break
    if ignorefile is not None:
        return BuildSetup(context, Builder.BUILDAH, build_file, Path(os.path.abspath(ignorefile)))
    if lookup is not None and version.reads_build_file_ignore:
        own = None
        for suffix in (CONTAINERIGNORE, DOCKERIGNORE):  # .dockerignore wins: it is looked at last
            candidate = lookup.with_name(lookup.name + suffix)
            if _go_stat_ok(candidate):
                own = candidate
        if own is not None:
            return BuildSetup(context, Builder.BUILDAH, build_file, own)
    for name in (CONTAINERIGNORE, DOCKERIGNORE):
        path = secure_join(real_context, name) if version.contains_root_links else context / name
        if not _missing(path):
            return BuildSetup(context, Builder.BUILDAH, build_file, path)
    return BuildSetup(context, Builder.BUILDAH, build_file, None)


def load_buildah_rules(setup: BuildSetup) -> tuple[Rule, ...]:
    """Read the ignore file of a Buildah setup (none: no rules); links are followed."""
    if setup.ignore_file is None:
        return ()
    return read_buildah_file(setup.ignore_file)


def read_buildah_file(path: Path, source: str | None = None) -> tuple[Rule, ...]:
    """Read an ignore file the way Buildah does (``os.ReadFile``, links followed)."""
    shown = source if source is not None else display_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise IgnoreFileError(shown, None, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise IgnoreFileError(shown, None, "is a directory, not a file; Buildah fails the build")
    if stat.S_ISFIFO(mode):
        raise IgnoreFileError(
            shown, None, "is a named pipe: Buildah waits for a writer, and the build hangs"
        )
    try:
        data = fileio.read_bytes(path)
    except OSError as exc:
        raise IgnoreFileError(shown, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_buildah_bytes(data, shown)


# -- reading -------------------------------------------------------------------------------------


def buildah_lines(data: bytes) -> list[tuple[int, str]]:
    """Numbered lines as ``ParseIgnore`` splits them: on ``\\n`` only, nothing dropped."""
    text = data.decode("utf-8", "surrogateescape")
    return list(enumerate(text.split("\n"), start=1))


def read_buildah_line(text: str) -> str | None:
    """What ``ParseIgnore`` keeps of one line (None: dropped), before the matcher reads it."""
    if not text or text.startswith("#"):
        return None
    kept = text.strip("/")
    return kept or None


def parse_buildah_line(text: str, source: str = "<pattern>", line: int = 1) -> Rule | None:
    """One line as Buildah reads it, or None when it holds no pattern. Raises
    :class:`IgnoreFileError` for a line Buildah rejects (the build fails)."""
    kept = read_buildah_line(text)
    if kept is None:
        return None
    pattern = trim_space(kept)
    if not pattern:
        return None
    pattern = clean(pattern)
    exception = pattern.startswith("!")
    if exception:
        if len(pattern) == 1:
            raise IgnoreFileError(
                source, line,
                f'illegal exclusion pattern "!" in {text.strip()!r}: Buildah fails the build',
            )
        pattern = clean(pattern[1:]).removeprefix("/")
    try:
        check_match_syntax(pattern)
    except BadPattern as exc:
        raise IgnoreFileError(
            source, line,
            f"syntax error in pattern {text.strip()!r} ({exc}); Buildah fails the build",
        ) from None
    return Rule(pattern=pattern, exception=exception, source=source, line=line, text=text)


def parse_buildah_bytes(data: bytes, source: str) -> tuple[Rule, ...]:
    rules = (parse_buildah_line(text, source, number) for number, text in buildah_lines(data))
    return tuple(rule for rule in rules if rule is not None)


# -- matching ------------------------------------------------------------------------------------


def go_regex(pattern: str) -> str:
    """The Go expression containers/storage builds for a cleaned pattern."""
    if pattern.startswith(BOM):
        pattern = pattern[1:]  # text/scanner drops a BOM at the start of its input
    out = ["^"]
    i = 0
    n = len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if "\udc80" <= char <= "\udcff":
            char = "\ufffd"  # text/scanner reads an invalid byte as utf8.RuneError
        if char == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(".*" if i >= n else "(.*/)?")
            else:
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char in ".$":
            out.append("\\" + char)
        elif char == "\\":
            if i >= n:
                raise BadPattern("trailing backslash")
            escaped = pattern[i]
            out.append("\\" + ("\ufffd" if "\udc80" <= escaped <= "\udcff" else escaped))
            i += 1
        else:
            out.append(char)
    out.append("(/.*)?$")
    return "".join(out)


def regex_prefix(pattern: str) -> str | None:
    """Text every path the pattern matches starts with ("" when unknown), or None when
    the pattern can match anywhere (a ``|`` outside brackets may drop the anchor)."""
    if "|" in pattern:
        return None
    pattern = pattern.removeprefix(BOM)
    for i, char in enumerate(pattern):
        if "\udc80" <= char <= "\udcff" or char == "\ufffd":
            return pattern[:i]  # the expression matches any invalid byte here
        if char in _REGEX_STOP:
            # A repetition applies to the character before it: it may not be there.
            return pattern[: i - 1] if char in "+{" and i else pattern[:i]
    return pattern


class BuildahPatternError(IgnoregenError):
    """A pattern whose expression does not compile: Buildah fails on the first entry."""

    def __init__(self, rule: Rule, reason: str) -> None:
        self.rule = rule
        self.reason = reason
        super().__init__(
            f"{rule.location}: syntax error in pattern {rule.text.strip()!r}: {reason}; "
            "Buildah fails the build when it tests the first entry of the context"
        )

    def __reduce__(self) -> tuple[type[BuildahPatternError], tuple[Rule, str]]:
        return (BuildahPatternError, (self.rule, self.reason))


class BuildahPattern:
    """One compiled rule: its Go expression as a Python regex (``search``)."""

    __slots__ = ("error", "prefix", "regex", "rule", "source")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.regex: re.Pattern[str] | None = None
        self.error: str | None = None
        self.source = ""
        self.prefix = regex_prefix(rule.pattern)
        try:
            self.source = go_regex(rule.pattern)
            self.regex = compile_go(self.source)
        except BadPattern as exc:
            self.error = str(exc)

    def match(self, path: str) -> bool:
        """Does the pattern's expression match ``path`` (which then includes below it)?"""
        if self.regex is None:
            raise BuildahPatternError(self.rule, self.error or "invalid pattern")
        return self.regex.search(path) is not None

    def can_match_below(self, directory: str) -> bool:
        """Could it match some path below ``directory``? (Conservative.)"""
        prefix = self.prefix
        if prefix is None or self.regex is None:
            return True
        head = directory + "/"
        return prefix.startswith(head) or head.startswith(prefix)


class BuildahMatcher:
    """A rule list as Buildah evaluates it: the last pattern that matches decides."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.patterns = tuple(BuildahPattern(rule) for rule in self.rules)
        self.has_exceptions = any(rule.exception for rule in self.rules)
        self.all_mask = (1 << len(self.rules)) - 1
        self.monotone = not any("\\z" in rule.pattern for rule in self.rules)
        """A pattern that matches a path matches everything below it, unless a name holds
        a newline (``.`` stops there) or a pattern ends the text with ``\\z``."""
        self._combined: dict[int, re.Pattern[str]] = {}

    @property
    def broken(self) -> BuildahPattern | None:
        """The first pattern whose expression does not compile (Buildah fails on it)."""
        return next((pattern for pattern in self.patterns if pattern.regex is None), None)

    def last_match(self, path: str, floor: int, candidates: int) -> int:
        """The last pattern matching ``path`` among ``candidates`` (a mask) above index
        ``floor``, or ``floor`` when none does (its parent's decider still matches it)."""
        mask = candidates & ~((1 << (floor + 1)) - 1)
        if not mask:
            return floor
        combined = self._combined.get(mask)
        if combined is None:
            sources = [
                f"(?:{self.patterns[i].regex.pattern})"  # type: ignore[union-attr]
                for i in range(len(self.patterns))
                if mask >> i & 1
            ]
            combined = self._combined[mask] = re.compile("|".join(sources), re.ASCII)
        if combined.search(path) is None:
            return floor
        index = mask.bit_length() - 1
        while index > floor:
            if mask >> index & 1 and self.patterns[index].match(path):
                return index
            index -= 1
        return floor  # pragma: no cover - the combined test said one matches

    def live_below(self, directory: str, live: int) -> int:
        """Of the patterns in ``live``, those that could match a path below ``directory``."""
        out = 0
        remaining = live
        while remaining:
            low = remaining & -remaining
            remaining ^= low
            if self.patterns[low.bit_length() - 1].can_match_below(directory):
                out |= low
        return out

    def excluded(self, index: int) -> bool:
        return index >= 0 and not self.rules[index].exception

    def chain(self, path: str) -> list[Step]:
        """The decision for ``path`` and each of its ancestors, root first. A step's vector
        has bit *i* set when pattern *i* matches that path (so also everything below)."""
        parts = path.split("/")
        steps: list[Step] = []
        parent_vector = 0
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            vector = 0
            for i, pattern in enumerate(self.patterns):
                if pattern.match(prefix):
                    vector |= 1 << i
            rule = vector.bit_length() - 1
            inherited = rule >= 0 and bool(parent_vector >> rule & 1)
            steps.append(Step(prefix, self.excluded(rule), vector, rule, inherited))
            parent_vector = vector
        return steps

    def decide(self, path: str) -> Decision:
        last = self.chain(path)[-1]
        rule = self.rules[last.rule] if last.rule >= 0 else None
        return Decision(last.excluded, rule, last.inherited)


_RUNE_ERROR = dict.fromkeys(range(0xDC80, 0xDD00), "\ufffd")
"""A byte that is not UTF-8 (a surrogate escape here), as the exception's text holds it."""


def buildah_reaches(rules: Sequence[Rule], directory: str) -> bool:
    """Buildah's test for looking inside an excluded directory: some exception's text,
    with a ``/`` after it, starts with the directory's path (a plain string test, so
    ``!abc/x`` opens ``ab`` too, and wildcards open nothing). In that text a byte that is
    not UTF-8 has become U+FFFD, while the path keeps the byte: ``!\xff/sub`` opens no
    excluded directory ``\xff`` (Buildah 1.28, found by the differential tests)."""
    head = directory.strip("/")
    return any(
        rule.exception and (rule.pattern.strip("/").translate(_RUNE_ERROR) + "/").startswith(head)
        for rule in rules
    )


def buildah_sends(rules: Sequence[Rule], path: str) -> bool:
    """Does Buildah send ``path`` (whatever it is)? Not when it is excluded, nor when an
    excluded directory above it is not searched."""
    steps = BuildahMatcher(rules).chain(path)
    if steps[-1].excluded:
        return False
    return not any(step.excluded and not buildah_reaches(rules, step.path) for step in steps)


def is_socket(path: str) -> bool:
    try:
        return stat.S_ISSOCK(os.lstat(path).st_mode)
    except OSError:
        return False


def installed_version(command: str = "buildah") -> BuildahVersion:
    """The version ``buildah --version`` reports; raises ValueError when it cannot run."""
    import subprocess

    try:
        proc = subprocess.run(
            [command, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ValueError(f"cannot run '{command} --version': {exc}") from None
    match = re.search(r"version\s+(\S+)", proc.stdout)
    if proc.returncode != 0 or match is None:
        raise ValueError(f"'{command} --version' did not say its version: {proc.stdout.strip()!r}")
    return BuildahVersion.parse(match.group(1))
