"""The few pieces of Go's standard library whose exact behaviour Docker depends on.

Docker reads ``.dockerignore`` with Go: ``strings.TrimSpace``, ``filepath.Clean``,
``filepath.Match`` (used only to reject bad patterns) and the RE2 regular
expressions that patterns are translated into. Python's look-alikes differ in
small ways (``str.strip`` trims other characters, ``posixpath.normpath`` keeps
``//`` and ``..`` at the root, ``re`` has no POSIX classes, a different ``\\s``
and a different escape set), so this module reproduces the Go behaviour.

Names read from the file system and ``.dockerignore`` text are both decoded
with ``surrogateescape``, so a byte that is not UTF-8 is one character here, as
it is one (invalid) rune in Go.
"""

from __future__ import annotations

import functools
import re
import warnings

# unicode.IsSpace: the ASCII white space plus U+0085, U+00A0 and the Zs/Zl/Zp separators.
GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


class BadPattern(ValueError):
    """A pattern that Go would reject (``filepath.ErrBadPattern`` or an RE2 error)."""


def trim_space(text: str) -> str:
    """``strings.TrimSpace``."""
    return text.strip(GO_SPACE)


def clean(path: str) -> str:
    """``filepath.Clean`` on a ``/``-separated path: purely lexical."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            elif not rooted:
                parts.append("..")
            continue
        parts.append(part)
    joined = "/".join(parts)
    if rooted:
        return "/" + joined
    return joined or "."


def _is_invalid_rune(char: str) -> bool:
    return "\udc80" <= char <= "\udcff"


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    """``scanChunk``: (a star came first, the chunk up to the next star, the rest)."""
    star = False
    while pattern.startswith("*"):
        pattern = pattern[1:]
        star = True
    in_range = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 < len(pattern):
                i += 1
        elif char == "[":
            in_range = True
        elif char == "]":
            in_range = False
        elif char == "*" and not in_range:
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _match_chunk(chunk: str, name: str) -> str | None:
    """``matchChunk``: the rest of ``name`` after ``chunk``, or None when it does not match.

    Once the match has failed, the rest of the chunk is still parsed (and a syntax error
    still raised), as Go does since 1.16.
    """
    failed = False
    pos = 0
    while pos < len(chunk):
        if not failed and not name:
            failed = True
        char = chunk[pos]
        if char == "[":
            rune = ""
            if not failed:
                rune, name = name[0], name[1:]
            pos += 1
            negated = pos < len(chunk) and chunk[pos] == "^"
            if negated:
                pos += 1
            matched = False
            ranges = 0
            while True:
                if pos < len(chunk) and chunk[pos] == "]" and ranges > 0:
                    pos += 1
                    break
                low, pos = _class_char(chunk, pos)
                high = low
                if chunk[pos] == "-":
                    high, pos = _class_char(chunk, pos + 1)
                if low <= rune <= high:
                    matched = True
                ranges += 1
            if matched == negated:
                failed = True
        elif char == "?":
            if not failed:
                if name[0] == "/":
                    failed = True
                name = name[1:]
            pos += 1
        else:
            if char == "\\":
                pos += 1
                if pos >= len(chunk):
                    raise BadPattern("trailing backslash")
            if not failed:
                if chunk[pos] != name[0]:
                    failed = True
                name = name[1:]
            pos += 1
    return None if failed else name


def _class_char(chunk: str, pos: int) -> tuple[str, int]:
    """``getEsc``: one member of a ``[...]`` class and the position after it."""
    if pos >= len(chunk) or chunk[pos] in "-]":
        raise BadPattern("bad character class")
    if chunk[pos] == "\\":
        pos += 1
        if pos >= len(chunk):
            raise BadPattern("trailing backslash in a character class")
    char = chunk[pos]
    if _is_invalid_rune(char):
        raise BadPattern("invalid UTF-8 in a character class")
    pos += 1
    if pos >= len(chunk):
        raise BadPattern("unterminated character class")
    return char, pos


def go_match(pattern: str, name: str) -> bool:
    """``filepath.Match`` as the Docker engine ships it (on Linux).

    A syntax error is raised only where the matching gets to it: the chunks after one
    that fails to match are not checked (``!a*[`` is accepted, and fails later, when
    its regular expression is first compiled).
    """
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return "/" not in name
        rest = _match_chunk(chunk, name)
        if rest is not None and (not rest or pattern):
            name = rest
            continue
        if star:
            advanced = False
            for i in range(len(name)):
                if name[i] == "/":
                    break
                rest = _match_chunk(chunk, name[i + 1 :])
                if rest is not None:
                    if not pattern and rest:
                        continue
                    name = rest
                    advanced = True
                    break
            if advanced:
                continue
        return False
    return not name


def check_match_syntax(pattern: str) -> None:
    """Raise :class:`BadPattern` where ``filepath.Match(pattern, ".")`` fails, as Docker
    checks each pattern when it reads it."""
    go_match(pattern, ".")


# --- RE2 to Python -----------------------------------------------------------------------------

_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}

# Perl classes as RE2 defines them (ASCII only; RE2's \s has no \v).
_PERL_CLASSES = {
    "d": ("0-9", False),
    "D": ("0-9", True),
    "s": ("\\t\\n\\f\\r ", False),
    "S": ("\\t\\n\\f\\r ", True),
    "w": ("0-9A-Za-z_", False),
    "W": ("0-9A-Za-z_", True),
}
_SIMPLE_ESCAPES = {"a": "\x07", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_INVALID_BYTE = "\\udc80-\\udcff"


class UnsupportedRegex(BadPattern):
    """Valid RE2 that ignoregen does not translate (octal, ``\\x``, ``\\p``, ``\\Q``...)."""


def _escape(char: str, in_class: bool) -> str:
    """Translate RE2's ``\\char`` into Python."""
    if char in _PERL_CLASSES:
        members, negated = _PERL_CLASSES[char]
        if in_class:
            if negated:
                raise UnsupportedRegex(f"\\{char} inside a character class is not supported")
            return members
        return f"[^{members}]" if negated else f"[{members}]"
    if char in _SIMPLE_ESCAPES:
        literal = _SIMPLE_ESCAPES[char]
        return _class_literal(literal) if in_class else _literal(literal)
    if not in_class and char in "bBA":
        return "\\" + char
    if not in_class and char == "z":
        return "\\Z"
    if char in "01234567xpPQEC":
        raise UnsupportedRegex(f"the RE2 escape \\{char} is not supported")
    if char.isascii() and not char.isalnum():
        return re.escape(char)
    raise BadPattern(f"invalid escape sequence \\{char}")


def _literal(char: str) -> str:
    if _is_invalid_rune(char) or char == "\ufffd":
        # Go's regexp reads every invalid byte (of the pattern and of the path) as U+FFFD,
        # so an invalid byte or U+FFFD matches any invalid byte and U+FFFD itself.
        return f"[\ufffd{_INVALID_BYTE}]"
    return re.escape(char)


def _class_literal(char: str) -> str:
    if _is_invalid_rune(char) or char == "\ufffd":
        return "\ufffd" + _INVALID_BYTE
    return "\\" + char if char in "\\]^-[&~|" else char


def _translate_class(source: str, pos: int) -> tuple[str, int]:
    """Translate the RE2 class starting at ``source[pos] == '['``; return (python, next pos)."""
    out = ["["]
    pos += 1
    if pos < len(source) and source[pos] == "^":
        out.append("^")
        pos += 1
    first = True
    while pos < len(source) and (source[pos] != "]" or first):
        first = False
        end = source.find(":]", pos + 2) if source.startswith("[:", pos) else -1
        if end >= 0:
            name = source[pos + 2 : end]
            if name.lstrip("^") not in _POSIX_CLASSES:
                raise BadPattern(f"invalid character class [:{name}:]")
            if name.startswith("^"):
                raise UnsupportedRegex("negated POSIX classes are not supported")
            out.append(_POSIX_CLASSES[name])
            pos = end + 2
            continue
        low, pos, low_char = _class_atom(source, pos)
        if pos + 1 < len(source) and source[pos] == "-" and source[pos + 1] != "]":
            high, pos, high_char = _class_atom(source, pos + 1)
            if low_char is None or high_char is None:
                raise BadPattern("invalid character class range")
            if high_char < low_char:
                raise BadPattern("invalid character class range")
            out.append(f"{low}-{high}")
        else:
            out.append(low)
    if pos >= len(source):
        raise BadPattern("missing closing ]")
    out.append("]")
    return "".join(out), pos + 1


def _class_atom(source: str, pos: int) -> tuple[str, int, str | None]:
    """One class member: (python text, next pos, the literal character or None for a class)."""
    char = source[pos]
    if char != "\\":
        return _class_literal(char), pos + 1, char
    if pos + 1 >= len(source):
        raise BadPattern("trailing backslash")
    escaped = source[pos + 1]
    text = _escape(escaped, in_class=True)
    if escaped in _PERL_CLASSES:
        return text, pos + 2, None
    return text, pos + 2, _SIMPLE_ESCAPES.get(escaped, escaped)


def compile_re2(source: str) -> re.Pattern[str]:
    """Compile the RE2 expression that Docker builds for a pattern, as a Python regex
    (:func:`translate_re2`'s text, compiled)."""
    return compile_python(translate_re2(source))


_compiled: dict[str, re.Pattern[str]] = {}
"""What :func:`compile_python` compiled, by text."""


def compile_python(text: str) -> re.Pattern[str]:
    """Compile the text :func:`translate_re2` gave."""
    found = _compiled.get(text)
    if found is not None:
        return found
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = _compiled[text] = re.compile(text, re.ASCII)
        except re.error as exc:  # pragma: no cover - translation keeps Python's syntax valid
            raise BadPattern(str(exc)) from None
    return found


def translate_re2(source: str) -> str:
    """The Python regex (for ``re.ASCII``) of the RE2 expression that Docker builds for a
    pattern; raises :class:`BadPattern` where Go's regexp would refuse it.

    ``source`` is what patternmatcher generates: ``^`` + translated pattern + ``$``.
    Only the constructs that can appear there are handled: literals, escapes,
    classes (with POSIX classes), groups and quantifiers that Docker itself wrote,
    and ``^`` anchors coming from the pattern.
    """
    out: list[str] = []
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            if pos + 1 >= len(source):
                raise BadPattern("trailing backslash")
            out.append(_escape(source[pos + 1], in_class=False))
            pos += 2
        elif char == "[":
            text, pos = _translate_class(source, pos)
            out.append(text)
        elif char == "$" and pos == len(source) - 1:
            out.append("\\Z")
            pos += 1
        elif char == "(":
            out.append("(?:")  # only Docker's own groups: the pattern's parentheses are escaped
            pos += 1
        elif char in ")?*.^|":
            out.append(char)
            pos += 1
        else:
            out.append(_literal(char))
            pos += 1
    return "".join(out)


@functools.lru_cache(maxsize=2048)
def match_regex(pattern: str) -> re.Pattern[str]:
    """A regex for ``filepath.Match(pattern, path)`` (what COPY sources glob with), made
    once per pattern (a plan asks it for each path of each source).

    Unlike ``.dockerignore`` patterns, ``**`` is just two stars here, and ``\\``
    always escapes. Raises :class:`BadPattern` for a pattern Go would reject.
    """
    check_match_syntax(pattern)
    out: list[str] = []
    pos = 0
    while pos < len(pattern):
        char = pattern[pos]
        pos += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\":
            out.append(re.escape(pattern[pos]))
            pos += 1
        elif char == "[":
            members = ["["]
            if pattern[pos] == "^":
                members.append("^")
                pos += 1
            while pattern[pos] != "]":  # the syntax check ruled out "[]" and "[^]"
                member = pattern[pos]
                if member == "\\":
                    pos += 1
                    members.append(_class_literal(pattern[pos]))
                else:
                    members.append("-" if member == "-" else _class_literal(member))
                pos += 1
            pos += 1
            members.append("]")
            out.append("".join(members))
        else:
            out.append(_literal(char))
    return re.compile("".join(out) + "\\Z")
