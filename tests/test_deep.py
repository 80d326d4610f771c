"""Every command on trees deeper than Python's recursion limit, and deeper than PATH_MAX.

A tree 1,000 directories deep is walked like any other. At 3,000 levels the paths no
longer fit in PATH_MAX: Docker's client fails there ("lstat ...: file name too long"),
and ignoregen says so for the directory where it happens, as a clear error, not a
traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from deep_trees import deep_tree, remove_tree

from ignoregen import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.deep import HOP, fresh_stack
from ignoregen.engine.listing import tree_size
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import find_setup


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    assert "internal error" not in err
    assert "Traceback" not in err
    return status, out, err


@pytest.fixture(scope="module")
def tree_1000(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = deep_tree(tmp_path_factory.mktemp("deep") / "repo", 1000)
    yield root
    remove_tree(root)


def test_the_walk_is_exact_1000_deep(tree_1000: Path) -> None:
    setup = find_setup(tree_1000)
    scan = scan_context(setup, sizes=True, collect=Collect.ALL)
    assert scan.problems == []
    files = {item.path for item in scan.sent if item.path.endswith("f.txt")}
    assert files == {"/".join(["d"] * level + ["f.txt"]) for level in range(100, 1001, 100)}
    assert scan.sent_totals.dirs == 1001  # the chain and the __pycache__ at its bottom
    # The Dockerfile, the leaf module (empty) and the files of one byte each.
    dockerfile = (tree_1000 / "Dockerfile").stat().st_size
    assert tree_size(str(tree_1000), []) == (dockerfile + len(files), len(files) + 2, 1001)


def test_parallel_and_excluded_walks_1000_deep(tree_1000: Path) -> None:
    ignore = tree_1000 / ".dockerignore"
    ignore.write_text("d/d\n!d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d\n")
    try:
        setup = find_setup(tree_1000)
        one = scan_context(setup, sizes=True, collect=Collect.ALL, workers=1)
        two = scan_context(setup, sizes=True, collect=Collect.ALL, workers=2)
    finally:
        ignore.unlink()
    assert one.problems == two.problems == []
    assert (one.sent_totals, one.ignored_totals) == (two.sent_totals, two.ignored_totals)
    # The Dockerfile, the ignore file, the module and the files from level 100 down: all
    # re-included by the exception.
    assert one.sent_totals.files == 13


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["ls"], 0),
        (["ls", "--summary"], 0),
        (["scan"], 0),
        (["check"], 1),  # IG001: no ignore file
        # Buildah's walk recursed once a level with no fresh stack: RecursionError, exit 3
        # (the unseen82 session, laying real repositories out with a deep tree added).
        (["ls", "--builder", "buildah"], 0),
        (["ls", "--builder", "classic"], 0),
        (["check", "--builder", "buildah"], 1),
    ],
)
def test_every_command_1000_deep(
    tree_1000: Path, argv: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    got, out, err = run([*argv, str(tree_1000)], capsys)
    assert (got, err) == (status, "")
    assert out


def test_explain_and_init_1000_deep(tree_1000: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deepest = "/".join(["d"] * 1000 + ["__pycache__"])
    status, out, _ = run(["explain", "-C", str(tree_1000), deepest], capsys)
    assert (status, out.startswith(deepest)) == (0, True)
    status, out, _ = run(["init", "--dry-run", "-C", str(tree_1000)], capsys)
    assert status == 0
    assert out.startswith("# >>> ignoregen")


@pytest.fixture
def tree_3000(tmp_path: Path) -> Iterator[Path]:
    root = deep_tree(tmp_path / "repo", 3000)
    yield root
    remove_tree(root)


def test_deeper_than_path_max(tree_3000: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tree_3000
    status, out, err = run(["ls", str(root)], capsys)
    assert status == 2
    (message,) = err.splitlines()
    assert message.startswith("ignoregen: error: d/d/d/")
    assert message.endswith(": cannot read directory: File name too long; docker build would fail")
    assert out.splitlines()[-1].endswith("/f.txt")
    status, out, err = run(["init", "-C", str(root)], capsys)
    assert status == 0
    assert (root / ".dockerignore").is_file()


def test_fresh_stack_hands_back_results_and_errors() -> None:
    def countdown(level: int) -> int:
        if level == 0:
            return sys.getrecursionlimit()
        if level % HOP == 0:
            return fresh_stack(countdown, level - 1)
        return countdown(level - 1)

    assert countdown(5 * HOP) == sys.getrecursionlimit()  # far beyond the limit, no error

    def fail() -> None:
        raise ValueError("from the thread")

    with pytest.raises(ValueError, match="from the thread"):
        fresh_stack(fail)
