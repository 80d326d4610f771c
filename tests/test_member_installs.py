"""A workspace member that no install of the build reads is no need of it.

karakeep copies the manifests it installs from by name, runs ``pnpm install``, then ``COPY
. .`` and ``pnpm deploy --filter @karakeep/workers``; linkwarden installs with ``yarn
workspaces focus``. init warned that the user's lines ``docs`` and ``apps/mobile`` dropped a
member's package.json "which the build needs", though the builds work with them. A ``COPY
. .`` followed by a whole-workspace install keeps the warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_needs import needs
from trees import tree

from ignoregen.cli import cli

FILES = {
    "package.json": '{"name": "root", "private": true}',
    "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n  - docs\n",
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "apps/web/package.json": '{"name": "@x/web", "dependencies": {"@x/ui": "workspace:*"}}',
    "packages/ui/package.json": '{"name": "@x/ui"}',
    "docs/package.json": '{"name": "docs", "dependencies": {"@x/ui": "workspace:*"}}',
    "docs/index.mdx": "# docs\n",
}
MANIFESTS = tuple(path for path in FILES if path.endswith((".json", ".yaml")))
BY_NAME = ("FROM node:22 AS build\nWORKDIR /app\n"
           "COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./\n"
           "COPY apps/web/package.json ./apps/web/\nCOPY packages/ui/package.json ./packages/ui/\n"
           "RUN pnpm install --frozen-lockfile\nCOPY . .\n"
           "RUN (cd apps/web && pnpm --config.verify-deps-before-run=false build)\n")
DEPLOY = "RUN CI=true pnpm deploy --legacy --filter @x/web --prod /prod/web\n"
FOCUS = "RUN yarn workspaces focus --production root @x/web && yarn cache clean\n"


@pytest.mark.parametrize("dockerfile", [
    BY_NAME,
    BY_NAME + DEPLOY,
    BY_NAME.replace("pnpm install --frozen-lockfile", "yarn workspaces focus root @x/web") + FOCUS,
    BY_NAME + "RUN pnpm --filter=@x/web... install\n",
    BY_NAME + "FROM node:22\nCOPY --from=build /app/apps/web /app\n",
])
def test_a_member_no_install_reads_is_no_need(tmp_path: Path, dockerfile: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    found = needs(tmp_path, MANIFESTS)
    assert {"apps/web/package.json", "packages/ui/package.json"} <= set(found)
    assert "docs/package.json" not in found


@pytest.mark.parametrize(("dockerfile", "why"), [
    ("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n",
     "the whole workspace installed"),
    (BY_NAME + "RUN pnpm install\n", "an install after COPY . ."),
    (BY_NAME + "RUN ./scripts/setup.sh\n", "a script after COPY . ."),
    (BY_NAME + "RUN yarn workspaces focus --all\n", "focus on every workspace"),
    (BY_NAME + "RUN pnpm deploy --filter ./apps/web /out\n", "a path selector"),
    (BY_NAME + "RUN pnpm deploy --filter $APP /out\n", "a scope from a build argument"),
    (BY_NAME + "RUN pnpm deploy --filter docs /out\n", "the member itself in scope"),
    (BY_NAME + "FROM node:22\nCOPY --from=build /app /app\nRUN pnpm install\n",
     "a stage that holds it, then an install"),
    ("FROM node:22\nWORKDIR /app\nCOPY package.json ./\n"
     "RUN --mount=type=bind,target=/app pnpm install\n", "a bind mount of the context"),
])
def test_a_member_stays_a_need_unless_sure(tmp_path: Path, dockerfile: str, why: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    assert "docs/package.json" in needs(tmp_path, MANIFESTS), why


def _init(root: Path) -> str:
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_does_not_warn_about_the_users_line(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": "docs\n", "Dockerfile": BY_NAME + DEPLOY})
    assert "your line 'docs'" not in _init(tmp_path)


def test_init_still_warns_for_a_whole_workspace_install(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": "docs\n",
                    "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\n"
                                  "RUN pnpm install --frozen-lockfile\n"})
    assert "your line 'docs' excludes docs/package.json" in _init(tmp_path)
