"""Import a repository's ``.gitignore`` rules as ``.dockerignore`` rules, checked against real git.

Git and Docker read ignore patterns differently (``dockerignore-semantics.md`` §8):
a gitignore pattern without a slash matches at any depth, ``build/`` matches
directories only, ``[!a]`` negates, ``**`` glued to text is a plain ``*``, a
``.gitignore`` in a subdirectory is relative to that directory, and nothing can
be re-included inside a directory git ignores. Docker anchors every pattern at
the context root, ignores trailing slashes, lets a pattern that matches a
directory decide everything below it, and can re-include files anywhere.

The import works in three steps:

1. :func:`read_gitignores` finds the rule files git reads: ``.git/info/exclude``
   and every ``.gitignore`` of the work tree, except those inside directories
   git ignores (git never opens them) and inside nested repositories. The
   user's global excludes file is never read, so the result does not depend on
   the machine.
2. :func:`translate` rewrites each pattern into Docker's dialect so that it
   matches exactly the same paths (anchoring, ``**``, classes, escapes, trailing
   spaces), re-bases it on the build context, and then looks at the actual
   tree, asking real git what it ignores there. Where Docker's way of
   evaluating a rule list still differs from git's (a negation inside an
   ignored directory, a directory-only pattern that meets a file of that name,
   a rule inherited from a directory), the tree decides: a negation is dropped
   when that is exact, and otherwise the few paths concerned are pinned with
   exact-path rules at the end. Every such decision is reported as a
   :class:`Note`.
3. :func:`verify` compares, on the tree, what the translated rules exclude
   (ignoregen's Docker engine) with what ``git check-ignore`` reports.

**What "agree" means.** For every file, symlink or other non-directory: Docker
excludes it exactly when git ignores it. For every directory that git ignores
(its own pattern or an ancestor's): Docker excludes it too. A directory git
does not ignore is not constrained: git has no notion of directories, BuildKit
sends a directory anyway when anything below it is sent, and a directory whose
entries git all ignores may be sent empty or not at all.

**Tracked files.** Git never ignores a file that is in its index, whatever the
patterns say (``git check-ignore`` does not report it, and neither a directory
that holds one). By default (``keep_tracked=True``) the translation keeps such
files with exact-path exceptions, so that a build can still ``COPY`` what is
committed (``gradle-wrapper.jar`` under ``*.jar``). With ``keep_tracked=False``
the rules are translated as written, and verification uses
``git check-ignore --no-index``.

Git runs with ``core.excludesFile`` pointed at the null device,
``core.ignoreCase=false``, and without the global or system configuration.
Paths that contain a newline cannot be written in a ``.dockerignore``; they are
reported, not translated. The repository's ``.git`` is never compared (the
guards add it); nested repositories are compared as a whole.
"""

from __future__ import annotations

import enum
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import git

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_line
from ignoregen.engine.golang import GO_SPACE
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import IgnoregenError

GITIGNORE = ".gitignore"
GIT_CONFIG = (
    f"core.excludesFile={os.devnull}",
    "core.ignoreCase=false",
    "core.quotePath=false",
)
"""``-c`` settings for every git command: no global excludes, case-sensitive matching."""
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}
"""Environment for every git command: no global or system configuration."""
TRACKED_SOURCE = "<git index>"

# --------------------------------------------------------------------------------------------
# Running git


class GitError(IgnoregenError):
    """A git command failed (not a repository, a path git refuses, ...)."""


