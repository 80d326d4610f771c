"""IG704 reads the manifest a RUN bind-mounts from the context, as it reads a copied one.

ArchiveBox's single-stage image runs ``uv sync --all-extras --no-install-project`` with
``--mount=type=bind,source=pyproject.toml,target=/app/pyproject.toml`` and no COPY of the
manifest before it: uv installs the dev group (sphinx, pytest, ruff, pyright ...) into the
shipped /venv, and nothing was said because only COPY and ADD were followed."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

PYPROJECT = """\
[project]
name = "archiver"
version = "1.0.0"
requires-python = ">=3.12"
dependencies = ["django>=5.1"]

[dependency-groups]
dev = ["pytest>=8", "sphinx>=8", "ruff>=0.8"]
"""


def findings(root: Path, run: str) -> list[str]:
    dockerfile = ("FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\n"
                  "ENV UV_PROJECT_ENVIRONMENT=/venv\nWORKDIR /app\n" + run +
                  "COPY . /app\nCMD [\"/venv/bin/python\", \"-m\", \"archiver\"]\n")
    tree(root, {"pyproject.toml": PYPROJECT, "uv.lock": "", "Dockerfile": dockerfile,
                "deploy/pyproject.toml": PYPROJECT})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    return [item.message for item in report.findings if item.id == "IG704"]


@pytest.mark.parametrize("run", [
    "RUN --mount=type=bind,source=pyproject.toml,target=/app/pyproject.toml \\\n"
    "    uv sync --all-extras --no-install-project\n",
    "RUN --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n"
    "    --mount=type=bind,source=uv.lock,target=uv.lock uv sync --frozen\n",
    "RUN --mount=type=bind,source=deploy,target=/app uv sync --frozen\n",
])
def test_a_mounted_manifest_is_read(tmp_path: Path, run: str) -> None:
    [message] = findings(tmp_path, run)
    assert "installs the 3 development dependencies declared in" in message


@pytest.mark.parametrize("run", [
    "RUN --mount=type=bind,source=pyproject.toml,target=/app/pyproject.toml \\\n"
    "    uv sync --no-dev --no-install-project\n",
    "RUN --mount=type=bind,from=ghcr.io/example/deps:1,source=pyproject.toml,"
    "target=/app/pyproject.toml uv sync --no-install-project\n",
    "RUN --mount=type=bind,source=missing.toml,target=/app/pyproject.toml uv sync\n",
])
def test_nothing_when_production_or_not_the_context(tmp_path: Path, run: str) -> None:
    assert findings(tmp_path, run) == []
