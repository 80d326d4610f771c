"""Image advice (IG701-IG705), as a truth table: one row per (files, target, findings).

Every ecosystem has a row that fires and rows that must not: the production-only forms,
the environment toggles, a development stage that does not ship, a builder on a full
image with a slim runtime, cache mounts, manifests without development dependencies.
Each expected finding is ``(ID, line)``; the set must be exactly what is reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ignoregen.build.dockerfile import DockerfileError
from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.image import advise

PKG_DEV = json.dumps({"dependencies": {"express": "4"},
                      "devDependencies": {"jest": "29", "eslint": "9", "vite": "5"}})
PKG_NO_DEV = json.dumps({"dependencies": {"express": "4"}})
PKG_BERRY = json.dumps({"packageManager": "yarn@4.1.0", "dependencies": {"a": "1"},
                        "devDependencies": {"b": "1"}})
PYPROJECT_POETRY = """\
[tool.poetry.dependencies]
python = "^3.12"
fastapi = "*"
[tool.poetry.group.dev.dependencies]
pytest = "*"
ruff = "*"
[tool.poetry.group.docs]
optional = true
[tool.poetry.group.docs.dependencies]
sphinx = "*"
"""
PYPROJECT_POETRY_OPTIONAL_ONLY = """\
[tool.poetry.dependencies]
fastapi = "*"
[tool.poetry.group.docs]
optional = true
[tool.poetry.group.docs.dependencies]
sphinx = "*"
"""
PYPROJECT_UV = """\
[project]
name = "svc"
dependencies = ["fastapi"]
[project.optional-dependencies]
dev = ["pytest", "ruff", "mypy"]
[dependency-groups]
dev = ["pytest", "ruff"]
lint = ["ruff"]
"""
PYPROJECT_PLAIN = '[project]\nname = "svc"\ndependencies = ["fastapi"]\n'
PYPROJECT_UV_NO_DEFAULT = PYPROJECT_UV + "[tool.uv]\ndefault-groups = []\n"
PYPROJECT_PDM = """\
[project]
name = "svc"
dependencies = ["fastapi"]
[tool.pdm.dev-dependencies]
test = ["pytest"]
lint = ["ruff", "mypy"]
"""
PIPFILE = '[packages]\nflask = "*"\n\n[dev-packages]\npytest = "*"\n'
PIPFILE_NO_DEV = '[packages]\nflask = "*"\n'
GEMFILE = """\
source "https://rubygems.org"
gem "rails", "~> 7.1"
gem "puma"
group :development, :test do
  gem "debug", platforms: %i[ mri windows ]
end
group :development do
  gem "web-console"
end
group :test do
  gem "capybara"
  gem "selenium-webdriver"
