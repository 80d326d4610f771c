"""JSON output: a stable, versioned document (see docs/scan-json.md for the fields).

Fields are only ever added within a version; renaming or removing one, or changing
its meaning, bumps ``version``. Paths are context-relative and ``/``-separated;
names that are not valid UTF-8 keep their undecodable bytes as ``\\udc80``-``\\udcff``
escapes. Shares are fractions of a total, rounded to four decimals.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ignoregen.engine.dockerignore import display_path
from ignoregen.knowledge.classification import CategoryTally, DirTally, RuleTally, Tally
from ignoregen.lint.image import ImageReport
from ignoregen.render.image import image_document
from ignoregen.render.scan import excluded_by_default_but_sent, ratio

if TYPE_CHECKING:
    from ignoregen.commands.explain import Explanation
    from ignoregen.commands.scan import ScanReport
    from ignoregen.engine.setup import BuildSetup

SCAN_VERSION = 1
MARKERS_LISTED = 20


def _tally(tally: Tally, total: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"files": tally.files, "bytes": tally.bytes}
    if total is not None:
        out["share"] = round(ratio(tally.bytes, total), 4)
    return out


def _rule(item: RuleTally) -> dict[str, Any]:
    return {
        "pattern": item.rule.pattern,
        "source": item.rule.source,
        "key": item.rule.key,
        "all": _tally(item.all),
        "sent": _tally(item.sent),
    }


def _category(item: CategoryTally, all_bytes: int, sent_bytes: int) -> dict[str, Any]:
    category = item.category
    return {
        "id": category.id,
        "preset": category.preset,
        "name": category.name,
        "description": category.description,
        "exclude_by_default": category.exclude_by_default,
        "all": _tally(item.all, all_bytes),
        "sent": _tally(item.sent, sent_bytes),
        "kept": {"all": _tally(item.kept), "sent": _tally(item.kept_sent)},
        "rules": [_rule(rule) for rule in item.rules],
    }


def _directory(item: DirTally, all_bytes: int) -> dict[str, Any]:
    return {
        "path": item.path,
        "all": _tally(item.all, all_bytes),
        "sent": _tally(item.sent),
        "category": item.category.id if item.category is not None else None,
    }


def scan_document(
    report: ScanReport, context: str, *, top: int = 10, image: ImageReport | None = None
) -> dict[str, Any]:
    """The ``scan --format json`` document; ``context`` is the context as given; ``image``,
    what the Dockerfile ships and the advice about it (null without a Dockerfile)."""
    setup = report.context.setup
    result = report.classification
    all_bytes = result.all.bytes
    sent_bytes = result.sent.bytes
    ignore_file = None
    if setup.ignore_file is not None:
        ignore_file = {
            "path": display_path(setup.ignore_file),
            "rules": sum(1 for rule in report.context.rules if rule.line),
        }
    return {
        "version": SCAN_VERSION,
        "context": context,
        "builder": setup.builder.value,
        "dockerfile": display_path(setup.dockerfile) if setup.dockerfile is not None else None,
        "ignore_file": ignore_file,
        "config": report.config,
        "presets": [
            {
                "name": detection.preset.name,
                "description": detection.preset.description,
                "source": detection.preset.source,
                "reason": detection.reason,
                "required_by": list(detection.required_by),
                "markers": list(detection.markers[:MARKERS_LISTED]),
                "marker_count": len(detection.markers),
            }
            for detection in result.presets
        ],
        "totals": {
            "all": _tally(result.all),
            "sent": _tally(result.sent, all_bytes),
            "sent_but_excluded_by_default": _tally(
                excluded_by_default_but_sent(result), sent_bytes
            ),
        },
        "categories": [_category(item, all_bytes, sent_bytes) for item in result.categories],
        "unclassified": {
            "all": _tally(result.unclassified[0], all_bytes),
            "sent": _tally(result.unclassified[1], sent_bytes),
        },
        "largest_directories": [
            _directory(item, all_bytes) for item in result.directories[:top]
        ],
        "problems": [
            {"path": problem.path, "message": problem.message, "fatal": problem.fatal}
            for problem in report.context.problems
        ],
        "image": image_document(image),
    }


def dumps(document: dict[str, Any]) -> str:
    """Indented, key order as built, ASCII only (so any path survives any terminal)."""
    return json.dumps(document, indent=2, ensure_ascii=True)


EXPLAIN_VERSION = 1


def explain_document(
    explanations: list[Explanation], context: str, setup: BuildSetup
) -> dict[str, Any]:
    """The ``explain --format json`` document (see docs/explain-json.md): for each path,
    whether it is sent, the deciding rule, and the needs that keep it (reason and
    evidence, file and line)."""
    return {
        "version": EXPLAIN_VERSION,
        "context": context,
        "builder": setup.builder.value,
        "dockerfile": display_path(setup.dockerfile) if setup.dockerfile is not None else None,
        "ignore_file": display_path(setup.ignore_file) if setup.ignore_file is not None else None,
        "paths": [_explanation(item) for item in explanations],
    }


def _explanation(item: Explanation) -> dict[str, Any]:
    rule = item.rule
    return {
        "path": item.path,
        "kind": item.kind.value if item.kind is not None else None,
        "sent": item.sent,
        "excluded": item.excluded,
        "rule": None if rule is None else {
            "file": rule.source,
            "line": rule.line,
            "text": rule.text,
            "pattern": str(rule),
            "exception": rule.exception,
        },
        "matched_at": item.matched_at,
        "unreached": item.unreached,
        "parent_only": item.parent_only,
        "removed_by_daemon": item.removed_by_daemon,
        "stopped_at": item.stopped,
        "build_file": item.build_file,
        "build_output": item.output,
        "needs": [
            {
                "path": need.path,
                "reason": need.reason,
                "evidence": need.origin,
                "file": need.file,
                "line": need.line,
                "source": need.source,
                "warning": need.warning,
            }
            for need in item.needs
        ],
    }
