"""Read ``.dockerignore`` files exactly as Docker does, keeping where every rule came from.

Docker's reader (``ignorefile.ReadAll`` followed by ``patternmatcher.New``):

1. split on ``\\n`` only, dropping one ``\\r`` at the end of each line; a line of
   64 KiB or more fails the build;
2. drop a UTF-8 BOM at the start of line 1;
3. a line is a comment only when ``#`` is its very first character;
4. trim Go white space, drop blank lines;
5. a leading ``!`` marks an exception; the rest is trimmed again;
6. ``filepath.Clean`` the rest, then remove one leading ``/``;
7. clean again with the ``!`` in front, and split the ``!`` off (so ``/!foo`` is an
   exception, and ``!/`` is a lone ``!``, which is an error);
8. reject what ``filepath.Match`` rejects.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ignoregen import fileio
from ignoregen.engine.golang import BadPattern, check_match_syntax, clean, trim_space
from ignoregen.errors import IgnoregenError

MAX_LINE_BYTES = 64 * 1024
BOM = "\ufeff"


@dataclass(frozen=True)
class Rule:
    """One pattern of an ignore file, with where it came from."""

    pattern: str
    """The cleaned pattern, without its ``!``."""
    exception: bool
    source: str
    """The ignore file as shown to users (relative to the working directory when possible)."""
    line: int
    """1-based line number in ``source``."""
    text: str
    """The line as written (without its line ending)."""

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}"

    def __str__(self) -> str:
        return ("!" if self.exception else "") + self.pattern


class IgnoreFileError(IgnoregenError):
    """An ignore file that Docker would refuse; the build would fail."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {message}")


_REPLACEMENT = dict.fromkeys(range(56448, 56576), "�")


def split_lines(
    data: bytes, source: str, *, replace_invalid: bool = False
) -> list[tuple[int, str]]:
    """Split file bytes into numbered lines the way Go's ``bufio.Scanner`` does.

    Bytes that are not UTF-8 survive as surrogate escapes, so a pattern can still
    name a file whose name is not UTF-8 (Go compares bytes). With ``replace_invalid``
    each such byte becomes U+FFFD, as it does on its way from the client to BuildKit.
    """
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(raw_lines, start=1):
        if len(raw) >= MAX_LINE_BYTES:
            raise IgnoreFileError(
                source,
                number,
                f"line is {len(raw):,} bytes long; Docker fails on lines of 65,536 bytes or more "
                "('bufio.Scanner: token too long')",
            )
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        text = raw.decode("utf-8", "surrogateescape")
        lines.append((number, text.translate(_REPLACEMENT) if replace_invalid else text))
    return lines


def parse_line(text: str, source: str = "<pattern>", line: int = 1) -> Rule | None:
    """Turn one line into a rule, or ``None`` for comments and blank lines.

    Raises :class:`IgnoreFileError` for lines Docker rejects.
    """
    read = _read_all(text)
    if read is None:
        return None
    # patternmatcher.New
    pattern = clean(trim_space(read))
    exception = pattern.startswith("!")
    if exception:
        if len(pattern) == 1:
            raise IgnoreFileError(
                source,
                line,
                f'illegal exclusion pattern "!" in {text.strip()!r}: '
                "an exception needs a path after the '!'",
            )
        pattern = pattern[1:]
    try:
        check_match_syntax(pattern)
    except BadPattern as exc:
        raise IgnoreFileError(
            source,
            line,
            f"syntax error in pattern {text.strip()!r} ({exc}); Docker fails the build",
        ) from None
    return Rule(pattern=pattern, exception=exception, source=source, line=line, text=text)


def _read_all(text: str) -> str | None:
    """What ``ignorefile.ReadAll`` makes of one line (None for comments and blank lines):
    the pattern the client sends, before ``patternmatcher.New`` trims and cleans it again."""
    if text.startswith("#"):
        return None
    stripped = trim_space(text)
    if not stripped:
        return None
    invert = stripped.startswith("!")
    rest = trim_space(stripped[1:]) if invert else stripped
    if rest:
        rest = clean(rest)
        if len(rest) > 1 and rest.startswith("/"):
            rest = rest[1:]
    return "!" + rest if invert else rest


def parse_text(lines: Iterable[tuple[int, str]], source: str) -> tuple[Rule, ...]:
    """Parse numbered lines; the first line may start with a BOM."""
    rules: list[Rule] = []
    for number, text in lines:
        if number == 1 and text.startswith(BOM):
            text = text[1:]
        rule = parse_line(text, source, number)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def parse_bytes(data: bytes, source: str, *, buildkit: bool = False) -> tuple[Rule, ...]:
    """Parse the bytes of an ignore file (``buildkit``: as BuildKit receives the patterns)."""
    rules = parse_text(split_lines(data, source, replace_invalid=buildkit), source)
    if buildkit:
        for rule, message in header_unsafe(rules):
            raise IgnoreFileError(rule.source, rule.line, message)
    return rules


def header_unsafe(rules: Iterable[Rule]) -> list[tuple[Rule, str]]:
    """The rules that make BuildKit fail the build, each with the reason.

    BuildKit sends the patterns, as ``ReadAll`` leaves them, as values of a gRPC header,
    which must be printable. They go as they are when every pattern is ASCII; when any one
    is not, the client percent-encodes all of them, and then a control character passes
    too. ``ReadAll`` trims only the ends of a line, so a tab right after a leading ``/`` is
    still there; ``patternmatcher.New`` trims it later."""
    sent = [(rule, _read_all(rule.text) or "") for rule in rules]
    if not all(text.isascii() for _, text in sent):
        return []
    return [
        (rule, f"pattern {text!r} holds a control character: BuildKit fails the build "
               "('non-printable ASCII characters' in the exclude-patterns header)")
        for rule, text in sent
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)
    ]


def display_path(path: Path) -> str:
    """A path as users should see it in messages: relative to the working directory if inside."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - different drives on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def read_file(path: Path, source: str | None = None, *, buildkit: bool = False) -> tuple[Rule, ...]:
    """Read and parse an ignore file; I/O problems become :class:`IgnoreFileError`."""
    shown = source if source is not None else display_path(path)
    try:
        data = fileio.read_bytes(path)
    except OSError as exc:
        raise IgnoreFileError(shown, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, shown, buildkit=buildkit)
