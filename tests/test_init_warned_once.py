"""A warning about a line of the user's is printed once, though init writes that line into
several files: a Dockerfile's own ignore file carries a copy of the shared file's lines
(hoppscotch printed the same '**/dist' warning four times, once per file written)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

FILES = {
    # Two images of one context; only the first needs the developer's .env, so init gives
    # the second its own ignore file, which copies the user's '**/dist'.
    "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY .env ./\nCOPY . .\nRUN npm ci\n"
                  'CMD ["node", "dist/index.js"]\n',
    "web.Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
                      'CMD ["node", "dist/index.js"]\n',
    "compose.yaml": "services:\n  a:\n    build: .\n  b:\n    build:\n      context: .\n"
                    "      dockerfile: web.Dockerfile\n",
    "package.json": '{"name": "x", "main": "dist/index.js", "files": ["dist"]}\n',
    "package-lock.json": "{}\n",
    "dist/index.js": "module.exports = 1\n",
    "src/a.js": "module.exports = 2\n",
    ".gitignore": ".env\ndist\nnode_modules\n",
    ".dockerignore": "**/dist\n",
    ".env": "TOKEN=9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c\n",
}


def test_the_same_warning_is_printed_once(tmp_path: Path) -> None:
    root = tree(tmp_path, FILES)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    code, output = run_in(root, "init", "--dry-run")
    assert code in (0, 1), output
    assert "==> web.Dockerfile.dockerignore <==" in output  # two files are written
    warnings = [line for line in output.splitlines()
                if line.startswith("  warning: ") and "'**/dist'" in line]
    assert len(warnings) == 1, output
