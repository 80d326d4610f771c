"""IG704 and extras: an extra (``[project.optional-dependencies]``) is installed only when
the command asks for it, whatever its name. text-generation-inference's server declares an
extra named ``dev`` (grpcio-tools, pytest) and runs ``uv sync --extra gen --extra bnb ...``:
uv's default groups name dependency groups, not extras, so nothing of ``dev`` is installed,
and IG704 said it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

PYPROJECT = """[project]
name = "server"
version = "1"
dependencies = ["grpcio>=1"]

[project.optional-dependencies]
gen = ["grpcio-tools>=1"]
dev = ["pytest>=7", "mypy>=1"]
"""
GROUPS = "\n[dependency-groups]\ndev = [\"ruff>=0.4\"]\n"


@pytest.mark.parametrize(("pyproject", "command", "reported"), [
    (PYPROJECT, "uv sync --frozen --extra gen", False),
    (PYPROJECT, "uv sync --frozen --extra dev", True),
    (PYPROJECT, "uv sync --frozen --all-extras", True),
    (PYPROJECT + GROUPS, "uv sync --frozen --extra gen", True),  # the group is a default
])
def test_an_extra_is_installed_only_when_asked(
    tmp_path: Path, pyproject: str, command: str, reported: bool
) -> None:
    tree(tmp_path, {
        "pyproject.toml": pyproject, ".dockerignore": ".git\n",
        "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN {command}\n"
                      "CMD [\"python\", \"-m\", \"server\"]\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG704" in output) is reported, output
