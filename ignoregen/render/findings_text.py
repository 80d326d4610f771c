"""``check --format text``: one line per finding, the fix below it, then a summary.

A message or fix names paths as they are; a control character or a byte that is not UTF-8
in one (``docs/a<LF>b.md``) is written as its C escape (:func:`one_line`), so a finding
stays one line and cannot repaint the terminal. ``--format json`` keeps the exact text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ignoregen.lint.catalogue import Severity
from ignoregen.lint.findings import Finding
from ignoregen.quoting import one_line

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def location(item: Finding) -> str:
    """``file``, ``file:line`` or ``file:line:column``."""
    if item.line is None:
        return item.file
    if item.column is None:
        return f"{item.file}:{item.line}"
    return f"{item.file}:{item.line}:{item.column}"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _plural(count: int, word: str) -> str:
    if word == "info":
        return f"{count} info"
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(findings: Sequence[Finding], contexts: int, suppressed: int) -> str:
    checked = _plural(contexts, "context")
    tail = f"; {suppressed} suppressed" if suppressed else ""
    if not findings and not contexts:
        return ("No build to check: no Dockerfile or Containerfile, and no compose, bake or "
                "skaffold file that builds an image, under this directory; no ignore file at "
                f"its root{tail}.")
    if not findings:
        return f"No problems in {checked}{tail}."
    counts = ", ".join(
        _plural(sum(1 for f in findings if f.severity is severity), severity.value)
        for severity in Severity
        if any(f.severity is severity for f in findings)
    )
    # (a build that cannot be read leaves its context unchecked: "in 0 contexts" said nothing)
    where = f" in {checked}" if contexts else "; no context could be checked"
    return f"Found {_plural(len(findings), 'problem')} ({counts}){where}{tail}."


def text_lines(
    findings: Sequence[Finding], contexts: int, suppressed: int, *, colour: bool = False
) -> Iterator[str]:
    for item in findings:
        severity = _paint(item.severity.value, _COLOURS[item.severity], colour)
        code = _paint(item.id, "1", colour)
        yield f"{one_line(location(item))}: {severity} {code} {one_line(item.message)}"
        if item.hint:
            yield f"  fix: {one_line(item.hint)}"
    yield summary(findings, contexts, suppressed)
