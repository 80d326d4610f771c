"""The bundler's .env need holds per stage (LycheeOrg/Lychee, laptop view): its node stage
copies named paths and runs Vite; its final stage copies the whole context, .env included,
and runs no bundler. init said "kept: .env" and warned "add '!.env'", advice that would
ship the laptop's APP_KEY, while the block it wrote excluded .env all the same. The need
now holds only for a stage that runs the bundler and has the file
(presets/node.toml ``in_stage``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import sent_by_buildkit
from trees import run_in, tree

from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset

PACKAGE = '{"name": "x", "private": true, "devDependencies": {"vite": "^6"}}\n'
FILES = {
    "package.json": PACKAGE, "package-lock.json": "{}\n", "vite.config.ts": "export {}\n",
    "resources/js/app.ts": "console.log(1)\n", "app/Kernel.php": "<?php\n",
    "composer.json": "{}\n", ".env": "APP_KEY=base64:c2VjcmV0\nVITE_APP_NAME=x\n",
}
LYCHEE = (
    "FROM node:22 AS node\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
    "RUN npm ci\nCOPY resources/ ./resources/\nCOPY vite.config.ts ./\nRUN npm run build\n"
    "FROM php:8.4\nWORKDIR /var/www\nCOPY . .\n"
    "COPY --from=node /app/public/build ./public/build\n"
)


def test_no_env_need_where_the_bundler_does_not_see_it(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": LYCHEE, ".dockerignore": "vendor\n.env\n"})
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert "kept: .env" not in out, out
    assert "add '!.env'" not in out, out
    assert ".env" not in sent_by_buildkit(tmp_path)


@pytest.mark.parametrize("dockerfile", [
    "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
    "FROM node:22 AS base\nWORKDIR /app\nCOPY . .\n"
    "FROM base AS build\nRUN npm ci && npx vite build\n",  # the file from the FROM stage
    "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"npx\", \"vite\", \"--host\"]\n",
])
def test_the_need_holds_where_the_bundler_runs(tmp_path: Path, dockerfile: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    _, out = run_in(tmp_path, "init")
    assert "kept: .env: the bundler reads it" in out, out
    assert ".env" in sent_by_buildkit(tmp_path)


def test_in_stage_needs_built_by() -> None:
    text = (
        '[preset]\nname = "demo"\ndescription = "d"\n[detect]\nmarkers = ["x.demo"]\n'
        '[[needs]]\nfiles = ["x.demo"]\npaths = [".env"]\nin_stage = true\nreason = "r"\n'
    )
    with pytest.raises(ConfigError, match=r"in_stage.*only with built_by"):
        parse_preset(text, "demo.toml")
