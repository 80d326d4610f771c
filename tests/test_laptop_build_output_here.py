"""Build output that .gitignore lists and the ignore file lets through: check on a clean
checkout said 'dist: build output ... would send it on a developer's machine' (IG104, info),
and on that developer's machine, where dist is there and sent, check said nothing (a
present path was left to the weight findings, which do not weigh build output). The same
finding now comes from both; output that git tracks stays the project's own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree

_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, env=_ENV)


def _app(root: Path) -> Path:
    tree(root, {
        ".gitignore": "node_modules\ndist\n",
        "package.json": '{"name": "app", "scripts": {"build": "tsc"}}\n',
        "src/main.ts": "export {}\n",
        "Dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
        ".dockerignore": "**/.git\n**/node_modules\n",
    })
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "x")
    return root


def _findings(root: Path) -> list[dict[str, str]]:
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    return [item for item in json.loads(output)["findings"] if item["id"] == "IG104"]


def _build_output(root: Path) -> list[str]:
    return [item["message"].partition(":")[0] for item in _findings(root)]


def test_the_checkout_and_the_working_copy_agree(tmp_path: Path) -> None:
    root = _app(tmp_path)
    assert _build_output(root) == ["dist"]
    tree(root, {"dist/main.js": "export {};\n"})
    assert _build_output(root) == ["dist"]


def test_fix_then_the_working_copy_has_nothing_to_say(tmp_path: Path) -> None:
    root = _app(tmp_path)
    tree(root, {"dist/main.js": "export {};\n"})
    run_in(root, "check", "--fix")
    assert _build_output(root) == []


def test_committed_output_is_the_projects(tmp_path: Path) -> None:
    root = _app(tmp_path)
    tree(root, {"dist/main.js": "export {};\n"})
    _git(root, "add", "-f", "dist/main.js")
    _git(root, "commit", "-q", "-m", "ship dist")
    assert _build_output(root) == []


def _laravel(root: Path) -> Path:
    """monicahq/monica's shape: .gitignore lists /public/hot (the marker file Vite's dev
    server writes), and the Dockerfile copies the whole context."""
    tree(root, {
        ".gitignore": "/vendor\n/node_modules\n/public/hot\n",
        "artisan": "<?php\n",
        "composer.json": '{"name": "a/b", "require": {}}\n',
        "public/index.php": "<?php\n",
        "Dockerfile": "FROM php:8.3-apache\nCOPY . ./\nRUN composer install --no-dev\n",
        ".dockerignore": "**/.git\nvendor/\nnode_modules/\n",
    })
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "x")
    return root


def test_a_build_output_file_here_is_reported_as_from_the_checkout(tmp_path: Path) -> None:
    """The output is one file, not a directory: the working copy's public/hot was sent and
    check said nothing, while the clean checkout's check reported it."""
    root = _laravel(tmp_path)
    assert _build_output(root) == ["public/hot"]
    tree(root, {"public/hot": "http://localhost:5173\n"})
    assert _build_output(root) == ["public/hot"]
    # the line to add names the path: '**/hot' would take any file or directory so named
    assert [item["hint"] for item in _findings(root)] == ["add 'public/hot' to the ignore file"]
