"""The walker against a brute-force reading of Docker's rules, on random trees.

For BuildKit the reference sends every entry that is not excluded plus the
ancestors of such entries; for the classic builder, only entries whose excluded
ancestors all pass the classic builder's look-inside test. The walker's pruning,
inheritance shortcuts and collected records must never change that.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ignoregen.engine import pool
from ignoregen.engine.classic import classic_reaches
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import parse_text
from ignoregen.engine.matcher import Matcher, PatternUseError
from ignoregen.engine.pool import SplitPolicy
from ignoregen.engine.records import Collect, Kind
from ignoregen.engine.setup import Builder, BuildSetup

NAMES = st.sampled_from(["a", "b", "ab", "x.py", "node_modules", ".env", "keep", "é"])
# The walk these tests check is Docker's (Buildah's has tests of its own).
DOCKER_BUILDERS = [Builder.BUILDKIT, Builder.CLASSIC]
TREE = st.lists(st.lists(NAMES, min_size=1, max_size=4).map("/".join), min_size=1, max_size=12)
PIECES = st.sampled_from(
    ["a", "b", "*", "**", "?", "x.py", "*.py", "node_modules", "[ab]", ".env", "keep", "é"]
)
LINES = st.lists(
    st.builds(
        lambda neg, parts: ("!" if neg else "") + "/".join(parts),
        st.booleans(),
        st.lists(PIECES, min_size=1, max_size=3),
    ),
    max_size=6,
)


def lay_out(root: Path, files: list[str]) -> list[str]:
    """Create the files (a path that collides with a file becomes a directory's sibling)."""
    made: list[str] = []
    for name in files:
        target = root / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_text("x" * len(name))
        except (FileExistsError, NotADirectoryError):
            continue
        made.append(name)
    return made


def all_entries(root: Path) -> dict[str, bool]:
    return {p.relative_to(root).as_posix(): p.is_dir() for p in root.rglob("*")}


def reference(root: Path, lines: list[str], builder: Builder) -> set[str]:
    matcher = Matcher(parse_text(enumerate(lines, 1), "t"))
    rules = matcher.rules
    entries = all_entries(root)
    kept: set[str] = set()
    for path in entries:
        steps = matcher.chain(path)
        if steps[-1].excluded:
            continue
        if builder is Builder.CLASSIC and any(
            step.excluded and not classic_reaches(rules, step.path) for step in steps[:-1]
        ):
            continue
        parts = path.split("/")
        kept.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return {path + "/" if entries[path] else path for path in kept}


@settings(max_examples=250, deadline=None)
@given(TREE, LINES, st.sampled_from(DOCKER_BUILDERS))
def test_walker_matches_the_reference(files: list[str], lines: list[str], builder: Builder) -> None:
    with tempfile.TemporaryDirectory() as raw:
        root = Path(raw)
        lay_out(root, files)
        rules = parse_text(enumerate(lines, 1), "t")
        setup = BuildSetup(root, builder, None, None)
        scan = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL)
        got = {item.path + ("/" if item.kind is Kind.DIR else "") for item in scan.sent}
        assert got == reference(root, lines, builder)
        # Totals agree with the records, and every byte is either sent or not.
        sent_files = [item for item in scan.sent if item.kind is not Kind.DIR]
        assert scan.sent_totals.files == len(sent_files)
        total = sum(len(name) for name in all_entries(root) if (root / name).is_file())
        assert scan.sent_totals.bytes + scan.ignored_totals.bytes == total
        summary = scan_context(setup, rules=rules, sizes=True, collect=Collect.NOTHING)
        assert summary.sent_totals == scan.sent_totals
        assert summary.ignored_totals == scan.ignored_totals
        assert summary.tar_bytes == scan.tar_bytes
        assert summary.sent == []
        # Without ignored records, excluded directories are searched the lean way
        # (files in bulk); what is sent, and which rule decided it, stay the same.
        listing = scan_context(setup, rules=rules, sizes=True, collect=Collect.SENT)
        assert sorted(listing.sent) == sorted(scan.sent)
        assert (listing.sent_totals, listing.ignored_totals) == (
            scan.sent_totals,
            scan.ignored_totals,
        )
        assert (listing.tar_bytes, listing.implied) == (scan.tar_bytes, scan.implied)


