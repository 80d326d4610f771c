"""``check``'s output in the format asked for; only that format's renderer is imported
(start-up time: issue #13)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.commands.check import CheckReport
    from ignoregen.lint.findings import Finding


def findings_output(
    output_format: str, findings: Sequence[Finding], report: CheckReport, status: int,
    *, colour: bool = False,
) -> list[str]:
    """The lines of ``check --format output_format`` for ``findings`` (``report``'s, with
    the paths as the user sees them)."""
    if output_format == "json":
        from ignoregen.render.findings_json import check_document
        from ignoregen.render.json import dumps

        return [dumps(check_document(findings, report.contexts, report.suppressed, status))]
    if output_format == "sarif":
        from ignoregen.render.json import dumps
        from ignoregen.render.sarif import sarif_document

        return [dumps(sarif_document(findings))]
    if output_format == "github":
        from ignoregen.render.github import github_lines

        return list(github_lines(findings))
    if output_format == "gnu":
        from ignoregen.render.gnu import gnu_lines

        return list(gnu_lines(findings))
    from ignoregen.render.findings_text import text_lines

    return list(text_lines(findings, len(report.contexts), report.suppressed, colour=colour))