end
"""
GEMFILE_NO_GROUPS = 'source "https://rubygems.org"\ngem "rails"\ngem "puma"\n'
COMPOSER = json.dumps({"require": {"php": "^8.3", "laravel/framework": "^11"},
                       "require-dev": {"phpunit/phpunit": "^11", "mockery/mockery": "^1"}})
COMPOSER_NO_DEV = json.dumps({"require": {"php": "^8.3"}})
REQ = "flask\ngunicorn\n"
REQ_DEV = "-r requirements.txt\npytest\nruff\n"

NODE = {"package.json": PKG_DEV, "package-lock.json": "{}"}


def node(dockerfile: str, **more: str) -> dict[str, str]:
    return {**NODE, **more, "Dockerfile": dockerfile}


# (name, files, target, expected (ID, line) pairs)
Row = tuple[str, dict[str, str], str | None, set[tuple[str, int]]]
CASES: list[Row] = [
    # -- npm -------------------------------------------------------------------------------
    ("npm ci ships devDependencies",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\n"
          "RUN npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"),
     None, {("IG704", 4), ("IG705", 4)}),
    ("npm ci --omit=dev",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\n"
          "RUN npm ci --omit=dev && npm cache clean --force\nCMD [\"node\", \"s.js\"]\n"),
     None, set()),
    ("npm --omit dev (two words) and a cache mount",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
          "RUN --mount=type=cache,target=/root/.npm npm ci --omit dev\n"),
     None, set()),
    ("NODE_ENV=production in the stage",
     node("FROM node:22-slim\nENV NODE_ENV=production\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm cache clean --force\n"),
     None, set()),
    ("NODE_ENV=production as an ARG default",
     node("FROM node:22-slim\nARG NODE_ENV=production\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm cache clean --force\n"),
     None, set()),
    ("NODE_ENV from a build argument: unknown, so silent",
     node("FROM node:22-slim\nARG NODE_ENV\nENV NODE_ENV=$NODE_ENV\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm cache clean --force\n"),
     None, set()),
    ("--include=dev overrides NODE_ENV",
     node("FROM node:22-slim\nENV NODE_ENV=production\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci --include=dev && npm cache clean --force\n"),
     None, {("IG704", 5)}),
    ("inline NODE_ENV=production",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN NODE_ENV=production npm ci && npm cache clean --force\n"),
     None, set()),
    ("no devDependencies declared",
     {"package.json": PKG_NO_DEV, "Dockerfile":
      "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm cache clean --force\n"},
     None, set()),
    ("npm install of a named package is not the project's install",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN npm install -g pm2 && npm cache clean --force\n"),
     None, set()),
    (".npmrc with omit=dev",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm cache clean --force\n",
          **{".npmrc": "omit=dev\n"}),
     None, set()),
    ("manifest not from the context: silent",
     {"Dockerfile": "FROM node:22-slim\nWORKDIR /app\nRUN npm ci && npm cache clean --force\n"},
     None, set()),
    ("a development stage last, nothing named for production",
     node("FROM node:22-slim AS dev\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"),
     None, set()),
    ("a test stage last; the runtime stage is judged",
     node("FROM node:22-slim AS runtime\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci --omit=dev && npm cache clean --force\nCMD [\"node\", \"s.js\"]\n"
          "FROM runtime AS test\nRUN npm ci\n"),
     None, set()),
    ("builder on node:22, slim runtime copies dist only",
     node("FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
          "FROM node:22-slim\nWORKDIR /app\nCOPY package*.json ./\n"
          "RUN npm ci --omit=dev && npm cache clean --force\n"
          "COPY --from=build /app/dist ./dist\nCMD [\"node\", \"dist/s.js\"]\n"),
     None, set()),
    ("runtime copies the builder's node_modules",
     node("FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
          "FROM node:22-slim\nWORKDIR /app\nCOPY --from=build /app/node_modules ./node_modules\n"
          "COPY --from=build /app/dist ./dist\nCMD [\"node\", \"dist/s.js\"]\n"),
     None, {("IG704", 7)}),
    ("runtime copies the whole app dir of the builder",
     node("FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
          "FROM node:22-slim\nCOPY --from=build /app /app\nCMD [\"node\", \"/app/s.js\"]\n"),
     None, {("IG704", 6)}),
    ("builder prunes before the copy",
     node("FROM node:22 AS build\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm run build && npm prune --omit=dev\n"
          "FROM node:22-slim\nCOPY --from=build /app /app\nCMD [\"node\", \"/app/s.js\"]\n"),
     None, set()),
    ("through a deps stage copied by a build stage copied by the runtime",
     node("FROM node:22-slim AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n"
          "FROM node:22-slim AS build\nWORKDIR /app\n"
          "COPY --from=deps /app/node_modules ./node_modules\nCOPY . .\nRUN npm run build\n"
          "FROM node:22-slim\nWORKDIR /app\nCOPY --from=build /app ./\n"
          "CMD [\"node\", \"s.js\"]\n"),
     None, {("IG704", 12)}),
    ("single stage that builds with its devDependencies",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN npm ci && npm run build && npm cache clean --force\n"
          "CMD [\"node\", \"dist/s.js\"]\n"),
     None, {("IG704", 4), ("IG703", 4)}),
    ("dev server as CMD: a development image",
     node("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"npm\", \"run\", \"dev\"]\n"),
     None, set()),
    ("Dockerfile.dev is for development",
     {**NODE, "Dockerfile.dev": "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"},
     None, set()),
    # -- yarn, pnpm, bun ---------------------------------------------------------------------
    ("yarn 1",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\n"
          "RUN yarn install --frozen-lockfile && yarn cache clean\n", **{"yarn.lock": ""}),
     None, {("IG704", 4)}),
    ("yarn 1 --production",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\n"
          "RUN yarn install --frozen-lockfile --production && yarn cache clean\n",
          **{"yarn.lock": ""}),
     None, set()),
    ("yarn 1 leaves its cache",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\n"
          "RUN yarn --production\n", **{"yarn.lock": ""}),
     None, {("IG705", 4)}),
    ("yarn 1 honours NODE_ENV=production",
     node("FROM node:22-slim\nENV NODE_ENV=production\nWORKDIR /app\nCOPY . .\n"
          "RUN yarn install && yarn cache clean\n"),
     None, set()),
    ("yarn berry ignores NODE_ENV",
     {"package.json": PKG_BERRY, ".yarnrc.yml": "nodeLinker: node-modules\n",
      "Dockerfile": "FROM node:22-slim\nENV NODE_ENV=production\nWORKDIR /app\nCOPY . .\n"
                    "RUN yarn install --immutable\n"},
     None, {("IG704", 5)}),
    ("pnpm",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile\n"),
     None, {("IG704", 4)}),
    ("pnpm --prod",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile --prod\n"),
     None, set()),
    ("bun",
     node("FROM oven/bun:1\nWORKDIR /app\nCOPY . .\nRUN bun install --frozen-lockfile\n"),
     None, {("IG704", 4)}),
    ("bun --production",
     node("FROM oven/bun:1\nWORKDIR /app\nCOPY . .\nRUN bun install --production\n"),
     None, set()),
    # -- pip ---------------------------------------------------------------------------------
    ("pip -r requirements-dev.txt",
     {"requirements.txt": REQ, "requirements-dev.txt": REQ_DEV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements*.txt ./\n"
      "RUN pip install --no-cache-dir -r requirements-dev.txt\n"},
     None, {("IG704", 4)}),
    ("pip -r requirements.txt",
     {"requirements.txt": REQ, "requirements-dev.txt": REQ_DEV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements*.txt ./\n"
      "RUN pip install --no-cache-dir -r requirements.txt\n"},
     None, set()),
    ("pip leaves its cache",
     {"requirements.txt": REQ, "Dockerfile":
      "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"},
     None, {("IG705", 3)}),
    ("PIP_NO_CACHE_DIR in the environment",
     {"requirements.txt": REQ, "Dockerfile":
      "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nCOPY requirements.txt .\n"
      "RUN pip install -r requirements.txt\n"},
     None, set()),
    ("pip cache mount",
     {"requirements.txt": REQ, "Dockerfile":
      "FROM python:3.12-slim\nCOPY requirements.txt .\n"
      "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n"},
     None, set()),
    ("pip .[dev] extras",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir '.[dev]'\n"},
     None, {("IG704", 4)}),
    ("pip . without extras",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n"},
     None, set()),
    ("a package's own extras are not the project's",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
      "RUN pip install --no-cache-dir 'uvicorn[standard]' .\n"},
     None, set()),
    # -- poetry, uv, pdm, pipenv ---------------------------------------------------------------
    ("poetry install",
     {"pyproject.toml": PYPROJECT_POETRY, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\n"
      "RUN poetry install --no-root --no-cache\n"},
     None, {("IG704", 4)}),
    ("poetry install --only main",
     {"pyproject.toml": PYPROJECT_POETRY, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\n"
      "RUN poetry install --only main --no-root --no-cache\n"},
     None, set()),
    ("poetry install --without dev",
     {"pyproject.toml": PYPROJECT_POETRY, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\n"
      "RUN poetry install --without dev --no-cache\n"},
     None, set()),
    ("poetry: only an optional group",
     {"pyproject.toml": PYPROJECT_POETRY_OPTIONAL_ONLY, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\n"
      "RUN poetry install --no-cache\n"},
     None, set()),
    ("poetry leaves its cache",
     {"pyproject.toml": PYPROJECT_POETRY, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\n"
      "RUN poetry install --only main\n"},
     None, {("IG705", 4)}),
    ("uv sync",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"},
     None, {("IG704", 4)}),
    ("uv sync --no-dev",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev\n"},
     None, set()),
    ("UV_NO_DEV=1",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim\nENV UV_NO_DEV=1\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"},
     None, set()),
    ("uv: no dependency groups",
     {"pyproject.toml": PYPROJECT_PLAIN, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"},
     None, set()),
    ("uv: default-groups empty",
     {"pyproject.toml": PYPROJECT_UV_NO_DEFAULT, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"},
     None, set()),
    ("uv builder copies .venv",
     {"pyproject.toml": PYPROJECT_UV, "Dockerfile":
      "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"
      "FROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv\n"
      "CMD [\"/app/.venv/bin/python\", \"-m\", \"svc\"]\n"},
     None, {("IG704", 6)}),
    ("pdm install",
     {"pyproject.toml": PYPROJECT_PDM, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pdm install\n"},
     None, {("IG704", 4)}),
    ("pdm install --prod",
     {"pyproject.toml": PYPROJECT_PDM, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pdm install --prod\n"},
     None, set()),
    ("pipenv install --dev",
     {"Pipfile": PIPFILE, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY Pipfile* ./\nRUN pipenv install --dev --system\n"},
     None, {("IG704", 4)}),
    ("pipenv install --deploy",
     {"Pipfile": PIPFILE, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY Pipfile* ./\n"
      "RUN pipenv install --deploy --system\n"},
     None, set()),
    ("pipenv: no dev-packages",
     {"Pipfile": PIPFILE_NO_DEV, "Dockerfile":
      "FROM python:3.12-slim\nWORKDIR /app\nCOPY Pipfile* ./\nRUN pipenv install --dev --system\n"},
     None, set()),
    # -- bundler, composer -------------------------------------------------------------------
    ("bundle install",
     {"Gemfile": GEMFILE, "Dockerfile":
      "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile ./\n"
      "RUN bundle install && rm -rf /usr/local/bundle/cache\n"},
     None, {("IG704", 4)}),
    ("BUNDLE_WITHOUT development:test",
     {"Gemfile": GEMFILE, "Dockerfile":
      "FROM ruby:3.3-slim\nENV BUNDLE_WITHOUT=development:test\nWORKDIR /app\nCOPY Gemfile ./\n"
      "RUN bundle install && rm -rf /usr/local/bundle/cache\n"},
     None, set()),
    ("BUNDLE_WITHOUT development still installs the test group",
     {"Gemfile": GEMFILE, "Dockerfile":
      "FROM ruby:3.3-slim\nENV BUNDLE_WITHOUT=development\nWORKDIR /app\nCOPY Gemfile ./\n"
      "RUN bundle install && rm -rf /usr/local/bundle/cache\n"},
     None, {("IG704", 5)}),
    ("bundle config set without",
     {"Gemfile": GEMFILE, "Dockerfile":
      "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile ./\n"
      "RUN bundle config set --local without 'development test'\n"
      "RUN bundle install && rm -rf /usr/local/bundle/cache\n"},
     None, set()),
    ("bundler leaves the .gem files",
     {"Gemfile": GEMFILE_NO_GROUPS, "Dockerfile":
      "FROM ruby:3.3-slim\nWORKDIR /app\nCOPY Gemfile ./\nRUN bundle install\n"},
     None, {("IG705", 4)}),
    ("composer install",
     {"composer.json": COMPOSER, "Dockerfile":
      "FROM php:8.3-fpm\nWORKDIR /app\nCOPY composer.json ./\n"
      "RUN composer install --no-cache\n"},
     None, {("IG704", 4)}),
    ("composer install --no-dev",
     {"composer.json": COMPOSER, "Dockerfile":
      "FROM php:8.3-fpm\nWORKDIR /app\nCOPY composer.json ./\n"
      "RUN composer install --no-dev --no-cache\n"},
     None, set()),
    ("COMPOSER_NO_DEV=1",
     {"composer.json": COMPOSER, "Dockerfile":
      "FROM php:8.3-fpm\nENV COMPOSER_NO_DEV=1\nWORKDIR /app\nCOPY composer.json ./\n"
      "RUN composer install --no-cache\n"},
     None, set()),
    ("composer: no require-dev",
     {"composer.json": COMPOSER_NO_DEV, "Dockerfile":
      "FROM php:8.3-fpm\nWORKDIR /app\nCOPY composer.json ./\nRUN composer install --no-cache\n"},
     None, set()),
    ("composer stage, vendor copied after --no-dev",
     {"composer.json": COMPOSER, "Dockerfile":
      "FROM composer:2 AS vendor\nWORKDIR /app\nCOPY composer.json ./\n"
      "RUN composer install --no-dev\nFROM php:8.3-apache\n"
      "COPY --from=vendor /app/vendor /var/www/html/vendor\n"},
     None, set()),
    ("composer stage, vendor copied with dev requirements",
     {"composer.json": COMPOSER, "Dockerfile":
      "FROM composer:2 AS vendor\nWORKDIR /app\nCOPY composer.json ./\n"
      "RUN composer install\nFROM php:8.3-apache\n"
      "COPY --from=vendor /app/vendor /var/www/html/vendor\n"},
     None, {("IG704", 6)}),
    # -- toolchains: Go, Rust, Maven, Gradle, .NET ---------------------------------------------
    ("go: single stage on golang",
     {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n"
                    "CMD [\"/app\"]\n"},
     None, {("IG702", 1)}),
    ("go: multi-stage to distroless",
     {"Dockerfile": "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
                    "RUN CGO_ENABLED=0 go build -o /app .\n"
                    "FROM gcr.io/distroless/static\nCOPY --from=build /app /app\n"
                    "ENTRYPOINT [\"/app\"]\n"},
     None, set()),
    ("go: an image without CMD is a base image",
     {"Dockerfile": "FROM golang:1.22\nRUN go install golang.org/x/tools/cmd/goimports@latest\n"},
     None, set()),
    ("go: a tool installed from elsewhere needs the toolchain",
     {"Dockerfile": "FROM golang:1.22-alpine\n"
                    "RUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1\n"
                    "ENTRYPOINT [\"golangci-lint\"]\n"},
     None, set()),
    ("go: a test image",
     {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\n"
                    "CMD [\"go\", \"test\", \"./...\"]\n"},
     None, set()),
    ("rust: single stage",
     {"Dockerfile": "FROM rust:1.78\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\n"
                    "CMD [\"./target/release/app\"]\n"},
     None, {("IG702", 1)}),
    ("rust: multi-stage",
     {"Dockerfile": "FROM rust:1.78 AS build\nWORKDIR /src\nCOPY . .\n"
                    "RUN cargo build --release\nFROM debian:bookworm-slim\n"
                    "COPY --from=build /src/target/release/app /usr/local/bin/app\n"
                    "CMD [\"app\"]\n"},
     None, set()),
    ("maven: single stage",
     {"Dockerfile": "FROM maven:3-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\n"
                    "RUN mvn -B package -DskipTests\n"
                    "CMD [\"java\", \"-jar\", \"target/app.jar\"]\n"},
     None, {("IG702", 1)}),
    ("maven: multi-stage",
     {"Dockerfile": "FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\n"
                    "RUN mvn -B package\nFROM eclipse-temurin:21-jre\n"
                    "COPY --from=build /app/target/app.jar /app.jar\n"
                    "ENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"},
     None, set()),
    ("a JDK runs a prebuilt jar",
     {"Dockerfile": "FROM eclipse-temurin:21-jdk\nCOPY target/app.jar /app.jar\n"
                    "ENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"},
     None, {("IG702", 1)}),
    ("a JRE runs a prebuilt jar",
     {"Dockerfile": "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\n"
                    "ENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"},
     None, set()),
    ("gradle: single stage",
     {"Dockerfile": "FROM gradle:8.7-jdk21\nWORKDIR /app\nCOPY . .\n"
                    "RUN gradle bootJar --no-daemon\n"
                    "CMD [\"java\", \"-jar\", \"build/libs/app.jar\"]\n"},
     None, {("IG702", 1)}),
    ("gradle: multi-stage",
     {"Dockerfile": "FROM gradle:8.7-jdk21 AS build\nWORKDIR /app\nCOPY . .\n"
                    "RUN gradle bootJar --no-daemon\nFROM eclipse-temurin:21-jre\n"
                    "COPY --from=build /app/build/libs/app.jar /app.jar\n"
                    "CMD [\"java\", \"-jar\", \"/app.jar\"]\n"},
     None, set()),
    (".NET: the SDK ships",
     {"Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\n"
                    "RUN dotnet publish -c Release -o /app\n"
                    "ENTRYPOINT [\"dotnet\", \"/app/Api.dll\"]\n"},
     None, {("IG702", 1)}),
    (".NET: multi-stage",
     {"Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\n"
                    "RUN dotnet publish -c Release -o /app\n"
                    "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /app /app\n"
                    "ENTRYPOINT [\"dotnet\", \"/app/Api.dll\"]\n"},
     None, set()),
    (".NET: dotnet watch is development",
     {"Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\n"
                    "ENTRYPOINT [\"dotnet\", \"watch\", \"run\"]\n"},
     None, set()),
    # -- base images --------------------------------------------------------------------------
    ("python full", {"Dockerfile": "FROM python:3.12\nCMD [\"python\"]\n"}, None,
     {("IG701", 1)}),
    ("python slim", {"Dockerfile": "FROM python:3.12-slim\nCMD [\"python\"]\n"}, None, set()),
    ("python alpine", {"Dockerfile": "FROM python:3.12-alpine\n"}, None, set()),
    ("python on a Docker Hub mirror",
     {"Dockerfile": "FROM docker.io/library/python:3.12-bookworm\n"}, None, {("IG701", 1)}),
    ("node full", {"Dockerfile": "FROM node:22\n"}, None, {("IG701", 1)}),
    ("node lts", {"Dockerfile": "FROM node:lts-bookworm\n"}, None, {("IG701", 1)}),
    ("node without a tag is latest", {"Dockerfile": "FROM node\n"}, None, {("IG701", 1)}),
    ("node slim", {"Dockerfile": "FROM node:22-bookworm-slim\n"}, None, set()),
    ("ruby full", {"Dockerfile": "FROM ruby:3.3.1\n"}, None, {("IG701", 1)}),
    ("php cli", {"Dockerfile": "FROM php:8.4-cli\n"}, None, {("IG701", 1)}),
    ("php apache has no smaller variant", {"Dockerfile": "FROM php:8.4-apache\n"}, None, set()),
    ("FROM ${ARG} resolved from its default",
     {"Dockerfile": "ARG BASE=python:3.11\nFROM ${BASE}\n"}, None, {("IG701", 2)}),
    ("FROM ${ARG} without a default: unknown",
     {"Dockerfile": "ARG BASE\nFROM ${BASE}\n"}, None, set()),
    ("a digest alone says no variant",
     {"Dockerfile": "FROM python@sha256:" + "a" * 64 + "\n"}, None, set()),
    ("builder on a full image, slim runtime",
     {"Dockerfile": "FROM python:3.12 AS build\nRUN pip wheel --no-cache-dir -w /w flask\n"
                    "FROM python:3.12-slim\nCOPY --from=build /w /w\n"
                    "RUN pip install --no-cache-dir /w/*\n"},
     None, set()),
    ("a stage built FROM a stage on a full image",
     {"Dockerfile": "FROM node:22 AS base\nFROM base AS app\nCMD [\"node\"]\n"},
     None, {("IG701", 1)}),
    # -- build tools and caches ---------------------------------------------------------------
    ("build-essential stays",
     {"Dockerfile": "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y "
                    "build-essential libpq-dev && rm -rf /var/lib/apt/lists/*\n"
                    "CMD [\"python\", \"app.py\"]\n"},
     None, {("IG703", 2)}),
    ("build-essential purged in the same RUN",
     {"Dockerfile": "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc "
                    "&& pip install --no-cache-dir psycopg2 && apt-get purge -y --auto-remove gcc"
                    " && rm -rf /var/lib/apt/lists/*\n"},
     None, set()),
    ("apk virtual build deps deleted",
     {"Dockerfile": "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc "
                    "musl-dev && pip install --no-cache-dir psycopg2 && apk del .build-deps\n"},
     None, set()),
    ("apk build deps kept",
     {"Dockerfile": "FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev\n"
                    "CMD [\"python\", \"app.py\"]\n"},
     None, {("IG703", 2)}),
    ("go built on alpine with the go package",
     {"Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache go\nCOPY . /src\n"
                    "RUN cd /src && go build -o /app\nCMD [\"/app\"]\n"},
     None, {("IG703", 2)}),
    ("apt lists left",
     {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n"},
     None, {("IG705", 2)}),
    ("apt lists removed",
     {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl "
                    "&& rm -rf /var/lib/apt/lists/*\n"},
     None, set()),
    ("apt lists in a cache mount",
     {"Dockerfile": "FROM debian:bookworm-slim\n"
                    "RUN --mount=type=cache,target=/var/lib/apt,sharing=locked "
                    "--mount=type=cache,target=/var/cache/apt apt-get update && "
                    "apt-get install -y curl\n"},
     None, set()),
    ("apt lists removed only in a later RUN",
     {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update\n"
                    "RUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"},
     None, {("IG705", 2)}),
    ("apk without --no-cache",
     {"Dockerfile": "FROM alpine:3.20\nRUN apk add curl\n"}, None, {("IG705", 2)}),
    ("apk --no-cache", {"Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache curl\n"},
     None, set()),
    ("dnf clean all",
     {"Dockerfile": "FROM fedora:40\nRUN dnf install -y curl && dnf clean all\n"}, None, set()),
    ("apk's global flag before the subcommand",
     {"Dockerfile": "FROM alpine:3.20\nRUN apk --no-cache add curl\n"}, None, set()),
    ("dnf -y clean all", {"Dockerfile": "FROM fedora:40\nRUN dnf -y update && dnf -y clean all\n"},
     None, set()),
    ("rm of the directory above the cache",
     {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl "
                    "&& rm -rf /var/lib/apt\n"},
     None, set()),
    ("a bare shell as CMD: a toolbox image",
     {"Dockerfile": "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\n"
                    "CMD /bin/bash\n"},
     None, set()),
    ("a shell running a script is an application",
     {"Dockerfile": "FROM python:3.12\nENTRYPOINT [\"/bin/bash\"]\nCMD [\"/entrypoint.sh\"]\n"},
     None, {("IG701", 1)}),
    ("a Playwright runner",
     node("FROM node:22-slim\nWORKDIR /t\nCOPY . .\nRUN npm ci\n"
          "ENTRYPOINT [\"npx\", \"playwright\"]\nCMD [\"test\"]\n"),
     None, set()),
    ("go run: compiled on every start, a development image",
     {"Dockerfile": "FROM golang:1.22-alpine\nWORKDIR /src\n"
                    "ENTRYPOINT [\"go\", \"run\", \"main.go\"]\n"},
     None, set()),
    ("a CodeSandbox environment",
     {".codesandbox/Dockerfile": "FROM node:22\nRUN apt update -y && apt install -y xdg-utils\n"},
     None, set()),
    ("the last stage is a builder",
     {"Dockerfile": "FROM golang:1 AS build\nRUN apt-get update && apt-get install -y "
                    "build-essential devscripts\nADD . /src\nCMD [\"/src/build.sh\"]\n"},
     None, set()),
    ("a command under if may not run",
     {"Dockerfile": "FROM debian:bookworm-slim\nARG GPU\nRUN if [ -n \"$GPU\" ]; then "
                    "apt-get update && apt-get install -y libvulkan-dev; fi\nCMD [\"app\"]\n"},
     None, set()),
    ("a test and && may not run",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN [ \"$MODE\" = dev ] && npm ci; npm ci --omit=dev && npm cache clean --force\n"),
     None, set()),
    ("npm --cache into a cache mount",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN --mount=type=cache,target=/tmp/npm npm ci --omit=dev --cache /tmp/npm\n"),
     None, set()),
    ("npm --cache elsewhere",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev --cache /tmp/npm\n"),
     None, {("IG705", 4)}),
    ("no CMD and a build: a build image",
     node("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"),
     None, set()),
    ("no CMD but no build: the compose file runs it",
     node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm cache clean --force\n"),
     None, {("IG704", 4)}),
    ("a Berry project focused on production before the copy",
     {"package.json": PKG_BERRY, ".yarnrc.yml": "", "Dockerfile":
      "FROM node:22-slim AS deps\nWORKDIR /app\nCOPY . .\n"
      "RUN yarn install --immutable && yarn workspaces focus --all --production\n"
      "FROM node:22-slim\nCOPY --from=deps /app /app\nCMD [\"node\", \"/app/s.js\"]\n"},
     None, set()),
    ("a cache in a builder stage does not ship",
     {"Dockerfile": "FROM debian:bookworm-slim AS build\nRUN apt-get update && apt-get install"
                    " -y curl\nFROM debian:bookworm-slim\nCOPY --from=build /usr/bin/curl "
                    "/usr/bin/curl\n"},
     None, set()),
]


def make(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def found(root: Path, target: str | None = None, dockerfile: str | None = None
          ) -> set[tuple[str, int]]:
    name = dockerfile or next(n for n in ("Dockerfile", "Dockerfile.dev", ".codesandbox/Dockerfile")
                              if (root / n).exists())
    report = advise(root / name, root, name, target)
    return {(item.id, item.line or 0) for item in report.findings}


@pytest.mark.parametrize(
    ("files", "target", "expected"),
    [pytest.param(files, target, expected, id=name) for name, files, target, expected in CASES],
)
def test_advice(
    tmp_path: Path, files: dict[str, str], target: str | None, expected: set[tuple[str, int]]
) -> None:
    assert found(make(tmp_path, files), target) == expected


def test_every_image_rule_fires_and_is_silent_somewhere() -> None:
    fired = {rule for _, _, _, expected in CASES for rule, _ in expected}
    assert fired == {"IG701", "IG702", "IG703", "IG704", "IG705"}


# -- the words of a finding -----------------------------------------------------------------


def messages(root: Path, target: str | None = None) -> dict[str, tuple[str, str]]:
    report = advise(root / "Dockerfile", root, "Dockerfile", target)
    return {item.id: (item.message, item.hint) for item in report.findings}


def test_heavy_base_says_sizes_dates_and_caveats(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM python:3.12-bookworm\n"})
    message, hint = messages(tmp_path)["IG701"]
    assert message == (
        "python:3.12-bookworm (about 410.9 MB compressed) is the base of the shipped stage #0;"
        " python:3.12-slim-bookworm is about 43.2 MB, 367.7 MB less (sizes of python:3.12 and "
        "python:3.12-slim, linux/amd64, measured 2026-08)"
    )
    assert hint.startswith("FROM python:3.12-slim-bookworm; -slim has no compiler")
    assert "curl, wget, git or unzip" in hint  # reflex's 'reflex init' downloads with them
    assert "musl" in hint


def test_toolchain_names_the_runtime(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\n"
                                  "RUN CGO_ENABLED=0 go build -o /app .\nCMD [\"/app\"]\n"})
    message, hint = messages(tmp_path)["IG702"]
    assert "gcr.io/distroless/static runs the result" in message
    assert "310.2 MB less" in message
    assert "FROM golang:1.22 AS build" in hint
    assert "no shell" in hint


def test_jdk_runtime_keeps_the_java_version(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM eclipse-temurin:17-jdk-jammy\nCOPY a.jar /a.jar\n"
                                  "CMD [\"java\", \"-jar\", \"/a.jar\"]\n"})
    assert "eclipse-temurin:17-jre-jammy runs the result" in messages(tmp_path)["IG702"][0]


@pytest.mark.parametrize(
    ("files", "command", "form"),
    [
        (node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --ignore-scripts\n"),
         "npm ci --ignore-scripts", "npm ci --ignore-scripts --omit=dev"),
        ({"pyproject.toml": PYPROJECT_POETRY, "Dockerfile":
          "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN poetry install --with dev --no-cache\n"},
         "poetry install", "poetry install --no-cache --without dev"),
        ({"pyproject.toml": PYPROJECT_UV, "Dockerfile":
          "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"},
         "uv sync", "uv sync --frozen --no-dev"),
        ({"requirements.txt": REQ, "requirements-dev.txt": REQ_DEV, "Dockerfile":
          "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
          "RUN pip install --no-cache-dir -r requirements-dev.txt\n"},
         "pip install", "pip install --no-cache-dir -r requirements.txt"),
        ({"Gemfile": GEMFILE, "Dockerfile":
          "FROM ruby:3.3-slim\nENV BUNDLE_WITHOUT=development\nWORKDIR /app\nCOPY . .\n"
          "RUN bundle install && rm -rf /usr/local/bundle/cache\n"},
         "bundle install", 'BUNDLE_WITHOUT="development:test" bundle install'),
        ({"composer.json": COMPOSER, "Dockerfile":
          "FROM php:8.3-fpm\nWORKDIR /app\nCOPY . .\nRUN composer install --no-cache\n"},
         "composer install", "composer install --no-cache --no-dev"),
        ({"package.json": PKG_BERRY, ".yarnrc.yml": "", "Dockerfile":
          "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\n"},
         "yarn install", "yarn workspaces focus --all --production"),
    ],
)
def test_production_form(tmp_path: Path, files: dict[str, str], command: str, form: str) -> None:
    make(tmp_path, files)
    message, hint = messages(tmp_path)["IG704"]
    assert message.startswith(command)
    assert hint.startswith(f"install production-only: {form}")


def test_dev_dependencies_are_counted(tmp_path: Path) -> None:
    make(tmp_path, {"Gemfile": GEMFILE, "Dockerfile":
                    "FROM ruby:3.3-slim\nENV BUNDLE_WITHOUT=development\nWORKDIR /app\n"
                    "COPY . .\nRUN bundle install && rm -rf /usr/local/bundle/cache\n"})
    message = messages(tmp_path)["IG704"][0]
    # debug (development and test) and capybara, selenium-webdriver (test) still install
    assert "installs the 3 development dependencies declared in Gemfile (test)" in message


def test_a_gem_declared_twice_has_all_its_groups(tmp_path: Path) -> None:
    gemfile = GEMFILE + 'if ENV["X"]\n  gem "debug", groups: [:production]\nend\n'
    make(tmp_path, {"Gemfile": gemfile, "Dockerfile":
                    "FROM ruby:3.3-slim\nENV BUNDLE_WITHOUT=development\nWORKDIR /app\n"
                    "COPY . .\nRUN bundle install && rm -rf /usr/local/bundle/cache\n"})
    # debug is also in :production now: only capybara and selenium-webdriver are for tests
    assert "installs the 2 development dependencies" in messages(tmp_path)["IG704"][0]


@pytest.mark.parametrize(
    ("user", "shown"), [("", "/usr/local/share/.cache/yarn"), ("USER node\n", "~/.cache/yarn")]
)
def test_the_cache_of_another_user(tmp_path: Path, user: str, shown: str) -> None:
    make(tmp_path, node("FROM node:22-slim\nWORKDIR /app\nCOPY . .\n" + user
                        + "RUN yarn install --production\n"))
    assert f"leaves Yarn 1's cache ({shown}) in a layer" in messages(tmp_path)["IG705"][0]


# -- which stage ships ------------------------------------------------------------------------

MULTI = (
    "FROM node:22 AS full\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"
    "FROM node:22-slim AS prod\nWORKDIR /app\nCOPY . .\n"
    "RUN npm ci --omit=dev && npm cache clean --force\nCMD [\"node\", \"s.js\"]\n"
    "FROM full AS debug\nCMD [\"node\", \"--inspect\", \"s.js\"]\n"
)


def test_target_picks_the_shipped_stage(tmp_path: Path) -> None:
    make(tmp_path, node(MULTI))
    assert found(tmp_path) == set()  # debug is for development: prod ships
    assert found(tmp_path, "prod") == set()
    assert found(tmp_path, "full") == {("IG701", 1), ("IG704", 4), ("IG705", 4)}
    assert found(tmp_path, "FULL") == {("IG701", 1), ("IG704", 4), ("IG705", 4)}
    assert found(tmp_path, "debug") == set()  # a development target ships nothing
    with pytest.raises(DockerfileError, match="target stage 'nope' not found"):
        found(tmp_path, "nope")


def test_compose_target_picks_another_stage(tmp_path: Path) -> None:
    make(tmp_path, node(MULTI, **{
        ".dockerignore": "**/.git\n",
        "compose.yaml": "services:\n  web:\n    build:\n      context: .\n"
                        "      target: full\n",
    }))
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert {(f.id, f.line) for f in report.findings if f.id.startswith("IG7")} == {
        ("IG701", 1), ("IG704", 4), ("IG705", 4)
    }
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    build:\n      context: .\n      target: prod\n"
    )
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert [f for f in report.findings if f.id.startswith("IG7")] == []


def test_verdicts_explain_each_stage(tmp_path: Path) -> None:
    make(tmp_path, node(
        "FROM node:22 AS deps\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\n"
        "FROM node:22 AS assets\nRUN --mount=from=deps,target=/d true\n"
        "FROM node:22-slim AS base\n"
        "FROM base AS runtime\nCOPY --from=deps /app/node_modules /app/node_modules\n"
        "FROM runtime AS test\nRUN npm test\n"
    ))
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    verdicts = {v.stage.name: (v.ships, v.reason) for v in report.shipping.verdicts}
    assert verdicts == {
        "deps": ("part", "only what COPY --from at line 9 takes (/app/node_modules)"),
        "assets": ("no", "the shipped stage neither builds FROM it nor copies from it"),
        "base": ("whole", "stage 'runtime' is built FROM it"),
        "runtime": ("whole", "the shipped stage: the last stage, 'test', is for development "
                    "(named 'test'); 'runtime' is the last stage named for production"),
        "test": ("no", "a development stage (named 'test')"),
    }


def test_a_stage_copied_from_twice_names_both_copies(tmp_path: Path) -> None:
    """saleor/saleor's final stage copies site-packages (line 48) and /usr/local/bin (line
    49) out of build-python; explain --image said "only what COPY --from at line 48 takes
    (/usr/local/lib/python3.12/site-packages/)", as if the programs in bin were left behind."""
    make(tmp_path, {
        "requirements.txt": "django\n", "manage.py": "print(1)\n",
        "Dockerfile": (
            "FROM python:3.12 AS build\nCOPY requirements.txt .\n"
            "RUN pip install --no-cache-dir -r requirements.txt\n"
            "FROM python:3.12-slim\n"
            "COPY --from=build /usr/local/lib/python3.12/site-packages/ "
            "/usr/local/lib/python3.12/site-packages/\n"
            "COPY --from=build /usr/local/bin/ /usr/local/bin/\nCOPY . /app\n"
        ),
    })
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    [build] = [v for v in report.shipping.verdicts if v.stage.name == "build"]
    assert (build.ships, build.reason) == (
        "part", "only what COPY --from at lines 5 and 6 takes "
        "(/usr/local/lib/python3.12/site-packages/, /usr/local/bin/)"
    )


