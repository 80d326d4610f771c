"""IG103, IG104 and IG301 findings that issue #12's precision harness judged false, each on
a small tree that shows the finding before and after: a subject the build needs (Laravel's
published ``vendor`` directories, a ``.bundle`` that COPY names, ``.git`` for hatch-vcs, a
``ui/build`` that ``//go:embed`` reads), a directory of which nothing is sent (``.git/*``),
and a deeper match that no build pulls (a Dockerfile that copies nothing)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.findings import Finding

COPY_ALL = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n"


def make(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def commit(root: Path) -> None:
    """Make ``root`` a git work tree with its files committed (a CI checkout)."""
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "x"], check=True, env=env)


def found(root: Path, rule: str) -> list[Finding]:
    report = run_check(root, presets_for(root), CheckOptions())
    return [item for item in report.findings if item.id == rule]


def subjects(root: Path, rule: str) -> list[str]:
    return [item.message.split(": ")[0] for item in found(root, rule)]


# -- IG103 / IG104 / IG301: what the build needs ------------------------------------------------


def test_laravel_published_vendor_directories_are_source(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM php:8.3-apache\nCOPY . /var/www\n", ".dockerignore": "/.git\n",
        "composer.json": "{}", "artisan": "", "resources/views/vendor/mail/html.blade.php": "",
        "public/vendor/horizon/app.js": "", "lang/vendor/backup/de.php": "",
    })
    assert subjects(tmp_path, "IG104") == []
    make(tmp_path, {"vendor/autoload.php": ""})  # Composer's, beside composer.json
    # No RUN installs: the image runs from the copied vendor (tests/test_host_packages.py).
    assert subjects(tmp_path, "IG104") == []
    make(tmp_path, {"Dockerfile": "FROM php:8.3-apache\nCOPY . /var/www\n"
                    "RUN cd /var/www && composer install --no-dev\n"})
    assert subjects(tmp_path, "IG104") == ["vendor/"]


def test_committed_vendor_under_a_gitignore_line_is_source(tmp_path: Path) -> None:
    """opentelemetry-demo: the root .gitignore lists 'vendor/', yet the Phoenix assets'
    vendor/topbar.js is committed and app.js imports it; init keeps it, so check must not
    ask for '**/vendor'. Once git no longer holds it, it is a developer's copy."""
    make(tmp_path, {
        "Dockerfile": "FROM elixir:1.17\nCOPY mix.exs ./\nCOPY assets assets\n"
                      "RUN mix assets.deploy\n",
        ".dockerignore": "/.git\n", ".gitignore": "vendor/\n", "mix.exs": "",
        "quote/composer.json": "{}",  # a PHP service elsewhere in the repository
        "assets/js/app.js": 'import topbar from "../vendor/topbar"\n',
    })
    (tmp_path / "assets/vendor").mkdir()
    (tmp_path / "assets/vendor/topbar.js").write_text("x\n", encoding="utf-8")
    commit(tmp_path)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-f", "assets/vendor"], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t",
                    "commit", "-q", "-m", "vendor"], check=True)
    assert subjects(tmp_path, "IG104") == []
    subprocess.run(["git", "-C", str(tmp_path), "rm", "-q", "--cached", "-r", "assets/vendor"],
                   check=True)
    assert subjects(tmp_path, "IG104") == ["assets/vendor/"]


def test_bundle_directory_copied_by_name_is_needed(tmp_path: Path) -> None:
    files = {"Gemfile": "source 'https://rubygems.org'\n", ".bundle/config": "BUNDLE_PATH: x\n",
             ".dockerignore": "/.git\n"}
    make(tmp_path, {**files, "Dockerfile": "FROM ruby:3.3\nCOPY . /app\n"})
    assert subjects(tmp_path, "IG104") == [".bundle/"]
    make(tmp_path, {"Dockerfile": "FROM ruby:3.3\nCOPY Gemfile .bundle/ /app/\n"
                    "COPY .bundle ./.bundle\n"})
    assert subjects(tmp_path, "IG104") == []


