"""What an ignore file that init plans changes: what the context sends before and after,
in all, by category and per build, and what a build must open and cannot read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.records import Collect, ContextScan
from ignoregen.engine.setup import BuildSetup
from ignoregen.knowledge.classification import Tally
from ignoregen.knowledge.preset import PresetSet
from ignoregen.plan.planner import Walks

if TYPE_CHECKING:
    from ignoregen.commands.init import Outcome
    from ignoregen.knowledge.classify import Classifier


@dataclass(frozen=True)
class Totals:
    """Files and bytes counted."""
    files: int
    bytes: int


def _sent_files(scan: ContextScan) -> Iterator[tuple[str, int]]:
    """The files ``scan`` sends (path, size; no directory), read from its records each
    time asked (a list of them, kept for each walk measured, cost the run 4 MB)."""
    return ((item.path, item.size) for item in scan.sent if item.files)


def _by_category(scan: ContextScan, classifier: Classifier) -> dict[int, list[int]]:
    """The files ``scan`` sends by category (the bare walk's ``classifier``, whose
    detection is complete: the same answer each time)."""
    return classifier.sent_by_category(_sent_files(scan))


def transferred(scan_sent: Iterable[tuple[str, int]], reads: DockerfileReads) -> Totals:
    if reads.whole_context:
        files = total = 0
        for _, size in scan_sent:
            files += 1
            total += size
        return Totals(files, total)
    # Source.covers for each path, with the plain paths' test made once for all of them.
    plain = [source.pattern for source in reads.sources if not source.has_glob]
    named = frozenset(plain)
    below = tuple(pattern + "/" for pattern in plain)
    globbed = [source for source in reads.sources if source.has_glob]
    picked = [
        size
        for path, size in scan_sent
        if path in named
        or path.startswith(below)
        or (globbed and any(source.covers(path) for source in globbed))
    ]
    return Totals(len(picked), sum(picked))


def measure(
    outcome: Outcome,
    setup: BuildSetup,
    presets: PresetSet,
    old_rules: tuple[Rule, ...],
    new_rules: tuple[Rule, ...],
    reads: Sequence[DockerfileReads],
    walks: Walks,
) -> None:
    """What the context sends before and after, in all and by category.

    The categories come from the bare walk's classifier (a path's category depends on the
    path and on the presets the whole tree detects, not on the rules): a walk with the
    rules records what is sent, and each sent file is classified by its path. The walks
    are asked for as pruning asks (with evidence): its last one is taken when its rules
    are the file's, or the file's are its rules without those it dropped for deciding
    nothing (see ``Walks.same_sent``)."""
    classifier, _ = walks.classified(setup, (), presets, Collect.NOTHING)
    bare = walks.result(classifier)
    by_id: list[dict[str, Tally]] = [{t.category.id: t.sent for t in bare.categories}]
    totals = [Totals(bare.sent.files, bare.sent.bytes)]
    for index, rules in enumerate((old_rules, new_rules)):
        if index == 0 and not rules:
            continue  # the bare walk's
        scan = walks.scan(setup, rules, Collect.ALL, evidence=True) if index == 0 \
            else walks.sending(setup, rules)
        # The plans of a context mostly measure the same walks (the file as it stands, and
        # often the same rules): what a walk sends, by category, is kept for the next plan.
        found = walks.needs.kept_while(("sent by category", id(classifier), index), scan,
                                       (classifier,), partial(_by_category, scan, classifier))
        by_id[index:] = [{
            presets.categories[category].id: Tally(files, size)
            for category, (files, size) in found.items() if category >= 0
        }]
        totals[index:] = [Totals(scan.sent_totals.files, scan.sent_totals.bytes)]
    outcome.before, outcome.after = totals[0], totals[-1]
    if any(problem.fatal for problem in scan.problems):  # (the walk with the new rules)
        from ignoregen.lint.unreadable import opened

        sources = [source for dockerfile in reads for source in dockerfile.sources]
        whole = not reads or any(dockerfile.unknown for dockerfile in reads)
        outcome.warnings.extend(
            f"{problem.path}: {problem.message}: docker build fails on this machine until the "
            "ignore file excludes it (with no exception that may match inside it) or it is "
            "made readable; init excludes what it cannot read only where a gitignore file "
            "lists it: this may be the repository's (IG007)"
            for problem in scan.problems if opened(problem, sources, whole)
        )
    for tally in bare.categories:
        category = tally.category.id
        outcome.categories.append(
            (category, by_id[0].get(category, Tally()), by_id[-1].get(category, Tally()))
        )
    # The paths and sizes of the sent files, once for the Dockerfiles, in two lists of this
    # call's, not kept (zip hands out one tuple again and again): the records read again
    # for each Dockerfile took twice as long (6 Dockerfiles, 50,000 files: 92 vs 42 ms).
    sent = [item for item in scan.sent if item.files] if any(d.stages for d in reads) else []
    paths, sizes = [item.path for item in sent], [item.size for item in sent]
    del sent
    for dockerfile in reads:
        if dockerfile.stages:
            moved = transferred(zip(paths, sizes, strict=True), dockerfile)
            outcome.transferred.append((dockerfile.path, dockerfile.target, moved))
