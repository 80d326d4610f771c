"""Create React App (``react-scripts build``, also run through react-app-rewired or craco) and
Vue CLI (``vue-cli-service build``) load ``.env`` and ``.env.production`` beside the package's
package.json when they build, as Vite and Next do: a committed ``.env.production`` of public
settings (PUBLIC_URL, the API's base path) is the build's configuration. init left it out as
a secret (``**/.env.*``), so a Go server whose image builds its embedded web UI in a
subdirectory got a bundle built without those settings. A developer's own ``.env.local``,
which git does not track, stays out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree


def _project(root: Path, tool: str, version: str, script: str) -> None:
    manifest = {"name": "ui", "private": True, "scripts": {"build": script},
                "devDependencies": {tool: version}}
    tree(root, {
        "go.mod": "module example.org/board\n\ngo 1.22\n",
        "main.go": "package main\n\nfunc main() {}\n",
        "ui/package.json": json.dumps(manifest, indent=2) + "\n",
        "ui/src/index.js": "console.log(process.env.REACT_APP_API_URL)\n",
        "ui/.env.production": "PUBLIC_URL=/\nREACT_APP_API_URL=/api\n",
        ".gitignore": "/ui/node_modules\n.env*.local\n",
        "Dockerfile": (
            "FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\n"
            "RUN apk add --no-cache nodejs npm && cd ui && npm install && npm run build"
            " && cd .. && go build -o /board .\n"
            "FROM alpine\nCOPY --from=build /board /board\nENTRYPOINT [\"/board\"]\n"
        ),
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    # a developer's own, not in git
    (root / "ui/.env.local").write_text("REACT_APP_TOKEN=a-personal-token\n")


@pytest.mark.parametrize(("tool", "version", "script"), [
    ("react-scripts", "5.0.1", "react-scripts build"),
    ("react-scripts", "5.0.1", "react-app-rewired build"),
    ("@vue/cli-service", "5.0.8", "vue-cli-service build"),
])
def test_the_bundlers_env_file_is_kept(tmp_path: Path, tool: str, version: str,
                                       script: str) -> None:
    _project(tmp_path, tool, version, script)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "ui/.env.production")
    assert not sent(tmp_path, "ui/.env.local")
