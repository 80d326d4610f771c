"""Installing a Python test runner is not running it: ``pip3 install poetry tox`` (a dev
container's Dockerfile) made init keep tests/ as "the tests run inside the image", and warn
that the user's line excluding it drops what the build needs. A RUN that installs the runner
and then runs it (``pip install tox && tox -e py``) still keeps the tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree


def _init(root: Path, run: str) -> str:
    tree(root, {
        "pyproject.toml": '[project]\nname = "app"\nversion = "1.0"\n',
        "app/__init__.py": "",
        "tests/test_app.py": "def test_it():\n    assert True\n",
        "Dockerfile": f"FROM python:3.12-slim\nRUN {run}\nWORKDIR /src\nCOPY . .\n",
    })
    code, output = run_in(root, "init")
    assert code == 0, output
    return output


@pytest.mark.parametrize("run", [
    "pip3 install poetry==2.2.1 tox",
    "pip install --no-cache-dir pytest pytest-cov",
    "apt-get update && apt-get install -y python3-pytest",
])
def test_installing_a_runner_runs_no_tests(tmp_path: Path, run: str) -> None:
    _init(tmp_path, run)
    assert not sent(tmp_path, "tests/test_app.py")


@pytest.mark.parametrize("run", [
    "pip install tox && tox -e py",
    "pip install pytest; python -m pytest -q",
    "pytest",
])
def test_running_a_runner_keeps_the_tests(tmp_path: Path, run: str) -> None:
    _init(tmp_path, run)
    assert sent(tmp_path, "tests/test_app.py")
