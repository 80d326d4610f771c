"""``check --format json``: a stable, versioned document (see docs/rules.md, "JSON output").

Version 1 fields never change meaning; new fields may be added.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ignoregen.lint.catalogue import Severity
from ignoregen.lint.findings import Finding

CHECK_VERSION = 1


def finding_record(item: Finding) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "severity": item.severity.value,
        "message": item.message,
        "file": item.file,
        "line": item.line,
        "column": item.column,
        "end_column": item.end_column,
        "hint": item.hint,
        "context": item.context,
        "fix": None if item.fix is None else {
            "description": item.fix.describe(),
            "edits": [
                {"kind": edit.kind.value, "file": edit.file, "text": edit.text,
                 "line": edit.line}
                for edit in item.fix.edits
            ],
        },
    }


def check_document(
    findings: Sequence[Finding], contexts: Sequence[str], suppressed: int, exit_code: int
) -> dict[str, Any]:
    return {
        "version": CHECK_VERSION,
        "contexts": list(contexts),
        "summary": {
            **{s.value: sum(1 for f in findings if f.severity is s) for s in Severity},
            "suppressed": suppressed,
            "exit_code": exit_code,
        },
        "findings": [finding_record(item) for item in findings],
    }
