"""A dependency directory committed to git on purpose. freescout commits Composer's
``vendor`` (4,300 files) so that it installs on shared hosting without Composer, and has
no Dockerfile. init wrote ``**/vendor`` (the generic assumption: the image installs), so a
`COPY . /var/www/html` image had no libraries; check warned IG104 "dependencies directory
is sent" on the clean checkout, and again after init, with no fix to offer."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import _repository, init_here
from trees import run_in

from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset

PHP = {
    "composer.json": '{"require": {"php": ">=8.1", "acme/lib": "^1"}}\n',
    "composer.lock": "{}\n",
    "index.php": "<?php require __DIR__.'/vendor/autoload.php';\n",
    "vendor/autoload.php": "<?php // composer\n",
    "vendor/acme/lib/src/Thing.php": "<?php class Thing {}\n",
}


def _committed(root: Path, files: dict[str, str]) -> None:
    _repository(root, files)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def test_committed_vendor_without_a_dockerfile_is_kept(tmp_path: Path) -> None:
    _committed(tmp_path, PHP)
    output = run_in(tmp_path, "check")[1]
    assert "IG104" not in output, output
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert {"vendor/autoload.php", "vendor/acme/lib/src/Thing.php", "index.php"} <= set(sent)
    assert run_in(tmp_path, "check") == (0, "No problems in 1 context.\n")


def test_an_installed_vendor_still_goes(tmp_path: Path) -> None:
    # The same tree where vendor is the developer's install (gitignored, untracked), and
    # an ignore file that says something builds the directory (without a build or one,
    # there is nothing to check).
    _committed(tmp_path, {**PHP, ".gitignore": "/vendor/\n", ".dockerignore": "*.log\n"})
    code, output = run_in(tmp_path, "check")
    assert code == 1
    assert "IG104 vendor/" in output, output
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert "index.php" in sent
    assert not [path for path in sent if path.startswith("vendor/")]


def test_a_dockerfile_that_installs_still_excludes_it(tmp_path: Path) -> None:
    _committed(tmp_path, {
        **PHP, "Dockerfile": "FROM php:8.3\nCOPY . /app\nRUN composer install --no-dev\n",
    })
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert "index.php" in sent
    assert not [path for path in sent if path.startswith("vendor/")]


YARN = {
    "package.json": '{"name": "ui", "packageManager": "yarn@4.12.0"}\n',
    "yarn.lock": "__metadata:\n  version: 8\n",
    ".yarnrc.yml": "enableGlobalCache: false\nyarnPath: .yarn/releases/yarn-4.12.0.cjs\n",
    ".yarn/releases/yarn-4.12.0.cjs": "// yarn\n",
    ".yarn/cache/react-npm-18.3.1-abc.zip": "zip\n",
    "src/main.js": "console.log(1)\n",
    ".dockerignore": "*.log\n",
    "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\n"
                  "RUN node .yarn/releases/yarn-4.12.0.cjs install --immutable\n",
}


def test_yarns_committed_cache_is_what_the_install_reads(tmp_path: Path) -> None:
    """Yarn's zero-installs (kubev2v/migration-planner-ui commits 252 archives in
    .yarn/cache): 'yarn install' reads the committed cache instead of the network, which a
    hermetic build has none of. check called it 'dependencies directory is sent', and init
    excluded it."""
    _committed(tmp_path, {**YARN, ".gitignore": ".yarn/*\n!.yarn/cache\n!.yarn/releases\n"})
    output = run_in(tmp_path, "check")[1]
    assert "IG104" not in output, output
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert ".yarn/cache/react-npm-18.3.1-abc.zip" in sent
    assert "IG104" not in run_in(tmp_path, "check")[1]


def test_a_cache_git_does_not_track_still_goes(tmp_path: Path) -> None:
    _committed(tmp_path, {**YARN, ".gitignore": ".yarn/*\n!.yarn/releases\n"})
    output = run_in(tmp_path, "check")[1]
    assert "IG104 .yarn/cache/" in output, output
    init_here(tmp_path)
    sent = run_in(tmp_path, "ls", ".")[1].split()
    assert "src/main.js" in sent
    assert not [path for path in sent if path.startswith(".yarn/cache")]


@pytest.mark.parametrize(("extra", "message"), [
    ('kept_when_committed = ["**/store"]\n', "is not one of the category's rules"),
    ('kept_when_committed = ["**/deps"]\n', "give installed_by too"),
])
def test_a_committed_store_is_one_of_the_rules_of_an_installed_category(
    extra: str, message: str
) -> None:
    text = (
        '[preset]\nname = "x"\ndescription = "x"\n[detect]\nmarkers = ["x.json"]\n'
        '[categories.deps]\ndescription = "d"\nrole = "dependencies"\n'
        f'exclude_by_default = true\nrules = ["**/deps"]\n{extra}'
    )
    with pytest.raises(ConfigError, match=message):
        parse_preset(text, "x.toml")
