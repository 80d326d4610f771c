"""A build step that needs the development dependencies needs those of its own ecosystem.

koillection's single-stage image runs, in one RUN, ``composer install`` (require-dev
included: IG704, rightly) and then ``yarn install && yarn build`` and ``rm -rf
assets/node_modules``. IG703 said the stage "builds (yarn build) with the development
dependencies installed there", which were Composer's: the JavaScript build's own are
removed in the same RUN. IG704's hint added "if the build needs them, build in a separate
stage", but no step of that RUN needs Composer's dev dependencies."""

from __future__ import annotations

from pathlib import Path

from trees import tree

from ignoregen.lint.image import advise

COMPOSER = """\
{"name": "app/app", "require": {"php": ">=8.3", "symfony/console": "^7.0"},
 "require-dev": {"phpunit/phpunit": "^11.0", "symfony/debug-bundle": "^7.0"}}
"""
PACKAGE = """\
{"name": "assets", "private": true, "scripts": {"build": "vite build"},
 "devDependencies": {"vite": "5.0.0", "sass": "1.70.0"}}
"""


def _findings(root: Path, node_removed: bool) -> dict[str, list[tuple[str, str | None]]]:
    removal = " && rm -rf /app/assets/node_modules" if node_removed else ""
    dockerfile = (
        "FROM ubuntu:jammy\nCOPY ./ /app\n"
        "RUN apt-get update && apt-get install -y php8.3 nodejs && "
        "cd /app && composer install --classmap-authoritative && "
        f"cd /app/assets && yarn install && yarn build{removal}\n"
        'WORKDIR /app\nCMD ["php-fpm"]\n')
    tree(root, {"Dockerfile": dockerfile, "composer.json": COMPOSER, "composer.lock": "{}\n",
                "assets/package.json": PACKAGE, "assets/yarn.lock": "\n"})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    out: dict[str, list[tuple[str, str | None]]] = {}
    for item in report.findings:
        out.setdefault(item.id, []).append((item.message, item.hint))
    return out


def test_a_javascript_build_does_not_use_composers_dev_dependencies(tmp_path: Path) -> None:
    found = _findings(tmp_path, node_removed=True)
    assert "IG703" not in found, found
    [(message, hint)] = found["IG704"]
    assert "composer.json (require-dev)" in message
    assert hint is not None
    assert "if the build needs them" not in hint


def test_the_javascript_build_with_its_own_dev_dependencies_kept_is_reported(
    tmp_path: Path,
) -> None:
    found = _findings(tmp_path, node_removed=False)
    [(message, _)] = found["IG703"]
    assert "builds (yarn build) with the development dependencies installed there" \
        in message
