"""A bundler that a workspace app does not list among its own packages still reads the app's
``.env`` and ``.env.production`` when it builds there: ente-io/ente's web/apps/photos has a
next.config.js and a committed .env, and takes Next.js through a shared workspace package
(web/packages/base lists ``next``; photos lists ``ente-base``); web/Dockerfile copies web/ and
runs ``npm run build:photos``, which is ``npm exec --workspace photos -- next build``. init
kept the .env only of the apps whose package.json names ``next`` (albums) and left the
others out as secrets (``**/.env``), so their bundles were built without those settings. The
bundler's configuration file in the app's directory says which bundler builds it. A
developer's own ``.env.local``, which git does not track, stays out."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

_CONFIGS = {
    "next": ("next.config.js", "module.exports = {output: 'export'}\n",
             "npm exec --workspace photos -- next build"),
    "vite": ("vite.config.ts", "export default {}\n", "npm exec --workspace photos -- vite build"),
}


def _monorepo(root: Path, bundler: str) -> None:
    config, text, build = _CONFIGS[bundler]
    web = {"name": "web", "private": True, "workspaces": ["apps/*", "packages/*"],
           "scripts": {"build:photos": build}}
    base = {"name": "ente-base", "version": "0.0.0", "private": True,
            "dependencies": {bundler: "16.2.7", "react": "19.2.7"}}
    photos = {"name": "photos", "version": "0.0.0", "private": True,
              "dependencies": {"ente-base": "*", "react": "19.2.7"}}
    tree(root, {
        "web/package.json": json.dumps(web, indent=2) + "\n",
        "web/package-lock.json": "{}\n",
        "web/packages/base/package.json": json.dumps(base, indent=2) + "\n",
        "web/packages/base/index.ts": "export const x = 1\n",
        "web/apps/photos/package.json": json.dumps(photos, indent=2) + "\n",
        f"web/apps/photos/{config}": text,
        "web/apps/photos/src/pages/index.tsx": "export default function P() { return null }\n",
        "web/apps/photos/.env": "NEXT_PUBLIC_ENTE_ENDPOINT=https://api.example.org\n",
        ".gitignore": "node_modules\n.env*.local\n",
        "web/Dockerfile": (
            "FROM node:24 AS builder\nWORKDIR /build\nCOPY web/ ./web\nWORKDIR /build/web\n"
            "RUN npm ci\nRUN npm run build:photos\n"
            "FROM nginx\nCOPY --from=builder /build/web/apps/photos/out /out/photos\n"
        ),
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    # a developer's own, not in git
    (root / "web/apps/photos/.env.local").write_text("NEXT_PUBLIC_TOKEN=a-personal-token\n")


@pytest.mark.parametrize("bundler", sorted(_CONFIGS))
def test_the_env_file_of_an_app_with_a_hoisted_bundler_is_kept(tmp_path: Path,
                                                               bundler: str) -> None:
    _monorepo(tmp_path, bundler)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "web/apps/photos/.env"), (tmp_path / ".dockerignore").read_text()
    assert not sent(tmp_path, "web/apps/photos/.env.local")


def test_a_bundler_config_in_a_stage_that_builds_nothing_keeps_no_env(tmp_path: Path) -> None:
    """The image copies the app and serves it as files: no bundler runs, the .env stays out."""
    _monorepo(tmp_path, "next")
    (tmp_path / "web/Dockerfile").write_text(
        "FROM nginx\nCOPY web/ /usr/share/nginx/html/\n")
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not sent(tmp_path, "web/apps/photos/.env")
