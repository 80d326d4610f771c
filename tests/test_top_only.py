"""IG301 on a root-only '.pnpm-store/' (formbricks): the check said 'dependencies of node
appear at any depth on a developer's machine, and apps/storybook/.pnpm-store would be sent'
on a clean checkout. pnpm keeps one content-addressed store per volume (in the home
directory, or at the volume's root), never one beside each workspace package, so the
user's root-only line misses nothing. presets/node.toml marks it ``top_only``; a
node_modules line written the same way is still reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset

WORKSPACE = {
    "package.json": '{"name": "root", "private": true}\n',
    "pnpm-workspace.yaml": "packages:\n  - apps/*\n",
    "apps/web/package.json": '{"name": "web"}\n',
    "apps/web/index.js": "console.log(1)\n",
    "apps/docs/package.json": '{"name": "docs"}\n',
    "Dockerfile": "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN pnpm install\n",
}


def test_a_root_only_pnpm_store_line_is_not_reported(tmp_path: Path) -> None:
    tree(tmp_path, {**WORKSPACE, ".dockerignore": "**/.git\n**/node_modules\n.pnpm-store/\n"})
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out


def test_a_root_only_node_modules_line_still_is(tmp_path: Path) -> None:
    tree(tmp_path, {**WORKSPACE, ".dockerignore": "**/.git\nnode_modules\n.pnpm-store/\n"})
    _, out = run_in(tmp_path, "check")
    assert "'node_modules' matches only at the context root" in out, out
    assert ".pnpm-store" not in out, out


def test_a_store_that_is_there_below_the_root_is_reported(tmp_path: Path) -> None:
    # Where one does sit deeper (a volume mounted there), the walk finds it and says so.
    tree(tmp_path, {**WORKSPACE, ".dockerignore": "**/.git\n**/node_modules\n.pnpm-store/\n",
                    "apps/web/.pnpm-store/v3/files/00/abc": "x"})
    _, out = run_in(tmp_path, "check")
    assert "'.pnpm-store/' matches only at the context root, but apps/web/.pnpm-store/" in out, out


def test_init_writes_no_deeper_twin_for_the_line(tmp_path: Path) -> None:
    tree(tmp_path, {**WORKSPACE, ".dockerignore": "**/.git\n**/node_modules\n.pnpm-store/\n"})
    run_in(tmp_path, "init")
    assert "**/.pnpm-store" not in (tmp_path / ".dockerignore").read_text().splitlines()
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out


def test_top_only_names_a_directory_rule_of_the_category() -> None:
    text = (
        '[preset]\nname = "demo"\ndescription = "d"\n[detect]\nmarkers = ["**/x.demo"]\n'
        '[categories.deps]\ndescription = "d"\nrole = "dependencies"\n'
        'exclude_by_default = true\nrules = ["**/lib"]\ntop_only = ["store"]\n'
    )
    with pytest.raises(ConfigError, match=r"top_only\[0\].*no rule '\*\*/store'"):
        parse_preset(text, "demo.toml")
