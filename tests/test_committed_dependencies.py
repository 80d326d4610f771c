"""A dependency directory committed to git on purpose. freescout commits Composer's
``vendor`` (4,300 files) so that it installs on shared hosting without Composer, and has
no Dockerfile. init wrote ``**/vendor`` (the generic assumption: the image installs), so a
`COPY . /var/www/html` image had no libraries; check warned IG104 "dependencies directory
is sent" on the clean checkout, and again after init, with no fix to offer."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_init_exception_scope import _repository, init_here
from trees import run_in

PHP = {
    "composer.json": '{"require": {"php": ">=8.1", "acme/lib": "^1"}}\n',
    "composer.lock": "{}\n",
    "index.php": "<?php require __DIR__.'/vendor/autoload.php';\n",
    "vendor/autoload.php": "<?php // composer\n",
    "vendor/acme/lib/src/Thing.php": "<?php class Thing {}\n",
}


def _committed(root: Path, files: dict[str, str]) -> None:
    _repository(root, files)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def test_committed_vendor_without_a_dockerfile_is_kept(tmp_path: Path) -> None:
    _committed(tmp_path, PHP)
    output = run_in(tmp_path, "check")[1]
    assert "IG104" not in output, output
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert {"vendor/autoload.php", "vendor/acme/lib/src/Thing.php", "index.php"} <= set(sent)
    assert run_in(tmp_path, "check") == (0, "No problems in 1 context.\n")


def test_an_installed_vendor_still_goes(tmp_path: Path) -> None:
    # The same tree where vendor is the developer's install (gitignored, untracked), and
    # an ignore file that says something builds the directory (without a build or one,
    # there is nothing to check).
    _committed(tmp_path, {**PHP, ".gitignore": "/vendor/\n", ".dockerignore": "*.log\n"})
    code, output = run_in(tmp_path, "check")
    assert code == 1
    assert "IG104 vendor/" in output, output
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert "index.php" in sent
    assert not [path for path in sent if path.startswith("vendor/")]


def test_a_dockerfile_that_installs_still_excludes_it(tmp_path: Path) -> None:
    _committed(tmp_path, {
        **PHP, "Dockerfile": "FROM php:8.3\nCOPY . /app\nRUN composer install --no-dev\n",
    })
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert "index.php" in sent
    assert not [path for path in sent if path.startswith("vendor/")]
