"""A candidate pass whose rules end with literal exclusions is answered from the walk of
the rules before them (ignoregen/plan/tail.py): the same entries, in the same order, with
the same deciders, sizes and counts as a walk with every rule, or no answer at all."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from test_plan_walks import _compare, _treegen

from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.listing import Listings
from ignoregen.engine.records import Collect, Item, Kind
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.plan.gitignore.render import docker_literal
from ignoregen.plan.tail import literal_tail, with_literal_tail

HEADS = [
    ["**/node_modules", ".venv", ".git", "!**/.env.example", "**/__pycache__", "**/*.md"],
    ["services", "!services/api", "services/api/tests", "**/dist", "!**/dist/keep"],
    ["**/*.pyc", "**/.pytest_cache", "coverage"],
    [],
]


@pytest.fixture(scope="module", params=["search", "sized"])
def tree(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp(f"tail-{request.param}")
    root = _treegen().ensure_tree(cache, entries=3000, log=lambda _: None, shape=request.param)
    return Path(root.root)


def _rules(patterns: list[str], first: int = 0) -> list[Rule]:
    return [rule for i, p in enumerate(patterns) if (rule := parse_line(p, "t", first + i))]


def _paths(root: Path) -> list[str]:
    """Every path of the tree, links included (not followed), and a few that do not exist."""
    out = [path.relative_to(root).as_posix() for path in sorted(root.rglob("*"))]
    return [*out, "missing", "services/missing", "node_modules/missing/deeper"]


def test_literal_tail_is_the_run_of_literal_exclusions() -> None:
    rules = _rules(["**/x", "a/b", "!c", "d/e", "f[g]h", "i", "j/k"])
    assert literal_tail(rules) == 5  # i, j/k; f[g]h is a class, not a literal
    assert literal_tail(_rules(["a", "!b"])) == 2
    assert literal_tail(_rules(["a", "b*"])) == 2
    assert literal_tail(_rules(["a\\[1\\]", "b"])) == 1  # escaped: a regex, walked


@pytest.mark.parametrize("head_patterns", HEADS)
def test_tail_applied_to_the_head_walk_is_the_walk(tree: Path, head_patterns: list[str]) -> None:
    setup = BuildSetup(tree, Builder.BUILDKIT, None, None)
    head = _rules(head_patterns)
    listings = Listings()
    head_scan = scan_context(setup, rules=tuple(head), sizes=True, collect=Collect.ALL,
                             decided_only=True, listings=listings)
    paths = _paths(tree)
    chooser = random.Random(f"{tree.parent.name}-{head_patterns}")
    tails: list[list[str]] = [
        # What the planner puts there: a path per line, a directory and what is below it,
        # the same path twice.
        ["services/api/.env", "services/billing/.env", "dist"],
        ["services", "services/api/src", "services"],
        ["services/api/src", "services"],
        [".venv", "node_modules", ".git"],
        ["missing", "node_modules/missing/deeper"],
    ]
    tails += [chooser.sample(paths, k) for k in (1, 2, 3, 5, 8) for _ in range(6)]
    answered = changed = 0
    for tail_paths in tails:
        tail = [rule for i, path in enumerate(tail_paths)
                if (rule := parse_line(docker_literal(path), "t", 100 + i))]
        found = with_literal_tail(head_scan, tail, listings)
        walked = scan_context(setup, rules=(*head, *tail), sizes=True, collect=Collect.ALL,
                              decided_only=True)
        if found is None:
            continue
        answered += 1
        assert found == (walked.ignored, walked.sent), tail_paths
        changed += found != (head_scan.ignored, head_scan.sent)
    # Almost every tail is answered (the exceptions: a path given back in an excluded
    # directory, a path written with escapes).
    assert answered >= len(tails) - 8
    assert changed >= len(tails) // 2


def test_tail_below_an_excluded_directory_is_walked(tmp_path: Path) -> None:
    """A literal path given back inside an excluded directory: excluding it could leave its
    directory with nothing sent, which the head's walk cannot tell."""
    for path in ("d/keep/x", "d/other", "e/f"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    head = _rules(["d", "!d/keep"])
    listings = Listings()
    head_scan = scan_context(setup, rules=tuple(head), sizes=True, collect=Collect.ALL,
                             decided_only=True, listings=listings)
    assert with_literal_tail(head_scan, _rules(["d/keep"], 5), listings) is None
    # Excluded by the head already: nothing changes.
    found = with_literal_tail(head_scan, _rules(["d/other"], 5), listings)
    assert found == (head_scan.ignored, head_scan.sent)
    found = with_literal_tail(head_scan, _rules(["e"], 5), listings)
    walked = scan_context(setup, rules=(*head, *_rules(["e"], 5)), sizes=True,
                          collect=Collect.ALL, decided_only=True)
    assert found == (walked.ignored, walked.sent)
    assert ("e", Kind.DIR, 1, 1, 2, False) in found[0]


def test_init_same_as_walking_every_pass(monkeypatch: pytest.MonkeyPatch, tree: Path) -> None:
    """On both shapes of the generated tree, init says and writes what it says when every
    pass is walked with all its rules (and every other question too: the slow planner)."""
    _compare(monkeypatch, tree, "--verbose")


def test_listed_sizes_are_the_file_systems(tree: Path) -> None:
    """An excluded tree sized from the listings init's walks keep (every directory, once
    the first walk has listed them; a part of them before) counts what the file system
    says: bytes, non-directories, directories."""
    from ignoregen.engine.listing import tree_size

    setup = BuildSetup(tree, Builder.BUILDKIT, None, None)
    directories = [str(tree), *(str(path) for path in sorted(tree.rglob("*"))
                                if path.is_dir() and not path.is_symlink())]
    expected = {path: tree_size(path, []) for path in directories}
    partial, full = Listings(), Listings()
    scan_context(setup, rules=tuple(_rules(["**/node_modules", ".venv", ".git"])), sizes=True,
                 collect=Collect.NOTHING, listings=partial)
    scan_context(setup, rules=(), sizes=True, collect=Collect.NOTHING, listings=full)
    assert len(full.listings) == len(directories) > len(partial.listings)
    for listings in (partial, full):
        assert {path: listings.tree_size(path) for path in reversed(directories)} == expected


def test_deep_tree(tmp_path: Path) -> None:
    """A literal path over a tree deeper than Python's recursion limit."""
    from deep_trees import deep_tree, remove_tree

    root = deep_tree(tmp_path / "repo", 1500)
    try:
        setup = BuildSetup(root, Builder.BUILDKIT, None, None)
        head = _rules(["**/*.py", "!**/f.txt"])
        listings = Listings()
        head_scan = scan_context(setup, rules=tuple(head), sizes=True, collect=Collect.ALL,
                                 decided_only=True, listings=listings)
        tail = _rules(["d"], 5)
        found = with_literal_tail(head_scan, tail, listings)
        walked = scan_context(setup, rules=(*head, *tail), sizes=True, collect=Collect.ALL,
                              decided_only=True)
    finally:
        remove_tree(root)
    assert found == (walked.ignored, walked.sent)
    assert found[0] == [Item("d", Kind.DIR, 15, 16, 2, False)]
