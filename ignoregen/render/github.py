"""``check --format github``: GitHub Actions workflow commands, one annotation per finding.

See "Workflow commands for GitHub Actions": ``::error file=...,line=...::message``. Data
escapes ``%``, CR and LF; property values also escape ``:`` and ``,``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ignoregen.lint.catalogue import Severity
from ignoregen.lint.findings import Finding

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(findings: Sequence[Finding]) -> Iterator[str]:
    for item in findings:
        fields = [f"file={_property(item.file)}"]
        if item.line is not None:
            fields.append(f"line={item.line}")
            if item.column is not None:
                fields.append(f"col={item.column}")
                if item.end_column is not None:
                    fields.append(f"endColumn={item.end_column}")
        fields.append(f"title={_property(f'{item.id} {item.name}')}")
        message = item.message + (f"\nfix: {item.hint}" if item.hint else "")
        yield f"::{_COMMANDS[item.severity]} {','.join(fields)}::{_data(message)}"
