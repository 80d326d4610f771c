"""IG703 and PHP extensions compiled in the image. pterodactyl/panel's Dockerfile builds its
assets in a node stage (COPY --from=0) and, in the shipped php:8.2-fpm-alpine stage, installs
libpng-dev, libxml2-dev and libzip-dev and runs docker-php-ext-install gd zip in the same
RUN. It was told that it builds in another stage already and to install the runtime
libraries in place of the -dev packages: docker-php-ext-install would then find no headers.
The extension build is named as what uses the tools, and the hint is to remove them in the
same RUN. A php-fpm image with no CMD of its own (it inherits php-fpm) that compiles an
extension is still an application: its composer install is judged."""

from __future__ import annotations

from pathlib import Path

from trees import tree

from ignoregen.lint.image import advise

PANEL = (
    "FROM node:14-alpine\nWORKDIR /app\nCOPY . ./\nRUN yarn install --frozen-lockfile\n"
    "FROM php:8.2-fpm-alpine\nWORKDIR /app\nCOPY . ./\n"
    "COPY --from=0 /app/public/assets ./public/assets\n"
    "RUN apk add --no-cache --update ca-certificates curl nginx libpng-dev libxml2-dev "
    "libzip-dev \\\n    && docker-php-ext-configure zip \\\n"
    "    && docker-php-ext-install bcmath gd pdo_mysql zip\n"
    'ENTRYPOINT [ "/bin/ash", ".github/docker/entrypoint.sh" ]\n'
)


def test_an_extension_built_in_place_is_named(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": PANEL, "package.json": "{}\n", "yarn.lock": ""})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    [found] = [item for item in report.findings if item.id == "IG703"]
    assert "installs build tools (libpng-dev, libxml2-dev, libzip-dev)" in found.message
    assert "builds (docker-php-ext-install bcmath gd pdo_mysql zip)" in found.message
    assert "builds in another stage already" not in (found.hint or "")
    assert "remove them in the same RUN" in (found.hint or "")


def test_an_fpm_image_that_builds_an_extension_is_still_judged(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": ("FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y "
                       "libzip-dev && docker-php-ext-install zip && rm -rf /var/lib/apt/lists/*\n"
                       "COPY --from=composer:2 /usr/bin/composer /usr/bin/composer\n"
                       "WORKDIR /var/www\nCOPY . .\nRUN composer install --no-cache\n"),
        "composer.json": ('{"require": {"php": ">=8.3"}, '
                          '"require-dev": {"phpunit/phpunit": "^11"}}\n'),
        "composer.lock": "{}\n",
    })
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert not report.note
    assert "IG704" in {item.id for item in report.findings}
