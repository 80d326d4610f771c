"""init and IG104 give back the packages inside host-built output that a COPY names.

Next's standalone server (``.next/standalone``) and Nuxt's Nitro server (``.output/server``)
each run with a ``node_modules`` of their own (node's ``bundled_in``). When CI builds them on
the host and the Dockerfile copies the output (ajnart/homarr: ``COPY .next/standalone ./``;
yesfedor/primetime-frontend: ``COPY .output /app/.output``), a clean checkout has none of
it, and the ``**/node_modules`` that init writes for a developer's machine took those
packages from the image: the server could not start. The exception is written after every
rule that may match inside them (Nuxt's default .gitignore lists ``dist``, and ``**/dist``
would take ``@vue/shared/dist``). Nothing changes where the output is built in the image.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, sent, tree

NEXT_DOCKERFILE = """\
FROM node:20-slim
WORKDIR /app
COPY package.json ./temp_package.json
COPY .next/standalone ./
COPY .next/static ./.next/static
COPY ./cli ./cli
RUN mv node_modules _node_modules && cd cli && yarn install
CMD ["node", "server.js"]
"""

NUXT_DOCKERFILE = """\
FROM node:22-alpine
WORKDIR /app
COPY .output /app/.output
CMD ["node", "/app/.output/server/index.mjs"]
"""

BUILT_INSIDE = """\
FROM node:20-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build
FROM node:20-slim
WORKDIR /app
COPY --from=build /app/.next/standalone ./
CMD ["node", "server.js"]
"""


def _commit(root: Path) -> None:
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)


def _next(root: Path, dockerfile: str = NEXT_DOCKERFILE, ignore: str | None = None) -> None:
    files = {
        "package.json": '{"name": "board", "private": true, "dependencies": {"next": "14.0.0"}}\n',
        "yarn.lock": "\n",
        "next.config.js": "module.exports = { output: 'standalone' }\n",
        "pages/index.js": "export default function Home() { return null }\n",
        "cli/package.json": '{"name": "board-cli", "private": true}\n',
        "cli/cli.js": "console.log('cli')\n",
        ".gitignore": "/node_modules\n/cli/node_modules/\n/.next/\n",
        "Dockerfile": dockerfile,
    }
    if ignore is not None:
        files[".dockerignore"] = ignore
    tree(root, files)
    _commit(root)


def _nuxt(root: Path) -> None:
    # nuxi's own .gitignore: 'dist' as well as 'node_modules'
    tree(root, {
        "package.json": '{"name": "site", "devDependencies": {"nuxt": "3.12.0"}}\n',
        "package-lock.json": "{}\n",
        "nuxt.config.ts": "export default defineNuxtConfig({})\n",
        "app.vue": "<template><div /></template>\n",
        ".gitignore": ".output\n.nuxt\ndist\nnode_modules\n.env\n",
        "Dockerfile": NUXT_DOCKERFILE,
    })
    _commit(root)


def test_init_keeps_the_standalone_packages(tmp_path: Path) -> None:
    _next(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    text = (tmp_path / ".dockerignore").read_text()
    assert "**/node_modules" in text.splitlines(), text
    assert "!.next/standalone/node_modules" in text.splitlines(), text
    assert sent(tmp_path, ".next/standalone/node_modules/next/dist/server/next.js"), text
    assert sent(tmp_path, ".next/standalone/server.js"), text
    assert not sent(tmp_path, "node_modules/next/index.js"), text
    assert not sent(tmp_path, "cli/node_modules/chalk/index.js"), text


def test_init_keeps_the_nuxt_server_packages_whole(tmp_path: Path) -> None:
    _nuxt(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    text = (tmp_path / ".dockerignore").read_text()
    lines = text.splitlines()
    assert "**/dist" in lines, text
    assert "!.output/server/node_modules" in lines, text
    # last match wins: the exception comes after each any-depth rule
    assert lines.index("!.output/server/node_modules") > lines.index("**/dist"), text
    assert sent(tmp_path, ".output/server/node_modules/@vue/shared/dist/shared.cjs.js"), text
    assert sent(tmp_path, ".output/server/index.mjs"), text
    assert not sent(tmp_path, "node_modules/nuxt/index.mjs"), text
    assert not sent(tmp_path, "dist/x.js"), text


def test_nothing_added_where_the_image_builds_the_output(tmp_path: Path) -> None:
    _next(tmp_path, BUILT_INSIDE)
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert "**/node_modules" in output, output
    assert "!.next/standalone" not in output, output


def test_ig104_fix_keeps_the_standalone_packages(tmp_path: Path) -> None:
    _next(tmp_path, ignore=".git\n")
    _, output = run_in(tmp_path, "check", "--format", "json")
    found = [item for item in json.loads(output)["findings"]
             if item["id"] == "IG104" and "node_modules" in item["message"]]
    assert found, output
    texts = [edit["text"] for edit in found[0]["fix"]["edits"]]
    assert texts == ["**/node_modules", "!.next/standalone/node_modules"], found[0]
    run_in(tmp_path, "check", "--fix")
    assert sent(tmp_path, ".next/standalone/node_modules/next/index.js")
    assert not sent(tmp_path, "cli/node_modules/chalk/index.js")
