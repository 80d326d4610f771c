"""A context copied into a builder stage ships when the shipped stage takes that whole
directory back with COPY --from.

Rails' generated Dockerfile copies the context into /rails in its build stage and the last
stage takes /rails whole; pelican-dev/panel copies it into /build in a composer stage that
the final stage takes whole. A secret the context holds is then in the image: check said
'no shipped image copies it'. Taking only part of the directory (/app/dist of a builder
that holds /app) ships nothing of the context, as before.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository
from trees import run_in

RAILS_LIKE = (
    "FROM ruby:3.4-slim AS base\nWORKDIR /rails\n"
    "FROM base AS build\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\n"
    "RUN ./bin/rails assets:precompile\n"
    "FROM base\nCOPY --from=build /usr/local/bundle /usr/local/bundle\n"
    "COPY --from=build /rails /rails\nCMD [\"bin/rails\", \"server\"]\n"
)

COMPOSER_LIKE = (
    "FROM php:8.3-fpm-alpine AS composer\nWORKDIR /build\n"
    "COPY composer.json composer.lock ./\nRUN composer install --no-dev\n"
    "FROM composer AS composerbuild\nCOPY --exclude=docker/ . ./\n"
    "RUN composer dump-autoload --optimize\n"
    "FROM php:8.3-fpm-alpine AS final\nWORKDIR /var/www/html\n"
    "COPY --from=composerbuild /build .\n"
)

NODE_DIST = (
    "FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
    "FROM nginx:alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n"
)


def _ig101(root: Path) -> str:
    _, out = run_in(root, "check")
    return next(line for line in out.splitlines() if "IG101" in line)


def test_rails_build_stage_taken_whole(tmp_path: Path) -> None:
    _repository(tmp_path, {
        "Dockerfile": RAILS_LIKE, ".dockerignore": "/.git/\n",
        ".gitignore": "/config/master.key\n",
        "Gemfile": 'gem "rails"\n', "Gemfile.lock": "GEM\n", "config.ru": "\n",
        "config/master.key": "0f1e2d3c4b5a69788796a5b4c3d2e1f0\n",
    })
    line = _ig101(tmp_path)
    assert "error IG101 config/master.key" in line, line
    assert "COPY . at Dockerfile:6 (taken whole by COPY --from at line 10) puts it" in line, line


def test_composer_stage_taken_whole(tmp_path: Path) -> None:
    _repository(tmp_path, {
        "Dockerfile": COMPOSER_LIKE, ".dockerignore": "**/.git\n.env\n",
        ".gitignore": ".env\n.env.production\n/vendor\n",
        "composer.json": "{}", "composer.lock": "{}",
        ".env.production": "APP_KEY=base64:Zm9vYmFyYmF6cXV4cXV1eA==\n",
    })
    line = _ig101(tmp_path)
    assert "error IG101 .env.production" in line, line
    assert "(taken whole by COPY --from at line 10) puts it in the shipped image" in line, line


def test_part_of_the_builder_directory_ships_nothing_of_the_context(tmp_path: Path) -> None:
    _repository(tmp_path, {
        "Dockerfile": NODE_DIST, ".dockerignore": "**/.git\n**/node_modules\n",
        "package.json": '{"name": "x", "scripts": {"build": "vite build"}}',
        "package-lock.json": "{}", "index.html": "<html></html>\n",
        ".gitignore": ".env\n", ".env": "API_TOKEN=Zm9vYmFyYmF6cXV4cXV1eA\n",
    })
    line = _ig101(tmp_path)
    assert "warning IG101 .env" in line, line
    assert "no shipped image copies it" in line, line
