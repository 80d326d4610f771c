"""What init writes to keep a path the build copies is not the user saying the path is
meant to be sent: check's findings about it stay as they were before init.

hoppscotch: packages/hoppscotch-backend/Dockerfile copies the developer's .env (which
.gitignore lists) into the image. check said so (IG101, an error); init then wrote
'**/.env' with '!.env' kept for that COPY, and check went quiet, as if the user's own
exception had asked for it: the image still holds the file."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit
from trees import run_in, tree

FILES = {
    "Dockerfile": "FROM alpine:3\nCOPY .env /app/.env\nCOPY src /app/src\n"
                  "CMD [\"/app/src/run.sh\"]\n",
    ".gitignore": ".env\n",
    ".dockerignore": "docs\n",
    "src/run.sh": "echo hi\n",
}
LOCAL = {".env": "API_TOKEN=4f9c2a7e1b8d3f6a0c5e9b2d7a1f4c8e\n"}  # a developer's own


def _ig101(root: Path) -> list[str]:
    _, output = run_in(root, "check")
    return [line for line in output.splitlines() if " IG101 " in line]


def test_a_secret_init_keeps_for_a_copy_is_still_reported(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    commit(tmp_path)
    tree(tmp_path, LOCAL)
    before = _ig101(tmp_path)
    assert len(before) == 1, before
    assert "error IG101 .env" in before[0], before
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert "!.env" in (tmp_path / ".dockerignore").read_text()  # kept: the COPY names it
    assert _ig101(tmp_path) == before


def test_the_users_own_exception_still_says_it_is_meant(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": "docs\n**/.env\n!.env\n"})
    commit(tmp_path)
    tree(tmp_path, LOCAL)
    assert _ig101(tmp_path) == []
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert _ig101(tmp_path) == []
