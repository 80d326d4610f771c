"""An exception that ``init`` writes gives back only its own category's paths.

Docker's exceptions have no scope: ``!**/*.sample`` (the secrets category keeps example
files) also gives back ``.git/hooks/pre-commit.sample`` below ``**/.git``. Every checkout
made by ``git init`` or ``git clone`` has those hooks, so a plan that wrote the exception
as it stands sent part of ``.git`` with every build.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docker_engine import Engine

from ignoregen.cli import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import read_file
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup


def _repository(root: Path, files: dict[str, str]) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    hooks = root / ".git" / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    (hooks / "pre-commit.sample").write_text("#!/bin/sh\n")  # whatever git's templates hold
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def init_here(root: Path) -> None:
    """``ignoregen init`` run from ``root``; it must succeed."""
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output


def sent_by_buildkit(root: Path) -> set[str]:
    """What BuildKit sends from ``root`` for its Dockerfile, with its .dockerignore."""
    rules = read_file(root / ".dockerignore", buildkit=True)
    setup = BuildSetup(root, Builder.BUILDKIT, root / "Dockerfile", None)
    scan = scan_context(setup, rules=rules, collect=Collect.SENT)
    return {item.path for item in scan.sent}


DOCKERFILE = "FROM scratch\nCOPY . /ctx/\n"


def test_git_hooks_stay_out(tmp_path: Path) -> None:
    _repository(tmp_path, {"Dockerfile": DOCKERFILE, "app.py": "print(1)\n"})
    init_here(tmp_path)
    assert [path for path in sent_by_buildkit(tmp_path) if path.startswith(".git")] == []
    assert "!**/*.sample" not in (tmp_path / ".dockerignore").read_text()


def test_an_example_file_is_kept_by_name_and_git_stays_out(tmp_path: Path) -> None:
    _repository(tmp_path, {"Dockerfile": DOCKERFILE, "config/.env.local.sample": "KEY=\n",
                           "config/.env.local": "KEY=hunter2\n"})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "config/.env.local.sample" in sent
    assert "config/.env.local" not in sent
    assert [path for path in sent if path.startswith(".git")] == []


def test_an_exception_for_its_own_category_only_is_written_as_it_stands(tmp_path: Path) -> None:
    _repository(tmp_path, {"Dockerfile": DOCKERFILE, "config/.env.example": "KEY=\n"})
    init_here(tmp_path)
    assert "!**/.env.example" in (tmp_path / ".dockerignore").read_text().splitlines()
    assert "config/.env.example" in sent_by_buildkit(tmp_path)


@pytest.mark.docker
def test_real_buildkit_sends_no_git_after_init(tmp_path: Path, docker_engine: Engine) -> None:
    context = tmp_path / "repo"
    _repository(context, {"config/.env.local.sample": "KEY=\n", "app.py": "print(1)\n"})
    _init_with_outside_dockerfile(context, tmp_path / "Dockerfile")
    outcome = docker_engine.buildkit(context, tmp_path / "Dockerfile")
    assert outcome.leaves is not None, outcome.summary()
    shown = {path.decode() for path in outcome.leaves}
    assert not any(path.startswith(".git") for path in shown), sorted(shown)
    assert "config/.env.local.sample" in shown


def _init_with_outside_dockerfile(context: Path, dockerfile: Path) -> None:
    dockerfile.write_text(DOCKERFILE)
    (context / "Dockerfile").write_text(DOCKERFILE)  # what init reads to plan the context
    init_here(context)
    (context / "Dockerfile").unlink()


def test_a_vcs_file_that_copy_names_is_kept(tmp_path: Path) -> None:
    """documenso's Dockerfile copies .gitignore by name (the build runs turbo, which reads
    it): the VCS category's '**/.gitignore' must give it back, or the build fails with
    'not found'. Nested ones still go."""
    _repository(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY .gitignore .gitignore\nCOPY app /app\n",
        ".gitignore": "node_modules\n", "app/.gitignore": "x\n", "app/main.js": "",
    })
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert ".gitignore" in sent
    assert "app/.gitignore" not in sent
