"""check's hint for build output a .gitignore lists below a directory the presets call build
output: the path itself, not its last name at any depth.

apache/answer's .gitignore lists ``build/tools/`` (where its Makefile installs a linter);
Node's build output claims it only as part of the root ``build``. check suggested
``**/tools``, which would also take any directory named tools the project adds later (a Go
module's tools package, a project's scripts), silently. (One the checkout has already makes
check name the path.) A name the presets claim at any depth (``dist``) keeps ``**/dist``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree


def test_listed_path_below_build_output_is_suggested_as_itself(tmp_path: Path) -> None:
    tree(tmp_path, {
        "package.json": json.dumps({"name": "web", "private": True,
                                    "scripts": {"build": "vite build"},
                                    "devDependencies": {"vite": "5.0.0"}}) + "\n",
        "package-lock.json": "{}\n",
        "index.html": "<html></html>\n",
        "src/main.js": "console.log('hi')\n",
        "build/README.md": "Packaging notes.\n",
        ".gitignore": "/node_modules\nbuild/tools/\ndist/\n",
        "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\n"
                      "RUN npm ci && npm run build\n",
    })
    git = ["git", "-C", str(tmp_path), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    _, output = run_in(tmp_path, "check", "--format", "json")
    hints = [found.get("hint") or "" for found in json.loads(output)["findings"]
             if "build/tools" in found["message"]]
    assert hints, output
    assert all("'**/tools'" not in hint for hint in hints), hints
    assert any("'build/tools'" in hint for hint in hints), hints
    assert any("'**/dist'" in hint for hint in hints), hints
