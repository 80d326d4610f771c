"""Symfony keeps per-environment configuration in directories named after the environment
(config/packages/test/, config/routes/test/): kernel configuration, not a test suite. kimai
commits config/routes/test/test_routes.yaml, and init's '**/test' left it out of the image."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

SYMFONY = '{"require": {"php": ">=8.2", "symfony/framework-bundle": "^7.1"}}\n'


def test_symfony_test_environment_config_is_kept(tmp_path: Path) -> None:
    tree(tmp_path, {
        # The image runs the suite: with APP_ENV=test the kernel reads config/*/test.
        "Dockerfile": (
            "FROM php:8.3\nCOPY . /app\nRUN composer install\n"
            "RUN APP_ENV=test vendor/bin/phpunit\n"
        ),
        "composer.json": SYMFONY,
        "composer.lock": "{}",
        "config/packages/test/framework.yaml": "framework:\n  test: true\n",
        "config/routes/test/extra.yaml": "extra:\n  path: /x\n",
        "src/Kernel.php": "<?php\n",
        "tests/KernelTest.php": "<?php\n",
        "lib/test/stale.txt": "",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "config/packages/test/framework.yaml")
    assert sent(tmp_path, "config/routes/test/extra.yaml")
    assert sent(tmp_path, "tests/KernelTest.php")
    # A test directory elsewhere is still a test suite.
    assert not sent(tmp_path, "lib/test/stale.txt")


def test_without_symfony_a_config_test_directory_is_a_test_suite(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM php:8.3\nCOPY . /app\nRUN composer install\n",
        "composer.json": '{"require": {"php": ">=8.2"}}\n',
        "composer.lock": "{}",
        "config/packages/test/framework.yaml": "",
        "src/a.php": "<?php\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, "config/packages/test/framework.yaml")
