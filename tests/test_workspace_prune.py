"""``turbo prune`` cuts the workspace to one package and its workspace dependencies: a member
outside them is no need of a build that installs only from the pruned output.

trigger.dev: ``COPY . .`` and ``npx turbo prune --scope=webapp --docker`` in a pruner stage,
every later stage takes ``out/``; init warned that the user's ``docs`` line excluded
``docs/package.json``, "which the build needs". docs is no dependency of webapp.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_needs import needs
from trees import tree

from ignoregen.cli import cli

PRUNER = "FROM node:20 AS pruner\nWORKDIR /app\nCOPY . .\nRUN npx -q turbo@2 prune {args}\n"
LATER = ("FROM node:20 AS deps\nWORKDIR /app\nCOPY --from=pruner /app/out/json/ .\n"
         "RUN pnpm install --frozen-lockfile\n"
         "FROM deps AS build\nCOPY --from=pruner /app/out/full/ .\nRUN pnpm turbo build\n")
FILES = {
    "package.json": '{"name": "root", "private": true}',
    "pnpm-workspace.yaml": "packages:\n  - apps/*\n  - packages/*\n  - docs\n",
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "apps/web/package.json": '{"name": "web", "dependencies": {"@x/ui": "workspace:*"}}',
    "packages/ui/package.json":
        '{"name": "@x/ui", "devDependencies": {"@x/config": "workspace:*"}}',
    "packages/config/package.json": '{"name": "@x/config"}',
    "packages/other/package.json": '{"name": "@x/other"}',
    "docs/package.json": '{"name": "docs", "dependencies": {"@x/ui": "workspace:*"}}',
    "docs/index.mdx": "# docs\n",
}
MANIFESTS = tuple(path for path in FILES if path.endswith((".json", ".yaml")))
CLOSURE = {"apps/web/package.json", "packages/ui/package.json", "packages/config/package.json"}


@pytest.mark.parametrize("args", ["--scope=web --docker", "web --docker", "--scope web"])
def test_members_outside_the_scope_are_no_needs(tmp_path: Path, args: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": PRUNER.format(args=args) + LATER})
    found = needs(tmp_path, MANIFESTS)
    assert set(found) >= CLOSURE
    assert "docs/package.json" not in found
    assert "packages/other/package.json" not in found


@pytest.mark.parametrize(("dockerfile", "why"), [
    (PRUNER.format(args="web --docker") + LATER.replace("/app/out/full/ .", "/app ."),
     "a later stage copies the whole pruner stage"),
    (PRUNER.format(args="web --docker") + "RUN pnpm install\n" + LATER,
     "an install beside the whole context"),
    (PRUNER.format(args="$APP --docker") + LATER, "a scope from a build argument"),
    (PRUNER.format(args="missing --docker") + LATER, "a scope no member is named"),
    ("FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install\n", "no pruner"),
])
def test_a_member_stays_a_need_unless_sure(tmp_path: Path, dockerfile: str, why: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    found = needs(tmp_path, MANIFESTS)
    assert "docs/package.json" in found, why
    assert "packages/other/package.json" in found, why


def test_init_does_not_warn_about_the_users_line(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": "docs\n",
                    "Dockerfile": PRUNER.format(args="--scope=web --docker") + LATER})
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "your line 'docs'" not in result.output, result.output
    # A dependency's manifest excluded by the user is still warned about.
    (tmp_path / ".dockerignore").write_text("docs\npackages/config\n")
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert "your line 'packages/config' excludes packages/config/package.json" in result.output
