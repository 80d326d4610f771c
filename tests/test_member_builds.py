"""What only a workspace member's own build reads is no need of a build that leaves the
member out.

homarr-labs/homarr's Dockerfile holds the whole pnpm workspace in its builder stage (``COPY
. .``) and runs ``pnpm turbo build --filter=@homarr/nextjs... --filter=@homarr/cli``. Its
``apps/docs`` member is a Docusaurus site, and its ``.dockerignore`` says ``apps/docs/*``:
init warned that the line "excludes apps/docs/docs, which the build needs", though that build
never builds the documentation site. The stage's other pnpm commands set pnpm up
(``corepack enable``, ``pnpm config set``), edit ``pnpm-workspace.yaml`` with sed, fetch
and install: none of them builds the member.
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
    "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n",
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "apps/web/package.json": '{"name": "@x/web", "dependencies": {"@x/ui": "workspace:*"}}',
    "apps/web/index.js": "console.log(1)\n",
    "packages/ui/package.json": '{"name": "@x/ui"}',
    "apps/docs/package.json": ('{"name": "@x/docs", "scripts": {"build": "docusaurus build"},'
                               ' "dependencies": {"@docusaurus/core": "3.0.0"}}'),
    "apps/docs/docs/intro.md": "# intro\n",
}
MANIFESTS = tuple(path for path in FILES if path.endswith((".json", ".yaml")))
STAGE = ("FROM node:22-alpine AS builder\nWORKDIR /app\nRUN corepack enable pnpm\n"
         "COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./\n"
         "COPY --parents ./apps/*/package.json ./packages/*/package.json ./\n"
         "RUN pnpm config set store-dir /pnpm/store && "
         "sed -i 's/hoisted/isolated/' pnpm-workspace.yaml && pnpm fetch --ignore-scripts\n"
         "RUN pnpm install --recursive --offline --frozen-lockfile\n"
         "COPY . .\n")
TURBO = STAGE + "RUN pnpm turbo build --filter=@x/web... --filter=@x/ui\n"
DOCS = "apps/docs/docs"
IGNORE = "apps/docs/*\n!apps/docs/package.json\n"  # (homarr's lines)


@pytest.mark.parametrize("dockerfile", [
    TURBO,
    STAGE + "RUN pnpm --filter @x/web build\n",
    STAGE + "RUN pnpm -F=@x/web... run build && pnpm --filter @x/ui build\n",
    STAGE + "RUN npx turbo run build --concurrency 2 --filter @x/web\n",
])
def test_a_filtered_build_that_leaves_the_member_out_does_not_need_its_docs(
        tmp_path: Path, dockerfile: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    assert DOCS not in needs(tmp_path, MANIFESTS)


@pytest.mark.parametrize(("dockerfile", "why"), [
    (STAGE + "RUN pnpm turbo build\n", "turbo builds every member"),
    (STAGE + "RUN pnpm -r build\n", "pnpm builds every member"),
    (STAGE + "RUN pnpm turbo build --filter=@x/docs\n", "the member is in the filter"),
    (STAGE + "RUN pnpm turbo build --filter=@x/web... --filter=./apps/*\n", "a path filter"),
    (STAGE + "RUN pnpm turbo build --filter=$APP\n", "a filter from a build argument"),
    (STAGE + "RUN pnpm turbo build --filter=...@x/ui\n", "the dependents of a package"),
    (STAGE + "RUN pnpm turbo build --affected --filter=@x/web\n", "turbo's --affected"),
    (STAGE + "RUN cd apps/docs && pnpm build\n", "a build in the member's directory"),
    (STAGE + "RUN ./build.sh && pnpm turbo build --filter=@x/web\n", "a script"),
])
def test_a_build_that_may_build_the_member_needs_its_docs(
        tmp_path: Path, dockerfile: str, why: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    assert DOCS in needs(tmp_path, MANIFESTS), why


def test_an_install_runs_the_members_install_time_script(tmp_path: Path) -> None:
    manifest = FILES["apps/docs/package.json"].replace(
        '"build":', '"postinstall": "docusaurus gen-api-docs all", "build":')
    tree(tmp_path, {**FILES, "apps/docs/package.json": manifest,
                    "Dockerfile": TURBO + "RUN pnpm install\n"})
    assert DOCS in needs(tmp_path, MANIFESTS)


def test_an_install_alone_does_not_need_the_docs_of_a_member_without_install_scripts(
        tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": TURBO + "RUN pnpm install\n"})
    assert DOCS not in needs(tmp_path, MANIFESTS)


def _init(root: Path) -> str:
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_does_not_warn_about_homarrs_docs_line(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": IGNORE, "Dockerfile": TURBO})
    assert "your line 'apps/docs/*'" not in _init(tmp_path)


def test_init_still_warns_when_every_member_is_built(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": IGNORE,
                    "Dockerfile": STAGE + "RUN pnpm turbo build\n"})
    assert "your line 'apps/docs/*' excludes apps/docs/docs" in _init(tmp_path)
