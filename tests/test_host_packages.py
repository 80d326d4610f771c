"""A Dockerfile that copies the project and never installs its packages ships the host's:
CI ran ``composer install`` (solidtime's build-private.yml, through php-actions/composer)
or ``npm ci`` before ``docker build``, and the image runs from that ``vendor`` or
``node_modules``. Then the directory is a need, not junk: ``init`` keeps it, and ``check``
does not tell a developer to exclude it (a fix that would break the image). A preset's
dependencies category says, as data, what installs it (``installed_by``), what shows that
the image uses the ecosystem at all (``used_by``) and beside which manifests it lives
(``installed_from``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset


def put(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def lay(root: Path, files: dict[str, str]) -> Path:
    put(root, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def excluded(root: Path, path: str) -> bool:
    rules = parse_bytes((root / ".dockerignore").read_bytes(), ".dockerignore")
    return Matcher(rules).decide(path).excluded


NODE = {
    "package.json": '{"name": "app", "dependencies": {"left-pad": "1"}}',
    "package-lock.json": "{}",
    "index.js": "require('left-pad')\n",
    ".gitignore": "node_modules/\n",
}


@pytest.mark.parametrize(("run_line", "kept"), [
    ("", True),  # CI runs npm ci on the host: the image runs from the copied tree
    ("RUN npm ci --omit=dev\n", False),
    ("RUN yarn --frozen-lockfile && yarn build\n", False),
    ("RUN corepack enable && pnpm install --frozen-lockfile\n", False),
    # hatchet's frontend.dockerfile: corepack runs a pinned package manager
    ("RUN corepack pnpm@10.16.1 install --frozen-lockfile\n", False),
    ("RUN corepack yarn@4.1.0 install --immutable\n", False),
    # yarnPath: the project's committed release of Yarn (kubev2v/migration-planner-ui)
    ("RUN node .yarn/releases/yarn-4.12.0.cjs install --immutable\n", False),
    ("RUN node .yarn/releases/yarn-4.12.0.cjs && node .yarn/releases/yarn-4.12.0.cjs build\n",
     False),
    ("RUN node .yarn/releases/yarn-4.12.0.cjs build\n", True),
    ("RUN npm run build\n", True),  # runs a script with the host's packages
    # the directory given before the command: logflare's Dockerfile (Phoenix's releases
    # guide) runs `npm --prefix assets ci`; init kept the host's node_modules as a need
    ("RUN npm --prefix . ci --progress=false --no-audit\n", False),
    ("RUN pnpm -C . install --frozen-lockfile\n", False),
    ("RUN yarn --cwd . install --frozen-lockfile\n", False),
    ("RUN npm --prefix . run build\n", True),
    # the workspace package given before the command: pocket-id's docker/Dockerfile runs
    # `pnpm --filter pocket-id-frontend install --frozen-lockfile`; init kept the host's
    # node_modules and warned that the user's '**/node_modules' broke the build
    ("RUN pnpm --filter app install --frozen-lockfile\n", False),
    ("RUN pnpm -F app install --frozen-lockfile\n", False),
    ("RUN npm --workspace app ci\n", False),
    ("RUN pnpm --filter app run build\n", True),
])
def test_node_modules_is_junk_only_where_the_image_installs(
    tmp_path: Path, run_line: str, kept: bool
) -> None:
    root = lay(tmp_path, {
        **NODE,
        "Dockerfile": f"FROM node:20-slim\nWORKDIR /app\nCOPY . .\n{run_line}"
                      'CMD ["node", "index.js"]\n',
    })
    # The clean checkout has no node_modules: check must not ask to exclude one ...
    code, output = run_in(root, "check")
    assert ("node_modules" in output) is not kept, output
    # ... and the developer's machine has one: init decides by the Dockerfile.
    put(root, {"node_modules/left-pad/index.js": "module.exports = 1\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    assert excluded(root, "node_modules/left-pad/index.js") is not kept
    if kept:
        assert "kept: node_modules: no RUN installs the packages" in output
        assert "(Dockerfile:3: COPY .)" in output  # the COPY that brings it in
    code, output = run_in(root, "check")
    assert "IG104" not in output, output


@pytest.mark.parametrize(("goals", "kept"), [("install build", False), ("build", True)])
def test_a_makefile_in_the_run_s_own_directory_is_read(
    tmp_path: Path, goals: str, kept: bool
) -> None:
    """quickwit: ``COPY quickwit/quickwit-ui /quickwit/quickwit-ui``, that ``WORKDIR``, then
    ``make install build``; the Makefile there (not at the root) runs ``yarn install``."""
    ui = {f"ui/{name}": text for name, text in NODE.items()}
    root = lay(tmp_path, {
        **ui,
        "ui/Makefile": "build:\n\tyarn build\n\ninstall:\n\tyarn install --frozen-lockfile\n",
        "Dockerfile": "FROM node:20-slim\nCOPY ui /src/ui\nWORKDIR /src/ui\n"
                      f"RUN NODE_ENV=production make {goals}\n",
        ".dockerignore": "**/node_modules\n",
    })
    put(root, {"ui/node_modules/left-pad/index.js": "module.exports = 1\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    assert ("your line '**/node_modules' excludes" in output) is kept, output
    assert "kept: ui/Makefile" in output


def test_an_image_that_never_runs_node_keeps_no_node_modules(tmp_path: Path) -> None:
    # A Python image of a repository with a front end: its node_modules is junk here.
    root = lay(tmp_path, {
        **{f"frontend/{name}": text for name, text in NODE.items()},
        "requirements.txt": "flask\n",
        "app.py": "print()\n",
        "Dockerfile": (
            "FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
        ),
    })
    put(root, {"frontend/node_modules/left-pad/index.js": "x\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    assert excluded(root, "frontend/node_modules/left-pad/index.js")


SOLIDTIME = {
    # The shape of solidtime's docker/prod/Dockerfile: FrankenPHP, the project copied, no
    # Composer in the image; vendor and Laravel's published directories made on the host.
    "Dockerfile": (
        "FROM dunglas/frankenphp:1-php8.3 AS base\nWORKDIR /var/www/html\n"
        "COPY --chown=www-data . ./\nRUN php artisan storage:link\n"
    ),
    "composer.json": '{"require": {"laravel/framework": "^11"}}',
    "composer.lock": "{}",
    "artisan": "#!/usr/bin/env php\n",
    "app/Models/User.php": "<?php\n",
    "resources/views/vendor/mail/html/layout.blade.php": "x\n",
    ".gitignore": "/vendor\n/public/vendor\n/lang/vendor\n.env\n",
}


def test_laravel_built_on_the_host_keeps_vendor(tmp_path: Path) -> None:
    root = lay(tmp_path, SOLIDTIME)
    code, output = run_in(root, "check")
    assert "IG104" not in output, output  # was: add '**/vendor' (breaks the image)
    put(root, {"vendor/laravel/framework.php": "<?php\n", "public/vendor/horizon/app.js": "x\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    assert not excluded(root, "vendor/laravel/framework.php")
    assert not excluded(root, "public/vendor/horizon/app.js")
    assert not excluded(root, "resources/views/vendor/mail/html/layout.blade.php")
    assert excluded(root, ".env")


def test_laravel_installing_in_the_image_drops_vendor(tmp_path: Path) -> None:
    root = lay(tmp_path, {
        **SOLIDTIME,
        "Dockerfile": (
            "FROM composer:2 AS vendor\nWORKDIR /app\nCOPY composer.* ./\n"
            "RUN composer install --no-dev --no-scripts\n"
            "FROM dunglas/frankenphp:1-php8.3\nWORKDIR /var/www/html\nCOPY . ./\n"
            "COPY --from=vendor /app/vendor ./vendor\n"
        ),
    })
    put(root, {"vendor/laravel/framework.php": "<?php\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    assert excluded(root, "vendor/laravel/framework.php")
    assert not excluded(root, "resources/views/vendor/mail/html/layout.blade.php")


def test_the_three_keys_go_together() -> None:
    text = (
        '[preset]\nname = "x"\ndescription = "x"\n[detect]\nmarkers = ["x.json"]\n'
        '[categories.deps]\ndescription = "d"\nrole = "dependencies"\n'
        'exclude_by_default = true\nrules = ["**/deps"]\ninstalled_by = "x +install"\n'
    )
    with pytest.raises(ConfigError, match="installed_from, installed_by and used_by go together"):
        parse_preset(text, "x.toml")
    broken = text.replace('"x +install"', '"x +(install"').replace(
        'installed_by', 'installed_from = ["x.json"]\nused_by = "x"\ninstalled_by')
    with pytest.raises(ConfigError, match="not a regular expression"):
        parse_preset(broken, "x.toml")


def test_laravel_assets_built_on_the_host_are_kept(tmp_path: Path) -> None:
    # solidtime's build-public.yml runs 'npm run build' on the runner and then builds
    # docker/prod/Dockerfile, which copies the project and builds no assets (its bun stage
    # is commented out): the image serves the host's public/build (Vite's manifest, which
    # Laravel's @vite reads on every page). init excluded public/build: an image with no
    # assets. The commented-out build is no build; public/hot (the dev-server marker) stays out.
    root = lay(tmp_path, {
        **SOLIDTIME,
        "Dockerfile": SOLIDTIME["Dockerfile"] + "#RUN bun run build\n",
        ".gitignore": SOLIDTIME[".gitignore"] + "/public/build\n/public/hot\n",
    })
    put(root, {"public/build/manifest.json": "{}\n", "public/hot": "http://localhost:5173\n"})
    code, output = run_in(root, "check")
    assert "public/build" not in output, output
    code, output = run_in(root, "init")
    assert code == 0, output
    assert not excluded(root, "public/build/manifest.json")
    assert excluded(root, "public/hot")


def test_laravel_assets_built_in_the_image_drop_the_hosts(tmp_path: Path) -> None:
    root = lay(tmp_path, {
        **SOLIDTIME,
        "Dockerfile": (
            "FROM node:22 AS assets\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"
            + SOLIDTIME["Dockerfile"] + "COPY --from=assets /app/public/build public/build\n"
        ),
        ".gitignore": SOLIDTIME[".gitignore"] + "/public/build\n",
    })
    put(root, {"public/build/manifest.json": "{}\n", "package.json": '{"private": true}'})
    code, output = run_in(root, "init")
    assert code == 0, output
    assert excluded(root, "public/build/manifest.json")
