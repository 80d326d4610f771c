"""Patterns as tokens: git's meaning of a pattern, and re-basing it on a subdirectory."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ignoregen.plan.gitignore.parse import GitRule


class TokenKind(enum.Enum):
    """What one token of a pattern matches (not to be confused with the walk's ``Kind`` of
    entry in ``ignoregen.engine.records``)."""

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
    """One piece of a gitignore glob."""
    kind: TokenKind
    char: str = ""
    negated: bool = False
    ranges: tuple[tuple[str, str], ...] = ()
    """For classes: inclusive character ranges, without ``/``."""

    def accepts(self, char: str) -> bool:
        """Does this token match exactly the one character ``char``?"""
        if self.kind is TokenKind.LIT:
            return char == self.char
        if char == "/":
            return False
        if self.kind is TokenKind.ANY:
            return True
        if self.kind is TokenKind.CLASS:
            inside = any(lo <= char <= hi for lo, hi in self.ranges)
            return inside != self.negated
        raise ValueError(f"{self.kind} is not a one-character token")


Tokens = tuple[Token, ...]
SLASH = Token(TokenKind.LIT, "/")

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
        return Token(TokenKind.LIT, members[0][0]), i
    return Token(TokenKind.CLASS, negated=negated, ranges=members), i


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
            tokens.append(Token(TokenKind.LIT, pattern[i + 1]))
            i += 2
        elif char == "*":
            while i < n and pattern[i] == "*":
                i += 1
            tokens.append(Token(TokenKind.STAR))
        elif char == "?":
            tokens.append(Token(TokenKind.ANY))
            i += 1
        elif char == "[":
            token, i = _parse_class(pattern, i)
            tokens.append(token)
        else:
            tokens.append(Token(TokenKind.LIT, char))
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
    tokens = [Token(TokenKind.LIT, c) for c in pattern[:start]]
    i = start
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise NeverMatches("it ends in a lone backslash")
            tokens.append(Token(TokenKind.LIT, pattern[i + 1]))
            i += 2
        elif char == "?":
            tokens.append(Token(TokenKind.ANY))
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
                tokens.append(Token(TokenKind.DSTAR_END))
                i = end
            elif whole and pattern[end] == "/":
                tokens.append(Token(TokenKind.DSTAR_SLASH))
                i = end + 1
            elif whole and pattern.startswith("\\/", end):
                # "**" then an escaped slash: one or more components (no zero-length case)
                tokens += [Token(TokenKind.STAR), SLASH, Token(TokenKind.DSTAR_SLASH)]
                i = end + 2
            else:
                tokens.append(Token(TokenKind.STAR))
                i = end
        else:
            tokens.append(Token(TokenKind.LIT, char))
            i += 1
    return tokens


def _components(tokens: Sequence[Token]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token == SLASH:
            parts.append([])
        elif token.kind is TokenKind.DSTAR_SLASH:
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
        if all(token.kind is TokenKind.LIT for token in part) and "".join(
            token.char for token in part
        ) in (".", ".."):
            raise NeverMatches("it has a '.' or '..' path component")


@functools.lru_cache(maxsize=4096)
def tokens_regex(tokens: Tokens) -> re.Pattern[str]:
    """A regular expression that matches (with ``fullmatch``) exactly the paths ``tokens``
    match: each token as the character set it stands for, ``/`` never taken by ``?``,
    ``*`` or a class. Kept per tokens (the gitignore files of a run ask the same ones for
    many paths)."""
    out = []
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind is TokenKind.LIT:
            out.append(re.escape(token.char))
        elif kind is TokenKind.ANY:
            out.append("[^/]")
        elif kind is TokenKind.STAR:
            out.append("[^/]*")
        elif kind is TokenKind.CLASS:
            body = "".join(
                re.escape(lo) if lo == hi else f"{re.escape(lo)}-{re.escape(hi)}"
                for lo, hi in token.ranges
            )
            out.append(f"[^/{body}]" if token.negated else f"[{body}]" if body else "(?!)")
        elif kind is TokenKind.DSTAR_SLASH:
            out.append("(?:.*/)?")
        else:  # DSTAR_END: anything, but only as the last token
            out.append(".*" if index == len(tokens) - 1 else "(?!)")
    return re.compile("".join(out), re.DOTALL)


def literal_tokens(path: str) -> list[Token]:
    return [Token(TokenKind.LIT, char) for char in path]


def rule_tokens(rule: GitRule) -> Tokens:
    """What ``rule`` matches, as repository-relative tokens (``NeverMatches`` if nothing)."""
    return _tokens_of(rule.pattern, rule.anchored, rule.base)


NAME_MAX = 255
"""The most characters a file name has on any file system git runs on (ext4, XFS, ZFS and
btrfs count 255 bytes, APFS 255 characters, NTFS 255 UTF-16 units)."""
_FIXED_WIDTH = re.compile(r"\\.|\*+|\[")
"""In a component's text: an escape (one character), a run of stars (none), or a class."""


