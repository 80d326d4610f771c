"""init in a repository where no build is found (kyverno builds with ko, triggermesh/docs is a
site, a project whose Dockerfile is still to be written) plans the root's .dockerignore as a
guess: for a Dockerfile that copies the whole context. It said nothing about that, so its
"kept" and "excluded" read as facts about a build that does not exist; check says "No build
to check" in the same repository. The summary now says that the file is a guess."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in

from ignoregen.commands.init import NO_BUILD

PROJECT = {
    "pyproject.toml": '[project]\nname = "tool"\nversion = "1.0"\n',
    "src/tool/__init__.py": "",
    "tests/test_tool.py": "def test_it():\n    pass\n",
    "docs/index.md": "# Tool\n",
}


def test_a_repository_without_a_build_is_planned_as_a_guess(tmp_path: Path) -> None:
    make(tmp_path, PROJECT)
    commit(tmp_path)
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert f"note: {NO_BUILD}" in output, output


def test_a_repository_with_a_dockerfile_gets_no_such_note(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n"})
    commit(tmp_path)
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert "no build found" not in output, output
