"""A .gitignore that cannot be read (a root-owned file of mode 600 in a user's tree): what it
lists is unknown, so a file below it is not taken for committed. web/.gitignore lists .env;
unread, web/.env counted as a committed file, whose content ('A=1') was judged public
configuration, and IG101 was dropped for a developer's own, never committed, .env."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import _repository
from trees import run_in

from ignoregen import fileio
from ignoregen.lint import maybe

FILES = {
    "web/Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
    "web/package.json": '{"name": "w"}\n', "web/package-lock.json": "{}\n",
    "web/.gitignore": "node_modules\n.env\n", "web/.dockerignore": "node_modules\n",
    "web/.env": "A=1\n",
}


@pytest.mark.parametrize("unreadable", [False, True])
def test_a_gitignored_env_is_not_taken_for_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unreadable: bool
) -> None:
    _repository(tmp_path, FILES)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    read = fileio.read_bytes

    def refuse(path: Path | str, limit: int | None = None) -> bytes:
        if unreadable and str(path).endswith("web/.gitignore"):
            raise PermissionError(13, "Permission denied", str(path))
        return read(path, limit)

    monkeypatch.setattr(fileio, "read_bytes", refuse)
    maybe._TRANSLATED.clear()
    _, out = run_in(tmp_path, "check")
    assert "IG101 web/.env" in out or "IG101 .env" in out, out
