"""A Dockerfile that copies the whole context, found on its own, with an ignore file of its
own (NAME.dockerignore, which Docker reads beside the Dockerfile whatever the context) whose
lines name paths of the monorepo root: the root is its context. Judged from its own
directory (the case of typebot's apps/workflows, deployed with fly from the root), every
exception of the file was called useless."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

APP = (
    "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
    "RUN cd services/worker && npm run build\nCMD [\"node\", \"services/worker/dist/main.js\"]\n"
)
OWN_IGNORE = (
    "**\n!package.json\n!package-lock.json\n!services\n!services/worker\n!services/worker/**\n"
    "!libs\n!libs/shared\n!libs/shared/**\n"
)
MONOREPO = {
    "package.json": '{"name": "mono", "private": true, "workspaces": ["services/*", "libs/*"]}\n',
    "package-lock.json": "{}\n",
    "libs/shared/package.json": '{"name": "shared", "main": "index.js"}\n',
    "libs/shared/index.js": "module.exports = {};\n",
    "services/worker/package.json": '{"name": "worker", "scripts": {"build": "tsc"}}\n',
    "services/worker/src/main.ts": "export {};\n",
    "services/worker/Dockerfile": APP,
    "services/worker/Dockerfile.dockerignore": OWN_IGNORE,
}


def contexts(root: Path) -> dict[str, str]:
    found = discover(root, SKIP, environ={})
    root = root.resolve()
    return {b.dockerfile.relative_to(root).as_posix(): b.context.relative_to(root).as_posix()
            for b in found.builds}


def test_own_ignore_file_naming_root_paths_makes_the_root_the_context(tmp_path: Path) -> None:
    tree(tmp_path, MONOREPO)
    assert contexts(tmp_path) == {"services/worker/Dockerfile": "."}
    _, output = run_in(tmp_path, "check")
    assert "IG403" not in output, output
    assert "re-includes nothing" not in output


def test_own_ignore_file_of_its_own_directory_keeps_it(tmp_path: Path) -> None:
    # Paths that the Dockerfile's directory holds, or single names that the root holds too,
    # are no evidence of a context above.
    own = "services/worker/Dockerfile.dockerignore"
    tree(tmp_path, {**MONOREPO, own: "**\n!package.json\n!src\n!src/**\n"})
    assert contexts(tmp_path) == {"services/worker/Dockerfile": "services/worker"}
    tree(tmp_path, {own: "README.md\npackage-lock.json\n"})
    assert contexts(tmp_path) == {"services/worker/Dockerfile": "services/worker"}
    # A laptop's root cache is no evidence either.
    tree(tmp_path, {own: "node_modules/.cache\n.turbo/cache\n",
                    "node_modules/.cache/x": "", ".turbo/cache/y": ""})
    assert contexts(tmp_path) == {"services/worker/Dockerfile": "services/worker"}


def test_copied_source_of_its_own_directory_wins(tmp_path: Path) -> None:
    # A COPY of a path only the Dockerfile's directory holds: the ignore file cannot move it.
    tree(tmp_path, {**MONOREPO,
                    "services/worker/Dockerfile": "FROM node:22\nCOPY src/main.ts /app/\n"})
    assert contexts(tmp_path) == {"services/worker/Dockerfile": "services/worker"}
