"""A directory named like a dependency tree, with no manifest beside it and not listed by
.gitignore, is part of the sources (FreshRSS's ``p/scripts/vendor/chart.min.js``, a
front-end library the web UI serves): ``init`` keeps it. One beside its manifest, or one
that .gitignore lists, is installed, and goes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import read_file
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _sent_after_init(root: Path) -> set[str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    rules = read_file(root / ".dockerignore", buildkit=True)
    setup = BuildSetup(root, Builder.BUILDKIT, root / "Dockerfile", None)
    return {item.path for item in scan_context(setup, rules=rules, collect=Collect.SENT).sent}


PHP = {
    "Dockerfile": "FROM php:8.3-apache\nCOPY . /var/www/\n",
    "composer.json": "{}", "composer.lock": "{}", "index.php": "<?php\n",
    "vendor/autoload.php": "<?php\n",
    "p/scripts/vendor/chart.min.js": "/* a library the page loads */\n",
}


def test_a_vendor_directory_without_a_manifest_is_kept(tmp_path: Path) -> None:
    _tree(tmp_path, PHP)
    sent = _sent_after_init(tmp_path)
    assert "p/scripts/vendor/chart.min.js" in sent
    assert "vendor/autoload.php" not in sent  # beside composer.json: installed


def test_one_that_gitignore_lists_is_installed(tmp_path: Path) -> None:
    _tree(tmp_path, {**PHP, ".gitignore": "/p/scripts/vendor/\n"})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    sent = _sent_after_init(tmp_path)
    assert "p/scripts/vendor/chart.min.js" not in sent
