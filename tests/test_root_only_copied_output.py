"""IG301 leaves out a ``node_modules`` that is part of host build output a COPY names.

A Next.js app built on the host with ``output: "standalone"`` has its server in
``.next/standalone``, with the packages it runs with in ``.next/standalone/node_modules``;
the Dockerfile copies ``.next/standalone`` and then moves that ``node_modules`` aside.
check named it among what a root-only ``node_modules`` misses and offered ``**/node_modules``
as the fix, which would have broken the image. An install in a source directory the
Dockerfile copies (``COPY ./cli``) is still reported. In a clean checkout (CI runs
``next build`` just before ``docker build``) the fix keeps the standalone packages with an
exception after the widened line (node's ``bundled_in``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree

DOCKERFILE = """\
FROM node:20-slim
WORKDIR /app
COPY package.json ./
COPY .next/standalone ./
COPY .next/static ./.next/static
COPY ./cli ./cli
RUN mv node_modules _node_modules && cd cli && yarn install
CMD ["node", "server.js"]
"""


def _checkout(root: Path) -> None:
    tree(root, {
        "package.json": '{"name": "board", "private": true, "dependencies": {"next": "14.0.0"}}\n',
        "yarn.lock": "\n",
        "next.config.js": "module.exports = { output: 'standalone' }\n",
        "pages/index.js": "export default function Home() { return null }\n",
        "cli/package.json": '{"name": "board-cli", "private": true}\n',
        "cli/cli.js": "console.log('cli')\n",
        ".gitignore": "node_modules\n/.next/\n",
        ".dockerignore": ".git\nnode_modules\n",
        "Dockerfile": DOCKERFILE,
    })
    git = ["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)


def _laptop(root: Path) -> None:
    _checkout(root)
    # what `next build` and `yarn install` leave on a developer's machine
    tree(root, {
        "node_modules/next/index.js": "x\n",
        ".next/standalone/server.js": "x\n",
        ".next/standalone/package.json": "{}\n",
        ".next/standalone/node_modules/next/index.js": "x\n",
        ".next/static/chunks/main.js": "x\n",
        "cli/node_modules/chalk/index.js": "x\n",
    })


def test_standalone_packages_are_not_named(tmp_path: Path) -> None:
    _laptop(tmp_path)
    _, output = run_in(tmp_path, "check", "--format", "gnu")
    lines = [line for line in output.splitlines() if "IG301" in line or "root only" in line]
    assert any("cli/node_modules" in line for line in lines), output
    assert not any(".next/standalone/node_modules" in line for line in lines), output


def test_clean_checkout_fix_keeps_the_standalone_packages(tmp_path: Path) -> None:
    _checkout(tmp_path)
    _, output = run_in(tmp_path, "check", "--format", "json")
    found = [item for item in json.loads(output)["findings"] if item["id"] == "IG301"]
    assert found, output
    texts = [edit["text"] for edit in found[0]["fix"]["edits"]]
    assert texts == ["**/node_modules", "!.next/standalone/node_modules"], found[0]


NUXT_DOCKERFILE = """\
FROM node:22-alpine
WORKDIR /app
COPY worker worker
RUN cd worker && npm ci
COPY .output /app/.output
CMD ["node", "/app/.output/server/index.mjs"]
"""


def test_clean_checkout_fix_keeps_the_nuxt_server_packages(tmp_path: Path) -> None:
    # Nuxt's build (run on the host, as primetime-frontend's deploy does) writes
    # .output/server/node_modules, the Nitro server's packages; the Dockerfile copies the
    # whole .output, so '**/node_modules' alone would take them from the image.
    tree(tmp_path, {
        "package.json": '{"name": "site", "devDependencies": {"nuxt": "3.12.0"}}\n',
        "package-lock.json": "{}\n",
        "nuxt.config.ts": "export default defineNuxtConfig({})\n",
        "app.vue": "<template><div /></template>\n",
        "worker/package.json": '{"name": "worker", "private": true}\n',
        "worker/package-lock.json": "{}\n",
        "worker/index.js": "console.log('w')\n",
        ".gitignore": "node_modules\n.output\n.nuxt\n",
        ".dockerignore": ".git\nnode_modules\n",
        "Dockerfile": NUXT_DOCKERFILE,
    })
    _, output = run_in(tmp_path, "check", "--format", "json")
    found = [item for item in json.loads(output)["findings"] if item["id"] == "IG301"]
    assert found, output
    texts = [edit["text"] for edit in found[0]["fix"]["edits"]]
    assert texts == ["**/node_modules", "!.output/server/node_modules"], found[0]