def open_repository(path: Path) -> git.Repo:
    """The git repository whose work tree contains ``path``."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise GitError(f"{path}: not inside a git work tree") from exc


def work_tree(repo: git.Repo) -> Path:
    if repo.working_tree_dir is None:
        raise GitError(f"{repo.git_dir}: a bare repository has no work tree")
    return Path(repo.working_tree_dir)


def run_git(repo: git.Repo, args: Sequence[str], data: bytes = b"") -> tuple[int, bytes]:
    """Run git in the work tree with the machine-independent settings; (status, stdout)."""
    command = ["git"]
    for setting in GIT_CONFIG:
        command += ["-c", setting]
    command += list(args)
    with tempfile.TemporaryFile() as stdin:
        stdin.write(data)
        stdin.seek(0)
        status, out, err = repo.git.execute(
            command,
            istream=stdin,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
            env=GIT_ENV,
        )
    if not isinstance(out, bytes):  # pragma: no cover - GitPython returns bytes here
        raise GitError("unexpected output from git")
    if status not in (0, 1):
        raise GitError(f"git {' '.join(args)} failed: {str(err).strip()}")
    return status, out


@dataclass(frozen=True)
class GitVerdict:
    """What ``git check-ignore -v`` says about one path."""

    ignored: bool
    source: str
    """The ignore file of the deciding pattern ("" when none matched)."""
    line: int
    pattern: str
    """The deciding pattern as written, with its ``!`` (a negation means "not ignored")."""


def check_ignore(repo: git.Repo, paths: Sequence[str], *, no_index: bool) -> dict[str, GitVerdict]:
    """``git check-ignore -v -n`` for repository-relative paths, in one process.

    With ``no_index`` the patterns decide even for tracked files; without it, tracked
    files and directories that hold them are never ignored (git's own view).
    """
    if not paths:
        return {}
    args = ["check-ignore", "--stdin", "-z", "-v", "-n"]
    if no_index:
        args.append("--no-index")
    data = b"".join(os.fsencode(path) + b"\0" for path in paths)
    _, out = run_git(repo, args, data)
    fields = out.split(b"\0")
    verdicts: dict[str, GitVerdict] = {}
    for i in range(0, len(fields) - 3, 4):
        source, line, pattern, path = (os.fsdecode(field) for field in fields[i : i + 4])
        matched = bool(source)
        verdicts[path] = GitVerdict(
            ignored=matched and not pattern.startswith("!"),
            source=source,
            line=int(line) if matched else 0,
            pattern=pattern,
        )
    missing = [path for path in paths if path not in verdicts]
    if missing:
        raise GitError(f"git check-ignore gave no answer for {missing[0]!r}")
    return verdicts


def tracked_files(repo: git.Repo) -> frozenset[str]:
    """Repository-relative paths in git's index."""
    _, out = run_git(repo, ["ls-files", "-z", "--cached"])
    return frozenset(os.fsdecode(path) for path in out.split(b"\0") if path)


# --------------------------------------------------------------------------------------------
# Reading .gitignore files


@dataclass(frozen=True)
class GitignoreLine:
    number: int
    """1-based."""
    text: str
    """Without the line ending (git drops one ``\\r`` before ``\\n``) or the BOM."""


@dataclass(frozen=True)
class GitignoreFile:
    """One file of gitignore rules."""

    repo_root: Path
    path: Path
    """Absolute path on disk."""
    source: str
    """The file as git names it in ``check-ignore -v`` (relative to the work tree)."""
    base: str
    """Repository-relative directory its patterns are relative to ("" for the root)."""
    lines: tuple[GitignoreLine, ...]

    def rules(self) -> list[GitRule]:
        """The file's patterns (comments and blank lines dropped)."""
        out = []
        for line in self.lines:
            rule = parse_gitignore_line(line.text, self.source, line.number, self.base)
            if rule is not None:
                out.append(rule)
        return out


def split_gitignore(data: bytes) -> tuple[GitignoreLine, ...]:
    """Split file bytes into lines the way git does (``\\n``, one ``\\r`` dropped, BOM skipped)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        lines.append(GitignoreLine(number, raw.decode("utf-8", "surrogateescape")))
    return tuple(lines)


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _gitignore_dirs(root: Path) -> list[str]:
    """Repository-relative directories holding a ``.gitignore`` (not inside nested repositories)."""
    found: list[str] = []
    stack = [""]
    while stack:
        relative = stack.pop()
        absolute = root / relative if relative else root
        try:
            with os.scandir(absolute) as iterator:
                entries = list(iterator)
        except OSError:
            continue
        names = {entry.name for entry in entries}
        if relative and ".git" in names:
            continue  # a nested repository: git does not read its ignore files
        if GITIGNORE in names and _is_regular_file(absolute / GITIGNORE):
            found.append(relative)
        for entry in entries:
            if entry.name != ".git" and entry.is_dir(follow_symlinks=False):
                stack.append(f"{relative}/{entry.name}" if relative else entry.name)
    return found


def _path_key(path: str) -> tuple[str, ...]:
    """Sort key that puts a directory before everything below it."""
    return tuple(path.split("/")) if path else ()


def read_gitignores(repo_root: Path) -> list[GitignoreFile]:
    """The gitignore files git reads in ``repo_root``'s work tree, lowest precedence first.

    ``.git/info/exclude`` comes first, then the root ``.gitignore``, then nested ones,
    each directory before its subdirectories. A ``.gitignore`` inside a directory git
    ignores is left out (git never reads it), and so is a symbolic link named
    ``.gitignore`` (git refuses to follow it).
    """
    repo = open_repository(repo_root)
    root = work_tree(repo)
    files: list[GitignoreFile] = []
    exclude = Path(repo.common_dir) / "info" / "exclude"
    if _is_regular_file(exclude):
        source = os.path.relpath(exclude, root)
        files.append(
            GitignoreFile(root, exclude, source, "", split_gitignore(exclude.read_bytes()))
        )
    dirs = sorted(_gitignore_dirs(root), key=_path_key)
    verdicts = check_ignore(repo, [d for d in dirs if d], no_index=True)
    for directory in dirs:
        if directory and verdicts[directory].ignored:
            continue
        path = root / directory / GITIGNORE if directory else root / GITIGNORE
        source = f"{directory}/{GITIGNORE}" if directory else GITIGNORE
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise GitError(f"{source}: cannot read: {exc.strerror or exc}") from None
        files.append(GitignoreFile(root, path, source, directory, split_gitignore(data)))
    return files


# --------------------------------------------------------------------------------------------
# Git's patterns


@dataclass(frozen=True)
class GitRule:
    """One gitignore pattern, parsed as git parses it (``dir.c``)."""

    source: str
    line: int
    text: str
    """The line as written."""
    base: str
    """Repository-relative directory of its file ("" for the root)."""
    pattern: str
    """What git matches: without the ``!``, the trailing spaces and the trailing ``/``."""
    negative: bool
    dir_only: bool
    """The pattern ended in ``/``: it matches directories only."""
    anchored: bool
    """It has a ``/`` (other than a trailing one): relative to ``base``. Otherwise it
    matches the last path component at any depth below ``base``."""

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}"


def _trim_trailing_spaces(text: str) -> str:
    """Git's ``trim_trailing_spaces``: drop unescaped trailing spaces (only spaces)."""
    last_space = -1
    i = 0
    while i < len(text):
        char = text[i]
        if char == " ":
            if last_space < 0:
                last_space = i
        elif char == "\\":
            i += 1
            if i >= len(text):
                return text
            last_space = -1
        else:
            last_space = -1
        i += 1
    return text[:last_space] if last_space >= 0 else text


def parse_gitignore_line(text: str, source: str, line: int, base: str) -> GitRule | None:
    """Parse one line; ``None`` for comments and blank lines."""
    if not text or text.startswith("#"):
        return None
    trimmed = _trim_trailing_spaces(text)
    if not trimmed:
        return None
    negative = trimmed.startswith("!")
    pattern = trimmed[1:] if negative else trimmed
    dir_only = pattern.endswith("/")
    if dir_only:
        pattern = pattern[:-1]
    return GitRule(
        source=source,
        line=line,
        text=text,
        base=base,
        pattern=pattern,
        negative=negative,
        dir_only=dir_only,
        anchored="/" in pattern,
    )


# --------------------------------------------------------------------------------------------
# Patterns as tokens: git's meaning, Docker's spelling


class Kind(enum.Enum):
    LIT = "lit"
    """One literal character (``/`` included)."""
    ANY = "any"
    """One character other than ``/``."""
    STAR = "star"
    """Any run of characters without ``/``."""
    CLASS = "class"
    """One character of a set; never ``/``."""
    DSTAR_SLASH = "dstar/"
    """Zero or more whole path components, each with its ``/``: ``(.*/)?``."""
    DSTAR_END = "dstar"
    """Anything, ``/`` included, at the end of the pattern: ``.*``."""


@dataclass(frozen=True)
class Token:
    kind: Kind
    char: str = ""
    negated: bool = False
    ranges: tuple[tuple[str, str], ...] = ()
    """For classes: inclusive character ranges, without ``/``."""

    def accepts(self, char: str) -> bool:
        """Does this token match exactly the one character ``char``?"""
        if self.kind is Kind.LIT:
            return char == self.char
        if char == "/":
            return False
        if self.kind is Kind.ANY:
            return True
        if self.kind is Kind.CLASS:
            inside = any(lo <= char <= hi for lo, hi in self.ranges)
            return inside != self.negated
        raise ValueError(f"{self.kind} is not a one-character token")


Tokens = tuple[Token, ...]
SLASH = Token(Kind.LIT, "/")

_POSIX_CLASSES: dict[str, tuple[tuple[str, str], ...]] = {
    # git's own ctype table (ASCII only; its "space" has no \v or \f)
    "alnum": (("0", "9"), ("A", "Z"), ("a", "z")),
    "alpha": (("A", "Z"), ("a", "z")),
    "blank": (("\t", "\t"), (" ", " ")),
    "cntrl": (("\x00", "\x1f"), ("\x7f", "\x7f")),
    "digit": (("0", "9"),),
    "graph": (("!", "~"),),
    "lower": (("a", "z"),),
    "print": ((" ", "~"),),
    "punct": (("!", "/"), (":", "@"), ("[", "`"), ("{", "~")),
    "space": (("\t", "\n"), ("\r", "\r"), (" ", " ")),
    "upper": (("A", "Z"),),
    "xdigit": (("0", "9"), ("A", "F"), ("a", "f")),
}


class NeverMatches(Exception):
    """A git pattern that can match no path at all (so dropping it is exact)."""


def _normalise_ranges(ranges: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Sorted, merged, non-empty ranges, with ``/`` and newline taken out."""
    spans: list[tuple[int, int]] = []
    for lo, hi in ranges:
        start, end = ord(lo), ord(hi)
        if start > end:
            continue
        for cut in (ord("\n"), ord("/")):
            if start <= cut <= end:
                if start < cut:
                    spans.append((start, cut - 1))
                start = cut + 1
        if start <= end:
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple((chr(start), chr(end)) for start, end in merged)


def _parse_class(pattern: str, i: int) -> tuple[Token, int]:
    """Wildmatch's ``[...]`` starting at ``pattern[i] == "["``: the token and the index after it."""
    n = len(pattern)
    i += 1
    negated = i < n and pattern[i] in "!^"
    if negated:
        i += 1
    ranges: list[tuple[str, str]] = []
    previous: str | None = None
    first = True
    while True:
        if i >= n:
            raise NeverMatches("an unterminated [ class")
        char = pattern[i]
        if char == "]" and not first:
            i += 1
            break
        first = False
        if char == "\\":
            i += 1
            if i >= n:
                raise NeverMatches("an unterminated [ class")
            ranges.append((pattern[i], pattern[i]))
            previous = pattern[i]
            i += 1
        elif char == "-" and previous is not None and i + 1 < n and pattern[i + 1] != "]":
            i += 1
            high = pattern[i]
            if high == "\\":
                i += 1
                if i >= n:
                    raise NeverMatches("an unterminated [ class")
                high = pattern[i]
            ranges.append((previous, high))
            previous = None
            i += 1
        elif char == "[" and i + 1 < n and pattern[i + 1] == ":":
            end = i + 2
            while end < n and pattern[end] != "]":
                end += 1
            if end >= n:
                raise NeverMatches("an unterminated [ class")
            if end - (i + 2) - 1 < 0 or pattern[end - 1] != ":":
                ranges.append(("[", "["))  # not a [:name:]: a literal "["
                previous = "["
                i += 1
                continue
            name = pattern[i + 2 : end - 1]
            if name not in _POSIX_CLASSES:
                raise NeverMatches(f"an unknown class [:{name}:]")
            ranges.extend(_POSIX_CLASSES[name])
            previous = None
            i = end + 1
        else:
            ranges.append((char, char))
            previous = char
            i += 1
    members = _normalise_ranges(ranges)
    if not members and not negated:
        raise NeverMatches("a [ class that matches no character")
    if not negated and len(members) == 1 and members[0][0] == members[0][1]:
        return Token(Kind.LIT, members[0][0]), i
    return Token(Kind.CLASS, negated=negated, ranges=members), i


def _basename_tokens(pattern: str) -> list[Token]:
    """A slash-free pattern, matched against the last component (no ``**`` magic)."""
    tokens: list[Token] = []
    i = 0
    n = len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise NeverMatches("it ends in a lone backslash")
            tokens.append(Token(Kind.LIT, pattern[i + 1]))
            i += 2
        elif char == "*":
            while i < n and pattern[i] == "*":
                i += 1
            tokens.append(Token(Kind.STAR))
        elif char == "?":
            tokens.append(Token(Kind.ANY))
            i += 1
        elif char == "[":
            token, i = _parse_class(pattern, i)
            tokens.append(token)
        else:
            tokens.append(Token(Kind.LIT, char))
            i += 1
    return tokens


def _path_tokens(pattern: str) -> list[Token]:
    """A pattern with a slash, as git's ``match_pathname`` reads it.

    Git compares the text before the first wildcard literally and hands the rest to
    wildmatch, which takes a ``**`` at the start of that rest as a whole component:
    so ``a**/b`` matches ``ab`` and ``ax/y/b``, and ``a/b**`` matches ``a/b`` and
    ``a/bx/y``.
    """
    if pattern.startswith("/"):
        pattern = pattern[1:]
    n = len(pattern)
    start = next((i for i, c in enumerate(pattern) if c in "*?[\\"), n)
    tokens = [Token(Kind.LIT, c) for c in pattern[:start]]
    i = start
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise NeverMatches("it ends in a lone backslash")
            tokens.append(Token(Kind.LIT, pattern[i + 1]))
            i += 2
        elif char == "?":
            tokens.append(Token(Kind.ANY))
            i += 1
        elif char == "[":
            token, i = _parse_class(pattern, i)
            tokens.append(token)
        elif char == "*":
            end = i
            while end < n and pattern[end] == "*":
                end += 1
            whole = end - i >= 2 and (i == start or pattern[i - 1] == "/")
            if whole and end == n:
                tokens.append(Token(Kind.DSTAR_END))
                i = end
            elif whole and pattern[end] == "/":
                tokens.append(Token(Kind.DSTAR_SLASH))
                i = end + 1
            elif whole and pattern.startswith("\\/", end):
                # "**" then an escaped slash: one or more components (no zero-length case)
                tokens += [Token(Kind.STAR), SLASH, Token(Kind.DSTAR_SLASH)]
                i = end + 2
            else:
                tokens.append(Token(Kind.STAR))
                i = end
        else:
            tokens.append(Token(Kind.LIT, char))
            i += 1
    return tokens


def _components(tokens: Sequence[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token == SLASH:
            parts.append([])
        elif token.kind is Kind.DSTAR_SLASH:
            parts[-1].append(token)
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _check_components(tokens: Sequence[Token]) -> None:
    """Paths have no empty, ``.`` or ``..`` components, so such a pattern matches nothing."""
    for part in _components(tokens):
        if not part:
            raise NeverMatches("it has an empty path component")
        if all(token.kind is Kind.LIT for token in part) and "".join(
            token.char for token in part
        ) in (".", ".."):
            raise NeverMatches("it has a '.' or '..' path component")


def literal_tokens(path: str) -> list[Token]:
    return [Token(Kind.LIT, char) for char in path]


def rule_tokens(rule: GitRule) -> Tokens:
    """What ``rule`` matches, as repository-relative tokens (``NeverMatches`` if nothing)."""
    if not rule.pattern:
        raise NeverMatches("the pattern is empty")
    prefix = [*literal_tokens(rule.base), SLASH] if rule.base else []
    if rule.anchored:
        body = _path_tokens(rule.pattern)
    else:
        body = [Token(Kind.DSTAR_SLASH), *_basename_tokens(rule.pattern)]
    tokens = (*prefix, *body)
    _check_components(tokens)
    return tokens


# -- re-basing on a subdirectory -----------------------------------------------------------


def derive(tokens: Tokens, prefix: str) -> list[Tokens]:
    """Patterns for the paths ``x`` such that ``prefix + x`` matches ``tokens``.

    ``prefix`` ends with ``/``. The result is empty when nothing below the prefix can
    match; matches of the prefix directory itself are left out.
    """
    states: set[tuple[int, bool]] = {(0, False)}  # (token index, inside a "**/")
    for char in prefix:
        following: set[tuple[int, bool]] = set()
        for index, inside in _closure(tokens, states):
            if inside:
                following.add((index, True))
                if char == "/":
                    following.add((index + 1, False))
                continue
            if index >= len(tokens):
                continue
            token = tokens[index]
            kind = token.kind
            if kind is Kind.STAR:
                if char != "/":
                    following.add((index, False))
            elif kind is Kind.DSTAR_SLASH:
                following.add((index, True))
                if char == "/":
                    following.add((index + 1, False))
            elif kind is Kind.DSTAR_END:
                following.add((index, False))
            elif token.accepts(char):
                following.add((index + 1, False))
        states = following
    results: list[Tokens] = []
    covered = {index + 1 for index, inside in states if inside}
    for index, inside in sorted(states):
        if inside:
            rest = tokens[index:]  # "**/" then the rest also covers the state just after it
        elif index in covered:
            continue
        else:
            rest = tokens[index:]
        if rest and rest not in results:
            results.append(rest)
    return results


def _closure(tokens: Tokens, states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
    """Add the states reached without consuming a character (``*`` and ``**/`` can be empty)."""
    out = set(states)
    pending = [state for state in states if not state[1]]
    while pending:
        index, _ = pending.pop()
        if index < len(tokens) and tokens[index].kind in (Kind.STAR, Kind.DSTAR_SLASH):
            state = (index + 1, False)
            if state not in out:
                out.add(state)
                pending.append(state)
    return out


# -- Docker's spelling -----------------------------------------------------------------------

_DOCKER_SPECIAL = frozenset("*?[]\\^")
_CLASS_SPECIAL = frozenset("\\]-^[*?")


class Unrepresentable(Exception):
    """Text that no ``.dockerignore`` line can hold (a newline)."""


def _class_char(char: str) -> str:
    return "\\" + char if char in _CLASS_SPECIAL else char


def _render_class(token: Token) -> str:
    members = []
    for lo, hi in token.ranges:
        if lo == hi:
            members.append(_class_char(lo))
        elif ord(hi) == ord(lo) + 1:
            members.append(_class_char(lo) + _class_char(hi))
        else:
            members.append(_class_char(lo) + "-" + _class_char(hi))
    if token.negated:
        members.append("/")  # Docker's [^x] would match a slash; git's never does
        return "[^" + "".join(members) + "]"
    return "[" + "".join(members) + "]"


def render(tokens: Sequence[Token], exception: bool) -> str:
    """The ``.dockerignore`` line for a token pattern (with ``!`` for an exception)."""
    parts: list[str] = []
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind is Kind.LIT:
            char = token.char
            if char == "\n":
                raise Unrepresentable("a newline")
            edge = (index == 0 and char in GO_SPACE + "#!") or (index == last and char in GO_SPACE)
            if edge:
                parts.append("[" + _class_char(char) + "]")  # Docker trims, comments, negates
            elif char in _DOCKER_SPECIAL:
                parts.append("\\" + char)
            else:
                parts.append(char)
        elif kind is Kind.ANY:
            parts.append("?")
        elif kind is Kind.STAR:
            parts.append("*")
        elif kind is Kind.CLASS:
            parts.append(_render_class(token))
        elif kind is Kind.DSTAR_SLASH:
            parts.append("**/")
        else:
            parts.append("**")
    return ("!" if exception else "") + "".join(parts)


def docker_literal(path: str, exception: bool = False) -> str:
    """A ``.dockerignore`` line matching exactly ``path`` (and, through it, what is below)."""
    return render(literal_tokens(path), exception)


def translate_rule(rule: GitRule, context: str = "") -> list[str]:
    """The Docker pattern texts (relative to ``context``) for one rule, ignoring dir-only.

    Raises :class:`NeverMatches` for a pattern that matches nothing in git. An empty
    list means that the rule cannot match anything below ``context``.
    """
    tokens = rule_tokens(rule)
    variants = derive(tokens, context + "/") if context else [tokens]
    return [render(variant, rule.negative) for variant in variants]


# --------------------------------------------------------------------------------------------
# The translation


class LineKind(str, enum.Enum):
    TRANSLATED = "translated"
    """A gitignore rule in Docker's dialect."""
    PINNED = "pinned"
    """An exact path, where Docker's evaluation differs from git's on this tree."""
    TRACKED = "tracked"
    """A file git tracks although a rule matches it."""
    CONTEXT = "context"
    """Git ignores the whole build context."""


@dataclass(frozen=True)
class DockerLine:
    """One line of the translated ``.dockerignore``."""

    text: str
    kind: LineKind
    origin: GitRule | None
    """The gitignore rule it comes from (or that it corrects)."""

    @property
    def location(self) -> str:
        return self.origin.location if self.origin is not None else TRACKED_SOURCE

    def rule(self) -> Rule:
        """The line as ignoregen's Docker engine reads it, pointing at the gitignore rule."""
        source = self.origin.source if self.origin is not None else TRACKED_SOURCE
        line = self.origin.line if self.origin is not None else 0
        parsed = parse_line(self.text, source, line)
        if parsed is None:  # pragma: no cover - render() never writes comments or blanks
            raise IgnoreFileError(source, line, f"translated to a non-rule {self.text!r}")
        return parsed


class NoteKind(str, enum.Enum):
    NEVER_MATCHES = "never-matches"
    """The pattern matches nothing in git (bad class, lone backslash, empty or '.' component):
    dropped, which is exact."""
    NEGATION_DROPPED = "negation-dropped"
    """A negation left out: it cannot re-include anything git ignores, or on this tree it
    only re-included directories, which Docker looks into anyway."""
    NEGATION_UNDER_IGNORED_DIR = "negation-under-ignored-dir"
    """Git cannot re-include a path inside an ignored directory; Docker would: the directory's
    contents are excluded again by a pinned ``dir/**``."""
    INHERITED = "inherited"
    """Docker applies a rule that matched a directory to everything below it, where git
    judges each path on its own (after a negation re-included the directory): pinned."""
    DIR_ONLY = "dir-only"
    """A directory-only pattern (``build/``) met a file of that name, which Docker's pattern
    also matches: the file is pinned."""
    CONTEXT_IGNORED = "context-ignored"
    """Git ignores the build context directory itself (or one of its parents)."""
    TRACKED = "tracked"
    """Files git tracks although a rule matches them, kept with exceptions."""
    UNREPRESENTABLE = "unrepresentable"
    """A path no ``.dockerignore`` line can name (it contains a newline)."""
    UNEXPLAINED = "unexplained"
    """A difference none of the above explains (a translation bug): pinned anyway."""


PINNED_KINDS = frozenset(
    {
        NoteKind.NEGATION_UNDER_IGNORED_DIR,
        NoteKind.INHERITED,
        NoteKind.DIR_ONLY,
        NoteKind.UNEXPLAINED,
    }
)


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    location: str
    """The gitignore rule concerned (``file:line``), or "" when none."""
    message: str
    paths: tuple[str, ...] = ()
    """Context-relative paths concerned on this tree; for pins, the pinned paths (a pinned
    ``dir/**`` is named by ``dir``)."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class Translation:
    repo_root: Path
    context: str
    """The build context, relative to the repository root ("" for the root)."""
    lines: tuple[DockerLine, ...]
    notes: tuple[Note, ...]
    keep_tracked: bool

    def rules(self) -> tuple[Rule, ...]:
        return tuple(line.rule() for line in self.lines)

    def text(self, comments: bool = True) -> str:
        """The ``.dockerignore`` text; with ``comments``, each group says where it came from."""
        out: list[str] = []
        previous: tuple[str, LineKind] | None = None
        for line in self.lines:
            group = (line.location, line.kind)
            if comments and group != previous:
                written = line.origin.text if line.origin is not None else ""
                label = {
                    LineKind.TRANSLATED: f"# {line.location}: {written}",
                    LineKind.PINNED: f"# pinned on this tree for {line.location}",
                    LineKind.TRACKED: "# tracked by git",
                    LineKind.CONTEXT: f"# {line.location}: git ignores the whole context",
                }[line.kind]
                out.append(label.replace("\n", " ").replace("\r", " "))
            previous = group
            out.append(line.text)
        return "".join(f"{line}\n" for line in out)


@dataclass(frozen=True)
class Entry:
    path: str
    """Relative to the context."""
    is_dir: bool


def walk_context(context: Path) -> list[Entry]:
    """Every entry below ``context`` a parent before its children, without ``.git``.

    Symbolic links are leaves; a nested repository is one entry (git does not look inside).
    """
    entries: list[Entry] = []
    stack = [""]
    while stack:
        relative = stack.pop()
        absolute = context / relative if relative else context
        try:
            with os.scandir(absolute) as iterator:
                children = sorted(iterator, key=lambda entry: entry.name, reverse=True)
        except OSError:
            continue
        if relative and any(child.name == ".git" for child in children):
            continue
        for child in children:
            if child.name == ".git":
                continue
            path = f"{relative}/{child.name}" if relative else child.name
            is_dir = child.is_dir(follow_symlinks=False)
            entries.append(Entry(path, is_dir))
            if is_dir:
                stack.append(path)
    entries.sort(key=lambda entry: _path_key(entry.path))
    return entries


@dataclass(frozen=True)
class _Decision:
    excluded: bool
    rule: int
    inherited: bool


def docker_decisions(rules: Sequence[Rule], entries: Sequence[Entry]) -> dict[str, _Decision]:
    """The BuildKit walker's decision for every entry (entries in parent-first order)."""
    matcher = Matcher(rules)
    vectors = {"": 0}
    out: dict[str, _Decision] = {}
    for entry in entries:
        parent = entry.path.rpartition("/")[0]
        excluded, vector, rule, inherited = matcher.step(
            entry.path, vectors[parent], matcher.all_mask
        )
        if entry.is_dir:
            vectors[entry.path] = vector
        out[entry.path] = _Decision(excluded, rule, inherited)
    return out


def _differs(entry: Entry, git_ignored: bool, docker_excluded: bool) -> bool:
    if entry.is_dir:
        return git_ignored and not docker_excluded
    return git_ignored != docker_excluded


def _relative_context(root: Path, context_dir: Path) -> str:
    try:
        relative = Path(os.path.abspath(context_dir)).relative_to(os.path.abspath(root))
    except ValueError:
        raise GitError(f"{context_dir}: not inside the work tree {root}") from None
    return relative.as_posix() if relative.parts else ""


@dataclass
class _Tree:
    """What translation and verification know about the context on disk."""

    root: Path
    context: str
    entries: list[Entry]
    verdicts: dict[str, GitVerdict]
    """By context-relative path."""
    ignored_above: GitVerdict | None
    """The verdict for the context directory or a parent of it, when git ignores it."""
    probes: list[Entry] = field(default_factory=list)
    """Imaginary plain files, one in each directory: what a file added later would meet."""
    probe_verdicts: dict[str, GitVerdict] = field(default_factory=dict)

    def repo_path(self, path: str) -> str:
        return f"{self.context}/{path}" if self.context else path

    def ignored_ancestor(self, path: str) -> str | None:
        """The top-most directory above ``path`` that git ignores."""
        parts = path.split("/")
        for depth in range(1, len(parts)):
            ancestor = "/".join(parts[:depth])
            if self.verdicts[ancestor].ignored:
                return ancestor
        return None


PROBE = "ignoregen-probe"


def _scan(
    repo: git.Repo, root: Path, context_dir: Path, *, no_index: bool, probes: bool = False
) -> _Tree:
    context = _relative_context(root, context_dir)
    entries = walk_context(root / context if context else root)
    parents = []
    if context:
        parts = context.split("/")
        parents = ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
    prefix = context + "/" if context else ""
    probe_entries: list[Entry] = []
    if probes:
        existing = {entry.path for entry in entries}
        base = root / context if context else root
        for entry in entries:
            probe = f"{entry.path}/{PROBE}"
            nested = os.path.lexists(base / entry.path / ".git")  # git won't look inside
            if entry.is_dir and probe not in existing and not nested:
                probe_entries.append(Entry(probe, False))
    asked = parents + [prefix + entry.path for entry in entries + probe_entries]
    answers = check_ignore(repo, asked, no_index=no_index)
    above = next((answers[p] for p in parents if answers[p].ignored), None)
    verdicts = {entry.path: answers[prefix + entry.path] for entry in entries}
    probe_verdicts = {entry.path: answers[prefix + entry.path] for entry in probe_entries}
    return _Tree(root, context, entries, verdicts, above, probe_entries, probe_verdicts)


@dataclass
class _Candidate:
    """One translated line while the translation is being built."""

    line: DockerLine
    rule: Rule
    active: bool = True


def translate(
    files: Sequence[GitignoreFile], context_dir: Path, *, keep_tracked: bool = True
) -> Translation:
    """Translate ``files`` (from :func:`read_gitignores`) for the build context ``context_dir``.

    The result is exact on the tree as it is now (see the module docstring for what
    "exact" means); the notes say where that needed more than rewriting patterns.
    """
    repo = open_repository(context_dir)
    root = work_tree(repo)
    for file in files:
        if os.path.abspath(file.repo_root) != os.path.abspath(root):
            raise GitError(f"{file.path}: not a file of the repository at {root}")
    tree = _scan(repo, root, context_dir, no_index=True, probes=True)
    tracked = tracked_files(repo) if keep_tracked else frozenset()
    rules = [rule for file in files for rule in file.rules()]
    by_location = {(os.path.normpath(rule.source), rule.line): rule for rule in rules}
    notes: list[Note] = []
    if tree.ignored_above is not None:
        verdict = tree.ignored_above
        origin = by_location.get((os.path.normpath(verdict.source), verdict.line))
        lines = [DockerLine("**", LineKind.CONTEXT, origin)]
        notes.append(
            Note(
                NoteKind.CONTEXT_IGNORED,
                origin.location if origin is not None else f"{verdict.source}:{verdict.line}",
                f"git ignores the build context itself ({verdict.pattern!r}): "
                "everything is excluded",
            )
        )
    else:
        candidates = _translate_rules(rules, tree.context, notes)
        _drop_dead_negations(candidates, tree, notes)
        dropped = _choose_negations(candidates, tree, notes)
        lines = [candidate.line for candidate in candidates if candidate.active]
        lines += _pins(candidates, tree, dropped, notes)
    lines += _keep_tracked(lines, tree, tracked, notes)
    return Translation(root, tree.context, tuple(lines), tuple(notes), keep_tracked)


def _translate_rules(rules: Sequence[GitRule], context: str, notes: list[Note]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for rule in rules:
        try:
            texts = translate_rule(rule, context)
        except NeverMatches as exc:
            notes.append(
                Note(
                    NoteKind.NEVER_MATCHES,
                    rule.location,
                    f"{rule.text!r} matches nothing in git: {exc}; dropped",
                )
            )
            continue
        for text in texts:
            line = DockerLine(text, LineKind.TRANSLATED, rule)
            candidates.append(_Candidate(line, line.rule()))
    return candidates


def _literal_dirs(rule: GitRule) -> list[str]:
    """Repository-relative directories every match of an anchored rule lies below."""
    tokens = rule_tokens(rule)
    literal = ""
    dirs = []
    for token in tokens:
        if token.kind is not Kind.LIT:
            break
        if token == SLASH:
            dirs.append(literal)
        literal += token.char
    base_depth = len(rule.base.split("/")) if rule.base else 0
    return dirs[base_depth:]


def _drop_dead_negations(candidates: list[_Candidate], tree: _Tree, notes: list[Note]) -> None:
    """Drop negations whose every match lies inside a directory git ignores (recipe step 7)."""
    prefix = tree.context + "/" if tree.context else ""
    seen: set[GitRule] = set()
    for candidate in candidates:
        rule = candidate.line.origin
        if rule is None or not rule.negative or not rule.anchored or rule in seen:
            continue
        seen.add(rule)
        for directory in _literal_dirs(rule):
            if not directory.startswith(prefix):
                continue
            verdict = tree.verdicts.get(directory[len(prefix) :])
            if verdict is not None and verdict.ignored:
                for other in candidates:
                    if other.line.origin == rule:
                        other.active = False
                notes.append(
                    Note(
                        NoteKind.NEGATION_DROPPED,
                        rule.location,
                        f"{rule.text!r} is dropped: git cannot re-include anything inside "
                        f"the ignored directory {directory!r} (Docker would)",
                        (directory[len(prefix) :],),
                    )
                )
                break


def _cost(candidates: Sequence[_Candidate], tree: _Tree) -> tuple[int, int]:
    """Paths where Docker and git disagree: real entries first, then the probes."""
    entries = sorted(tree.entries + tree.probes, key=lambda entry: _path_key(entry.path))
    decisions = docker_decisions([c.rule for c in candidates if c.active], entries)
    verdicts = {**tree.verdicts, **tree.probe_verdicts}
    real = probes = 0
    for entry in entries:
        if _differs(entry, verdicts[entry.path].ignored, decisions[entry.path].excluded):
            if entry.path in tree.verdicts:
                real += 1
            else:
                probes += 1
    return real, probes


def _choose_negations(
    candidates: list[_Candidate], tree: _Tree, notes: list[Note]
) -> dict[tuple[str, int], GitRule]:
    """Keep or drop each negation that matches a directory, whichever is exact on more paths.

    In git a negation that matches a directory only lets git look inside it; in Docker it
    also re-includes everything below. Dropping it is often the faithful choice. On a tie,
    an imaginary plain file in each directory decides (the file someone adds next), and on
    a further tie the negation stays. Returns the dropped rules by (file, line).
    """
    dropped: dict[tuple[str, int], GitRule] = {}
    directories = [entry.path for entry in tree.entries if entry.is_dir]
    groups: dict[GitRule, list[_Candidate]] = {}
    for candidate in candidates:
        rule = candidate.line.origin
        if rule is not None and rule.negative and candidate.active:
            groups.setdefault(rule, []).append(candidate)
    for rule, group in groups.items():
        matcher = Matcher([c.rule for c in group])
        if not any(p.match(path) for p in matcher.patterns for path in directories):
            continue
        keep = _cost(candidates, tree)
        for candidate in group:
            candidate.active = False
        drop = _cost(candidates, tree)
        if drop < keep:
            notes.append(
                Note(
                    NoteKind.NEGATION_DROPPED,
                    rule.location,
                    f"{rule.text!r} is dropped: in Docker it would re-include the whole of "
                    "the directories it matches, which git only looks into",
                )
            )
            dropped[(os.path.normpath(rule.source), rule.line)] = rule
        else:
            for candidate in group:
                candidate.active = True
    return dropped


def _pins(
    candidates: Sequence[_Candidate],
    tree: _Tree,
    dropped: Mapping[tuple[str, int], GitRule],
    notes: list[Note],
) -> list[DockerLine]:
    """Exact-path rules for the paths where Docker's evaluation still differs from git's.

    Entries come parent first. A pin only affects its own path and what lies below it, so
    the decisions computed before pinning stay valid for every path not below a pinned
    directory. A path git ignores because a directory above it is ignored is fixed for the
    whole directory at once (``dir/**``).
    """
    active = [c for c in candidates if c.active]
    decisions = docker_decisions([c.rule for c in active], tree.entries)
    pins: list[DockerLine] = []
    fixed: list[str] = []
    grouped: dict[tuple[NoteKind, GitRule | None], list[str]] = {}
    for entry in tree.entries:
        path = entry.path
        if any(path.startswith(directory + "/") for directory in fixed):
            continue
        verdict = tree.verdicts[path]
        decision = decisions[path]
        if not _differs(entry, verdict.ignored, decision.excluded):
            continue
        decider = active[decision.rule].line if decision.rule >= 0 else None
        origin = decider.origin if decider is not None else None
        ancestor = tree.ignored_ancestor(path) if verdict.ignored else None
        try:
            if ancestor is not None:
                tokens = [*literal_tokens(ancestor), SLASH, Token(Kind.DSTAR_END)]
                text = render(tokens, exception=False)
            else:
                text = docker_literal(path, exception=not verdict.ignored)
        except Unrepresentable:
            notes.append(
                Note(
                    NoteKind.UNREPRESENTABLE,
                    origin.location if origin is not None else "",
                    f"{path!r} cannot be named in a .dockerignore line: Docker "
                    f"{'excludes' if decision.excluded else 'sends'} it, git "
                    f"{'ignores' if verdict.ignored else 'keeps'} it",
                    (path,),
                )
            )
            continue
        if ancestor is not None:
            fixed.append(ancestor)
        elif entry.is_dir:
            fixed.append(path)
        pins.append(DockerLine(text, LineKind.PINNED, origin))
        kind, concerned = _classify(entry, tree, decision, decider, dropped)
        grouped.setdefault((kind, concerned), []).append(ancestor or path)
    for (kind, origin), paths in grouped.items():
        location = origin.location if origin is not None else ""
        notes.append(Note(kind, location, _PIN_MESSAGES[kind], tuple(paths)))
    return pins


_PIN_MESSAGES = {
    NoteKind.NEGATION_UNDER_IGNORED_DIR: (
        "git cannot re-include anything inside these ignored directories; Docker would, "
        "so their contents are excluded again (dir/**)"
    ),
    NoteKind.INHERITED: (
        "Docker applies this rule to everything below the directory it matched, while git "
        "judges these paths on their own; pinned"
    ),
    NoteKind.DIR_ONLY: (
        "this directory-only pattern does not match files in git, but Docker's pattern "
        "does; these files are pinned"
    ),
    NoteKind.UNEXPLAINED: "Docker and git disagree here for no known reason; pinned",
}


def _classify(
    entry: Entry,
    tree: _Tree,
    decision: _Decision,
    decider: DockerLine | None,
    dropped: Mapping[tuple[str, int], GitRule],
) -> tuple[NoteKind, GitRule | None]:
    """Why Docker's decision differs from git's at ``entry`` (a documented gap, or a bug),
    and the gitignore rule concerned."""
    origin = decider.origin if decider is not None else None
    exception = decider is not None and decider.text.startswith("!")
    verdict = tree.verdicts[entry.path]
    if verdict.ignored and tree.ignored_ancestor(entry.path) is not None:
        kind = NoteKind.NEGATION_UNDER_IGNORED_DIR if exception else NoteKind.UNEXPLAINED
        return kind, origin
    negation = dropped.get((os.path.normpath(verdict.source), verdict.line))
    if not verdict.ignored and negation is not None:
        # git keeps it by a negation that was dropped because, in Docker, it would also
        # re-include the whole of the directories it matches
        return NoteKind.INHERITED, negation
    if decider is None or origin is None:
        return NoteKind.UNEXPLAINED, origin
    if decision.inherited:
        return NoteKind.INHERITED, origin
    if origin.dir_only and not entry.is_dir:
        return NoteKind.DIR_ONLY, origin
    return NoteKind.UNEXPLAINED, origin


def _keep_tracked(
    lines: Sequence[DockerLine], tree: _Tree, tracked: frozenset[str], notes: list[Note]
) -> list[DockerLine]:
    """Exceptions for tracked files that the rules exclude (git never ignores them)."""
    if not tracked:
        return []
    decisions = docker_decisions([line.rule() for line in lines], tree.entries)
    kept: list[DockerLine] = []
    paths: list[str] = []
    for entry in tree.entries:
        if entry.is_dir or tree.repo_path(entry.path) not in tracked:
            continue
        if not decisions[entry.path].excluded:
            continue
        try:
            kept.append(DockerLine(docker_literal(entry.path, True), LineKind.TRACKED, None))
        except Unrepresentable:
            notes.append(
                Note(
                    NoteKind.UNREPRESENTABLE,
                    "",
                    f"tracked {entry.path!r} cannot be named in a .dockerignore line",
                    (entry.path,),
                )
            )
            continue
        paths.append(entry.path)
    if paths:
        notes.append(
            Note(
                NoteKind.TRACKED,
                "",
                "git tracks these files although a rule matches them; kept",
                tuple(paths),
            )
        )
    return kept


# --------------------------------------------------------------------------------------------
# Verification


@dataclass(frozen=True)
class Difference:
    path: str
    """Relative to the context."""
    is_dir: bool
    git_ignored: bool
    docker_excluded: bool
    git_rule: str
    """``file:line:pattern`` of git's deciding pattern, or ""."""
    docker_rule: str
    """``file:line`` of the deciding translated rule, or ""."""

    def __str__(self) -> str:
        git_says = "ignores" if self.git_ignored else "keeps"
        docker_says = "excludes" if self.docker_excluded else "sends"
        kind = "directory" if self.is_dir else "file"
        return (
            f"{self.path} ({kind}): git {git_says} it ({self.git_rule or 'no pattern'}), "
            f"Docker {docker_says} it ({self.docker_rule or 'no rule'})"
        )


@dataclass(frozen=True)
class Verification:
    context: Path
    checked: int
    """Entries compared."""
    differences: tuple[Difference, ...]

    @property
    def ok(self) -> bool:
        return not self.differences


def verify(translation: Translation, context_dir: Path) -> Verification:
    """Compare the translation with real git on the tree below ``context_dir``."""
    repo = open_repository(context_dir)
    root = work_tree(repo)
    tree = _scan(repo, root, context_dir, no_index=not translation.keep_tracked)
    if tree.context != translation.context:
        raise GitError(
            f"{context_dir}: the translation was made for the context "
            f"{translation.context or '.'!r}"
        )
    rules = translation.rules()
    decisions = docker_decisions(rules, tree.entries)
    differences = []
    for entry in tree.entries:
        verdict = tree.verdicts[entry.path]
        decision = decisions[entry.path]
        if not _differs(entry, verdict.ignored, decision.excluded):
            continue
        git_rule = f"{verdict.source}:{verdict.line}:{verdict.pattern}" if verdict.source else ""
        docker_rule = rules[decision.rule].location if decision.rule >= 0 else ""
        differences.append(
            Difference(
                entry.path, entry.is_dir, verdict.ignored, decision.excluded, git_rule, docker_rule
            )
        )
    return Verification(Path(context_dir), len(tree.entries), tuple(differences))
