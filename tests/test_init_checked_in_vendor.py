"""A directory named like a dependency tree, with no manifest beside it and not listed by
.gitignore, is part of the sources (FreshRSS's ``p/scripts/vendor/chart.min.js``, a
front-end library the web UI serves): ``init`` keeps it. One beside its manifest, or one
that .gitignore lists, is installed, and goes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _sent_after_init(root: Path) -> set[str]:
    init_here(root)
    return sent_by_buildkit(root)


PHP = {
    "Dockerfile": "FROM php:8.3-apache\nCOPY . /var/www/\nRUN cd /var/www && composer install\n",
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
