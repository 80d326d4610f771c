"""A committed symbolic link to the developer's own .env is no need of the bundler: the
link dangles in a clean checkout and in the image (trigger.dev commits apps/webapp/.env ->
../../.env, the root .env being gitignored, and init warned on a laptop that the user's
'**/.env' "excludes apps/webapp/.env, which the build needs"). A link to a committed file
stays a need."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree

VITE_APP = {"name": "@acme/site", "scripts": {"build": "vite build"},
            "devDependencies": {"vite": "^5"}}


def _linked_env(root: Path, target: str) -> Path:
    """A monorepo whose app commits '.env' as a symbolic link to ``target`` (trigger.dev's
    apps/webapp/.env -> ../../.env), the user's ignore file excluding every .env."""
    tree(root, {
        "package.json": '{"name": "acme", "private": true, "workspaces": ["apps/*"]}\n',
        "package-lock.json": "{}\n",
        ".gitignore": "node_modules\n.env\n",
        ".dockerignore": "**/.env\n**/node_modules\n",
        "apps/site/package.json": json.dumps(VITE_APP) + "\n",
        "apps/site/main.js": "console.log(import.meta.env.VITE_TITLE);\n",
        "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
                      "RUN npm run build --workspace apps/site\n",
    })
    (root / "apps/site/.env").symlink_to(target)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "add", "-f", "apps/site/.env"], cwd=root, check=True)  # (.gitignore)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=root, check=True)
    return root


def test_committed_link_to_the_developers_env_is_no_need(tmp_path: Path) -> None:
    root = _linked_env(tmp_path, "../../.env")
    tree(root, {".env": "VITE_TITLE=x\nSESSION_SECRET=Zq81kLmW02pXnv7\n"})  # the laptop's own
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    assert "apps/site/.env" not in output, output


def test_committed_link_to_a_committed_env_stays_a_need(tmp_path: Path) -> None:
    tree(tmp_path, {"apps/site/.env.defaults": "VITE_TITLE=Acme\n"})
    root = _linked_env(tmp_path, ".env.defaults")
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    assert "excludes apps/site/.env, which the build needs" in output, output
