"""What git's index holds, asked by ``knowledge.local``: a path is tracked when the index
lists it or a file below it. No question, no git run (an empty path list once asked git for
the whole index and read it, 407 times in one ``init`` of bitwarden/server); many paths
against a large index are answered from the index's directories, each once."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

import ignoregen.plan.gitignore.git as git_module
from ignoregen.knowledge import local

GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
       "-c", "init.defaultBranch=main")


def _repository(root: Path, files: list[str]) -> Path:
    subprocess.run([*GIT, "init", "-q", str(root)], check=True)
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name, encoding="utf-8")
    subprocess.run([*GIT, "-C", str(root), "add", "-f", "--", *files], check=True)
    subprocess.run([*GIT, "-C", str(root), "commit", "-q", "-m", "x"], check=True)
    return root


def _plain(index: set[str], paths: list[str]) -> set[str]:
    """The definition, asked one path and one index entry at a time."""
    return {p for p in paths if p in index or any(x.startswith(p + "/") for x in index)}


def test_no_paths_runs_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repository(tmp_path / "repo", ["a/b.txt", ".gitignore"])
    (root / ".gitignore").write_text("*.log\n", encoding="utf-8")
    calls: list[object] = []
    real = git_module.run_git

    def counting(*args: object, **kwargs: object) -> tuple[int, bytes]:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(git_module, "run_git", counting)
    assert local._tracked(root, []) == set()
    # nothing the gitignore file lists: nothing to ask the index about
    assert local.gitignored(root, [("a/b.txt", False), ("a", True)]) == {}
    assert calls == []
    (root / "x.log").write_text("x", encoding="utf-8")
    assert local.gitignored(root, [("x.log", False)]) == {"x.log": ".gitignore:1"}
    assert len(calls) == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_many_paths_as_the_definition(tmp_path: Path, seed: int) -> None:
    """Over 500 paths (the whole index is read): files, their directories, look-alike
    names that share a prefix without a '/', and untracked paths."""
    rng = random.Random(seed)
    words = ["a", "ab", "b", "src", "src-old", "lib", "x"]
    files = sorted({
        "/".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + f"/f{rng.randint(0, 9)}"
        for _ in range(300)
    })
    files = [f for f in files if not any(other.startswith(f + "/") for other in files)]
    root = _repository(tmp_path / "repo", files)
    index = set(files)
    paths = sorted({
        "/".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        for _ in range(1500)
    } | set(rng.sample(files, 50)))
    assert len(paths) > 500
    found = local._tracked(root, paths)
    assert found == _plain(index, paths)
    assert found  # both kinds are asked
    assert set(paths) - found
