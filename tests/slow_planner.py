"""The planner as it was before it shared walks and judged idle rules from evidence (every
question answered by a walk of its own), and check's classifier as it was (every path
recorded). Only test oracles (tests/test_plan_walks.py): the fast paths must give exactly
the same files, summaries and findings."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs_run import RunNeeds
from ignoregen.commands import check, init, measure
from ignoregen.engine import walk
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.records import Collect, ContextScan
from ignoregen.engine.setup import BuildSetup
from ignoregen.knowledge.classification import Classification, Tally
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import PresetSet
from ignoregen.plan import alone, planner, tail
from ignoregen.plan.planner import PlannedRule


class _Forgetful(dict[object, object]):
    """A memo that keeps nothing: every question is answered afresh."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


class FreshWalks(planner.Walks):
    """Walks that are never shared: each question walks the context again, from the file
    system (no :class:`~ignoregen.engine.listing.Listings`), and the project files of a
    context are listed again for each plan."""

    def __init__(self, needs: RunNeeds | None = None) -> None:
        super().__init__()  # (the caller's needs are not shared either)
        self.files = _Forgetful()  # type: ignore[assignment]

    @property
    def needs(self) -> RunNeeds:
        """The needs' work, shared with nothing: each plan works its needs out afresh."""
        return RunNeeds()

    @needs.setter
    def needs(self, _: RunNeeds) -> None:
        pass

    def scan(
        self,
        setup: BuildSetup,
        rules: Sequence[Rule],
        collect: Collect,
        evidence: bool = False,
        pin: bool = False,
        decided_only: bool = False,
    ) -> ContextScan:
        # Every entry recorded, whatever the planner looks at.
        return scan_context(setup, rules=tuple(rules), sizes=True, collect=collect)

    def classified(
        self, setup: BuildSetup, rules: Sequence[Rule], presets: PresetSet, collect: Collect
    ) -> tuple[Classifier, ContextScan]:
        classifier = Classifier(presets)
        scan = scan_context(
            setup, rules=tuple(rules), sizes=True, observer=classifier, collect=collect
        )
        return classifier, scan

    def result(self, classifier: Classifier) -> Classification:
        return classifier.result()


def _outcome(
    setup: BuildSetup, chosen: Sequence[PlannedRule], user_rules: Sequence[Rule]
) -> tuple[frozenset[str], frozenset[str], set[int]]:
    rules = [planner._rule(rule.pattern, i + 1) for i, rule in enumerate(chosen)]
    scan = scan_context(setup, rules=(*rules, *user_rules), sizes=True, collect=Collect.ALL)
    used = {item.rule for item in [*scan.ignored, *scan.sent] if 0 <= item.rule < len(chosen)}
    return (
        frozenset(item.path for item in scan.sent),
        frozenset(item.path for item in scan.ignored),
        used,
    )


def slow_prune(
    setup: BuildSetup,
    chosen: list[PlannedRule],
    user_rules: Sequence[Rule],
    virtual: Sequence[str],
    guard_rules: frozenset[str],
    walks: planner.Walks | None = None,
) -> list[PlannedRule]:
    """Try each idle rule by walking the context without it."""
    sent, excluded, used = _outcome(setup, chosen, user_rules)
    needed: set[int] = set()
    while True:
        idle = [
            i
            for i, rule in enumerate(chosen)
            if i not in used
            and rule.pattern not in guard_rules
            and id(rule) not in needed
            and not alone._names_ignore_file(planner._rule(rule.pattern), virtual)
        ]
        if not idle:
            return chosen
        trial = chosen[: idle[-1]] + chosen[idle[-1] + 1 :]
        trial_sent, trial_excluded, trial_used = _outcome(setup, trial, user_rules)
        if (trial_sent, trial_excluded) == (sent, excluded):
            chosen, used = trial, trial_used
        else:
            needed.add(id(chosen[idle[-1]]))


def slow_measure(
    outcome: init.Outcome,
    setup: BuildSetup,
    presets: PresetSet,
    old_rules: tuple[Rule, ...],
    new_rules: tuple[Rule, ...],
    reads: Sequence[DockerfileReads],
    walks: planner.Walks,
) -> None:
    """``init.measure`` as it was: a classified walk with the old rules and one with the
    new, each classifying what it sends (not the bare walk's classifier asked by path)."""
    before_classifier, _ = walks.classified(setup, old_rules, presets, Collect.NOTHING)
    after_classifier, after_scan = walks.classified(setup, new_rules, presets, Collect.SENT)
    before, after = walks.result(before_classifier), walks.result(after_classifier)
    outcome.before = measure.Totals(before.sent.files, before.sent.bytes)
    outcome.after = measure.Totals(after.sent.files, after.sent.bytes)
    after_by_id = {tally.category.id: tally.sent for tally in after.categories}
    for tally in before.categories:
        outcome.categories.append(
            (tally.category.id, tally.sent, after_by_id.get(tally.category.id, Tally()))
        )
    sent = [(item.path, item.size) for item in after_scan.sent if item.files]
    for dockerfile in reads:
        if dockerfile.stages:
            outcome.transferred.append(
                (dockerfile.path, dockerfile.target, measure.transferred(sent, dockerfile))
            )


def _every_entry(
    self: walk._Walker, absolute: str, relative: str, vector: int, live: int, decider: int
) -> bool:
    """``_Walker._probe`` as it was: the excluded directory walked entry by entry."""
    return self._walk_dir(absolute, relative, vector, live, True, decider, None, True)


def use_slow_planner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(walk._Walker, "_probe", _every_entry)
    monkeypatch.setattr(planner, "Walks", FreshWalks)
    monkeypatch.setattr(init, "Walks", FreshWalks)
    monkeypatch.setattr(planner, "_prune", slow_prune)
    monkeypatch.setattr(init, "measure", slow_measure)
    monkeypatch.setattr(tail, "ENABLED", False)


class RecordEveryPath(Classifier):
    """check's classifier as it was: every path recorded, in the excluded trees too."""

    def __init__(self, presets: PresetSet) -> None:
        super().__init__(presets, record=True)
        assert self.record is not None
        self.directories = self.record


def use_slow_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "_DirectoryKeys", RecordEveryPath)
