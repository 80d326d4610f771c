"""Sent directories of one kind, shown as one finding per context.

A developer's monorepo has a ``node_modules`` in every package (documenso: 16, midday:
39): each is the same problem with the same fix, and one line each reads as noise in CI
and editors. :func:`~ignoregen.lint.findings.check_contents` makes one finding per
directory (so that each fix is tried, and a directory the build needs is dropped, on its
own: :func:`~ignoregen.commands.fix.verify_findings`); :func:`grouped` then shows those of
one rule, severity, file, context and kind as one, naming a few paths and how many more,
as the findings about what a developer's machine would send do
(:mod:`ignoregen.lint.laptop`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ignoregen.lint.edits import Fix

if TYPE_CHECKING:
    from ignoregen.lint.findings import Finding

_ONE = " directory is sent to the builder"
_MANY = " directories are sent to the builder"
_EXAMPLES = 3


def directory_sent(path: str, label: str) -> str:
    """The message of one sent directory of kind ``label``."""
    return f"{path}/: {label}{_ONE}"


def grouped(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with those about sent directories of one kind (:attr:`Finding.family`)
    in one context and file made one, at the place of the first."""
    families: dict[tuple[str, str, str, str, str], list[Finding]] = {}
    for item in findings:
        if item.family:
            key = (item.id, item.severity.value, item.file, item.context, item.family)
            families.setdefault(key, []).append(item)
    out: list[Finding] = []
    for item in findings:
        if not item.family:
            out.append(item)
            continue
        members = families[(item.id, item.severity.value, item.file, item.context,
                             item.family)]
        if len(members) == 1:
            out.append(item)
        elif members[0] is item:
            out.append(_one_of(members))
    return out


def _one_of(members: Sequence[Finding]) -> Finding:
    label = members[0].family
    paths = [item.message.removesuffix(f": {label}{_ONE}") for item in members]
    shown = ", ".join(paths[:_EXAMPLES])
    more = len(paths) - _EXAMPLES
    message = shown + (f" and {more} more" if more > 0 else "") + f": {label}{_MANY}"
    hints = list(dict.fromkeys(item.hint for item in members))
    fixes = [item.fix for item in members if item.fix is not None]
    fix = None
    if fixes:
        names: list[str] | None = []
        for one in fixes:
            names = None if names is None or one.names is None else [*names, *one.names]
        fix = Fix(tuple(dict.fromkeys(edit for one in fixes for edit in one.edits)),
                  None if names is None else tuple(names))
    hint = hints[0] if len(hints) == 1 else _joined_hint(hints)
    return dataclasses.replace(members[0], message=message, hint=hint, fix=fix)


def _joined_hint(hints: Sequence[str]) -> str:
    """One hint for the group: the lines to add said once, with the reasons a fix was
    narrowed (``add 'lang/vendor' to .dockerignore (add '**/vendor' ... would stop
    sending resources/views/vendor ...)``) after them; other hints (no safe fix) as they
    are, after those."""
    lines: list[str] = []
    files: list[str] = []
    reasons: list[str] = []
    others: list[str] = []
    for hint in hints:
        found = _ADD.match(hint)
        if found is None:
            others.append(hint)
            continue
        lines.append(found["line"])
        files.append(found["file"])
        if found["why"]:
            reasons.append(found["why"])
    said = []
    if lines:
        named = [file for file in dict.fromkeys(files) if file != "the ignore file"]
        where = named[0] if len(named) == 1 else "the ignore file"
        why = "; ".join(dict.fromkeys(reasons))
        said.append(f"add {', '.join(dict.fromkeys(lines))} to {where}"
                    + (f" ({why})" if why else ""))
    return "; ".join([*said, *others])


_ADD = re.compile(r"add (?P<line>'[^']*') to (?P<file>the ignore file|\S+)"
                  r"(?: \((?P<why>.*)\))?\Z", re.DOTALL)
"""A hint that adds one line, plain or with why the fix was narrowed."""
