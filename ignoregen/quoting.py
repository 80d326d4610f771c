"""Names as text output shows them: one line each, never raw control bytes.

A file name may hold any byte but ``/`` and NUL: a newline, a tab, an escape sequence that
would repaint the terminal, a byte that is not UTF-8 (a surrogate escape here). Text output
written one entry per line must not print such a name as it is, or ``docs/a<LF>b.md``
reads as two entries. :func:`quoted` writes a name as git does with ``core.quotePath=false``:
unchanged when every character prints, else in double quotes with C escapes (``\\n``,
``\\t``, ``\\"``, ``\\\\``, and ``\\ooo`` in octal for each other byte). Valid UTF-8 that
prints stays readable. Machine formats (``--format json``, ``ls -0``) keep the exact name.

:func:`one_line` escapes the same characters inside a longer text (a finding's message,
a comment written in an ignore file) without the quotes: the line stays one line.
"""

from __future__ import annotations

_SHORT = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
          "\r": "\\r"}


def _unsafe(char: str) -> bool:
    """Not shown as it is: a control or format character, a separator other than the
    space (U+2028 ends a line for some readers), or a byte that is not UTF-8."""
    return (char != " " and not char.isprintable()) or "\udc80" <= char <= "\udcff"


def _escape(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    if "\udc80" <= char <= "\udcff":
        return f"\\{ord(char) - 0xDC00:03o}"
    return "".join(f"\\{byte:03o}" for byte in char.encode("utf-8"))


def quoted(name: str) -> str:
    """``name`` as it is when that is unambiguous, else C-quoted in double quotes."""
    if not any(_unsafe(char) or char in '"\\' for char in name):
        return name
    body = "".join(
        "\\" + char if char in '"\\' else _escape(char) if _unsafe(char) else char
        for char in name
    )
    return f'"{body}"'


def one_line(text: str) -> str:
    """``text`` with every character :func:`quoted` would escape (but quotes and
    backslashes) written as its escape: no line break, no terminal control."""
    if not any(_unsafe(char) for char in text):
        return text
    return "".join(_escape(char) if _unsafe(char) else char for char in text)


LONGEST_SHOWN = 200
"""The most characters of a user's value an error message echoes (:func:`bounded`)."""


def bounded(value: str, limit: int = LONGEST_SHOWN) -> str:
    """``value`` as a message echoes it: whole when short, else its first ``limit``
    characters, an ellipsis and its length (a compose path that a variable expanded to a
    mebibyte must not make a message that long)."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}... ({len(value):,} characters)"
