"""IG202 for a COPY source the context cannot give: one above the context (``../x``), and
one the checkout lacks that no developer's machine or CI step makes (split from
:mod:`ignoregen.lint.findings`, whose ``check_sources`` asks them)."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.dockerfile import Source
from ignoregen.lint.catalogue import Severity
from ignoregen.lint.findings import ContextFacts, Finding, _join, finding, source_covers
from ignoregen.lint.maybe import repository_root


def sources_outside(
    facts: ContextFacts, source: Source, dockerfile: str, context_known: bool, path: Path
) -> Finding | None:
    """IG202 for ``COPY ../x``: BuildKit reads ``x`` at the context's root instead (the
    classic builder refuses the path). A warning when that is the file the path names from
    the Dockerfile's own directory (kanidm's rlm_python/Dockerfile, built from the root,
    adds ``../scripts/zypper_fixing.sh``): the build works with BuildKit."""
    inside = source.pattern
    while inside == ".." or inside.startswith("../"):
        inside = inside[3:] if inside.startswith("../") else ""
    scan = facts.scan
    if not inside:  # '..' itself: BuildKit copies the whole context, as from '.'
        return replace(finding(
            "IG202",
            f"{source.instruction} {source.text}: the source lies outside the context "
            f"{facts.context}; BuildKit reads the whole context instead, as '.', so the build "
            "works with BuildKit, but the classic builder fails ('forbidden path outside "
            "the build context')",
            dockerfile, source.line, context=facts.context,
            hint="write the path from the context's root: .",
        ), severity=Severity.WARNING)
    if not context_known and inside:
        depth = 0 if facts.context in ("", ".") else facts.context.count("/") + 1
        above = list(scan.setup.context.parents)[:depth]
        if any(os.path.lexists(directory / inside) for directory in above):
            return None  # built from a directory above, as CI may do
    # there, or made there before the build (a binary that .gitignore lists, built by a CI
    # step: kloudlite's comprehensive image adds ../../bin/kl-linux, its context api/)
    there = inside and (any(
        source_covers(inside, item.path) or inside.startswith(item.path + "/")
        for item in scan.sent + scan.ignored
    ) or (facts.may is not None and facts.may.may_exist(inside)))
    meant = os.path.relpath(path.parent / source.pattern, scan.setup.context)
    if there and meant.replace(os.sep, "/") == inside:
        return replace(finding(
            "IG202",
            f"{source.instruction} {source.text}: the source lies outside the context "
            f"{facts.context}; BuildKit reads {inside} at the context's root, the file the "
            "Dockerfile's directory names, so the build works with BuildKit, but the classic "
            "builder fails ('forbidden path outside the build context')",
            dockerfile, source.line, context=facts.context,
            hint=f"write the path from the context's root: {inside}",
        ), severity=Severity.WARNING)
    if there:
        what = f"BuildKit reads {inside} at the context's root instead, and the classic " \
            "builder fails ('forbidden path outside the build context')"
    else:
        what = "the context holds nothing there, so the build fails with 'not found'"
    return finding(
        "IG202",
        f"{source.instruction} {source.text}: the source lies outside the context "
        f"{facts.context}; {what}",
        dockerfile, source.line, context=facts.context,
        hint="build from a context that holds it (compose 'context: ..'), or move the "
        "files into the context",
    )


def source_missing(facts: ContextFacts, source: Source, dockerfile: str) -> Finding | None:
    """IG202 for a source the checkout does not hold, unless a developer's machine (or an
    earlier CI step) may make it: a path that .gitignore lists or that is generated."""
    if source.has_glob or source.whole_context:
        return None  # BuildKit accepts a wildcard that matches nothing
    if facts.may is not None and facts.may.may_exist(source.pattern):
        return None
    context = facts.scan.setup.context
    if os.path.lexists(context / source.pattern) or in_submodule(context, source.pattern):
        return None
    from ignoregen.build.workflows import downloaded_into

    if downloaded_into(context, source.pattern):
        return None  # a CI job puts it there before it builds
    from ignoregen.build.copied_before import copied_by_recipe

    if copied_by_recipe(context, source.pattern):
        return None  # a Makefile's recipe copies it in before it builds (grist-core)
    return finding(
        "IG202",
        f"{source.instruction} {source.text}: {_join(facts.context, source.pattern)} does "
        "not exist in the context, so the build fails with 'not found'",
        dockerfile, source.line, context=facts.context,
        hint=_ESCAPED if _SEPARATOR_ESCAPED.search(source.text) and "\\" not in source.pattern
        else "fix the path, or create (and commit) the file the build expects",
    )


_SEPARATOR_ESCAPED = re.compile(r"\\[\w.]")
"""A backslash before a name's character (``bin\\Release``), not an escaped space or ``$``."""
_ESCAPED = (
    "the Dockerfile's escape character is the backslash, so each one escapes the character "
    "after it (BuildKit's lexer) and the path loses its separators: write the path with '/', "
    "or put '# escape=`' on the Dockerfile's first line, as Windows Dockerfiles do"
)


def in_submodule(context: Path, path: str) -> bool:
    """Is ``path`` inside a submodule (empty in a checkout without ``--recursive``)?"""
    repo = repository_root(context, context)
    try:
        text = fileio.read_text(repo / ".gitmodules", encoding="utf-8", errors="replace")
        base = context.relative_to(repo).as_posix()
    except (OSError, ValueError):
        return False
    full = path if base in ("", ".") else f"{base}/{path}"
    for line in text.splitlines():
        key, equals, value = line.partition("=")
        if equals and key.strip() == "path":
            module = value.strip().strip("/")
            if module and (full == module or full.startswith(module + "/")):
                return True
    return False
