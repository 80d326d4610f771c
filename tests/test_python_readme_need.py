"""pyproject.toml's readme is a need when the build builds the project with a backend that
stops without it: it declares one (hatchling here), and a uv or pip command builds it.
linkding has no [build-system] and its image runs 'uv sync' (uv leaves such a project
unbuilt); its allow-list .dockerignore leaves README.md out, and init warned that the build
needs it. pip builds a project without [build-system] with setuptools, which warns that the
readme cannot be found and builds on (freqtrade): no need either."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli

PYPROJECT = '[project]\nname = "app"\nversion = "1"\nreadme = "README.md"\n'
BACKEND = '\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
UV = "FROM python:3.13-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-dev\nCOPY . .\n"
PIP = "FROM python:3.13-slim\nCOPY . .\nRUN pip install .\n"


@pytest.mark.parametrize(("backend", "dockerfile", "needed"), [
    (False, UV, False), (True, UV, True), (False, PIP, False), (True, PIP, True),
])
def test_readme_need(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     backend: bool, dockerfile: str, needed: bool) -> None:
    files = {"pyproject.toml": PYPROJECT + (BACKEND if backend else ""), "uv.lock": "",
             "README.md": "# app\n", "app/__init__.py": "", "Dockerfile": dockerfile,
             ".dockerignore": "*\n!pyproject.toml\n!uv.lock\n!app\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("excludes README.md, which the build needs" in result.output) is needed, \
        result.output
