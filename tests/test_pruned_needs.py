"""A manifest's ``files`` glob keeps the package's files, not what is installed beside them.

documenso's ``packages/assets/package.json`` says ``"files": ["**/*"]``; on a developer's
machine ``init`` wrote ``!packages/assets/node_modules`` under its ``**/node_modules`` and
sent the installed packages (``check`` then warned about the user's own ``node_modules``
line). npm packs no ``node_modules``; the assets themselves stay.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

FILES = {
    "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
    "package.json": json.dumps({"name": "app", "workspaces": ["packages/*"],
                                "scripts": {"build": "tsc"}}),
    "package-lock.json": "{}",
    ".gitignore": "node_modules\n",
    "packages/assets/package.json": json.dumps({"name": "@app/assets", "files": ["**/*"]}),
    "packages/assets/logo.png": "png",
    "packages/assets/fonts/inter.woff2": "font",
    "packages/assets/node_modules/left-pad/index.js": "module.exports = 1\n",
    "packages/web/node_modules/react/index.js": "module.exports = 1\n",
}


def test_files_glob_keeps_the_package_not_its_node_modules(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    assert {"packages/assets/logo.png", "packages/assets/fonts/inter.woff2"} <= sent
    assert "packages/assets/node_modules/left-pad/index.js" not in sent
    assert "packages/web/node_modules/react/index.js" not in sent
