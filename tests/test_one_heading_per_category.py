"""The rules init narrows for a developer's machine (a gitignore line written as a rule of
its category, where the category's broad rule would take a file the build reads) go
with their category's other rules. They were appended at the end of the block, under a
second heading of the same category: anything-llm's and DocsGPT's frontends got a
'# base.secrets' group after the Dockerfiles' and the bundler output's, holding
'**/.env.local' beside the first group's '**/.env.*'."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, sent, tree


def test_narrowed_rules_join_their_category(tmp_path: Path) -> None:
    manifest = {"name": "web", "private": True, "scripts": {"build": "vite build"},
                "devDependencies": {"vite": "5.0.0"}}
    tree(tmp_path, {
        "package.json": json.dumps(manifest, indent=2) + "\n",
        "package-lock.json": "{}\n",
        "src/main.js": "console.log(import.meta.env.VITE_API_HOST)\n",
        ".env.production": "VITE_API_HOST=https://api.example.org\n",
        ".gitignore": "node_modules\ndist\n.env.local\n.env.*.local\n",
        "Dockerfile": (
            "FROM node:22-slim AS build\nWORKDIR /app\nCOPY package*.json ./\n"
            "RUN npm ci\nCOPY . .\nRUN npm run build\n"
            "FROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n"
        ),
    })
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    (tmp_path / ".env.local").write_text("VITE_TOKEN=a-personal-token\n")
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    text = (tmp_path / ".dockerignore").read_text()
    headings = [line.split(":")[0] for line in text.splitlines() if line.startswith("# ")
                and not line.startswith(("# keep", "# >>>", "# <<<"))]
    assert len(headings) == len(set(headings)), text
    assert sent(tmp_path, ".env.production")
    assert not sent(tmp_path, ".env.local")
