"""Directories an app writes into at run time stay in the image, emptied.

A Flask app logs with ``logging.FileHandler("logs/server.log")``, which does not make the
directory; the repository commits ``logs/.gitkeep`` so that it exists. init wrote ``logs``
(the directory) and the container failed at start. It writes ``logs/*`` now: the
directory goes, empty; the log files do not. (A local instance's ``uploads`` that
.gitignore lists with its placeholder kept, ``uploads/*`` and ``!uploads/.gitkeep``, is
written as the files .gitignore lists: its directory stays too.)
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit

APP = {
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    "app.py": "import logging\nlogging.basicConfig(filename='logs/server.log')\n",
    "logs/.gitkeep": "",
    "uploads/.gitkeep": "",
    ".gitignore": "logs/*\n!logs/.gitkeep\nuploads/*\n!uploads/.gitkeep\n",
}
LAPTOP = {"logs/app.log": "boot\n", "logs/trace.txt": "x\n", "uploads/photo.png": "png"}


def _repository(root: Path) -> None:
    for name, text in {**APP, **LAPTOP}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-f", "--", *APP], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "c", "--no-verify"], cwd=root, check=True)


def test_the_directories_stay_and_their_contents_go(tmp_path: Path) -> None:
    _repository(tmp_path)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "logs" in sent
    assert "uploads" in sent
    assert "logs/app.log" not in sent
    assert "logs/trace.txt" not in sent
    assert "uploads/photo.png" not in sent
    assert "app.py" in sent


def test_a_log_file_the_app_writes_is_no_need(tmp_path: Path) -> None:
    # app.py names 'logs/server.log' (the file it logs to); a developer's machine has one,
    # which .gitignore lists: init kept it ("a Python script the build runs names it") and
    # shipped the developer's log. A committed log file the script names stays.
    _repository(tmp_path)
    (tmp_path / "logs/server.log").write_text("a developer's log\n")
    (tmp_path / "sample.log").write_text("committed\n")
    (tmp_path / "app.py").write_text(
        "import logging\nlogging.basicConfig(filename='logs/server.log')\n"
        "print(open('sample.log').read())\n")
    subprocess.run(["git", "add", "-f", "app.py", "sample.log"], cwd=tmp_path, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                    "commit", "-qm", "s", "--no-verify"], cwd=tmp_path, check=True)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "logs/server.log" not in sent
    assert "sample.log" in sent
