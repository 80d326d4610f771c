"""IG705's cache mount is offered at the home of the user that runs the install.

wger's production image installs with ``pip3 install --user .`` as ``USER wger``: pip's
cache is that user's ~/.cache/pip (the message said so), but the fix offered
``--mount=type=cache,target=/root/.cache/pip``, a directory the command never uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise


def hint(root: Path, user: str) -> str:
    dockerfile = (f"FROM python:3.12-slim\n{user}WORKDIR /app\nCOPY . .\n"
                  "RUN pip install --user .\nCMD [\"python\", \"-m\", \"app\"]\n")
    tree(root, {"Dockerfile": dockerfile, "pyproject.toml": '[project]\nname = "app"\n'
                'version = "1"\n', "app/__init__.py": "", "app/__main__.py": ""})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    [found] = [item.hint for item in report.findings if item.id == "IG705"]
    return found


def test_another_user_gets_its_home(tmp_path: Path) -> None:
    found = hint(tmp_path, "RUN useradd -m wger\nUSER wger\n")
    assert "target=/root/" not in found
    assert found.endswith("target=<the home of USER wger>/.cache/pip,uid=<its uid>")


@pytest.mark.parametrize("user", ["", "USER root\n"])
def test_root_keeps_root_s_cache(tmp_path: Path, user: str) -> None:
    assert hint(tmp_path, user).endswith("--mount=type=cache,target=/root/.cache/pip")


def test_yarn_s_cache_of_another_user_is_in_its_home(tmp_path: Path) -> None:
    # Yarn 1 keeps root's cache in /usr/local/share/.cache/yarn, not under /root: the mount
    # offered for USER node said that directory, which node's install never uses
    tree(tmp_path, {"Dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nUSER node\n"
                                  "RUN yarn install --production\nCMD [\"node\", \"i.js\"]\n",
                    "package.json": '{"name": "app"}', "yarn.lock": "", "i.js": ""})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    [found] = [item.hint or "" for item in report.findings if item.id == "IG705"]
    assert "/usr/local/share" not in found, found
    assert found.endswith("target=<the home of USER node>/.cache/yarn,uid=<its uid>"), found


@pytest.mark.parametrize(("base", "env", "user", "cache"), [
    # InvoiceShelf: serversideup/php sets COMPOSER_HOME=/composer (the data says so)
    ("serversideup/php:8.4-fpm-nginx-alpine", "", "USER www-data\n", "/composer/cache"),
    ("serversideup/php:8.4-fpm-nginx-alpine", "", "", "/composer/cache"),
    ("php:8.3-cli", "ENV COMPOSER_HOME=/srv/composer\n", "USER www-data\n", "/srv/composer/cache"),
])
def test_a_cache_a_variable_places_is_named_there_for_any_user(
        tmp_path: Path, base: str, env: str, user: str, cache: str) -> None:
    tree(tmp_path, {"Dockerfile": (f"FROM {base} AS base\n{env}FROM base\n{user}"
                                   "WORKDIR /var/www/html\nCOPY . .\n"
                                   "RUN composer install --no-dev\nCMD [\"php\", \"i.php\"]\n"),
                    "composer.json": '{"name": "a/app"}', "i.php": ""})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    [found] = [item for item in report.findings if item.id == "IG705"]
    assert f"Composer's cache ({cache})" in found.message, found.message
    owner = ",uid=<its uid>" if user else ""
    assert (found.hint or "").endswith(f"target={cache}{owner}"), found.hint
