"""TreeGlob answers as Path.glob of CPython 3.11 does (the semantics it was written to),
on generated trees with links (to directories, dangling, in a loop), a FIFO, hidden names
and names that differ only in case, for the patterns the needs and guards ask and odd ones."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from ignoregen.build.treeglob import TreeGlob

PATTERNS = [
    "**/*_test.go", "**/testdata", "**/tests", "**/tests/**/*.go", "**/test_*.py",
    "**/conftest.py", "**", "*", "*/", "**/", "a/**", "a/*/x*", "**/.hidden",
    "**/[Tt]est*", "**/?.go", "a/../b/*", "./a/x.go", "a//b", "**/**/x.go", "nope/**",
    "*/*/*.py", "**/link*", "**/link*/x.go", "**/*.go", "b", "b/", "**/fifo",
]


def _tree(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    names = ["a", "b", "tests", "testdata", "Test", "test", ".hidden", "src", "x"]
    files = ["x.go", "x_test.go", "test_x.py", "conftest.py", "X.GO", "a.go", "y.py"]
    dirs = [root]
    for _ in range(25):
        parent = rng.choice(dirs)
        child = parent / rng.choice(names)
        child.mkdir(exist_ok=True)
        dirs.append(child)
    for directory in dirs:
        for name in rng.sample(files, rng.randint(0, 3)):
            (directory / name).write_text("x")
    # links: to a directory (with content), dangling, to a file, a loop, to the root
    (rng.choice(dirs) / "linkdir").symlink_to(dirs[1], target_is_directory=True)
    (rng.choice(dirs) / "linkdangling").symlink_to(root / "missing")
    (rng.choice(dirs) / "linkfile.go").symlink_to(root / "nowhere.go")
    loop = rng.choice(dirs) / "linkloop"
    loop.symlink_to(loop)
    (rng.choice(dirs) / "linkroot").symlink_to(root, target_is_directory=True)
    os.mkfifo(rng.choice(dirs) / "fifo")


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="pathlib's glob of 3.11")
@pytest.mark.parametrize("seed", range(6))
def test_same_as_pathlib_glob(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "ctx"
    root.mkdir()
    _tree(root, seed)
    tree = TreeGlob(root)
    for pattern in PATTERNS:
        assert tree.glob(pattern) == sorted(root.glob(pattern)), pattern
    # asked again from the kept listings: the same
    for pattern in PATTERNS:
        assert tree.glob(pattern) == sorted(root.glob(pattern)), pattern


def test_known_answers(tmp_path: Path) -> None:
    """What the needs rely on, whatever the Python: matches at any depth, the root
    itself for '**', link entries matched by name but not entered."""
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "a_test.go").write_text("")
    (tmp_path / "pkg" / "b.go").write_text("")
    (tmp_path / "alias").symlink_to(tmp_path / "pkg", target_is_directory=True)
    tree = TreeGlob(tmp_path)
    assert tree.glob("**/*_test.go") == [tmp_path / "pkg" / "sub" / "a_test.go"]
    assert tree.glob("**/sub") == [tmp_path / "pkg" / "sub"]
    assert tree.glob("**") == [tmp_path, tmp_path / "pkg", tmp_path / "pkg" / "sub"]
    assert tree.glob("alias/*.go") == [tmp_path / "alias" / "b.go"]  # named: followed
    assert tree.glob("*/b.go") == [tmp_path / "alias" / "b.go", tmp_path / "pkg" / "b.go"]


def test_errors_as_pathlib_raises(tmp_path: Path) -> None:
    tree = TreeGlob(tmp_path)
    with pytest.raises(ValueError, match="Unacceptable"):
        tree.glob("")
    with pytest.raises(ValueError, match="entire path component"):
        tree.glob("a**/b")
    with pytest.raises(NotImplementedError):
        tree.glob("/etc/*")
    assert TreeGlob(tmp_path / "missing").glob("**/x") == []


def test_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    """Path.glob's '**' recurses once per level and raises RecursionError below ~1,000
    levels; the needs ask '**/x' of any tree."""
    deep = tmp_path
    made = []
    for _ in range(sys.getrecursionlimit() + 100):
        deep = deep / "d"
        os.mkdir(deep)  # (Path.mkdir(parents=True) recurses too)
        made.append(deep)
    (deep / "leaf_test.go").write_text("")
    try:
        assert TreeGlob(tmp_path).glob("**/*_test.go") == [deep / "leaf_test.go"]
    finally:  # removed here, bottom up: pytest's clean-up (shutil.rmtree) recurses
        (deep / "leaf_test.go").unlink()
        for directory in reversed(made):
            directory.rmdir()