def _check_lengths(pattern: str) -> None:
    """Raise :class:`NeverMatches` when a component of ``pattern`` (slash-separated) needs
    more characters than any file name holds: such a line (a generated one, or a file that
    is not text at all) matches nothing, and is not taken apart character by character.
    A component with a class is left to the full reading."""
    for part in pattern.split("/"):
        if len(part) <= NAME_MAX or "[" in part:
            continue
        least = len(_FIXED_WIDTH.sub(lambda m: "" if m.group()[0] == "*" else "x", part))
        if least > NAME_MAX:
            raise NeverMatches(f"a path component needs {least:,} characters, more than "
                               f"any file name holds ({NAME_MAX})")


@functools.lru_cache(maxsize=8192)
def _tokens_of(pattern: str, anchored: bool, base: str) -> Tokens:
    """(Kept: the gitignore files of a run are read for each of its contexts.)"""
    if not pattern:
        raise NeverMatches("the pattern is empty")
    _check_lengths(pattern)
    prefix = [*literal_tokens(base), SLASH] if base else []
    if anchored:
        body = _path_tokens(pattern)
    else:
        body = [Token(TokenKind.DSTAR_SLASH), *_basename_tokens(pattern)]
    tokens = (*prefix, *body)
    _check_components(tokens)
    return tokens


# -- re-basing on a subdirectory -----------------------------------------------------------


def derive(tokens: Tokens, prefix: str) -> list[Tokens]:
    """Patterns for the paths ``x`` such that ``prefix + x`` matches ``tokens``.

    ``prefix`` ends with ``/``. The result is empty when nothing below the prefix can
    match; matches of the prefix directory itself are left out.
    """
    if _any_depth_name(tokens):
        return [tokens]  # the name is matched by the last component, which is below
    return _derived(tokens, prefix)


def _derived(tokens: Tokens, prefix: str) -> list[Tokens]:
    """:func:`derive`, the whole way: run the tokens over ``prefix``, then each state
    left is a pattern for what follows."""
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
            if kind is TokenKind.STAR:
                if char != "/":
                    following.add((index, False))
            elif kind is TokenKind.DSTAR_SLASH:
                following.add((index, True))
                if char == "/":
                    following.add((index + 1, False))
            elif kind is TokenKind.DSTAR_END:
                following.add((index, False))
            elif token.accepts(char):
                following.add((index + 1, False))
        if not following:
            return []  # the prefix already left the pattern (most anchored lines)
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


def _any_depth_name(tokens: Tokens) -> bool:
    """Is ``tokens`` ``**/`` then one component (an unanchored gitignore line at the root:
    ``target``, ``*.log``)? Below any directory, such a pattern means the same."""
    return bool(tokens) and tokens[0].kind is TokenKind.DSTAR_SLASH and all(
        token.kind not in (TokenKind.DSTAR_SLASH, TokenKind.DSTAR_END) and token != SLASH
        for token in tokens[1:]
    )


def _closure(tokens: Tokens, states: set[tuple[int, bool]]) -> set[tuple[int, bool]]:
    """Add the states reached without consuming a character (``*`` and ``**/`` can be empty)."""
    out = set(states)
    pending = [state for state in states if not state[1]]
    while pending:
        index, _ = pending.pop()
        if index < len(tokens) and tokens[index].kind in (TokenKind.STAR, TokenKind.DSTAR_SLASH):
            state = (index + 1, False)
            if state not in out:
                out.add(state)
                pending.append(state)
    return out
