"""Go's regular expressions (``regexp``, RE2 syntax with Perl flags), as Python regexes.

The Docker matcher only ever compiles expressions it wrote itself, with the user's
``( ) | + { }`` escaped (see :func:`ignoregen.engine.golang.compile_re2`). Buildah's
matcher (containers/storage ``fileutils``) escapes only ``.`` and ``$``, so a pattern's
parentheses group, ``|`` alternates, ``+`` and ``{n,m}`` repeat, and Go's parser decides
which expressions are errors. This module follows that parser where Python's differs:

* ``{`` starts a repetition only as ``{n}``, ``{n,}`` or ``{n,m}`` (no leading zeros);
  anything else is a literal ``{`` (Python reads ``{,2}`` as a repetition);
* a repetition of nothing (at the start, after ``(`` or ``|``) is an error, but a
  repetition of ``^`` is not (Python rejects it);
* two repetition operators in a row are an error (``a++`` is possessive in Python), except
  for the ``?`` that makes one lazy;
* counts above 1000, and nested counts whose product is above 1000, are errors;
* ``$`` is the end of the text (Python's also matches before a final newline).

Escapes, classes and literals go through :mod:`ignoregen.engine.golang`, which refuses
the RE2 escapes it does not translate (``\\x``, ``\\p``, ``\\Q``, octal).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from ignoregen.engine.golang import (
    BadPattern,
    UnsupportedRegex,
    _escape,
    _literal,
    _translate_class,
)

MAX_REPEAT = 1000


@dataclass
class _Atom:
    """A piece of a translated regular expression."""
    text: str
    factor: int = 1
    """The largest product of nested counted repetitions inside (Go's repeatIsValid)."""


@dataclass
class _Frame:
    """One open group: its finished alternatives and the one being read."""

    alternatives: list[list[_Atom]] = field(default_factory=list)
    current: list[_Atom] = field(default_factory=list)

    def close(self) -> _Atom:
        alternatives = [*self.alternatives, self.current]
        text = "|".join("".join(atom.text for atom in alt) for alt in alternatives)
        factor = max((atom.factor for alt in alternatives for atom in alt), default=1)
        return _Atom(text, factor)


def _parse_int(source: str, pos: int) -> tuple[int, int] | None:
    """Go's ``parseInt``: (value, next position), value -1 when too big; None when there
    is no number or it has a leading zero."""
    end = pos
    while end < len(source) and "0" <= source[end] <= "9":
        end += 1
    if end == pos or (end - pos >= 2 and source[pos] == "0"):
        return None
    digits = source[pos:end]
    return (-1 if len(digits) > 8 else int(digits)), end


def _parse_repeat(source: str, pos: int) -> tuple[int, int, int] | None:
    """Go's ``parseRepeat`` at ``source[pos] == '{'``: (min, max, next position), max -1
    for ``{n,}``; None when the text is not a repetition (the ``{`` is then literal)."""
    parsed = _parse_int(source, pos + 1)
    if parsed is None:
        return None
    low, pos = parsed
    if pos >= len(source):
        return None
    if source[pos] != ",":
        high = low
    else:
        pos += 1
        if pos >= len(source):
            return None
        if source[pos] == "}":
            high = -1
        else:
            parsed = _parse_int(source, pos)
            if parsed is None:
                return None
            high, pos = parsed
            if high < 0:
                low = -1
    if pos >= len(source) or source[pos] != "}":
        return None
    return low, high, pos + 1


def _factor(low: int, high: int, inner: int) -> int:
    """The factor of ``x{low,high}`` whose operand has factor ``inner``."""
    if high == 0:
        return 1
    count = high if high > 0 else low
    return inner if count == 0 else count * inner


def translate(source: str) -> str:
    """The Python source of Go's ``regexp.MustCompile(source)``, for ``re.search`` with
    ``re.ASCII``: it matches exactly where Go's ``MatchString`` does. Raises
    :class:`BadPattern` (with Go's reason) where Go's compiler fails, and
    :class:`UnsupportedRegex` for valid RE2 that is not translated."""
    frames = [_Frame()]
    pos = 0
    last_repeat = False
    while pos < len(source):
        char = source[pos]
        frame = frames[-1]
        repeat = False
        if char in "*+?{":
            low, high = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}.get(char, (0, 0))
            after = pos + 1
            if char == "{":
                parsed = _parse_repeat(source, pos)
                if parsed is None:
                    frame.current.append(_Atom("\\{"))
                    pos += 1
                    last_repeat = False
                    continue
                low, high, after = parsed
                if low < 0 or low > MAX_REPEAT or high > MAX_REPEAT or 0 <= high < low:
                    raise BadPattern(f"invalid repeat count: {source[pos:after]!r}")
                upper = "" if high < 0 else str(high)
                quantifier = f"{{{low}}}" if low == high else f"{{{low},{upper}}}"
            else:
                quantifier = char
            if after < len(source) and source[after] == "?":
                quantifier += "?"
                after += 1
            if last_repeat:
                raise BadPattern(f"invalid nested repetition operator: {source[:after]!r}")
            if not frame.current:
                raise BadPattern(
                    f"missing argument to repetition operator: {source[pos:after]!r}"
                )
            operand = frame.current[-1]
            factor = operand.factor
            if char == "{":
                factor = _factor(low, high, operand.factor)
                if (low >= 2 or high >= 2) and factor > MAX_REPEAT:
                    raise BadPattern(f"invalid repeat count: {source[pos:after]!r}")
            frame.current[-1] = _Atom(f"(?:{operand.text}){quantifier}", factor)
            pos = after
            repeat = True
        elif char == "\\":
            if pos + 1 >= len(source):
                raise BadPattern("trailing backslash at end of expression")
            frame.current.append(_Atom(_escape(source[pos + 1], in_class=False)))
            pos += 2
        elif char == "[":
            text, pos = _translate_class(source, pos)
            frame.current.append(_Atom(text))
        elif char == "(":
            if source.startswith("(?", pos):
                raise UnsupportedRegex("RE2 groups with flags or names are not supported")
            frames.append(_Frame())
            pos += 1
        elif char == ")":
            if len(frames) == 1:
                raise BadPattern(f"unexpected ): {source!r}")
            group = frames.pop().close()
            frames[-1].current.append(_Atom(f"(?:{group.text})", group.factor))
            pos += 1
        elif char == "|":
            frame.alternatives.append(frame.current)
            frame.current = []
            pos += 1
        elif char == "^":
            frame.current.append(_Atom("^"))
            pos += 1
        elif char == "$":
            frame.current.append(_Atom("\\Z"))
            pos += 1
        elif char == ".":
            frame.current.append(_Atom("."))
            pos += 1
        else:
            frame.current.append(_Atom(_literal(char)))
            pos += 1
        last_repeat = repeat
    if len(frames) > 1:
        raise BadPattern(f"missing closing ): {source!r}")
    return frames[0].close().text


def compile_go(source: str) -> re.Pattern[str]:
    """:func:`translate`, compiled; use ``.search`` as Go's ``MatchString``."""
    python = translate(source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return re.compile(python, re.ASCII)
        except re.error as exc:  # pragma: no cover - translate keeps Python's syntax valid
            raise BadPattern(str(exc)) from None
