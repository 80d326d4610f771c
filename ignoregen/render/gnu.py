"""``check --format gnu``: ``file:line:col: severity: message [ID]``, for editors and grep.

A finding about a whole file points at line 1, column 1, so every line has the same shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ignoregen.lint.findings import Finding


def gnu_lines(findings: Sequence[Finding]) -> Iterator[str]:
    for item in findings:
        line = item.line or 1
        column = item.column or 1
        message = " ".join(item.message.split())
        yield f"{item.file}:{line}:{column}: {item.severity.value}: {message} [{item.id}]"
