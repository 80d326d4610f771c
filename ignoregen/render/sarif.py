"""``check --format sarif``: a SARIF 2.1.0 log for code scanning (GitHub, GitLab, IDEs).

One run; the driver lists every rule of the catalogue with its help text, and each
result names its rule, its level and one physical location (line 1 for a finding
about a whole file, since code scanning needs a region).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ignoregen import __version__
from ignoregen.lint.catalogue import RULES, Severity
from ignoregen.lint.findings import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
DOCS = "https://github.com/ignoregen/ignoregen/blob/main/docs/rules.md"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(index: int) -> dict[str, Any]:
    info = RULES[index]
    return {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.summary},
        "help": {
            "text": f"{info.summary} Fix: {info.fix}",
            "markdown": f"{info.summary}\n\n**Fix:** {info.fix}",
        },
        "helpUri": f"{DOCS}#{info.id.lower()}",
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
    }


def _result(item: Finding, index: int) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": item.line or 1}
    if item.column is not None:
        region["startColumn"] = item.column
        if item.end_column is not None:
            region["endColumn"] = item.end_column + 1  # SARIF's end column is exclusive
    text = item.message + (f" (fix: {item.hint})" if item.hint else "")
    return {
        "ruleId": item.id,
        "ruleIndex": index,
        "level": _LEVELS[item.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    # a relative URI reference: "web app" is "web%20app", "a:b" no scheme
                    "artifactLocation": {"uri": quote(item.file, safe="/"),
                                         "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }
            }
        ],
    }


def sarif_document(findings: Sequence[Finding]) -> dict[str, Any]:
    index = {info.id: i for i, info in enumerate(RULES)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ignoregen",
                        "version": __version__,
                        "informationUri": "https://github.com/ignoregen/ignoregen",
                        "rules": [_rule(i) for i in range(len(RULES))],
                    }
                },
                "results": [_result(item, index[item.id]) for item in findings],
            }
        ],
    }
