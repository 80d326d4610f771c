"""IG704 on Sylius/Sylius's .bunnyshell/docker/php/Dockerfile: 'composer install ... installs
the 43 development dependencies declared in composer.json (require-dev)', fix '--no-dev'.
Sylius is a library's repository: symfony/runtime is one of its development requirements,
and the image's next RUN runs bin/console, which requires vendor/autoload_runtime.php, the
file that package's Composer plugin writes. With --no-dev that file is missing and the build
fails. presets/images/php.toml names the files such packages write (``boot-files``); a RUN
after the install, or the start, that runs a project file requiring one of a development
requirement's makes no IG704. The same install without that RUN is still reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

CONSOLE = (
    "#!/usr/bin/env php\n<?php\n"
    "require_once dirname(__DIR__).'/vendor/autoload_runtime.php';\n"
    "return static function (array $context) { return 1; };\n"
)
REQUIRE = {"php": ">=8.2", "symfony/framework-bundle": "^6.4"}
MANIFEST: dict[str, object] = {
    "name": "acme/shop", "type": "library", "require": REQUIRE,
    "require-dev": {"phpunit/phpunit": "^10", "symfony/runtime": "^6.4",
                    "symfony/dotenv": "^6.4"},
}


def ids(root: Path, after: str, manifest: dict[str, object] | None = None) -> set[str]:
    tree(root, {
        "Dockerfile": ("FROM php:8.3-fpm-alpine\nWORKDIR /srv/app\nENV APP_ENV=prod\n"
                       "COPY composer.json ./\n"
                       "RUN composer install --prefer-dist --no-scripts --no-progress\n"
                       f"COPY bin bin/\nCOPY src src/\n{after}\n"),
        "composer.json": json.dumps(manifest or MANIFEST),
        "bin/console": CONSOLE, "src/Kernel.php": "<?php\n",
    })
    report = advise(root / "Dockerfile", root, "Dockerfile")
    return {item.id for item in report.findings}


@pytest.mark.parametrize("after", [
    "RUN set -eux; bin/console cache:warmup --no-interaction",
    "RUN php bin/console assets:install public",
    'CMD ["php", "bin/console", "messenger:consume"]',
])
def test_running_a_script_that_requires_a_dev_packages_file_is_no_ig704(
    tmp_path: Path, after: str
) -> None:
    assert "IG704" not in ids(tmp_path, after)


def test_without_such_a_run_the_install_is_reported(tmp_path: Path) -> None:
    assert "IG704" in ids(tmp_path, 'CMD ["php-fpm"]')


def test_the_package_in_require_is_not_a_reason(tmp_path: Path) -> None:
    # symfony/runtime among the production requirements: --no-dev keeps it, so the finding
    # stands.
    manifest = {**MANIFEST, "require": {**REQUIRE, "symfony/runtime": "^6.4"},
                "require-dev": {"phpunit/phpunit": "^10"}}
    assert "IG704" in ids(tmp_path, "RUN bin/console cache:warmup", manifest)
