"""A wildcard exception written by name where it would open a directory no one can read.

BuildKit opens an excluded directory when an exception may match inside it: with
``!**/.env.example`` in the file (a category's exception that init writes), it opens every
excluded directory to look, ``data/postgres`` too. A database container's data directory
(mode 0700, the container's user) then stops the build with "error from sender: open
data/postgres: permission denied" on the machine that holds it, where the file as it
stood (``data`` excluded, no wildcard exception) built. Checked with real BuildKit: the
exception breaks the build even above the line that excludes the directory.

So when the walk of the file init would write cannot open a directory that its rules
exclude, the wildcard exceptions of init's block are written as the paths they give back
(``!.env.example``, ``!config/.env.example``): a literal exception opens only the
directories on its own way, and the same paths are sent.
"""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import BuildSetup
from ignoregen.plan.planner import Plan, PlannedRule, Walks


def _wildcard(pattern: str) -> bool:
    return pattern.startswith("!") and any(c in pattern for c in "*?[")


def by_name_where_unreadable(
    setup: BuildSetup, rules: Sequence[Rule], plan: Plan, walks: Walks
) -> list[PlannedRule] | None:
    """``plan.rules`` with its wildcard exceptions written by name, when the walk with
    ``rules`` (the whole file init would write) must open an excluded directory it cannot
    read; None when nothing is to change."""
    if not plan.locked or not any(_wildcard(planned.pattern) for planned in plan.rules):
        return None  # (rules open fewer directories than the walk with none, which opened all)
    scan = walks.scan(setup, rules, Collect.ALL, evidence=True)
    fatal = [problem.path for problem in scan.problems if problem.fatal and problem.path != "."]
    if not fatal:
        return None
    matcher = Matcher(rules)
    if not any(matcher.decide(path).excluded for path in fatal):
        return None  # what is opened is sent: no exception of ours opens it
    from ignoregen.plan.gitignore.render import docker_literal

    given: dict[str, list[str]] = {}  # wildcard exception -> the paths it gives back
    for item in scan.sent:
        if item.rule >= 0 and not item.inherited:
            rule = scan.rules[item.rule]
            if rule.exception and _wildcard(str(rule)):
                given.setdefault(str(rule), []).append(item.path)
    out: list[PlannedRule] = []
    for planned in plan.rules:
        if not _wildcard(planned.pattern):
            out.append(planned)
            continue
        category = planned.category
        label = f"{category.id}: " if category is not None else ""
        out.extend(
            PlannedRule(docker_literal(path, exception=True), category,
                        f"{label}keeps {path} ({planned.pattern}, by name: a directory here "
                        "cannot be read, and the pattern would have BuildKit open it)")
            for path in given.get(planned.pattern, [])
        )
    return out
