"""What ships and the image advice, as text (``scan``, ``explain --image``) and JSON.

Pure functions of an :class:`ignoregen.lint.image.ImageReport`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ignoregen.build.stages import NOT_KNOWN, Stage
from ignoregen.lint.image import Base, ImageReport
from ignoregen.render.text import human_bytes


def _stage(stage: Stage) -> str:
    return f"#{stage.index} {stage.alias}" if stage.alias else f"#{stage.index}"


def base_text(base: Base | None) -> str:
    if base is None:
        return "scratch or a build argument: nothing to weigh"
    if base.image is None:
        return f"{base.reference} (not in ignoregen's image data: size unknown)"
    name = base.image.name
    if base.variant is None:
        name += ", a tag ignoregen does not know"
    elif base.variant.name not in name.split():
        name += f" {base.variant.name}"
    size = base.size
    if size is None:
        return f"{base.reference} ({name}; size unknown)"
    return (
        f"{base.reference} ({name}), about {size.text} compressed ({size.of}, linux/amd64, "
        f"measured {size.measured})"
    )


def at_stake(report: ImageReport) -> int:
    return sum(item.bytes_saved or 0 for item in report.advice)


def image_section(report: ImageReport) -> Iterator[str]:
    """The ``image`` section of ``scan``'s text report."""
    shipping = report.shipping
    yield f"image ({report.dockerfile}):"
    if shipping.shipped is None:
        yield ("  ships:  " + shipping.reason if shipping.reason.startswith(NOT_KNOWN)
               else f"  ships:  nothing to production: {shipping.reason}")
        return
    yield f"  ships:  stage {_stage(shipping.shipped)} ({shipping.reason})"
    yield f"  base:   {base_text(report.base)}"
    if report.note:
        yield f"  note:   {report.note}"
        return
    if not report.advice:
        yield "  advice: none"
        return
    stake = at_stake(report)
    count = len(report.advice)
    known = f", {human_bytes(stake)} at stake where known" if stake else ""
    yield f"  advice: {count} finding{'s' if count != 1 else ''}{known}"
    for item in report.advice:
        found = item.finding
        saved = human_bytes(item.bytes_saved) if item.bytes_saved is not None else "-"
        yield (
            f"    {found.id} {found.severity.value:<7} line {found.line or 1:<4} {saved:>9}  "
            f"{found.message}"
        )


def image_document(report: ImageReport | None) -> dict[str, Any] | None:
    """The ``image`` field of ``scan --format json`` (docs/scan-json.md)."""
    if report is None:
        return None
    shipping = report.shipping
    shipped = shipping.shipped
    base = report.base
    base_doc = None
    if base is not None:
        size = base.size
        base_doc = {
            "reference": base.reference,
            "line": base.stage.line,
            "image": base.image.name if base.image is not None else None,
            "variant": base.variant.name if base.variant is not None else None,
            "role": base.role,
            "compressed_bytes": size.bytes if size is not None else None,
            "size_of": size.of if size is not None else None,
            "measured": size.measured if size is not None else None,
            "source": base.image.source if base.image is not None else None,
        }
    return {
        "dockerfile": report.dockerfile,
        "shipped_stage": None if shipped is None else {
            "index": shipped.index, "name": shipped.alias, "line": shipped.line,
        },
        "reason": shipping.reason,
        "stages": [
            {
                "index": verdict.stage.index,
                "name": verdict.stage.alias,
                "line": verdict.stage.line,
                "from": verdict.stage.base_text,
                "ships": verdict.ships,
                "reason": verdict.reason,
            }
            for verdict in shipping.verdicts
        ],
        "base": base_doc,
        "advice": [
            {
                "id": item.finding.id,
                "name": item.finding.name,
                "severity": item.finding.severity.value,
                "line": item.finding.line,
                "message": item.finding.message,
                "hint": item.finding.hint,
                "bytes_saved": item.bytes_saved,
            }
            for item in report.advice
        ],
        "bytes_at_stake": at_stake(report),
        "note": report.note or None,
    }


def stage_lines(report: ImageReport) -> Iterator[str]:
    """``explain --image``: the stage graph, and why each stage ships or not."""
    shipping = report.shipping
    stages = shipping.graph.stages
    shipped = (
        f"stage {_stage(shipping.shipped)} ships ({shipping.reason})"
        if shipping.shipped is not None
        else shipping.reason if shipping.reason.startswith(NOT_KNOWN)
        else f"nothing ships to production: {shipping.reason}"
    )
    noun = "stage" if len(stages) == 1 else "stages"
    yield f"{report.dockerfile}: {len(stages)} {noun}; {shipped}"
    if report.built:
        yield f"  as built by {report.built}"
    for verdict in shipping.verdicts:
        stage = verdict.stage
        parent = f" (built FROM stage #{stage.parent})" if stage.parent is not None else ""
        yield f"  {_stage(stage)}  line {stage.line}: FROM {stage.base_text}{parent}"
        yield f"      {verdict.ships}: {verdict.reason}"
    if shipping.shipped is None:
        return
    yield f"base: {base_text(report.base)}"
    if report.note:
        yield f"note: {report.note}"
        return
    if not report.advice:
        yield "advice: none"
        return
    yield "advice:"
    for item in report.advice:
        found = item.finding
        yield f"  {report.dockerfile}:{found.line}: {found.severity.value} {found.id} " \
            f"{found.message}"
        if found.hint:
            yield f"    fix: {found.hint}"
