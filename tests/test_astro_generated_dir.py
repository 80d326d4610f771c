"""Astro writes .astro/ (the content layer's types and data store) on every dev run, sync and
build; every Astro site's .gitignore lists it. On a developer's machine a whole-context COPY
would send that directory to the builder, where `astro build` writes it afresh."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree


def test_a_laptops_astro_directory_is_not_sent(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "Dockerfile": (
            "FROM node:22 AS site\nWORKDIR /site\nCOPY . .\nRUN npm ci && npm run build\n"
            "FROM nginx:alpine\nCOPY --from=site /site/dist /usr/share/nginx/html\n"
        ),
        ".gitignore": "dist/\n.astro/\nnode_modules/\n",
        "package.json": (
            '{"name": "site", "scripts": {"build": "astro build"},'
            ' "dependencies": {"astro": "^5.0.0"}}\n'
        ),
        "package-lock.json": "{}\n",
        "astro.config.mjs": "export default {};\n",
        "src/pages/index.astro": "<h1>Hello</h1>\n",
        ".astro/types.d.ts": "/// <reference types=\"astro/client\" />\n",
        ".astro/data-store.json": "[]\n",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, ".astro/data-store.json"), text
    assert sent(root, "src/pages/index.astro"), text
    assert sent(root, "astro.config.mjs"), text
