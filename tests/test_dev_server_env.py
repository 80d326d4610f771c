"""An image that starts a bundler's development server (``CMD ["npm", "run", "dev"]`` with
``"dev": "vite"``, ``next dev``) runs it in development mode, which loads ``.env`` and
``.env.development`` beside package.json: a committed ``.env.development`` of public
settings (the API's address, a notification text) is the container's configuration.
DocsGPT's frontend image is built that way, and init kept only ``.env.production`` (what
``vite build`` reads), so ``**/.env.*`` took the development file out and the dev server
came up without its settings. A build that only runs ``vite build`` still leaves it out,
and a developer's own ``.env.development.local`` stays out either way."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree


def _project(root: Path, scripts: dict[str, str], dependency: str, cmd: str,
             run: str = "npm install") -> None:
    manifest = {"name": "web", "private": True, "scripts": scripts,
                "devDependencies": {dependency: "5.0.0"}}
    tree(root, {
        "package.json": json.dumps(manifest, indent=2) + "\n",
        "package-lock.json": "{}\n",
        "src/main.js": "console.log(import.meta.env.VITE_API_HOST)\n",
        ".env.development": "VITE_API_HOST=http://127.0.0.1:7091\n",
        ".env.production": "VITE_API_HOST=https://api.example.org\n",
        ".gitignore": "node_modules\n.env.local\n.env.*.local\n",
        "Dockerfile": (
            "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\n"
            f"RUN {run}\nCOPY . .\nEXPOSE 5173\nCMD {cmd}\n"
        ),
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    (root / ".env.development.local").write_text("VITE_TOKEN=a-personal-token\n")


@pytest.mark.parametrize(("scripts", "dependency", "cmd"), [
    ({"dev": "vite", "build": "vite build"}, "vite",
     '[ "npm", "run", "dev", "--" , "--host"]'),
    ({"dev": "next dev", "build": "next build"}, "next", '["npm", "run", "dev"]'),
    ({"build": "vite build"}, "vite", '["npx", "vite", "--host"]'),
    ({"start": "react-scripts start"}, "react-scripts", '["npx", "react-scripts", "start"]'),
])
def test_the_dev_servers_env_file_is_kept(tmp_path: Path, scripts: dict[str, str],
                                          dependency: str, cmd: str) -> None:
    _project(tmp_path, scripts, dependency, cmd)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, ".env.development")
    assert not sent(tmp_path, ".env.development.local")


def test_a_production_build_leaves_it_out(tmp_path: Path) -> None:
    _project(tmp_path, {"build": "vite build", "preview": "vite preview"}, "vite",
             '["npm", "run", "preview"]', run="npm install && npm run build")
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, ".env.production")
    assert not sent(tmp_path, ".env.development")
