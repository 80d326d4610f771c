"""``check --format gnu``: ``file:line:col: severity: message [ID]``, for editors and grep.

A finding about a whole file points at line 1, column 1, so every line has the same shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ignoregen.lint.findings import Finding
from ignoregen.quoting import one_line


def gnu_lines(findings: Sequence[Finding]) -> Iterator[str]:
    for item in findings:
        line = item.line or 1
        column = item.column or 1
        message = one_line(" ".join(item.message.split()))
        yield f"{one_line(item.file)}:{line}:{column}: {item.severity.value}: {message} [{item.id}]"
