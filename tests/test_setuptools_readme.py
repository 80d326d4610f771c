"""A setuptools project builds without its readme; hatchling and the others do not.

setuptools reads ``project.readme`` through a helper that warns "File 'README.md' cannot be
found" and goes on, so freqtrade's ``.dockerignore`` line ``README.md`` costs its image
nothing (``pip install -e .`` of a ``setuptools.build_meta`` project), and so does pip's
legacy default when pyproject.toml declares no ``[build-system]``. init warned that the line
"excludes README.md, which the build needs". hatchling stops with "Readme file does not
exist", so there the need stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

DOCKERFILE = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
              "RUN pip install --no-cache-dir -e .\nCMD [\"python\", \"-m\", \"bot\"]\n")

SETUPTOOLS = ('[build-system]\nrequires = ["setuptools>=64"]\n'
              'build-backend = "setuptools.build_meta"\n')
HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
PROJECT = '[project]\nname = "bot"\nversion = "1.0"\nreadme = "README.md"\n'


def init_warnings(root: Path, pyproject: str) -> list[str]:
    tree(root, {"Dockerfile": DOCKERFILE, ".dockerignore": ".git\nREADME.md\n",
                "pyproject.toml": pyproject, "README.md": "# bot\n",
                "bot/__init__.py": "", "bot/__main__.py": "print('hi')\n"})
    code, out = run_in(root, "init", "--dry-run")
    assert code == 0, out
    return [line for line in out.splitlines() if "your line 'README.md'" in line]


@pytest.mark.parametrize("pyproject", [SETUPTOOLS + PROJECT, PROJECT])
def test_setuptools_builds_without_the_readme(tmp_path: Path, pyproject: str) -> None:
    assert init_warnings(tmp_path, pyproject) == []


def test_hatchling_needs_it(tmp_path: Path) -> None:
    [warning] = init_warnings(tmp_path, HATCHLING + PROJECT)
    assert "which the build needs" in warning
