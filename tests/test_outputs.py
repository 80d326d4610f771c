"""What a build writes itself (presets' [[outputs]], ignoregen.build.outputs): the host's
copy is build output only when every stage that copies it rewrites it afterwards, and it
is written whole or .gitignore lists it. Each case here fails without the vocabulary."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from trees import tree

from ignoregen.build.dockerfile import analyse
from ignoregen.build.outputs import build_outputs
from ignoregen.cli import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import read_file
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset


def outputs(root: Path, dockerfile: str = "Dockerfile") -> dict[str, str]:
    found = build_outputs(root, [analyse(root / dockerfile)])
    return {output.path: output.origin for output in found}


def sent_after_init(root: Path) -> set[str]:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1), result.output
    rules = read_file(root / ".dockerignore", buildkit=True)
    setup = BuildSetup(root, Builder.BUILDKIT, root / "Dockerfile", None)
    return {item.path for item in scan_context(setup, rules=rules, collect=Collect.SENT).sent}


MKDOCS = "FROM python\nWORKDIR /app\nCOPY . .\nRUN pip install mkdocs && mkdocs build\n"


def test_mkdocs_site_is_build_output(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": MKDOCS, "mkdocs.yml": "site_name: x\n",
                    "docs/index.md": "# x\n", "site/index.html": "<html>\n"})
    assert outputs(tmp_path) == {"site": "Dockerfile:4: RUN mkdocs build"}
    sent = sent_after_init(tmp_path)
    assert "site/index.html" not in sent
    assert {"docs/index.md", "mkdocs.yml"} <= sent


def test_mkdocs_site_dir_from_the_config_with_python_tags(tmp_path: Path) -> None:
    config = (
        "site_name: x\nsite_dir: public\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    tree(tmp_path, {"Dockerfile": MKDOCS, "mkdocs.yml": config,
                    "public/index.html": "<html>\n", "site/index.html": "<html>\n"})
    assert set(outputs(tmp_path)) == {"public"}


@pytest.mark.parametrize(
    "dockerfile",
    [
        # The site is copied into a shipped stage that never rebuilds it.
        "FROM python AS build\nCOPY . .\nRUN mkdocs build\nFROM nginx\nCOPY site /srv\n",
        # Built before the copy: the host's site is what the image gets.
        "FROM python\nRUN mkdocs build\nCOPY . .\n",
        # A dirty build keeps what was there.
        "FROM python\nCOPY . .\nRUN mkdocs build --dirty\n",
        # The RUN reads the context through a bind mount.
        "FROM python\nCOPY . .\nRUN --mount=type=bind,target=/src mkdocs build\n",
    ],
)
def test_site_kept_unless_every_copy_is_rebuilt(tmp_path: Path, dockerfile: str) -> None:
    tree(tmp_path, {"Dockerfile": dockerfile, "mkdocs.yml": "site_name: x\n",
                    "site/index.html": "<html>\n"})
    assert outputs(tmp_path) == {}


def test_a_stage_whose_copy_never_ships_does_not_matter(tmp_path: Path) -> None:
    dockerfile = (
        "FROM php AS deps\nCOPY ./lang /app/lang\nRUN composer install\n"
        "FROM php\nCOPY ./lang /app/lang\nCOPY --from=deps /app/vendor /app/vendor\n"
        "RUN php artisan vendor:publish --provider=X\n"
    )
    files = {"Dockerfile": dockerfile, "artisan": "<?php\n", "lang/en/a.php": "<?php\n",
             "lang/vendor/backup/de/a.php": "<?php\n", ".gitignore": "/lang/vendor\n"}
    tree(tmp_path, files)
    assert set(outputs(tmp_path)) == {"lang/vendor"}
    # ... but one that copies the published files out of it does.
    (tmp_path / "Dockerfile").write_text(dockerfile.replace("/app/vendor /app/vendor",
                                                            "/app/lang /app/lang"))
    assert outputs(tmp_path) == {}


def test_laravel_publishes_lang_vendor_only_when_gitignored(tmp_path: Path) -> None:
    dockerfile = "FROM php\nWORKDIR /app\nCOPY . .\nRUN php artisan vendor:publish --all\n"
    files = {"Dockerfile": dockerfile, "artisan": "<?php\n", "composer.json": "{}\n",
             "lang/vendor/backup/de/a.php": "<?php\n",
             "resources/views/vendor/mail/a.blade.php": "x\n"}
    tree(tmp_path, files)
    sent = sent_after_init(tmp_path)
    assert {"lang/vendor/backup/de/a.php", "resources/views/vendor/mail/a.blade.php"} <= sent
    (tmp_path / ".dockerignore").unlink()
    (tmp_path / ".gitignore").write_text("/lang/vendor\n")
    sent = sent_after_init(tmp_path)
    assert "lang/vendor/backup/de/a.php" not in sent
    assert "resources/views/vendor/mail/a.blade.php" in sent  # published source, tracked


PYPROJECT = (
    '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n'
    '[project]\nname = "x"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n'
    '[tool.hatch.build.hooks.vcs]\nversion-file = "src/_x_version.py"\n'
)


@pytest.mark.parametrize(
    ("run", "written"),
    [("pip install .", True), ("pip install --no-cache-dir /src", True),
     ("hatch build -t wheel", True), ("pip install -r requirements.txt", False)],
)
def test_version_file_of_hatch_vcs(tmp_path: Path, run: str, written: bool) -> None:
    tree(tmp_path, {"Dockerfile": f"FROM python\nCOPY . /src\nWORKDIR /src\nRUN {run}\n",
                    "pyproject.toml": PYPROJECT, "src/x/__init__.py": "",
                    "src/_x_version.py": "version = '1'\n", "requirements.txt": "\n"})
    assert set(outputs(tmp_path)) == ({"src/_x_version.py"} if written else set())


def test_setuptools_scm_write_to(tmp_path: Path) -> None:
    pyproject = '[tool.setuptools_scm]\nwrite_to = "pkg/_version.py"\n'
    tree(tmp_path, {"Dockerfile": "FROM python\nCOPY . .\nRUN pip install -e .\n",
                    "pyproject.toml": pyproject, "pkg/_version.py": "v = 1\n"})
    assert set(outputs(tmp_path)) == {"pkg/_version.py"}


SCHEMA = (
    'generator client {\n  provider = "prisma-client"\n'
    '  output = "../src/generated/prisma"\n}\n'
)


def test_prisma_client_output_relative_to_the_schema(tmp_path: Path) -> None:
    package = '{"scripts": {"build": "npm-run-all build-db build-app", ' \
              '"build-db": "prisma generate", "build-app": "next build"}}'
    tree(tmp_path, {"Dockerfile": "FROM node\nCOPY . .\nRUN npm run build\n",
                    "package.json": package, "prisma/schema.prisma": SCHEMA,
                    "src/generated/prisma/index.js": "x\n", "src/app.ts": "x\n"})
    assert outputs(tmp_path) == {}  # not gitignored: a partial rewrite may leave it read
    (tmp_path / ".gitignore").write_text("/src/generated\n")
    found = outputs(tmp_path)
    assert set(found) == {"src/generated"}
    assert "package.json script build-db: prisma generate" in found["src/generated"]


def test_esbuild_outfile_of_a_script_the_build_runs(tmp_path: Path) -> None:
    script = "esbuild.build({ entryPoints: ['a.ts'], outfile: 'generated/client.js' });\n"
    package = '{"scripts": {"build-docker": "run-s build-client", ' \
              '"build-client": "node scripts/bundle.js"}}'
    tree(tmp_path, {"Dockerfile": "FROM node\nCOPY . .\nRUN npm run build-docker\n",
                    "package.json": package, "scripts/bundle.js": script,
                    "generated/old.js": "x\n", ".gitignore": "/generated\n"})
    assert set(outputs(tmp_path)) == {"generated"}


def test_cypress_run_output_goes_with_the_tests_kept(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM cypress/included\nCOPY . .\nRUN npx cypress run\n",
                    "package.json": "{}\n", "cypress/e2e/a.cy.js": "x\n",
                    "cypress.config.js": "x\n", "cypress/videos/a.mp4": "x\n",
                    "cypress/screenshots/a.png": "x\n"})
    sent = sent_after_init(tmp_path)
    assert "cypress/e2e/a.cy.js" in sent
    assert not {"cypress/videos/a.mp4", "cypress/screenshots/a.png"} & sent


def test_explain_says_what_writes_it(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": MKDOCS, "mkdocs.yml": "site_name: x\n",
                    "site/index.html": "<html>\n"})
    result = CliRunner().invoke(cli, ["explain", "-C", str(tmp_path), "site/index.html"])
    assert "build output: mkdocs build writes the site" in result.output
    assert "(Dockerfile:4: RUN mkdocs build)" in result.output


HEAD = '[preset]\nname = "x"\ndescription = "d"\n[detect]\nalways = true\n'


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('paths = ["site"]\nreason = "r"', "missing"),
        ('command = "a"\npaths = ["site"]', "missing"),
        ('command = "a"\nkey = ["a"]\nreason = "r"', "only with files"),
        ('command = "a"\nfiles = ["f"]\nkey = ["a"]\nregex = "b"\nreason = "r"', "give one of"),
        ('command = "a"\nregex = "b(.)"\nreason = "r"', "(?P<file>...)"),
        ('command = "a"\nreason = "r"', "give paths"),
        ('command = "("\npaths = ["x"]\nreason = "r"', "not a valid regular expression"),
    ],
)
def test_outputs_schema(entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_preset(HEAD + "[[outputs]]\n" + entry + "\n", "x.toml")
    assert message in str(caught.value)
