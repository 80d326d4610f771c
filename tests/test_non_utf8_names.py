"""File names that are not UTF-8 (a Latin-1 ``é`` from an old archive), with BuildKit.

BuildKit receives each byte of the ignore file that is not UTF-8 as U+FFFD, so a line that
holds the name's own byte matches nothing (``explain`` and ``ls`` said so). ``check`` read
the line as bytes: it took the secret for excluded, and its fix for the secret wrote that
very line, after which check called the context clean while BuildKit sent the secret.
The fix now writes ``?`` for such a byte, and check reads lines as BuildKit does.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from trees import run_in, tree

NAME = b".env.caf\xe9"


@pytest.fixture
def context(tmp_path: Path) -> Path:
    if os.uname().sysname == "Darwin":  # pragma: no cover - APFS keeps names UTF-8
        pytest.skip("the file system takes only UTF-8 names")
    tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n", "app/main.py": "x = 1\n",
                    ".dockerignore": "**/.git\n"})
    (tmp_path / os.fsdecode(NAME)).write_bytes(b"PASSWORD=hunter2hunter2\n")
    return tmp_path


def test_the_fix_for_a_secret_with_a_byte_that_is_not_utf8_excludes_it(context: Path) -> None:
    code, out = run_in(context, "check", ".")
    assert code == 1
    assert "add '**/.env.caf?' to the ignore file" in out
    run_in(context, "check", "--fix", ".")
    assert b"**/.env.caf?\n" in (context / ".dockerignore").read_bytes()
    code, out = run_in(context, "check", ".")
    assert "IG101" not in out
    assert code == 0


def test_a_line_with_the_names_own_byte_leaves_the_secret_sent(context: Path) -> None:
    (context / ".dockerignore").write_bytes(b"**/.git\n" + NAME + b"\n")
    code, out = run_in(context, "check", ".")
    assert "error IG101" in out
    assert code == 1
    code, out = run_in(context, "explain", os.fsdecode(NAME))
    assert ": sent:" in out
