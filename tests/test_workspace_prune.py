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
    "turbo.json": "{}",
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


def test_a_pruning_dockerfile_below_the_root_builds_from_the_workspace_root(
    tmp_path: Path,
) -> None:
    """midday's apps/api/Dockerfile: ``COPY . .`` then ``turbo prune @midday/api --docker``,
    and its ``COPY bunfig.toml .`` found beside it as well: taken with apps/api as its
    context, though turbo prune needs the workspace (turbo.json is at the root)."""
    from ignoregen.build.discover import discover
    from ignoregen.knowledge.preset import load_presets

    api = ("FROM oven/bun:1 AS builder\nWORKDIR /app\nCOPY . .\n"
           "RUN turbo prune web --docker\nFROM oven/bun:1\nWORKDIR /app\n"
           "COPY --from=builder /app/out/json/ .\nCOPY bunfig.toml .\nRUN bun install\n")
    tree(tmp_path, {**FILES, "apps/web/Dockerfile": api, "apps/web/bunfig.toml": "",
                    "bunfig.toml": "", "apps/docs/Dockerfile": "FROM nginx\nCOPY . /srv\n"})
    found = discover(tmp_path, load_presets().skip_dirs, environ={})
    root = tmp_path.resolve()
    contexts = {b.dockerfile.relative_to(root).as_posix(): b.context.relative_to(root).as_posix()
                for b in found.builds}
    assert contexts["apps/web/Dockerfile"] == "."
    assert contexts["apps/docs/Dockerfile"] == "apps/docs"
    (tmp_path / "turbo.json").unlink()  # no workspace root known: its own directory
    found = discover(tmp_path, load_presets().skip_dirs, environ={})
    assert {b.context.resolve() for b in found.builds
            if b.dockerfile.name == "Dockerfile" and b.dockerfile.parent.name == "web"} \
        == {root / "apps/web"}
