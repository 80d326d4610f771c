"""init's second block guards nothing inside an installed package tree that the user gives
back. gethomepage/homepage excludes '**/node_modules' and gives back
'.next/standalone/node_modules' (the packages of Next.js' standalone server, which its
image runs from). On a laptop that had built the app, init followed the user's lines with
'.next/standalone/node_modules/**/dist', '**/node_modules', '**/.next'...: most packages
keep their code in dist/ and pnpm nests node_modules in its layout, so the image started
and failed to load its modules. Below node_modules or a virtual environment, those names
are the packages' own files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

RUNTIME = {
    ".gitignore": "node_modules\ndist\n.env\n",
    ".dockerignore": "**/.git\n**/node_modules\n!runtime/node_modules\n",
    "package.json": '{"name": "site"}',
    "Dockerfile": "FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
                  'CMD ["node", "runtime/server.js"]\n',
    "runtime/server.js": "require('next')\n",
}
INSTALLED = {
    "runtime/node_modules/next/package.json": '{"main": "dist/server/next.js"}',
    "runtime/node_modules/next/dist/server/next.js": "module.exports = 1\n",
    "runtime/node_modules/.pnpm/react@19/node_modules/react/index.js": "module.exports = 1\n",
}


def test_nothing_inside_a_given_back_node_modules_is_guarded(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, RUNTIME)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    tree(tmp_path, INSTALLED)  # what the laptop's install left, untracked
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    for path in INSTALLED:
        assert sent(tmp_path, path), (tmp_path / ".dockerignore").read_text()
    assert "runtime/node_modules/**" not in (tmp_path / ".dockerignore").read_text()


def test_a_given_back_source_directory_still_gets_its_guards(tmp_path: Path) -> None:
    # The khoj shape: a directory of sources given back keeps its second block.
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {**RUNTIME, ".dockerignore": "**/.git\nruntime/\n!runtime/web\n",
                    "runtime/web/package.json": '{"name": "web"}',
                    "runtime/web/index.js": "1\n"})
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    tree(tmp_path, {"runtime/web/node_modules/left/index.js": "1\n",
                    "runtime/web/.env": "TOKEN=abc\n"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, "runtime/web/node_modules/left/index.js")
    assert not sent(tmp_path, "runtime/web/.env")
