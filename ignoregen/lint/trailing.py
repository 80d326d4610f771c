"""IG302 on a rule whose trailing comment matters to nothing the context holds.

``Generated_Code #added for RIA/Silverlight projects`` (a line of the old Visual Studio
.gitignore template, copied into btcpayserver's .dockerignore) is the pattern
``Generated_Code #added for RIA/Silverlight projects``: it matches nothing, so the rule its
author meant (``Generated_Code``) is not in force. When nothing the context sends matches
that rule either, the file sends today exactly what its author meant, and an error would
fail CI on a build that is sent as intended; the finding is then information, as a ``//``
line that decides nothing is (:func:`ignoregen.lint.findings.relax_pseudo_comments`). A
path that only a developer's machine has (a gitignored ``.env`` or ``node_modules``) is
reported by the laptop checks (IG101, IG104) in their own terms.

An exception (``!keep.txt # needed``) stays an error: the path it meant to bring back is
left out, and what a build needs is judged elsewhere only for COPY sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_line
from ignoregen.engine.matcher import Pattern
from ignoregen.engine.records import ContextScan


def meant_rule(rule: Rule, column: int) -> Rule | None:
    """The rule ``rule``'s author meant: its text before the comment that starts at the
    1-based ``column``; None for an exception, an empty or an invalid pattern."""
    try:
        meant = parse_line(rule.text[:column - 1], rule.source, rule.line)
    except IgnoreFileError:
        return None
    if meant is None or meant.exception or not meant.pattern or meant.pattern == ".":
        return None
    return meant


def idle_lines(
    rules: Sequence[Rule], columns: dict[int, int], scan: ContextScan
) -> dict[int, str]:
    """The lines (of ``columns``: line -> the comment's column) whose meant rule matches
    nothing the context sends, each with that rule's text."""
    idle: dict[int, str] = {}
    for rule in rules:
        column = columns.get(rule.line)
        if column is None:
            continue
        meant = meant_rule(rule, column)
        if meant is None:
            continue
        pattern = Pattern(meant)
        if not any(pattern.match(item.path) for item in scan.sent):
            idle[rule.line] = rule.text[:column - 1].strip()
    return idle
