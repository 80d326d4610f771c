"""Astro builds with Vite and reads the project's .env files the same way (import.meta.env,
PUBLIC_ variables inlined into the pages), but an Astro site names astro, not vite, among its
packages: a committed .env of public settings must still reach the builder stage."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = (
    "FROM node:22 AS site\nWORKDIR /site\nCOPY . .\nRUN npm ci && npm run build\n"
    "FROM nginx:alpine\nCOPY --from=site /site/dist /usr/share/nginx/html\n"
)


def _site(root: Path, manifest: str) -> Path:
    return tree(root, {
        "Dockerfile": DOCKERFILE,
        "package.json": manifest,
        "package-lock.json": "{}\n",
        ".env": "PUBLIC_SITE_TITLE=Our lab\nPUBLIC_CONTACT=lab@example.org\n",
        "astro.config.mjs": "export default {};\n",
        "src/pages/index.astro": "<h1>{import.meta.env.PUBLIC_SITE_TITLE}</h1>\n",
    })


def test_an_astro_site_keeps_its_committed_env(tmp_path: Path) -> None:
    root = _site(tmp_path, (
        '{"name": "site", "scripts": {"build": "astro build"},'
        ' "dependencies": {"astro": "^5.0.0"}}\n'
    ))
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, ".env"), (root / ".dockerignore").read_text()


def test_without_a_bundler_the_env_file_stays_out(tmp_path: Path) -> None:
    root = _site(tmp_path, (
        '{"name": "site", "scripts": {"build": "node build.js"},'
        ' "dependencies": {"marked": "^12.0.0"}}\n'
    ))
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, ".env"), (root / ".dockerignore").read_text()
