"""``check``'s output in the format asked for; only that format's renderer is imported
(start-up time: issue #13)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.commands.check import CheckReport
    from ignoregen.lint.findings import Finding


# Formats whose paths a code host resolves against the repository, not the shell's
# working directory: GitHub reads ``::error file=`` and SARIF's %SRCROOT% from the
# checkout, wherever the step that ran ``check`` stood (``working-directory:``).
_HOSTED = ("github", "sarif")


def path_base(root: Path, output_format: str) -> str:
    """What the paths of ``root``'s findings start with: ``root`` relative to the
    checkout (``$GITHUB_WORKSPACE``) for the hosted formats when ``root`` lies inside it,
    else relative to the working directory (absolute when outside it)."""
    from ignoregen.engine.dockerignore import display_path

    workspace = os.environ.get("GITHUB_WORKSPACE")
    if output_format in _HOSTED and workspace:
        try:
            relative = os.path.relpath(os.path.abspath(root), os.path.abspath(workspace))
        except ValueError:  # pragma: no cover - another drive on Windows
            relative = ".."
        if relative != ".." and not relative.startswith(".." + os.sep):
            return relative.replace(os.sep, "/")
    return display_path(root)


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
