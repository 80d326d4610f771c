"""The block that follows a user's allow-list (``*``, then ``!src/**``).

Docker's last matching line wins, so a block above an exclude-everything line decides
nothing; init then writes its block after the user's lines (see
:func:`~ignoregen.plan.planner.make_plan`, ``after_user``). There it could overrule what
the user re-includes, so what it may do is narrow: exclude junk inside what the user's
exceptions give back, never send anything the user's lines leave out.
"""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.build.dockerfile import Source
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import Kind
from ignoregen.engine.setup import BuildSetup
from ignoregen.knowledge.preset import Category
from ignoregen.lint.maybe import MayExist, gitignore_rules, repository_root, samples
from ignoregen.plan.laptop import laptop_rules
from ignoregen.plan.planner import PlannedRule, _rule
from ignoregen.plan.walks import Walks, _scan


def prune_after(
    setup: BuildSetup,
    chosen: list[PlannedRule],
    user_rules: Sequence[Rule],
    virtual: Sequence[str],
    guard_rules: frozenset[str],
    walks: Walks | None = None,
) -> list[PlannedRule]:
    """The rules of a block that follows the user's allow-list: each, from the last up,
    stays only if the context sent with the user's lines and the block would change
    without it (``guard_rules`` stay whatever they do). A walk per rule; an allow-list
    sends little, and its excluded trees are not entered."""

    def planned(rules: Sequence[PlannedRule]) -> list[Rule]:
        return [_rule(rule.pattern, i + 1) for i, rule in enumerate(rules)]

    def outcome(rules: Sequence[PlannedRule]) -> tuple[frozenset[str], tuple[bool, ...]]:
        scan = _scan(setup, [*user_rules, *planned(rules)], walks=walks)
        matcher = Matcher([*user_rules, *planned(rules)])  # the ignore files to be written
        return (frozenset(item.path for item in scan.sent),
                tuple(matcher.decide(path).excluded for path in virtual))

    # Nothing the user's lines leave out may come back: no exception of the block sends
    # what their allow-list does not (the secrets' '!**/.env.example' after '*').
    theirs = frozenset(item.path for item in _scan(setup, list(user_rules), walks=walks).sent)
    reference = outcome(chosen)
    while extra := reference[0] - theirs:
        ours = planned(chosen)
        deciders = Matcher([*user_rules, *ours]).decide_many(sorted(extra))
        wrong = {d.rule for d in deciders.values() if d.rule is not None and d.rule.exception}
        kept = [r for r, p in zip(chosen, ours, strict=True) if p not in wrong]
        chosen = kept if len(kept) < len(chosen) else [
            r for r in chosen if not r.pattern.startswith("!")]
        reference = outcome(chosen)
    # The entries that a rule of the block decides, from one walk: without a rule that is
    # no exception, only those can change (each then falls to the last other rule that
    # matches it, which a matcher answers without walking again).
    rules = [*user_rules, *planned(chosen)]
    scan = _scan(setup, rules, walks=walks, decided_only=True)
    own = range(len(user_rules), len(rules))
    decided = sorted({item.path for item in [*scan.ignored, *scan.sent] if item.rule in own},
                     key=lambda path: (path.count("/"), path))
    # Until nothing more goes: an exception judged before the rule it answers may answer
    # nothing once that rule has gone (grist-core's '!test/fixtures/saml/keycloak.pem'
    # stayed after '**/*.pem' went, as its user line '!test' sends the file anyway).
    # (``decided`` stays a superset: a path falls from a rule that goes to another of the
    # block or to the user's, never from the user's lines to the block.)
    while True:
        before = len(chosen)
        for index in range(len(chosen) - 1, -1, -1):
            if chosen[index].pattern in guard_rules:
                continue
            trial = chosen[:index] + chosen[index + 1 :]
            if chosen[index].pattern.startswith("!"):
                same = outcome(trial) == reference
            else:
                now = Matcher([*user_rules, *planned(chosen)])
                mine = [path for path in decided if now.decide(path).rule is now.rules[
                    len(user_rules) + index]] if decided else []
                then = Matcher([*user_rules, *planned(trial)])
                same = all(then.decide(path).excluded for path in mine) and all(
                    then.decide(path).excluded is now.decide(path).excluded for path in virtual)
            if same:
                chosen = trial
        if len(chosen) == before:
            return chosen


def laptop_after(
    setup: BuildSetup,
    candidates: Sequence[tuple[Category, Rule]],
    needed: Sequence[str] | dict[str, str],
    sources: Sequence[Source],
    user_rules: Sequence[Rule],
    below: Sequence[str],
    walks: Walks | None = None,
) -> frozenset[str]:
    """The laptop rules (:func:`~ignoregen.plan.laptop.laptop_rules`: what ``.gitignore``
    lists and a clean checkout lacks) that a block after the user's allow-list keeps: those
    excluding a listed path that the user's lines would send, in a directory they send
    (``src/Resources/node_modules`` after ``*`` and ``!/src/``), as ``check`` looks for
    it. A rule for what the allow-list keeps out anyway (the root's ``node_modules`` after
    ``*``) would guard nothing."""
    laptop, _ = laptop_rules(setup.context, candidates, needed, sources, below)
    if not laptop:
        return laptop
    context = setup.context
    may = MayExist(tuple(gitignore_rules(context, repository_root(context, context), below)))
    theirs = Matcher(list(user_rules)) if user_rules else None
    homes = ["", *(item.path for item in _scan(setup, list(user_rules), walks=walks).sent
                   if item.kind is Kind.DIR)]

    def guards(text: str) -> bool:
        pattern = _rule(text, 1).pattern
        paths = list(samples(pattern))
        if pattern.startswith("**/"):
            tails = samples(pattern[3:])
            paths.extend(f"{home}/{tail}" for home in homes if home for tail in tails)
        return any(
            may.gitignored(path) is not None
            and (theirs is None or not theirs.decide(path).excluded)
            and path.rpartition("/")[0] in homes
            for path in paths
        )

    return frozenset(text for text in laptop if guards(text))