SEARCHED = [
    "deps/keep",
    "deps/a/keep",
    "deps/a/b/keep",
    "deps/a/b/x.py",
    "deps/a/.env.local",
    "deps/a/kep",
    "deps/c/d/e",
    "deps/c/keep/f",
    "gen/a/keep",
    "gen/a/b/x.py",
]


@pytest.mark.parametrize(
    "exception",
    ["!**/keep", "!**/*.py", "!**/.env*", "!**/k?ep", "!deps/**/keep", "!**/keep/f", "!**/c"],
)
@pytest.mark.parametrize("first", ["deps", "**/a"])
def test_excluded_directories_are_searched_for_every_kind_of_exception(
    exception: str, first: str, tmp_path: Path
) -> None:
    """A walk that records nothing it ignores searches excluded directories its lean way
    (files in bulk until an entry might match an exception); it finds what the reference
    finds, whatever the exception looks like."""
    made = lay_out(tmp_path, SEARCHED)
    assert made == SEARCHED
    lines = [first, "gen", exception, "**/b"]
    rules = parse_text(enumerate(lines, 1), "t")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    exact = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL)
    for collect in (Collect.SENT, Collect.NOTHING):
        lean = scan_context(setup, rules=rules, sizes=True, collect=collect)
        assert (lean.sent_totals, lean.ignored_totals, lean.tar_bytes) == (
            exact.sent_totals,
            exact.ignored_totals,
            exact.tar_bytes,
        )
    listing = scan_context(setup, rules=rules, sizes=True, collect=Collect.SENT)
    got = {item.path + ("/" if item.kind is Kind.DIR else "") for item in listing.sent}
    assert got == reference(tmp_path, lines, Builder.BUILDKIT)
    assert sorted(listing.sent) == sorted(exact.sent)
    assert any("/" in path for path in got), "nothing below an excluded directory is sent"


@settings(max_examples=80, deadline=None)
@given(
    TREE,
    LINES,
    st.sampled_from(DOCKER_BUILDERS),
    st.sampled_from(list(Collect)),
    st.sampled_from([(1, 64, 32), (1, 2, 1), (2, 2, 32), (2, 3, 2)]),
)
def test_parallel_walk_is_the_same_walk(
    files: list[str],
    lines: list[str],
    builder: Builder,
    collect: Collect,
    split: tuple[int, int, int],
) -> None:
    """Workers take the subtrees below the split depth, and shares of a directory with at
    least ``wide`` subdirectories; the result is the one a single process makes."""
    policy = SplitPolicy(depth=split[0], wide=split[1], share=split[2], min_tasks=1)
    with tempfile.TemporaryDirectory() as raw:
        root = Path(raw)
        lay_out(root, files)
        rules = parse_text(enumerate(lines, 1), "t")
        setup = BuildSetup(root, builder, None, None)
        one = scan_context(setup, rules=rules, sizes=True, collect=collect)
        two = scan_context(
            setup, rules=rules, sizes=True, collect=collect, workers=2, split=policy
        )
        assert sorted(two.sent) == sorted(one.sent)
        assert sorted(two.ignored) == sorted(one.ignored)
        assert (two.sent_totals, two.ignored_totals) == (one.sent_totals, one.ignored_totals)
        assert (two.tar_bytes, sorted(two.implied)) == (one.tar_bytes, sorted(one.implied))


def test_a_pattern_that_fails_in_a_worker_fails_the_walk(tmp_path: Path) -> None:
    """Docker fails where it first tests a broken pattern; a worker process that gets
    there first hands the error to the parent, which raises it as a single walk would."""
    for i in range(8):
        (tmp_path / f"d{i}" / "e" / "f").mkdir(parents=True)
        (tmp_path / f"d{i}" / "e" / "g").mkdir()
        (tmp_path / f"d{i}" / "e" / "g" / "x").write_text("x")
    # An exception is first tested on an excluded path: here, deep inside each task.
    rules = parse_text(enumerate(["d*/e/g", "!d*/e/g/[[:foo:]]"], 1), "t")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    policy = SplitPolicy(depth=1, min_tasks=1)
    for workers in (1, 2):
        with pytest.raises(PatternUseError) as info:
            scan_context(setup, rules=rules, sizes=True, workers=workers, split=policy)
        assert info.value.rule.line == 2


