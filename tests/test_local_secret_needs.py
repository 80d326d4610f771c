"""A ``.env`` that .gitignore lists is the developer's own, not a need of the bundler.

documenso (Vite, ``COPY . .``): on a developer's machine ``init`` kept ``.env`` (with the
database URL and the auth secret of ``.env.example`` filled in) 'because the bundler reads
it at build time', and warned about the user's own ``.env`` line. A clean checkout has no
such file, so the build CI runs never reads it. A committed ``.env`` of public settings is
still kept for the bundler. So is one that no gitignore file lists and git does not track.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_check_cli import run
from test_init_exception_scope import sent_by_buildkit

DOCKERFILE = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
FILES = {
    "Dockerfile": DOCKERFILE,
    "package.json": json.dumps({"name": "web", "scripts": {"build": "vite build"},
                                "devDependencies": {"vite": "^5"}}),
    "package-lock.json": "{}",
    "src/main.js": "console.log(import.meta.env.VITE_TITLE)\n",
}
ENV = "VITE_TITLE=Docs\nDATABASE_URL=postgres://app:Wq9sLp2xVbN7@db.internal/app\n"


def _repo(tmp_path: Path, listed: bool, committed: bool, extra: dict[str, str]) -> None:
    files = {**FILES, **extra, ".gitignore": "node_modules\n" + (".env\n" if listed else "")}
    for name, text in {**files, ".env": ENV}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    tracked = [*files, *([".env"] if committed else [])]
    subprocess.run([*git, "add", "--", *tracked], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "c", "--no-verify"], cwd=tmp_path, check=True)


# (listed by .gitignore, committed, kept). Untracked but not listed: homepage's .gitignore
# lists only '.env*.local'; a clean checkout has no .env all the same.
@pytest.mark.parametrize(("listed", "committed", "kept"),
                         [(True, False, False), (False, True, True), (False, False, False)])
def test_env_for_the_bundler(tmp_path: Path, listed: bool, committed: bool, kept: bool) -> None:
    _repo(tmp_path, listed, committed, {})
    code, out, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert (".env" in sent_by_buildkit(tmp_path)) is kept, out


def test_the_users_env_line_is_right(tmp_path: Path) -> None:
    # homepage: the user's '**/.env' keeps a laptop's untracked .env out; init said the
    # build needs it and advised '!.env', which would ship the credentials in it.
    _repo(tmp_path, False, False, {".dockerignore": "**/.env\nnode_modules\n"})
    code, out, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert "!.env" not in out + err
    assert ".env" not in sent_by_buildkit(tmp_path)