def test_suppressed_by_check_disable(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM python:3.12\n", ".dockerignore": "**/.git\n"})
    options = CheckOptions(disable=frozenset({"IG701"}))
    report = run_check(tmp_path, presets_for(tmp_path), options)
    assert [f.id for f in report.findings] == []
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    assert [(f.id, f.severity.value, f.file) for f in report.findings] == [
        ("IG701", "warning", "Dockerfile")
    ]


# -- explain --image and scan ---------------------------------------------------------------


def cli_run(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from ignoregen.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


EXPLAINED = """\
Dockerfile: 3 stages; stage #1 prod ships (the last stage, 'debug', is for development \
(named 'debug'); 'prod' is the last stage named for production)
  #0 full  line 1: FROM node:22
      no: the shipped stage neither builds FROM it nor copies from it
  #1 prod  line 5: FROM node:22-slim
      whole: the shipped stage: the last stage, 'debug', is for development (named 'debug'); \
'prod' is the last stage named for production
  #2 debug  line 10: FROM full (built FROM stage #0)
      no: a development stage (named 'debug')
base: node:22-slim (node slim), about 79.9 MB compressed (node:22-slim, linux/amd64, \
measured 2026-08)
advice: none
"""


def test_explain_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, node(MULTI))
    monkeypatch.chdir(tmp_path)
    assert cli_run("explain", "--image", "Dockerfile") == (0, EXPLAINED)
    code, out = cli_run("explain", "--image", "Dockerfile", "--target", "full")
    assert code == 0
    assert "  #0 full  line 1: FROM node:22\n" \
        "      whole: the shipped stage: the target 'full'\n" in out
    assert "  Dockerfile:4: warning IG704 npm ci installs the 3 development dependencies " \
        "declared in package.json (devDependencies) into the shipped stage 'full'\n" \
        "    fix: install production-only: npm ci --omit=dev\n" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the PATHs to explain, or --image DOCKERFILE"),
        (("--target", "x", "a"), "--target goes with --image"),
        (("--image", "Dockerfile", "--target", "nope"), "target stage 'nope' not found"),
    ],
)
def test_explain_image_usage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    make(tmp_path, node(MULTI))
    monkeypatch.chdir(tmp_path)
    code, out = cli_run("explain", *args)
    assert code == 2
    assert message in out


