"""``bun build --env=inline`` (or ``--env='PUBLIC_*'``) writes the values of process.env into
the bundle, and Bun fills process.env from ``.env`` and ``.env.<NODE_ENV>`` before it runs:
a committed ``.env.production`` of public settings is the build's configuration. init left it
out as a secret (``**/.env.*``), and the image's bundle silently lost the values. A file git
does not track stays out (a developer's own), and so does every file when the build does not
inline (``--env=disable``, no ``--env``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree


def _project(root: Path, build: str) -> None:
    tree(root, {
        "package.json": '{"name": "site", "private": true}\n',
        "bun.lock": "{}\n",
        "src/main.ts": "console.log(process.env.PUBLIC_API_URL)\n",
        ".env.production": "PUBLIC_API_URL=https://api.example.org\n",
        ".gitignore": ".env\nnode_modules\n",
        "Dockerfile": (
            "FROM oven/bun:1 AS build\nWORKDIR /app\nCOPY . .\n"
            f"RUN bun install --frozen-lockfile && {build}\n"
            "FROM gcr.io/distroless/base\nCOPY --from=build /app/server /server\n"
            'CMD ["/server"]\n'
        ),
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    # a developer's own, not in git
    (root / ".env").write_text("DATABASE_PASSWORD=correct-horse-battery\n")


@pytest.mark.parametrize("build", [
    "bun build --compile --env=inline src/main.ts --outfile server",
    "bun build src/main.ts --compile --outfile server --env 'PUBLIC_*'",
    'bun build --env="PUBLIC_*" --compile src/main.ts --outfile server',
])
def test_inlining_keeps_the_committed_env_file(tmp_path: Path, build: str) -> None:
    _project(tmp_path, build)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, ".env.production")
    assert not sent(tmp_path, ".env")


@pytest.mark.parametrize("build", [
    "bun build --compile src/main.ts --outfile server",
    "bun build --compile --env=disable src/main.ts --outfile server",
])
def test_no_inlining_leaves_env_files_out(tmp_path: Path, build: str) -> None:
    _project(tmp_path, build)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not sent(tmp_path, ".env.production")
    assert not sent(tmp_path, ".env")
