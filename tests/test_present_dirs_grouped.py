"""A developer's monorepo has one dependency directory per package: check reports them as
one finding (a few paths and how many more), as it does for those a clean checkout lacks,
not one line each (documenso's laptop: 16 node_modules, 16 findings with the same fix)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree

PACKAGES = [f"packages/p{number}" for number in range(6)]


def _workspace(root: Path) -> Path:
    files = {
        "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
        ".dockerignore": "node_modules\n",
        ".gitignore": "node_modules\n",
        "package.json": '{"workspaces": ["packages/*"]}\n',
        "package-lock.json": "{}\n",
    }
    for package in PACKAGES:
        files[f"{package}/package.json"] = "{}\n"
        files[f"{package}/node_modules/left-pad/index.js"] = "module.exports = 1\n"
    return tree(root, files)


def _ig104(root: Path) -> list[dict[str, object]]:
    code, out = run_in(root, "check", "--format", "json")
    assert code == 1, out
    return [item for item in json.loads(out)["findings"] if item["id"] == "IG104"]


def test_present_dependency_directories_are_one_finding(tmp_path: Path) -> None:
    found = _ig104(_workspace(tmp_path))
    assert len(found) == 1, [item["message"] for item in found]
    item = found[0]
    assert item["severity"] == "warning"
    assert item["message"] == (
        "packages/p0/node_modules/, packages/p1/node_modules/, packages/p2/node_modules/ "
        "and 3 more: dependencies directories are sent to the builder"
    )
    assert item["hint"] == "add '**/node_modules' to the ignore file"
    fix = item["fix"]
    assert isinstance(fix, dict)
    assert [edit["text"] for edit in fix["edits"]] == ["**/node_modules"]


def test_one_present_directory_keeps_its_own_message(tmp_path: Path) -> None:
    _workspace(tmp_path)
    for package in PACKAGES[1:]:
        for path in sorted((tmp_path / package / "node_modules").rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        (tmp_path / package / "node_modules").rmdir()
    present = [item for item in _ig104(tmp_path) if "is sent to the builder" in
               str(item["message"])]
    assert [item["message"] for item in present] == [
        "packages/p0/node_modules/: dependencies directory is sent to the builder"
    ]


def test_the_grouped_fix_excludes_every_one(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    code, _ = run_in(root, "check", "--fix")
    assert code in (0, 1)
    assert "**/node_modules" in (root / ".dockerignore").read_text().splitlines()
    code, out = run_in(root, "check", "--format", "json")
    assert [item for item in json.loads(out)["findings"] if item["id"] == "IG104"
            and "is sent" in str(item["message"])] == [], out



def _commit(root: Path) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "x"], check=True, env=env)


def test_a_directory_the_build_needs_stays_out_of_the_group(tmp_path: Path) -> None:
    # A Laravel app (LinkAce's shape): the committed resources/views/vendor is the app's
    # own views, which the image needs; the laptop's Composer vendor/ and the published
    # lang/vendor (the image publishes its own) are not. Each fix is tried on its own
    # first, so the group names the two and its fix spares the views.
    tree(tmp_path, {
        "Dockerfile": "FROM php:8.3-fpm-alpine\nWORKDIR /app\nCOPY . .\n"
                      "RUN composer install --no-dev && php artisan vendor:publish --all\n",
        ".dockerignore": ".git\n", ".gitignore": "/vendor\n/lang/vendor\n",
        "artisan": "<?php\n", "composer.json": '{"require": {"laravel/framework": "^11"}}\n',
        "composer.lock": "{}\n", "resources/views/vendor/mail/button.blade.php": "<a></a>\n",
    })
    _commit(tmp_path)
    tree(tmp_path, {"vendor/autoload.php": "<?php\n", "lang/vendor/pkg/en.php": "<?php\n"})
    found = _ig104(tmp_path)
    assert [item["message"] for item in found] == [
        "lang/vendor/, vendor/: dependencies directories are sent to the builder"
    ]
    fix = found[0]["fix"]
    assert isinstance(fix, dict)
    assert [edit["text"] for edit in fix["edits"]] == ["lang/vendor", "vendor"]
    assert str(found[0]["hint"]).startswith("add 'lang/vendor', 'vendor' to .dockerignore (")
