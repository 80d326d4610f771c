"""A context directory where init may not write (a read-only checkout, another user's
tree): that context's ignore file is named and left as it was, and the other contexts are
written all the same. The first such write stopped the run, and the error named the
temporary file ('a/..dockerignore.b5qlhvfp.tmp: Permission denied') instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from trees import tree


def test_the_other_contexts_are_written(tmp_path: Path) -> None:
    from test_real_docker_special import unprivileged_prefix

    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("no way to run without the capabilities that bypass file modes")
    tree(tmp_path, {
        "a/Dockerfile": "FROM alpine\nCOPY . /app\n", "a/x": "x\n", "a/.git/HEAD": "ref\n",
        "b/Dockerfile": "FROM alpine\nCOPY . /app\n", "b/y": "y\n", "b/.git/HEAD": "ref\n",
    })
    (tmp_path / "a").chmod(0o555)
    try:
        done = subprocess.run(
            [*prefix, sys.executable, "-m", "ignoregen", "init"], cwd=tmp_path,
            capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
    finally:
        (tmp_path / "a").chmod(0o755)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert "a/.dockerignore: cannot write: Permission denied" in done.stderr
    assert ".tmp" not in done.stderr
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [".git", "Dockerfile", "x"]
    assert "**/.git" in (tmp_path / "b" / ".dockerignore").read_text()
