"""A checkout that another user owns, which the user's git configuration trusts.

git refuses a repository owned by someone else ('detected dubious ownership') unless a
``safe.directory`` of the global or system configuration names it: a CI container's
checkout, which actions/checkout trusts in the global file. ignoregen runs git without
the global and system files (GIT_ENV), so it lost that trust: every git question failed,
what git tracks read as nothing, and ``init`` planned as if nothing were committed. Found
in the unseen82 session running init on tailscale/tailscale as another user: its committed
Go package ``cmd/dist/`` lost its keep line (``!cmd/dist/``) under ``**/dist``, and
committed Kubernetes templates were excluded as secrets. The user's own ``safe.directory``
values are now passed on git's command line.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from trees import tree

from ignoregen.knowledge.local import tracked
from ignoregen.plan.gitignore import git

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the checkout away"
)


def _foreign_checkout(tmp_path: Path) -> Path:
    repo = tree(tmp_path / "repo", {"cmd/dist/dist.go": "package main\n", "Dockerfile": "FROM x\n"})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "i"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    for directory, _, files in os.walk(repo):
        os.chown(directory, 65534, 65534)
        for name in files:
            os.chown(os.path.join(directory, name), 65534, 65534)
    return repo


def test_a_checkout_the_user_trusts_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _foreign_checkout(tmp_path)
    config = tmp_path / "gitconfig"
    config.write_text(f"[safe]\n\tdirectory = {repo}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    git.trusted.cache_clear()
    try:
        assert tracked(repo, ["cmd/dist", "cmd/dist/dist.go", "none"]) == {
            "cmd/dist", "cmd/dist/dist.go"}
    finally:
        git.trusted.cache_clear()


def test_a_checkout_nobody_trusts_stays_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _foreign_checkout(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git.trusted.cache_clear()
    try:
        assert tracked(repo, ["cmd/dist"]) == set()  # git refuses it: as git itself does
        assert str(repo) in git.REFUSED
    finally:
        git.trusted.cache_clear()
        git.REFUSED.clear()  # (the command line says so at the end of its run)


def test_a_checkout_nobody_trusts_is_said_to_be_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where git still refuses, the results stand on nothing git said (what is committed,
    what a gitignore file lists): the run says so once, with the command that trusts it,
    instead of degrading in silence."""
    from trees import run_in

    repo = _foreign_checkout(tmp_path)
    for name, text in {".gitignore": "*.log\n", "app.log": "x\n", "go.mod": "module x\n"}.items():
        (repo / name).write_text(text)  # (a gitignore file's line: init asks git of it)
        os.chown(repo / name, 65534, 65534)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git.trusted.cache_clear()
    git.REFUSED.clear()
    try:
        _, output = run_in(repo, "init", "--dry-run")
    finally:
        git.trusted.cache_clear()
    warnings = [line for line in output.splitlines() if "dubious ownership" in line]
    assert len(warnings) == 1, output
    assert f"safe.directory {repo}" in warnings[0], output
