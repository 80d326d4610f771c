"""The line IG104 suggests for build output a laptop makes must not take a committed
directory of the same name with it.

A Laravel checkout commits storage/ (its framework/ and logs/ skeleton, which the image
needs) while `php artisan storage:link` makes public/storage on a laptop; a Rails checkout
commits app/assets (what assets:precompile compiles) while public/assets is the host's
precompiled copy. '**/storage' or '**/assets' would drop the committed directory from every
COPY . and break the build: the hint names the listed path itself.

Only what the checkout commits counts: on a laptop where `next build` has left
apps/web/.next, the other packages' .next (which .gitignore lists) were each named by path
(linkwarden: '.next', 'apps/worker/.next', 'packages/lib/.next', ... seven lines) where the
clean checkout's hint says '**/.next', which drops the laptop's apps/web/.next too.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository
from trees import run_in

LARAVEL = {
    ".gitignore": "/public/hot\n/public/storage\n/vendor\n.env\n",
    ".dockerignore": "**/.git\n**/vendor\n**/node_modules\n.env\n",
    "artisan": "#!/usr/bin/env php\n<?php\n",
    "composer.json": '{"name": "x/app", "require": {"laravel/framework": "^11.0"}}',
    "composer.lock": "{}",
    "public/index.php": "<?php\n",
    "storage/app/.gitignore": "*\n!.gitignore\n",
    "storage/framework/views/.gitignore": "*\n!.gitignore\n",
    "storage/logs/.gitignore": "*\n!.gitignore\n",
    "Dockerfile": "FROM php:8.3-fpm\nWORKDIR /srv\nCOPY . .\n"
                  "RUN chown -R www-data storage\n",
}

RAILS = {
    ".gitignore": "/public/assets\n/.bundle\n",
    ".dockerignore": "/.git/\n/.bundle\n",
    "Gemfile": 'source "https://rubygems.org"\ngem "rails"\n',
    "Gemfile.lock": "GEM\n",
    "config.ru": "run Rails.application\n",
    "app/assets/stylesheets/application.css": "body {}\n",
    "public/robots.txt": "\n",
    "Dockerfile": "FROM ruby:3.4\nWORKDIR /rails\nCOPY . .\n"
                  "RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile\n",
}


def _hint(out: str) -> str:
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "IG104" in line and "build output" in line)
    return lines[at + 1]


def test_laravel_public_storage_is_named_by_its_path(tmp_path: Path) -> None:
    _repository(tmp_path, LARAVEL)
    _, out = run_in(tmp_path, "check")
    hint = _hint(out)
    assert "'**/storage'" not in hint, out
    assert "'public/storage'" in hint, out
    # Laravel's Vite 'hot' file is claimed as public/hot, not by its bare name: the hint
    # names that path rather than every 'hot' anywhere (unseen58's _claims_name)
    assert "'public/hot'" in hint, out


def test_rails_public_assets_is_named_by_its_path(tmp_path: Path) -> None:
    _repository(tmp_path, RAILS)
    _, out = run_in(tmp_path, "check")
    hint = _hint(out)
    assert "'**/assets'" not in hint, out
    assert "'public/assets'" in hint, out



def test_the_laptops_own_copies_do_not_count_as_committed(tmp_path: Path) -> None:
    """On a developer's machine some of the build output is there and sent (a gitignore
    file lists it): it is the laptop's, not a committed directory of that name
    (eShopOnWeb's laptop holds some projects' obj/, lacks others'): the hint for the
    missing ones stays '**/name'."""
    _repository(tmp_path, {
        ".gitignore": "dist/\nnode_modules/\n",
        ".dockerignore": "**/.git\n**/node_modules\n",
        "packages/a/package.json": '{"name": "a", "scripts": {"build": "tsc"}}\n',
        "packages/a/index.ts": "export {}\n",
        "packages/b/package.json": '{"name": "b", "scripts": {"build": "tsc"}}\n',
        "packages/b/index.ts": "export {}\n",
        "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\n",
    })
    (tmp_path / "packages/a/dist").mkdir()
    (tmp_path / "packages/a/dist/index.js").write_text("x\n", encoding="utf-8")
    _, out = run_in(tmp_path, "check")
    hint = _hint(out)
    assert "packages/b/dist" in out, out
    assert "'**/dist'" in hint, out
    assert "'packages/b/dist'" not in hint, out


MONOREPO = {
    ".gitignore": "node_modules\n.next\n",
    ".dockerignore": "**/.git\n**/node_modules\n",
    "package.json": '{"private": true, "workspaces": ["apps/*", "packages/*"]}',
    "yarn.lock": "\n",
    "apps/web/package.json": '{"name": "web", "dependencies": {"next": "15.0.0"}}',
    "apps/web/pages/index.tsx": "export default () => null\n",
    "apps/worker/package.json": '{"name": "worker"}',
    "packages/lib/package.json": '{"name": "lib"}',
    "Dockerfile": "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN yarn install && yarn build\n",
}


def test_a_laptops_own_build_output_is_no_committed_name(tmp_path: Path) -> None:
    _repository(tmp_path, MONOREPO)
    _, out = run_in(tmp_path, "check")
    assert "'**/.next'" in _hint(out), out
    built = tmp_path / "apps/web/.next/server"
    built.mkdir(parents=True)
    (built / "page.js").write_text("module.exports = 1\n")  # untracked, as next build leaves it
    _, out = run_in(tmp_path, "check")
    hint = _hint(out)
    assert "'**/.next'" in hint, out
    assert "packages/lib/.next" not in hint, out
