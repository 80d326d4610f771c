"""IG704's fix for uv says what the image's ``uv run`` start needs too.

``uv run`` brings the project environment up to date before it runs the command, with
uv's default groups, the dev group among them. lnbits installs with ``uv sync
--all-extras`` and starts with ``CMD ... uv run lnbits``: told only to add ``--no-dev`` to the
sync, the container would install the development group again at every start (and fail to
start without a network). The hint now says to start with ``uv run --no-dev`` (or set
UV_NO_DEV), unless the start already keeps it out."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

PYPROJECT = """\
[project]
name = "shop"
version = "1.0.0"
requires-python = ">=3.12"
dependencies = ["fastapi>=0.115"]

[dependency-groups]
dev = ["pytest>=8", "mypy>=1.13"]
"""

NOTE = "start it with 'uv run --no-dev'"


def hint(root: Path, tail: str) -> str:
    dockerfile = ("FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\n"
                  "WORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n" + tail)
    tree(root, {"pyproject.toml": PYPROJECT, "uv.lock": "", "Dockerfile": dockerfile})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    [found] = [item.hint for item in report.findings if item.id == "IG704"]
    return found


@pytest.mark.parametrize("tail", [
    'CMD ["uv", "run", "uvicorn", "shop.main:app"]\n',
    'CMD ["sh", "-c", "uv run --frozen uvicorn shop.main:app --port $PORT"]\n',
    'ENTRYPOINT ["uv", "run"]\nCMD ["uvicorn", "shop.main:app"]\n',
])
def test_a_uv_run_start_is_named(tmp_path: Path, tail: str) -> None:
    assert NOTE in hint(tmp_path, tail)


@pytest.mark.parametrize("tail", [
    'CMD ["uvicorn", "shop.main:app"]\n',
    'CMD ["uv", "run", "--no-dev", "uvicorn", "shop.main:app"]\n',
    'CMD ["uv", "run", "--no-sync", "uvicorn", "shop.main:app"]\n',
    'ENV UV_NO_SYNC=1\nCMD ["uv", "run", "uvicorn", "shop.main:app"]\n',
])
def test_a_start_that_keeps_dev_out_is_not(tmp_path: Path, tail: str) -> None:
    found = hint(tmp_path, tail)
    assert found.startswith("install production-only: uv sync --frozen --no-dev")
    assert NOTE not in found


ENTRYPOINT_SCRIPT = """\
#!/bin/sh
start_prod_server() {
  exec uv run gunicorn -c config/guniconf.py config.asgi:application
}
start_prod_server
"""


def _script_hint(root: Path, script: str) -> str:
    dockerfile = ("FROM python:3.12-slim\nRUN pip install --no-cache-dir uv\nWORKDIR /home/app\n"
                  "COPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\n"
                  "COPY src/backend/ ./backend/\nCOPY docker-entrypoint.sh ./docker-entrypoint.sh\n"
                  "WORKDIR /home/app/backend\n"
                  'ENTRYPOINT ["../docker-entrypoint.sh", "prod"]\n')
    tree(root, {"pyproject.toml": PYPROJECT, "uv.lock": "", "Dockerfile": dockerfile,
                "docker-entrypoint.sh": script, "src/backend/manage.py": ""})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    [found] = [item.hint for item in report.findings if item.id == "IG704"]
    return found


def test_a_uv_run_in_the_script_the_start_runs_is_named(tmp_path: Path) -> None:
    """prowler-cloud/prowler's api/Dockerfile installs with 'uv sync --locked
    --no-install-project' (18 development dependencies) and starts
    '../docker-entrypoint.sh prod' from /home/prowler/backend; that script starts 'exec uv
    run gunicorn ...'. Told only to add --no-dev to the sync, every start would install the
    development group again."""
    assert NOTE in _script_hint(tmp_path, ENTRYPOINT_SCRIPT)


def test_a_script_that_starts_without_uv_run_is_not(tmp_path: Path) -> None:
    found = _script_hint(tmp_path, ENTRYPOINT_SCRIPT.replace("uv run ", ""))
    assert NOTE not in found
