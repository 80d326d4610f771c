"""A Dockerfile that hands the version in reads no git.

setuptools-scm (and hatch-vcs, built on it) takes SETUPTOOLS_SCM_PRETEND_VERSION instead of
asking git, poetry-dynamic-versioning takes POETRY_DYNAMIC_VERSIONING_BYPASS: nicegui's
release.dockerfile and fly.dockerfile set ``ENV POETRY_DYNAMIC_VERSIONING_BYPASS=$VERSION``
before ``uv pip install .``. init kept .git for them and warned that the project's own
``**/.git`` line excludes what "the build needs". When every build that copies the
pyproject sets the variable, .git is no need; one that does not keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

PYPROJECT = """\
[build-system]
requires = ["poetry-core>=1.0.0", "poetry-dynamic-versioning>=1.0.0,<2.0.0"]
build-backend = "poetry_dynamic_versioning.backend"

[tool.poetry]
name = "gui"
version = "0.0.0"
description = "a gui"
authors = ["someone"]

[tool.poetry-dynamic-versioning]
enable = true
vcs = "git"
"""


def dockerfile(setting: str) -> str:
    return (f"FROM python:3.12-slim\nWORKDIR /app\nARG VERSION=0.0.0\n{setting}"
            "COPY . .\nRUN pip install --no-cache-dir .\nCMD [\"python\", \"-m\", \"gui\"]\n")


def warned(root: Path, *dockerfiles: str) -> list[str]:
    files = {"pyproject.toml": PYPROJECT, "gui/__init__.py": "", "gui/__main__.py": "",
             ".dockerignore": "**/.git\n", ".git/HEAD": "ref: refs/heads/main\n"}
    files.update({f"{name}.dockerfile": text for name, text in
                  zip(("release", "fly"), dockerfiles, strict=False)})
    tree(root, files)
    code, out = run_in(root, "init", "--dry-run")
    assert code == 0, out
    return [line for line in out.splitlines() if "your line '**/.git'" in line]


@pytest.mark.parametrize("setting", [
    "ENV POETRY_DYNAMIC_VERSIONING_BYPASS=$VERSION\n",
    "ENV SETUPTOOLS_SCM_PRETEND_VERSION 1.2.3\n",
])
def test_a_version_handed_in_needs_no_git(tmp_path: Path, setting: str) -> None:
    assert warned(tmp_path, dockerfile(setting), dockerfile(setting)) == []


def test_one_build_without_it_keeps_the_need(tmp_path: Path) -> None:
    with_it = dockerfile("ENV POETRY_DYNAMIC_VERSIONING_BYPASS=$VERSION\n")
    assert len(warned(tmp_path, with_it, dockerfile(""))) == 1
