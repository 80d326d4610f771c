"""IG704's production-only command keeps the groups and extras the application runs with.

A project may keep its WSGI server in a dependency group of its own (``server``, holding
gunicorn) and install it with the rest: ``poetry install`` installs every non-optional
group, and ``uv sync --group server`` adds one. The fix used to be ``poetry install --only
main`` and ``uv sync --no-dev`` with every ``--group`` taken off: run as told, the image
built and its CMD found no gunicorn. Only the development groups go now (``--without dev``;
``--no-dev``, which uv lets win over ``--group`` and ``--all-groups``), and a development
group or extra named on the command line is taken off that line alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

POETRY = """\
[tool.poetry]
name = "shop"
version = "1.0.0"
description = "a shop"
authors = ["someone"]
package-mode = false

[tool.poetry.dependencies]
python = "^3.12"
django = "^5.1"

[tool.poetry.group.server.dependencies]
gunicorn = "^23.0"

[tool.poetry.group.dev.dependencies]
pytest = "^8.3"

[tool.poetry.group.lint.dependencies]
ruff = "^0.8"

[tool.poetry.extras]
pg = ["psycopg"]

[project.optional-dependencies]
pg = ["psycopg>=3"]
test = ["pytest-django>=4"]
"""

UV = """\
[project]
name = "shop"
version = "1.0.0"
requires-python = ">=3.12"
dependencies = ["django>=5.1"]

[dependency-groups]
dev = ["pytest>=8"]
server = ["gunicorn>=23"]
test = ["pytest-django>=4"]
"""


def hint_for(root: Path, files: dict[str, str]) -> str:
    tree(root, files)
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    hints = [item.hint for item in report.findings if item.id == "IG704"]
    assert len(hints) == 1, [item.message for item in report.findings]
    return hints[0]


def image(run: str) -> str:
    return (f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN {run}\n"
            'CMD ["gunicorn", "shop.wsgi"]\n')


@pytest.mark.parametrize(("run", "form"), [
    ("poetry install --no-root", "poetry install --no-root --without dev,lint"),
    ("poetry install --no-root --with server", "poetry install --no-root --with server "
     "--without dev,lint"),
    ("poetry install --no-root --with dev", "poetry install --no-root --without dev,lint"),
    ("poetry install --only main,server,dev", "poetry install --only main,server"),
    ("poetry install --no-root -E pg -E test --without lint",
     "poetry install --no-root -E pg --without lint --without dev,lint"),
])
def test_poetry_keeps_the_server_group(tmp_path: Path, run: str, form: str) -> None:
    hint = hint_for(tmp_path, {"pyproject.toml": POETRY, "poetry.lock": "",
                               "Dockerfile": image(run)})
    assert hint.startswith(f"install production-only: {form}"), hint


@pytest.mark.parametrize(("run", "form"), [
    ("uv sync --frozen --group server", "uv sync --frozen --group server --no-dev"),
    ("uv sync --frozen --group server --group test", "uv sync --frozen --group server --no-dev"),
    ("uv sync --frozen --all-groups", "uv sync --frozen --all-groups --no-dev"),
    ("uv sync --frozen --only-group dev", "uv sync --frozen --no-dev"),
])
def test_uv_keeps_the_server_group(tmp_path: Path, run: str, form: str) -> None:
    hint = hint_for(tmp_path, {"pyproject.toml": UV, "uv.lock": "",
                               "Dockerfile": image(run)})
    assert hint.startswith(f"install production-only: {form}"), hint