def test_git_for_hatch_vcs_is_needed(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": "FROM python:3.12\nCOPY . /src\nRUN pip install /src\n",
                    "pyproject.toml": "[project]\nname = 'x'\n", "x/__init__.py": ""})
    commit(tmp_path)
    assert subjects(tmp_path, "IG103") == [".git/"]
    make(tmp_path, {"pyproject.toml": "[build-system]\nrequires = ['hatchling', 'hatch-vcs']\n"
                    "build-backend = 'hatchling.build'\n[project]\nname = 'x'\n"
                    "dynamic = ['version']\n[tool.hatch.version]\nsource = 'vcs'\n"})
    assert subjects(tmp_path, "IG103") == []


def test_git_star_sends_only_the_empty_directory(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": COPY_ALL, "main.py": "", ".dockerignore": "x\n"})
    commit(tmp_path)
    assert subjects(tmp_path, "IG103") == [".git/"]
    make(tmp_path, {".dockerignore": ".git/*\n"})  # lldap's
    assert subjects(tmp_path, "IG103") == []


def test_git_files_given_back_one_by_one_are_sent_on_purpose(tmp_path: Path) -> None:
    # ArchiveBox: '.git/' then '!.git/HEAD' and '!.git/refs/heads/*' (the image shows the
    # commit it was built from). The directory is sent only as the parent of those files.
    make(tmp_path, {"Dockerfile": COPY_ALL, "main.py": "",
                    ".dockerignore": ".git/\n!.git/HEAD\n!.git/refs/heads/*\n"})
    commit(tmp_path)
    assert subjects(tmp_path, "IG103") == []
    make(tmp_path, {".dockerignore": "!.git/HEAD\n"})  # the rest of .git is sent too
    assert subjects(tmp_path, "IG103") == [".git/"]


def test_root_only_pattern_kept_for_an_embedded_build_directory(tmp_path: Path) -> None:
    """gotify: 'build/' holds the release binaries at the root; ui/build is the UI that
    ui/serve.go embeds, so '**/build/' would break the build."""
    make(tmp_path, {
        "Dockerfile": "FROM golang:1.23\nCOPY . /src\nRUN cd /src && go build .\n",
        ".dockerignore": "build/\n", "go.mod": "module x\n\ngo 1.23\n",
        "main.go": "package main\n", "build/x": "", "ui/build/index.html": "",
        "ui/serve.go": "package ui\n\nimport \"embed\"\n\n//go:embed build\nvar files embed.FS\n",
    })
    assert subjects(tmp_path, "IG301") == []
    make(tmp_path, {"ui/serve.go": "package ui\n"})
    assert subjects(tmp_path, "IG301") == ["'build/' matches only at the context root, but "
                                           "ui/build/ is sent"]


def test_root_only_pattern_where_no_build_pulls_the_deeper_match(tmp_path: Path) -> None:
    """datasette: the Dockerfile installs from an index and copies nothing."""
    make(tmp_path, {"Dockerfile": "FROM python:3.12\nRUN pip install datasette\n",
                    ".dockerignore": "*.db\n", "tests/fixture.db": ""})
    assert subjects(tmp_path, "IG301") == []
    make(tmp_path, {"Dockerfile": "FROM python:3.12\nCOPY . /app\n"})
    assert len(subjects(tmp_path, "IG301")) == 1


def test_the_suggested_line_spares_a_directory_a_copy_names(tmp_path: Path) -> None:
    # locust: webui/.gitignore lists 'dist' (the laptop's Vite output) and Dockerfile.ci does
    # 'COPY ./dist dist' (the wheel CI downloads there): '**/dist' would break that build.
    make(tmp_path, {
        "Dockerfile": "FROM node:22\nCOPY . /build\nRUN cd /build/webui && yarn build\n",
        "Dockerfile.ci": "FROM python:3.13-slim\nCOPY ./dist dist\nRUN pip install dist/*.whl\n",
        ".dockerignore": "/.git\n", "pyproject.toml": "[project]\nname = 'x'\n",
        "webui/.gitignore": "dist\n", "webui/package.json": "{}",
    })
    commit(tmp_path)
    (hint,) = [item.hint for item in found(tmp_path, "IG104")]
    assert hint == "add 'webui/dist' to the ignore file", hint
    make(tmp_path, {"Dockerfile.ci": "FROM python:3.13-slim\nCOPY app.py /\n", "app.py": ""})
    (hint,) = [item.hint for item in found(tmp_path, "IG104")]
    assert hint == "add '**/dist' to the ignore file", hint