def test_scan_shows_the_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, node(MULTI))
    monkeypatch.chdir(tmp_path)
    code, out = cli_run("scan", "--target", "full", "--format", "json")
    assert code == 0
    image = json.loads(out)["image"]
    assert image["shipped_stage"] == {"index": 0, "name": "full", "line": 1}
    assert [(s["name"], s["ships"]) for s in image["stages"]] == [
        ("full", "whole"), ("prod", "no"), ("debug", "no")
    ]
    assert image["base"]["compressed_bytes"] == 408_500_000
    assert [(a["id"], a["line"], a["bytes_saved"]) for a in image["advice"]] == [
        ("IG701", 1, 328_600_000), ("IG704", 4, None), ("IG705", 4, None)
    ]
    assert image["bytes_at_stake"] == 328_600_000
    code, out = cli_run("scan")
    assert code == 0
    assert out.endswith(
        "image (Dockerfile):\n  ships:  stage #1 prod (the last stage, 'debug', is for "
        "development (named 'debug'); 'prod' is the last stage named for production)\n"
        "  base:   node:22-slim (node slim), about 79.9 MB compressed (node:22-slim, "
        "linux/amd64, measured 2026-08)\n  advice: none\n"
    )


def test_scan_without_a_dockerfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path, {"a.txt": "x"})
    monkeypatch.chdir(tmp_path)
    code, out = cli_run("scan", "--format", "json")
    assert code == 0
    assert json.loads(out)["image"] is None
    assert "image (" not in cli_run("scan")[1]


