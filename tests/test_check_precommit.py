"""The pre-commit hook, run for real: ``pre-commit try-repo`` on a small test repository.

The hook repository is a clone of this repository's last commit (try-repo only sees
committed files), and pre-commit installs ignoregen into its own environment from the
clone, with the package index pip is configured with. About 30 seconds, so it
runs only with IGNOREGEN_PRECOMMIT_TEST=1 or CI=true.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
HAVE_PRE_COMMIT = importlib.util.find_spec("pre_commit") is not None
GIT = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]

WANTED = os.environ.get("IGNOREGEN_PRECOMMIT_TEST") == "1" or os.environ.get("CI") == "true"

pytestmark = [
    pytest.mark.skipif(
        not WANTED,
        reason="slow (about 30 s: pre-commit builds an environment); "
        "set IGNOREGEN_PRECOMMIT_TEST=1 or CI=true",
    ),
    pytest.mark.skipif(
        not HAVE_PRE_COMMIT or not (REPO / ".git").exists(),
        reason="needs pre-commit (pip install pre-commit) and a git checkout of ignoregen",
    ),
]


def git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def project(root: Path, ignore: str) -> Path:
    root.mkdir()
    (root / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    (root / ".dockerignore").write_text(ignore)
    (root / "app.py").write_text("")
    (root / "src" / "__pycache__").mkdir(parents=True)
    (root / "src" / "__pycache__" / "a.pyc").write_text("")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    return root


FINDING = (
    ".dockerignore:3:1: warning IG301 '__pycache__' matches only at the context root, "
    "but src/__pycache__/ is sent\n"
    "  fix: write '**/__pycache__' to match at any depth\n"
    "Found 1 problem (1 warning) in 1 context.\n"
)


def test_try_repo(tmp_path: Path) -> None:
    """One environment install, two runs: a finding fails the hook, the fix passes it."""
    clone = tmp_path / "ignoregen"
    git(tmp_path, "clone", "-q", str(REPO), str(clone))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    root = project(tmp_path / "repo", "**/.git\n**/.env\n__pycache__\n")
    command = [*PRE_COMMIT, "try-repo", str(clone), "ignoregen-check", "--all-files"]
    runs = []
    for ignore in (None, "**/.git\n**/.env\n**/__pycache__\n"):
        if ignore is not None:
            (root / ".dockerignore").write_text(ignore)
            git(root, "commit", "-qam", "fix")
        result = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=600
        )
        runs.append((result.returncode, FINDING in result.stdout, "ignoregen check" in
                     result.stdout))
    assert runs == [(1, True, True), (0, False, True)]
