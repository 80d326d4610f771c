"""``ignoregen scan`` as a typed function: one walk decides what Docker sends and
classifies every entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ignoregen.engine.context import scan_context
from ignoregen.engine.pool import DEFAULT_SPLIT, SplitPolicy
from ignoregen.engine.records import Collect, ContextScan
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.knowledge.classification import Classification
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import PresetSet


@dataclass(frozen=True)
class ScanReport:
    """What ``ignoregen scan`` reports: the engine's walk and its classification."""

    context: ContextScan
    classification: Classification
    config: str | None = None
    """The configuration file that shaped the presets, as shown to users."""


def scan(
    setup: BuildSetup,
    presets: PresetSet,
    *,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    top: int | None = None,
    split: SplitPolicy = DEFAULT_SPLIT,
) -> ScanReport:
    """Walk the context once, deciding what Docker sends and classifying every entry.

    ``top`` limits the largest directories to that many (all candidates without it).
    Raises what :func:`ignoregen.engine.context.scan_context` raises for a bad ignore file.
    """
    classifier = Classifier(presets, progress=progress)
    # Only totals are shown; the classic builder's clean-up needs the sent records.
    collect = Collect.SENT if setup.builder is Builder.CLASSIC else Collect.NOTHING
    context = scan_context(
        setup, sizes=True, observer=classifier, collect=collect, workers=workers, split=split
    )
    sizes = {item.path: item.size for item in context.ignored if item.path in context.removed}
    for path in context.removed:
        classifier.unsend(path, sizes.get(path, 0))
    return ScanReport(context, classifier.result(top), presets.config)
