"""Runtime state that .gitignore lists, inside a directory a COPY names: coolify's
production Dockerfile copies ``bootstrap``, ``storage`` and ``public`` by name (no
``COPY . .``). On a developer's machine bootstrap/cache/config.php is ``artisan
config:cache`` output (the laptop's .env values, APP_KEY and database password included),
and storage/framework holds sessions and compiled views. init gave them back ("the
Dockerfile copies it") and the image shipped them; under ``COPY . .`` the same files go.
What git tracks there (app.php, the .gitignore files that keep the directories) stays, and
so does what another COPY names inside (a file named on purpose)."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository, init_here
from trees import run_in, sent

DOCKERFILE = (
    "FROM php:8.4-fpm\nWORKDIR /var/www/html\nCOPY composer.json composer.lock ./\n"
    "RUN composer install --no-dev --no-scripts\n"
    "COPY app ./app\nCOPY bootstrap ./bootstrap\nCOPY storage ./storage\n"
    "COPY artisan artisan\nRUN composer dump-autoload\n"
)
TRACKED = {
    "Dockerfile": DOCKERFILE,
    "composer.json": '{"require": {"laravel/framework": "^12.0"}}\n',
    "composer.lock": "{}\n",
    "artisan": "#!/usr/bin/env php\n",
    "app/Models/User.php": "<?php\n",
    "bootstrap/app.php": "<?php\n",
    "bootstrap/cache/.gitignore": "*\n!.gitignore\n",
    "storage/framework/sessions/.gitignore": "*\n!.gitignore\n",
    "storage/framework/views/.gitignore": "*\n!.gitignore\n",
    "storage/logs/.gitignore": "*\n!.gitignore\n",
}
LAPTOP = {
    "bootstrap/cache/config.php": "<?php return ['app' => ['key' => 'base64:q2xV9d3QZ0']];\n",
    "bootstrap/cache/packages.php": "<?php return [];\n",
    "storage/framework/sessions/abc": "a:1:{}",
    "storage/framework/views/0a1b.php": "<?php\n",
    "storage/logs/laravel.log": "local.ERROR\n",
}


def test_runtime_state_below_a_named_directory_goes(tmp_path: Path) -> None:
    _repository(tmp_path, {**TRACKED, **LAPTOP})
    init_here(tmp_path)
    for path in LAPTOP:
        assert not sent(tmp_path, path), path
    for path in TRACKED:
        if path != "Dockerfile":
            assert sent(tmp_path, path), path
    _, output = run_in(tmp_path, "check")
    assert "IG201" not in output, output


def test_a_file_another_copy_names_inside_stays(tmp_path: Path) -> None:
    named = DOCKERFILE + "COPY storage/framework/views/0a1b.php /tmp/probe.php\n"
    _repository(tmp_path, {**TRACKED, **LAPTOP, "Dockerfile": named})
    init_here(tmp_path)
    assert sent(tmp_path, "storage/framework/views/0a1b.php")
    assert not sent(tmp_path, "storage/framework/sessions/abc")
    assert not sent(tmp_path, "bootstrap/cache/config.php")
