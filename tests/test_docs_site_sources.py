"""A documentation site's docs/ is the site's source, not documentation to leave out:
Docusaurus reads docs/ (its docs plugin's default path) and stops when the folder is
missing; VitePress builds the directory its command names."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

SERVE = "FROM nginx:alpine\nCOPY --from=site /app/build /usr/share/nginx/html\n"


def _site(root: Path, manifest: str) -> Path:
    return tree(root, {
        "Dockerfile": (
            "FROM node:20 AS site\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n"
            "COPY . .\nRUN npm run build\n" + SERVE
        ),
        ".gitignore": "/node_modules\n/build\n.docusaurus\n",
        "package.json": manifest,
        "package-lock.json": "{}\n",
        "docusaurus.config.js": "module.exports = {title: 'Lab'};\n",
        "docs/intro.md": "# Intro\n",
        "docs/guides/setup.md": "# Setup\n",
        "src/pages/index.js": "export default () => null;\n",
        "README.md": "# The site\n",
    })


def test_a_docusaurus_site_keeps_its_docs(tmp_path: Path) -> None:
    root = _site(tmp_path, (
        '{"name": "site", "scripts": {"build": "docusaurus build"},'
        ' "dependencies": {"@docusaurus/core": "^3.5.0"}}\n'
    ))
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert sent(root, "docs/intro.md"), text
    assert sent(root, "docs/guides/setup.md"), text
    assert not sent(root, "README.md"), text


def test_a_vitepress_site_keeps_the_directory_it_builds(tmp_path: Path) -> None:
    root = _site(tmp_path, (
        '{"name": "site", "scripts": {"build": "vitepress build docs"},'
        ' "devDependencies": {"vitepress": "^1.0.0"}}\n'
    ))
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "docs/intro.md"), (root / ".dockerignore").read_text()


def test_a_laptops_vitepress_cache_is_not_sent(tmp_path: Path) -> None:
    root = _site(tmp_path, (
        '{"name": "site", "scripts": {"build": "vitepress build docs"},'
        ' "devDependencies": {"vitepress": "^1.0.0"}}\n'
    ))
    tree(root, {
        "docs/.vitepress/config.mts": "export default {title: 'Lab'};\n",
        "docs/.vitepress/theme/index.ts": "export default {};\n",
        "docs/.vitepress/cache/deps/vue.js": "export {};\n",
    })
    code, out = run_in(root, "init")
    assert code == 0, out
    text = (root / ".dockerignore").read_text()
    assert not sent(root, "docs/.vitepress/cache/deps/vue.js"), text
    assert sent(root, "docs/.vitepress/config.mts"), text
    assert sent(root, "docs/.vitepress/theme/index.ts"), text
