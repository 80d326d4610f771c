"""A later candidate pass (rules of the first left out, exceptions kept for the build put
in) is answered from the first pass's walk and walks of the subtrees that changed
(ignoregen/plan/tail.py, ignoregen/engine/below.py): the same entries, in the same order,
with the same deciders, sizes and counts as a walk with every rule, or no answer at all."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_plan_tail import HEADS, _paths, _rules
from test_plan_walks import _treegen

from ignoregen.engine.below import walk_below
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.listing import Listings
from ignoregen.engine.records import Collect, ContextScan
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.plan.gitignore.render import docker_literal
from ignoregen.plan.tail import with_changed_rules

WILDCARDS = ["services/**/tests", "services/*/src", "packages/*/dist", "services/api/*.py",
             "node_modules/**/package.json", "**/keep"]
"""Exceptions of the kinds the planner keeps (``**/keep`` may match anywhere: walked)."""


@pytest.fixture(scope="module", params=["search", "sized"])
def tree(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp(f"changed-{request.param}")
    root = _treegen().ensure_tree(cache, entries=3000, log=lambda _: None, shape=request.param)
    return Path(root.root)


def _walk(setup: BuildSetup, rules: list[Rule], listings: Listings | None = None) -> ContextScan:
    return scan_context(setup, rules=tuple(rules), sizes=True, collect=Collect.ALL,
                        decided_only=True, listings=listings)


def _changed(
    base: list[Rule], chooser: random.Random, paths: list[str]
) -> tuple[list[Rule], list[int | None]]:
    """``base`` with some exclusions left out and exceptions put in after some rules."""
    rules: list[Rule] = []
    where: list[int | None] = []
    for rule in base:
        if not rule.exception and chooser.random() < 0.3:
            where.append(None)
        else:
            where.append(len(rules))
            rules.append(rule)
        for _ in range(chooser.choice([0, 0, 1, 2])):
            text = (chooser.choice(WILDCARDS) if chooser.random() < 0.3
                    else docker_literal(chooser.choice(paths)))
            added = parse_line("!" + text, "t", 100 + len(rules))
            assert added is not None
            rules.append(added)
    return rules, where


@pytest.mark.parametrize("head_patterns", HEADS)
def test_changed_rules_from_the_first_walk_are_the_walk(
    tree: Path, head_patterns: list[str]
) -> None:
    setup = BuildSetup(tree, Builder.BUILDKIT, None, None)
    base = _rules(head_patterns)
    listings = Listings()
    base_scan = _walk(setup, base, listings)
    paths = _paths(tree)
    chooser = random.Random(f"{tree.parent.name}-{head_patterns}")
    answered = changed = 0
    rounds = 40
    for _ in range(rounds):
        rules, where = _changed(base, chooser, paths)
        found = with_changed_rules(base_scan, rules, where, listings)
        if found is None:
            continue
        answered += 1
        walked = _walk(setup, rules)
        assert (found.ignored, found.sent) == (walked.ignored, walked.sent), [
            str(rule) for rule in rules]
        changed += (found.ignored, found.sent) != (base_scan.ignored, base_scan.sent)
    # Some passes are answered (not: a path given back inside an excluded directory, most
    # of the tree here; an exception that may match anywhere; one written with escapes),
    # most of them changed.
    assert answered >= 4
    if base:  # (with no rules, none is put in either)
        assert changed >= answered // 2


def test_exception_inside_an_excluded_directory_is_walked(tmp_path: Path) -> None:
    """Giving back a path inside an excluded directory changes what the walk records of the
    directory itself (it is searched, and sent as the path's parent): no answer."""
    for path in ("d/keep/x", "d/other", "e/f"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    base = _rules(["d", "e/f"])
    listings = Listings()
    base_scan = _walk(setup, base, listings)
    keep = _rules(["!d/keep"], 5)
    assert with_changed_rules(base_scan, [*base, *keep], [0, 1], listings) is None
    assert walk_below(setup, [*base, *keep], ["d/keep"], listings) is None
    # Given back where nothing above it is excluded: answered, and the entry is sent.
    found = with_changed_rules(base_scan, [base[0], *_rules(["!e/f"], 5)], [0, None],
                               listings)
    assert found is not None
    assert [item.path for item in found.ignored] == ["d"]
    assert [item.path for item in found.sent] == []  # e/f: decided by no rule now
    walked = _walk(setup, [base[0], *_rules(["!e/f"], 5)])
    assert (found.ignored, found.sent) == (walked.ignored, walked.sent)


def test_left_out_rule_over_a_directory_another_excludes(tmp_path: Path) -> None:
    """Leaving out the rule that decided an excluded directory another rule excludes too:
    the directory is one entry still, decided by the other rule; searched (an exception
    may give something back below it) it is walked."""
    for path in ("d/x", "d/y/z", "e"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("xy")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    base = _rules(["d", "**/d"])
    listings = Listings()
    base_scan = _walk(setup, base, listings)
    assert [(item.path, item.rule) for item in base_scan.ignored] == [("d", 0)]
    found = with_changed_rules(base_scan, base[1:], [None, 0], listings)
    assert found is not None
    assert found.ignored == _walk(setup, base[1:]).ignored
    assert [(item.path, item.size, item.files, item.rule) for item in found.ignored] == [
        ("d", 4, 2, 0)]
    searched = _rules(["d", "**/d", "!**/z"])
    base_scan = _walk(setup, searched, listings)
    assert with_changed_rules(base_scan, searched[1:], [None, 0, 1], listings) is None


def test_left_out_exception_is_walked(tmp_path: Path) -> None:
    """Leaving out an exception changes where the walk searches: no answer."""
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x").write_text("x")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    base = _rules(["d", "!d/x"])
    listings = Listings()
    assert with_changed_rules(_walk(setup, base, listings), base[:1], [0, None],
                              listings) is None


def test_deep_tree(tmp_path: Path) -> None:
    """A path given back at the bottom of a tree deeper than Python's recursion limit."""
    from deep_trees import deep_tree, remove_tree

    root = deep_tree(tmp_path / "repo", 1500)
    try:
        setup = BuildSetup(root, Builder.BUILDKIT, None, None)
        base = _rules(["**/*.txt"])
        listings = Listings()
        base_scan = _walk(setup, base, listings)
        deepest = max((item.path for item in base_scan.ignored), key=len)
        rules = [*base, *_rules(["!" + docker_literal(deepest)], 5)]
        found = with_changed_rules(base_scan, rules, [0], listings)
        walked = _walk(setup, rules)
    finally:
        remove_tree(root)
    assert found is not None
    assert (found.ignored, found.sent) == (walked.ignored, walked.sent)
    assert len(found.ignored) == len(base_scan.ignored) - 1
