"""A workspace member's package.json is read as the package managers read it: the member is
linked, not packed. Its `files` make no needs unless the build packs members (pnpm deploy);
its `main` into output that git does not track is what the build's build step writes (the
cases of formbricks' packages/database and documenso's packages/assets and packages/lib)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, sent, tree

MEMBER = {
    "name": "@acme/store",
    "main": "./dist/index.cjs",
    "files": ["dist", "src"],
    "scripts": {"build": "tsup src/index.ts"},
}
BUILDS = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n" \
    "RUN pnpm build --filter=@acme/store\nRUN pnpm build --filter=@acme/site\n" \
    'CMD ["node", "apps/site/server.js"]\n'
PACKS = "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n" \
    "RUN pnpm --filter=@acme/store run build\nRUN pnpm --filter=@acme/store deploy --prod /out\n" \
    'CMD ["node", "/out/dist/index.cjs"]\n'


def monorepo(root: Path, dockerfile: str, **extra: str) -> Path:
    tree(root, {
        "package.json": '{"name": "acme", "private": true}\n',
        "pnpm-workspace.yaml": "packages:\n  - 'apps/*'\n  - 'packages/*'\n",
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        ".gitignore": "node_modules\ndist\n.turbo\n",
        "apps/site/package.json": '{"name": "@acme/site", "dependencies": {"@acme/store": "*"}}\n',
        "apps/site/server.js": "require('@acme/store');\n",
        "packages/store/package.json": json.dumps(MEMBER) + "\n",
        "packages/store/src/index.ts": "export const x = 1;\n",
        "packages/store/src/index.test.ts": "import { x } from './index';\n",
        "Dockerfile": dockerfile,
        **extra,
    })
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   cwd=root, check=True)
    # What a developer's machine has besides: the member built, turbo's cache.
    tree(root, {"packages/store/dist/index.cjs": "module.exports = {};\n",
                "packages/store/.turbo/turbo-build.log": "built\n"})
    return root


def test_linked_member_files_and_built_main_are_no_needs(tmp_path: Path) -> None:
    root = monorepo(tmp_path, BUILDS)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert not sent(root, "packages/store/src/index.test.ts"), output
    assert not sent(root, "packages/store/dist/index.cjs"), output
    assert not sent(root, "packages/store/.turbo/turbo-build.log"), output
    assert sent(root, "packages/store/src/index.ts")
    assert "which the build needs" not in output


def test_user_dist_line_draws_no_warning(tmp_path: Path) -> None:
    root = monorepo(tmp_path, BUILDS, **{".dockerignore": "**/dist/\n"})
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    assert "excludes packages/store/dist" not in output, output


def test_committed_main_of_a_member_stays_a_need(tmp_path: Path) -> None:
    # A member that commits its built entry point: the image runs what git holds.
    committed = {**MEMBER, "main": "./lib/index.js"}
    root = monorepo(tmp_path, BUILDS, **{
        "packages/store/package.json": json.dumps(committed) + "\n",
        "packages/store/lib/index.js": "module.exports = {};\n",
        ".dockerignore": "**/lib\n",
    })
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    assert "packages/store/lib/index.js" in output, output


def test_member_packed_by_pnpm_deploy_keeps_its_files(tmp_path: Path) -> None:
    root = monorepo(tmp_path, PACKS)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "packages/store/src/index.test.ts"), output
    # (hoppscotch's backend: 'files' names dist, which the RUN before 'pnpm deploy' builds)
    assert not sent(root, "packages/store/dist/index.cjs"), output

