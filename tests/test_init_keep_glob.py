"""A preset's keep glob that names its directory is written once: Laravel's storage
directories each hold a .gitignore that keeps them in git, and the php preset keeps
``storage/**/.gitignore`` (the app fails when they are missing). init wrote one exception
per file, with a comment each: 34 lines on snipe-it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from trees import sent
from trees import tree as lay

from ignoregen.cli import cli

STORAGE = ["app", "app/public", "framework", "framework/cache", "framework/views", "logs"]
FILES = {
    "composer.json": '{"require": {"laravel/framework": "^11.0"}}\n',
    "composer.lock": "{}\n",
    "artisan": "#!/usr/bin/env php\n",
    "app/Models/User.php": "<?php\n",
    ".gitignore": "/vendor\n.env\n",
    "resources/js/.gitignore": "/build\n",
    "bootstrap/cache/.gitignore": "*\n!.gitignore\n",
    "Dockerfile": "FROM php:8.3\nCOPY . /var/www\nRUN composer install\n",
    **{f"storage/{directory}/.gitignore": "*\n!.gitignore\n" for directory in STORAGE},
}


def test_one_line_gives_back_every_storage_gitignore(tmp_path: Path) -> None:
    root = lay(tmp_path, FILES)
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / ".dockerignore").read_text()
    assert text.count("!storage/**/.gitignore") == 1, text
    assert "!storage/app/.gitignore" not in text
    for directory in STORAGE:
        assert sent(root, f"storage/{directory}/.gitignore"), directory
    assert sent(root, "bootstrap/cache/.gitignore")
    assert not sent(root, ".gitignore")
    assert not sent(root, "resources/js/.gitignore")
    assert "# keep bootstrap/cache/.gitignore: kept by the php preset" in text


def test_the_configurations_keep_is_never_excluded_by_init(tmp_path: Path) -> None:
    """`keep = [...]` in .ignoregen.toml means "never exclude": init excluded `docs` whole
    and took docs/openapi.yaml with it (scan already counted it as kept)."""
    root = lay(tmp_path, {
        "Dockerfile": "FROM alpine\nCOPY . /app\n",
        "docs/openapi.yaml": "openapi: 3.1.0\n",
        "docs/schemas/user.json": "{}\n",
        "docs/guide.md": "# guide\n",
        ".ignoregen.toml": 'keep = ["docs/openapi.yaml", "docs/schemas/*.json"]\n',
    })
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert sent(root, "docs/openapi.yaml")
    assert sent(root, "docs/schemas/user.json")
    assert not sent(root, "docs/guide.md")
    text = (root / ".dockerignore").read_text()
    assert "# keep docs/openapi.yaml: kept by the configuration's keep list (" in text
    assert ".ignoregen.toml: keep[0])" in text


def test_check_offers_no_fix_that_excludes_a_configured_keep(tmp_path: Path) -> None:
    """init kept `.env` when the configuration says `keep = [".env"]`, but check's IG101
    offered `**/.env` and `check --fix` wrote it: the two disagreed, and the fix undid the
    user's setting. The finding stays (the secret ships); the fix is withheld, saying why."""
    root = lay(tmp_path, {
        "Dockerfile": "FROM alpine\nCOPY . /app\n",
        ".env": "SECRET_KEY=4f9c2e71d0a8b3e6c5d4f1a2b7e8c9d0\n",
        ".ignoregen.toml": 'keep = [".env"]\n',
        ".dockerignore": ".git\n",
    })
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)])
    found = [item for item in json.loads(result.output)["findings"] if item["id"] == "IG101"]
    assert found, result.output
    assert all(item["fix"] is None for item in found)
    assert all("keep[0]" in item["hint"] and "no safe fix" in item["hint"] for item in found)
    CliRunner().invoke(cli, ["check", "--fix", str(root)])
    assert (root / ".dockerignore").read_text() == ".git\n"
    assert sent(root, ".env")
