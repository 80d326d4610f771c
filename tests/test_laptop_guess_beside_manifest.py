"""IG104 guessed Python build output beside a file that no build runs from.

mathesar-foundation/mathesar's root .gitignore lists ``.eggs``; check said its
``api_tests/.eggs`` would be sent on a developer's machine, because ``api_tests/`` holds a
``requirements.txt`` (a marker of the Python preset). paperless-ngx got ``src/.eggs``
beside ``src/manage.py``. setuptools writes ``.eggs`` where setup.py runs; pip installing a
requirements list, or Django's manage.py, writes nothing there. A preset that names its
manifests (python: pyproject.toml, setup.py, setup.cfg) has its build output guessed only
beside one of them; a project with a setup.py below the root keeps its guess.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository
from trees import run_in

TREE = {
    ".gitignore": ".eggs/\n.env\n",
    ".dockerignore": "**/.git\n.env\n",
    "Dockerfile": "FROM python:3.12\nWORKDIR /code\nCOPY . .\n"
                  "RUN pip install -r api_tests/requirements.txt\n",
    "api_tests/requirements.txt": "pytest\nrequests\n",
    "api_tests/test_api.py": "def test_x():\n    pass\n",
    "web/manage.py": "import django\n",
}


def test_no_eggs_beside_a_requirements_list(tmp_path: Path) -> None:
    _repository(tmp_path, TREE)
    _, out = run_in(tmp_path, "check")
    assert "api_tests/.eggs" not in out, out
    assert "web/.eggs" not in out, out


def test_a_setup_script_below_the_root_keeps_its_guess(tmp_path: Path) -> None:
    _repository(tmp_path, {
        **TREE,
        "lib/setup.py": "from setuptools import setup\nsetup(name='lib')\n",
        "lib/lib.py": "\n",
    })
    _, out = run_in(tmp_path, "check")
    assert "lib/.eggs" in out, out
    assert "api_tests/.eggs" not in out, out
