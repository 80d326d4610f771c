"""``init --dry-run`` prints the file's bytes as init would write them; on a terminal, a file
whose last line has no line end is followed by one, so that the summary and the shell's
prompt start on a line of their own. Redirected, the output is the file, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _project(root: Path) -> None:
    (root / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY . /app\n")
    (root / ".dockerignore").write_bytes(b"node_modules")  # no final line end
    (root / "README.md").write_text("# x\n")


def _dry_run(root: Path, stdout: int) -> int:
    return subprocess.run(
        [sys.executable, "-m", "ignoregen", "init", "--dry-run", "-C", str(root)],
        stdout=stdout, stderr=subprocess.DEVNULL, check=False, timeout=120,
    ).returncode


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_on_a_terminal_the_output_ends_its_last_line(tmp_path: Path) -> None:
    _project(tmp_path)
    leader, follower = os.openpty()
    try:
        assert _dry_run(tmp_path, follower) == 0
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert shown.replace(b"\r\n", b"\n").endswith(b"\nnode_modules\n")


def test_redirected_the_output_is_the_file(tmp_path: Path) -> None:
    _project(tmp_path)
    with open(tmp_path / "out", "wb") as out:
        assert _dry_run(tmp_path, out.fileno()) == 0
    printed = (tmp_path / "out").read_bytes()
    assert printed.endswith(b"\nnode_modules")
    assert printed.startswith(b"# >>> ignoregen")
