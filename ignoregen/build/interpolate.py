"""Variables in build definitions, as ``docker compose`` and ``docker buildx bake`` expand them.

The compose specification's syntax: ``$VAR`` and ``${VAR}``; ``${VAR:-default}`` (unset or
empty) and ``${VAR-default}`` (unset); ``${VAR:?message}`` and ``${VAR?message}`` (fail
when unset, or empty with the colon); ``${VAR:+other}`` and ``${VAR+other}``; ``$$`` for a
literal ``$``. A ``$`` followed by anything else (``$(date)``, ``$5``, the end) stays as it
is; only ``${`` must open a valid expression. Defaults may hold further expressions. An
unset variable without a default becomes the empty string, as compose does (it warns); the
result says which ones those were, so that a caller can tell a value it knows from one it
guessed.

Also the ``.env`` files compose reads (``KEY=value``, ``export``, quotes, comments).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ignoregen import fileio

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")
_NESTED = 100
"""How deep ``${A:-${B:-...}}`` may nest (real files nest two or three levels)."""
_LONGEST = 1 << 20
"""The most characters a value may expand to: an env file whose variables each repeat
the one before (``B=${A}${A}...``, ``C=${B}${B}...``) grows tenfold a line, and ten lines
would need gigabytes."""


class TemplateError(ValueError):
    """A value that compose refuses: bad syntax, or a required variable without a value."""

    def __init__(self, message: str, required: str | None = None) -> None:
        super().__init__(message)
        self.required = required
        """The variable that ``${VAR:?...}`` requires, when that is the failure."""


@dataclass(frozen=True)
class Expanded:
    """A value after variable interpolation."""
    value: str
    unset: tuple[str, ...] = ()
    """Variables that had no value and became the empty string."""


def interpolate(text: str, env: Mapping[str, str]) -> Expanded:
    """``text`` with its variables expanded from ``env``. Raises :class:`TemplateError`."""
    unset: list[str] = []
    value, end = _expand(text, 0, env, unset, None)
    assert end == len(text)
    return Expanded(value, tuple(dict.fromkeys(unset)))


def _expand(
    text: str, pos: int, env: Mapping[str, str], unset: list[str], stop: str | None,
    nested: int = 0,
) -> tuple[str, int]:
    """Expand from ``pos`` up to ``stop`` (a ``}`` closing a default) or the end;
    ``nested`` defaults are open around it (each a frame of Python's stack)."""
    out: list[str] = []
    size = len(text)  # (at most: the characters kept as they are, and the values)
    while pos < len(text):
        char = text[pos]
        if stop is not None and char == stop:
            return "".join(out), pos
        if char != "$":
            out.append(char)
            pos += 1
            continue
        following = text[pos + 1 : pos + 2]
        if following == "$":
            out.append("$")
            pos += 2
            continue
        if following == "{":
            if nested >= _NESTED:
                raise TemplateError(f"variables nested more than {_NESTED} levels deep in "
                                    f"{text[:40]!r}... (ignoregen reads up to {_NESTED})")
            value, pos = _braced(text, pos + 2, env, unset, nested)
            size = _grown(size, value, text)
            out.append(value)
            continue
        found = _NAME.match(text, pos + 1)
        if found is None:
            # Neither a name, '{' nor '$' follows: compose leaves the '$' as it is
            # ('$(date)' in an inline Dockerfile, 'cost $5').
            out.append("$")
            pos += 1
            continue
        value = _lookup(found.group(), env, unset)
        size = _grown(size, value, text)
        out.append(value)
        pos = found.end()
    if stop is not None:
        raise TemplateError(f"missing '}}' in {text!r}")
    return "".join(out), pos


def _grown(size: int, value: str, text: str) -> int:
    """``size`` with ``value`` added; a :class:`TemplateError` past :data:`_LONGEST`."""
    size += len(value)
    if size > _LONGEST:
        raise TemplateError(f"{text[:40]!r}... expands to more than {_LONGEST:,} characters "
                            "(variables that repeat each other)")
    return size


def _lookup(name: str, env: Mapping[str, str], unset: list[str]) -> str:
    if name in env:
        return env[name]
    unset.append(name)
    return ""


def _braced(
    text: str, pos: int, env: Mapping[str, str], unset: list[str], nested: int
) -> tuple[str, int]:
    found = _NAME.match(text, pos)
    if found is None:
        raise TemplateError(f"invalid interpolation format in {text!r}")
    name = found.group()
    pos = found.end()
    if text[pos : pos + 1] == "}":
        return _lookup(name, env, unset), pos + 1
    operator = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
    if operator is None:
        raise TemplateError(f"invalid interpolation format in {text!r}")
    # The word after the operator is expanded only when it is used, as compose does.
    skipped: list[str] = []
    word, end = _expand(text, pos + len(operator), env, skipped, "}", nested + 1)
    value = env.get(name)
    empty = value is None or (operator.startswith(":") and not value)
    if operator.endswith("-"):
        result = word if empty else value or ""
        if empty:
            unset.extend(skipped)
    elif operator.endswith("+"):
        result = "" if empty else word
        if not empty:
            unset.extend(skipped)
    else:
        if empty:
            raise TemplateError(
                f"required variable {name} is missing a value"
                + (f": {word}" if word else ""),
                required=name,
            )
        result = value or ""
    return result, end + 1


# -- .env files --------------------------------------------------------------------------------

_ENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)\Z", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "$": "$$"}
"""Backslash escapes in double quotes (``\\$`` stays a literal dollar through interpolation)."""


class EnvFileError(ValueError):
    """A line of an env file that compose cannot read."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.reason = message


def read_env_file(path: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """The variables of a compose env file. Values may use variables set earlier in the file
    or in ``environ``; single quotes keep their text as it is.

    Raises OSError when the file cannot be read, :class:`EnvFileError` for a bad line.
    """
    data = fileio.read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EnvFileError(path, data.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from None
    values: dict[str, str] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number = index + 1
        current = lines[index]
        index += 1
        stripped = current.strip()
        if not stripped or stripped.startswith("#"):
            continue
        found = _ENV_LINE.match(current)
        if found is None:
            raise EnvFileError(path, number, f"expected NAME=value, found {stripped[:40]!r}")
        name, raw = found.groups()
        quote = raw[:1]
        if quote in ("'", '"'):
            body = raw[1:]
            while _closing(body, quote) < 0 and index < len(lines):
                body += "\n" + lines[index]  # a quoted value may span lines
                index += 1
            end = _closing(body, quote)
            if end < 0:
                raise EnvFileError(path, number, f"unterminated {quote} quote")
            body = body[:end]
            if quote == "'":
                values[name] = body
                continue
            body = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)
        else:
            body = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        scope = {**values, **environ}
        try:
            values[name] = interpolate(body, scope).value
        except TemplateError as exc:
            raise EnvFileError(path, number, str(exc)) from None
    return values


def _closing(body: str, quote: str) -> int:
    pos = 0
    while True:
        end = body.find(quote, pos)
        if end < 0 or quote == "'":
            return end
        backslashes = len(body[:end]) - len(body[:end].rstrip("\\"))
        if backslashes % 2 == 0:
            return end
        pos = end + 1
