"""GitignoredOnce (knowledge/local.py): a run's answers to "does .gitignore list this path
and git's index not hold it", kept per path, are those of gitignored itself, whatever was
asked before and in whatever batches."""

from __future__ import annotations

from pathlib import Path

from test_local import git_init, make

from ignoregen.knowledge.local import GitignoredOnce, gitignored


def test_kept_answers_are_gitignoreds(tmp_path: Path) -> None:
    make(tmp_path, {
        ".gitignore": "build/\n*.log\n/local.db\nsecrets\n",
        "build/out.bin": "x", "app.log": "x", "kept.log": "x", "local.db": "x",
        "src/local.db": "x", "src/main.py": "x", "secrets/key": "x",
    })
    git_init(tmp_path, ["kept.log", "src/main.py"])
    asked = [
        [("build", True), ("app.log", False)],
        [("app.log", False), ("kept.log", False), ("local.db", False), ("src/local.db", False)],
        [("secrets", True), ("secrets", False), ("build", True), ("src", True)],
        [("src/main.py", False), ("app.log", False), ("app.log", False)],
    ]
    once = GitignoredOnce()
    for paths in [*asked, *reversed(asked)]:
        expected = {}
        for path, is_dir in paths:  # one at a time: no batch shares an answer
            expected.update(gitignored(tmp_path, [(path, is_dir)]))
        assert once(tmp_path, paths) == expected
    assert once(tmp_path, [("app.log", False), ("kept.log", False)]) == {
        "app.log": ".gitignore:2"
    }
