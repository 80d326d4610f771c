"""A named pipe (FIFO) where ignoregen expects a file: every command ends, with no traceback.

Opening a FIFO for reading waits for a writer; a repository (or a developer's machine) that
holds one under a name ignoregen reads (a compose file, a manifest, a ``.env``, an ignore
file, a Dockerfile) made ``check`` and ``init`` wait for ever. Each command runs as its own
process with a time limit, so that a wait fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

PIPES = ["README.md", ".env", ".env.local", "src/app.py", "package.json", "docker-compose.yml",
         ".gitignore", "requirements.txt", "key.pem", ".npmrc", "certs/ca.crt",
         "other/.dockerignore", "broken/Dockerfile"]


def _repository(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "certs").mkdir()
    (root / "other").mkdir()
    (root / "broken").mkdir()
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir /app\n",
        encoding="utf-8",
    )
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "1"\nreadme = "README.md"\n', encoding="utf-8"
    )
    (root / "other" / "Dockerfile").write_text("FROM scratch\nCOPY . /ctx/\n", encoding="utf-8")
    for name in PIPES:
        os.mkfifo(root / name)
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "ignoregen", *args], cwd=root, capture_output=True, text=True,
        timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize(
    "args",
    [("check", "."), ("check", "--format", "json", "."), ("scan", "."), ("ls", "."),
     ("ls", "--summary", "."), ("explain", ".env"), ("init", "--dry-run"), ("check", "--fix", "."),
     ("init",)],
)
def test_every_command_ends(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = _repository(tmp_path)
    done = _run(root, *args)
    assert done.returncode in (0, 1, 2), done.stderr


def test_what_cannot_be_read_is_named(tmp_path: Path) -> None:
    """An ignore file that is a pipe: docker build waits for ever reading it. check and
    init both name it and do the rest of the repository: check reports it as IG004 (a
    build that cannot run, as for a directory there; it was exit 2 for the whole run, the
    other contexts unchecked), init reports it and exits 2 (it wrote the Dockerfile's own
    ignore file beside the pipe instead, exit 0, with a note: a workaround the classic
    builder and Podman, which still open the pipe, do not take)."""
    root = _repository(tmp_path)
    check = _run(root, "check", "other")  # its own ignore file is the pipe
    assert check.returncode == 1, check.stderr
    assert ("other/.dockerignore: error IG004 .dockerignore is not a regular file "
            "(a pipe, socket, device or directory)") in check.stdout
    whole = _run(root, "check", "--format", "json", ".")
    assert whole.returncode == 1, whole.stderr
    assert '"IG004"' in whole.stdout
    assert "Dockerfile: warning IG001" in _run(root, "check", ".").stdout  # the root too
    init = _run(root, "init", "--dry-run")
    assert init.returncode == 2
    assert "broken/Dockerfile" in init.stdout + init.stderr
    assert "error: other/.dockerignore: not a regular file" in init.stderr
    done = _run(root, "init")
    assert done.returncode == 2
    assert stat.S_ISFIFO((root / "other" / ".dockerignore").lstat().st_mode)  # left as it is
    assert not (root / "other" / "Dockerfile.dockerignore").exists()


def test_init_writes_the_other_contexts(tmp_path: Path) -> None:
    for name in ("api", "other"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Dockerfile").write_text("FROM scratch\nCOPY . /ctx/\n")
    os.mkfifo(tmp_path / "other" / ".dockerignore")
    done = _run(tmp_path, "init")
    assert done.returncode == 2
    assert "other/.dockerignore: not analysed: not a regular file" in done.stdout + done.stderr
    assert (tmp_path / "api" / ".dockerignore").is_file()
    assert not (tmp_path / "other" / "Dockerfile.dockerignore").exists()
    check = _run(tmp_path, "check")
    assert check.returncode == 1
    assert "IG004 other/.dockerignore is not a regular file" in check.stdout
    assert "in 2 contexts" in check.stdout  # api's is checked too


def test_a_start_script_that_is_a_pipe(tmp_path: Path) -> None:
    """The image advice reads the script an image starts with, to see whether it runs a
    development dependency (lint/image/start_needs.py): a named pipe there is passed over."""
    (tmp_path / "Dockerfile").write_text(
        "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"./start.sh\"]\n",
        encoding="utf-8",
    )
    (tmp_path / "package.json").write_text(
        '{"name": "x", "devDependencies": {"ts-node": "1"}, "scripts": {"seed": "ts-node s"}}',
        encoding="utf-8",
    )
    (tmp_path / "package-lock.json").write_text("{}", encoding="utf-8")
    os.mkfifo(tmp_path / "start.sh")
    done = _run(tmp_path, "check", ".")
    assert done.returncode in (0, 1), done.stderr