# -- the data --------------------------------------------------------------------------------


def test_the_data_loads_and_every_size_is_dated() -> None:
    from ignoregen.knowledge.images import load

    data = load()
    assert data.settings.min_saved == 100_000_000
    for image in data.images:
        for variant in image.variants:
            if variant.size is not None:
                assert variant.size.of
                assert variant.size.measured.startswith("2026-")
        for runtime in image.runtimes:
            if runtime.size is not None:
                assert runtime.size.measured.startswith("2026-")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[image]]\nname = 'x'\nrepositories = ['x']\nsource = 's'\n"
         "[[image.variant]]\nname = 'v'\nsize = '12 parsecs'\nof = 'x'\nmeasured = '2026-01'\n"
         "tags = [{ pattern = '.' }]\n",
         "images/bad.toml: image[0].variant[0].size: '12 parsecs' is not a size "
         "(write '410.9 MB' or '2 MiB')"),
        ("[[image]]\nname = 'x'\nrepositories = ['x']\nsource = 's'\n"
         "[[image.variant]]\nname = 'v'\ntags = [{ pattern = '(' }]\n",
         "images/bad.toml: image[0].variant[0].tags[0].pattern: not a regular expression"),
        ("[[manager]]\nname = 'm'\nmanifest = 'm.json'\ncommands = [{ argv = ['m'] }]\n"
         "wat = 1\n",
         "images/bad.toml: manager[0].wat: unknown key"),
        ("[[cache]]\nname = 'c'\npaths = []\nfix = 'f'\n",
         "images/bad.toml: cache[0].paths: must name where the cache lives"),
        ("[[image]]\nname = 'x'\nrepositories = ['x']\nsource = 's'\n"
         "[[image.variant]]\nname = 'v'\ncaveats = ['nope']\ntags = [{ pattern = '.' }]\n",
         "images/bad.toml: image 'x', variant 'v': no caveat is named 'nope'"),
        ("oops = [", "images/bad.toml: not valid TOML"),
    ],
)
def test_bad_data_is_reported_by_file_and_key(text: str, problem: str) -> None:
    from ignoregen.errors import ConfigError
    from ignoregen.knowledge.images import parse_files

    with pytest.raises(ConfigError) as caught:
        parse_files([("images/bad.toml", text)])
    assert any(line.startswith(problem) for line in caught.value.lines()), caught.value.lines()
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(("name", "expected"), [
    ("cmd/enterprise/Dockerfile.integration", set()),
    ("cmd/enterprise/Dockerfile", {("IG702", 1)}),
])
def test_an_integration_test_image_ships_nothing(
    tmp_path: Path, name: str, expected: set[tuple[str, int]]
) -> None:
    # signoz: its integration tests build Dockerfile.integration (go build -race in the Go
    # toolchain image) and run it; no one ships that image.
    make(tmp_path, {
        "go.mod": "module x\n", "cmd/enterprise/main.go": "package main\n",
        name: "FROM golang:1.25-bookworm\nWORKDIR /src\nCOPY . .\n"
              "RUN go build -race -o /bin/app ./cmd/enterprise\n"
              'ENTRYPOINT ["/bin/app"]\n',
    })
    assert found(tmp_path, dockerfile=name) == expected


def test_the_command_a_finding_quotes_is_one_short_line(tmp_path: Path) -> None:
    # signoz: the go build quoted as evidence ran over six lines of tabs and -X flags.
    make(tmp_path, {
        "go.mod": "module x\n", "main.go": "package main\n",
        "Dockerfile": "FROM golang:1.25-bookworm\nWORKDIR /src\nCOPY . .\n"
                      "RUN go build -race -o /bin/app \\\n\t-ldflags \"-s -w \\\n"
                      "\t\t-X main.version=integration \\\n"
                      "\t\t-X main.url=https://example.com\" .\n"
                      'ENTRYPOINT ["/bin/app"]\n',
    })
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile", None)
    message = next(item.message for item in report.findings if item.id == "IG702")
    quoted = message.split("('", 1)[1].split("')", 1)[0]
    assert "\t" not in quoted
    assert "\n" not in quoted
    assert len(quoted) <= 72
    assert quoted.startswith("go build -race -o /bin/app -ldflags")
