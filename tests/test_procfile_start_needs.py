"""An image that starts a Procfile process manager (``honcho start``, ``foreman start``,
``overmind start``, ``hivemind``) reads ./Procfile when it starts: AlohaJava/Bot's Dockerfile
runs ``CMD ["honcho", "start"]`` after ``COPY . .``, and 0xadada/dockdj's start.sh runs honcho
too. The Procfile was no need of the build, so a ``Procfile`` line of the user's (a Heroku
habit: "Heroku reads it, not the image") passed init without a word, and the container
exited at start. With ``-f``/``--procfile`` the option names the file and ./Procfile is not
read."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

_REASON = "the process manager the image starts"


def _project(root: Path, start: str) -> None:
    tree(root, {
        "Procfile": "web: python main.py\n",
        "Procfile.prod": "web: gunicorn main:app\n",
        "main.py": "print(1)\n",
        "requirements.txt": "honcho\n",
        ".dockerignore": "Procfile*\n",
        "Dockerfile": (
            "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
            f"RUN pip install -r requirements.txt\nCOPY . .\n{start}\n"
        ),
    })


def _warning(output: str) -> str:
    return next((line for line in output.splitlines()
                 if "your line 'Procfile*' excludes" in line), "")


@pytest.mark.parametrize("start", [
    'CMD ["honcho", "start"]',
    "CMD foreman start",
    'ENTRYPOINT ["overmind", "s"]',
    "CMD exec hivemind",
    'CMD ["honcho", "start", "web"]',
])
def test_a_process_manager_the_image_starts_needs_the_procfile(
        tmp_path: Path, start: str) -> None:
    _project(tmp_path, start)
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    warning = _warning(output)
    assert "'!Procfile'" in warning, output
    assert _REASON in warning, output


@pytest.mark.parametrize("start", [
    'CMD ["honcho", "start", "-f", "Procfile.prod"]',
    "CMD foreman start --procfile=Procfile.prod",
    "CMD hivemind Procfile.prod",
])
def test_a_procfile_named_by_an_option_is_the_one_read(tmp_path: Path, start: str) -> None:
    _project(tmp_path, start)
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    warning = _warning(output)
    assert "'!Procfile.prod'" in warning, output
    assert "'!Procfile'" not in warning, output
    assert _REASON not in output, output


def test_an_image_without_a_process_manager_reads_no_procfile(tmp_path: Path) -> None:
    _project(tmp_path, 'CMD ["gunicorn", "main:app"]')
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert _warning(output) == "", output
    assert _REASON not in output, output
