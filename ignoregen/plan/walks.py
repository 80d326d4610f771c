"""The walks of one ``init`` run, made once and shared by its plans."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from ignoregen.build.needs_run import RunNeeds
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.listing import Listings
from ignoregen.engine.records import Collect, ContextScan
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.knowledge.classification import Classification
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.local import GitignoredOnce
from ignoregen.knowledge.preset import PresetSet

FROM_EVIDENCE = True
"""Answer :meth:`Walks.sending` from a walk with more rules where its evidence allows; off
(the tests' oracle), the walk with the rules asked for is made."""


class Walks:
    """The walks of one ``init`` run, shared by the plans made in it.

    The plans of one context (its shared file, and the file of each Dockerfile that uses
    it) walk it with the same rules again and again: the bare classification, the first
    pass over the same candidates, the measure of a file not written yet, and all the walks
    of two Dockerfiles that need the same. Each walk is made once and its result reused;
    the tree must not change while the run plans (init writes only after every plan is
    made). The results are shared: nobody may change them.

    Memory stays bounded: walks without records (the classifications) are all kept, and so
    are the pinned ones (a context's first pass over its candidates); of the others, only
    the :data:`RECENT` last used.
    """

    RECENT = 3

    def __init__(self, needs: RunNeeds | None = None) -> None:
        self._scans: OrderedDict[tuple[object, ...], ContextScan] = OrderedDict()
        self._pinned: dict[tuple[object, ...], ContextScan] = {}
        self._derived: OrderedDict[tuple[object, ...], ContextScan | None] = OrderedDict()
        self._classified: OrderedDict[tuple[object, ...], tuple[Classifier, ContextScan]]
        self._classified = OrderedDict()
        self._results: dict[int, Classification] = {}
        self.listings = Listings()
        """The file system's answers, shared by every walk of the run."""
        self.files: dict[Path, list[str]] = {}
        """The project files of each context (see ``plan_context``)."""
        self.needs = needs or RunNeeds()  # what the needs of the plans share (and check's)
        self.gitignored = GitignoredOnce()  # what git says of a path, once a run
        self._pruned: dict[tuple[object, ...], frozenset[int]] = {}

    def scan(
        self,
        setup: BuildSetup,
        rules: Sequence[Rule],
        collect: Collect,
        evidence: bool = False,
        pin: bool = False,
        decided_only: bool = False,
    ) -> ContextScan:
        key = (_walk_key(setup, rules), collect, evidence, decided_only)
        scan = self._pinned.get(key) or self._scans.get(key)
        if scan is None:
            scan = scan_context(
                setup, rules=tuple(rules), sizes=True, collect=collect, evidence=evidence,
                listings=self.listings, decided_only=decided_only, tar=False,
            )
            self.listings.shared_done()
            if pin:
                self._pinned[key] = scan
            else:
                self._scans[key] = scan
                while len(self._scans) > self.RECENT:
                    self._scans.popitem(last=False)
        elif key in self._scans:
            self._scans.move_to_end(key)
        return scan

    def pruned(self, setup: BuildSetup, rules: Sequence[Rule], dropped: frozenset[int]) -> None:
        """Say that the walk with ``rules`` decides every entry as it does without the rules
        at the indices ``dropped`` (what pruning left out of its last walk's rules without
        walking, on that walk's evidence): :meth:`sending` may leave them out."""
        self._pruned[_walk_key(setup, rules)] = dropped

    def sending(self, setup: BuildSetup, rules: Sequence[Rule]) -> ContextScan:
        """A walk with evidence that sends what the walk with ``rules`` sends and meets the
        same problems: a recent such walk whose rules are ``rules`` with some in between
        that counted in no decision or that pruning dropped from it (see :meth:`pruned`),
        when it met no problem, else the walk with ``rules``: pruning's last walk, for the
        file's rules without those it dropped and the repeats it took out.

        A rule that counted nowhere is in no decided entry's match vector, so leaving out
        several changes no decision, as pruning's drops do not (pruning drops both kinds
        together on the same evidence); nor does it add a search (the deciding rules, and
        the exceptions after them, stay), so a walk that met no problem meets none without
        them."""
        walk = _walk_key(setup, rules)
        key = (walk, Collect.ALL, True, False)
        if FROM_EVIDENCE and key not in self._scans and key not in self._pinned:
            for other, scan in reversed([*self._pinned.items(), *self._scans.items()]):
                rest = other[0]
                assert isinstance(rest, tuple)
                if other[1:] == key[1:] and rest[:3] == walk[:3] and not scan.problems \
                        and _idle_between(scan, rules, self._pruned.get(rest, frozenset())):
                    return scan
        return self.scan(setup, rules, Collect.ALL, evidence=True)

    def derived(
        self, setup: BuildSetup, rules: Sequence[Rule], make: Callable[[], ContextScan | None]
    ) -> ContextScan | None:
        """A ``decided_only`` walk with ``rules`` as ``make`` tells it without walking (see
        plan/tail.py), or the walk when it was made; each asked of ``make`` once (None when
        it cannot tell). The :data:`RECENT` last used are kept."""
        walked = (_walk_key(setup, rules), Collect.ALL, False, True)
        scan = self._pinned.get(walked) or self._scans.get(walked)
        if scan is not None:
            return scan
        key = walked[0]
        if key in self._derived:
            self._derived.move_to_end(key)
            return self._derived[key]
        found = self._derived[key] = make()
        while len(self._derived) > self.RECENT:
            self._derived.popitem(last=False)
        return found

    def classified(
        self, setup: BuildSetup, rules: Sequence[Rule], presets: PresetSet, collect: Collect
    ) -> tuple[Classifier, ContextScan]:
        """A walk with a classifier riding along (which nobody may walk again)."""
        key = (_walk_key(setup, rules), collect, id(presets))
        found = self._classified.get(key)
        if found is None:
            classifier = Classifier(presets)
            classifier.listings = self.listings
            scan = scan_context(
                setup, rules=tuple(rules), sizes=True, observer=classifier, collect=collect,
                listings=self.listings, tar=False,
            )
            self.listings.shared_done()
            found = self._classified[key] = (classifier, scan)
            recorded = [k for k in self._classified if k[1] is not Collect.NOTHING]
            for old in recorded[: max(0, len(recorded) - self.RECENT)]:
                self._results.pop(id(self._classified.pop(old)[0]), None)
        else:
            self._classified.move_to_end(key)
        return found

    def result(self, classifier: Classifier) -> Classification:
        """``classifier.result()``, once (it adds up its totals in place)."""
        found = self._results.get(id(classifier))
        if found is None:
            found = self._results[id(classifier)] = classifier.result()
        return found


def _idle_between(scan: ContextScan, rules: Sequence[Rule], dropped: frozenset[int]) -> bool:
    """Are ``rules`` ``scan``'s rules (as matched) without some whose bit of
    ``scan.counted`` is clear or whose index is in ``dropped``?"""
    counted = scan.counted
    if counted is None:
        return False
    wanted = [(rule.pattern, rule.exception) for rule in rules]
    at = 0
    for index, rule in enumerate(scan.rules):
        if at < len(wanted) and (rule.pattern, rule.exception) == wanted[at]:
            at += 1
        elif counted >> index & 1 and index not in dropped:
            return False
    return at == len(wanted)


def _walk_key(setup: BuildSetup, rules: Sequence[Rule]) -> tuple[object, ...]:
    """What decides a walk's outcome: the context, the builder and the rules as matched
    (where a rule was read does not change what it matches)."""
    return (
        setup.context,
        setup.builder,
        setup.dockerfile if setup.builder is not Builder.BUILDKIT else None,
        tuple((rule.pattern, rule.exception) for rule in rules),
    )


def _scan(
    setup: BuildSetup,
    rules: Sequence[Rule],
    collect: Collect = Collect.ALL,
    walks: Walks | None = None,
    evidence: bool = False,
    pin: bool = False,
    decided_only: bool = False,
) -> ContextScan:
    if walks is not None:
        return walks.scan(setup, rules, collect, evidence, pin, decided_only)
    return scan_context(setup, rules=tuple(rules), sizes=True, collect=collect,
                        evidence=evidence, decided_only=decided_only, tar=False)