def _monorepo(root: Path) -> None:
    """Apps whose bulk is an excluded ``node_modules`` three levels down: a pnpm store (a
    wide ``.pnpm``) and scoped directories, beside a little source."""
    for app in ("web", "api"):
        (root / "apps" / app / "src").mkdir(parents=True)
        (root / "apps" / app / "src" / "main.ts").write_text("x" * 7)
        store = root / "apps" / app / "node_modules" / ".pnpm"
        for i in range(70):
            package = store / f"pkg{i}@1.0.{i}" / "node_modules" / f"pkg{i}"
            (package / "lib").mkdir(parents=True)
            (package / "index.js").write_text("y" * i)
            (package / "lib" / "util.js").write_text("z" * (i % 7))
        for scope in ("@a", "@b"):
            (root / "apps" / app / "node_modules" / scope / "pkg").mkdir(parents=True)
            (root / "apps" / app / "node_modules" / scope / "pkg" / "f").write_text("w")
    (root / "Dockerfile").write_text("FROM scratch\n")


def test_excluded_trees_deep_in_a_context_are_sized_in_shares(tmp_path: Path) -> None:
    """A context whose bulk is excluded trees below ``apps/*``: too few subtrees at the
    split depth make the plan go one level deeper, and each excluded tree is taken apart
    by its own depth, so that no worker sizes a whole ``node_modules`` while the other
    waits. The result is the one a single process makes, entry for entry."""
    _monorepo(tmp_path)
    rules = parse_text(enumerate(["**/node_modules", "!apps/web/node_modules/@a"], 1), "t")
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    planned: list[list[pool._Job]] = []
    real_run = pool._Split.run

    def recording(self: pool._Split, walker: Any, workers: int) -> None:
        planned.append(list(self.tasks))
        real_run(self, walker, workers)

    for collect in (Collect.ALL, Collect.NOTHING):
        one = scan_context(setup, rules=rules, sizes=True, collect=collect)
        planned.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pool._Split, "run", recording)
            two = scan_context(setup, rules=rules, sizes=True, collect=collect, workers=2)
        assert sorted(two.sent) == sorted(one.sent)
        assert sorted(two.ignored) == sorted(one.ignored)
        assert (two.sent_totals, two.ignored_totals) == (one.sent_totals, one.ignored_totals)
        assert two.tar_bytes == one.tar_bytes
        assert one.ignored_totals.files > 250
        # Shared out: the packages of each store are tasks of their own.
        assert len(planned) == 1
        sized = [job.task.relative for job in planned[0] if job.kind == pool._SIZE]
        assert "apps/web/node_modules" not in sized
        assert "apps/api/node_modules/.pnpm/pkg3@1.0.3" in sized
        assert len(sized) >= 70


def test_a_worker_that_dies_leaves_the_walk_to_the_parent(tmp_path: Path) -> None:
    """A worker process killed midway (say, out of memory) sends nothing back: the
    parent then walks everything itself, and the result is the same."""
    for i in range(8):
        (tmp_path / f"d{i}" / "e" / "f").mkdir(parents=True)
        (tmp_path / f"d{i}" / "e" / "g").mkdir()
        (tmp_path / f"d{i}" / "e" / "f" / "x").write_text("x" * i)
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    one = scan_context(setup, rules=(), sizes=True)
    real_run_task = pool._run_task

    def dying(walker: Any, observer: Any, job: Any) -> Any:
        if job.task.relative.startswith("d3"):
            os._exit(9)
        return real_run_task(walker, observer, job)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "_run_task", dying)
        two = scan_context(
            setup, rules=(), sizes=True, workers=2, split=SplitPolicy(depth=1, min_tasks=1)
        )
    assert sorted(two.sent) == sorted(one.sent)
    assert (two.sent_totals, two.tar_bytes) == (one.sent_totals, one.tar_bytes)
