"""Guards: what a build reads although no COPY names it."""

from __future__ import annotations

import json
from pathlib import Path

from trees import tree

from ignoregen.build.dockerfile import analyse
from ignoregen.build.guards import find_guards


def guards(root: Path, manifests: list[str]) -> dict[str, str]:
    reads = [analyse(root / "Dockerfile")]
    return {g.path: g.origin for g in find_guards(root, reads, manifests)}


def test_python_package_with_scm(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "Dockerfile": "FROM python\nCOPY . /app\nRUN pip install /app\n",
            "pyproject.toml": (
                '[build-system]\nrequires = ["setuptools>=64", "setuptools-scm>=8"]\n'
                '[project]\nname = "x"\nreadme = "README.md"\nlicense = {file = "LICENSE"}\n'
                'license-files = ["LICENSES/*"]\ndynamic = ["version"]\n'
                '[tool.setuptools.dynamic]\ndependencies = {file = ["requirements.in"]}\n'
            ),
            "README.md": "x",
            ".python-version": "3.12\n",
        },
    )
    found = find_guards(tmp_path, [analyse(tmp_path / "Dockerfile")], ["pyproject.toml"])
    by_path = {g.path: g for g in found}
    assert list(by_path) == [
        "README.md",
        "LICENSE",
        "LICENSES/*",
        "requirements.in",
        ".git",
        "pyproject.toml",
    ]
    assert by_path["README.md"].origin == "pyproject.toml:5: project.readme"
    assert (by_path["README.md"].file, by_path["README.md"].line) == ("pyproject.toml", 5)
    git = by_path[".git"]
    assert git.warning is not None
    assert "dirty" in git.warning


def test_guards_only_for_manifests_the_build_copies(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "Dockerfile": "FROM python\nCOPY src/ /app/\n",
            "pyproject.toml": '[project]\nname = "x"\nreadme = "README.md"\n',
        },
    )
    assert guards(tmp_path, ["pyproject.toml"]) == {}


def test_node_package_and_vite_env(tmp_path: Path) -> None:
    package = {
        "main": "./lib/index.js",
        "bin": {"www": "./bin/www"},
        "files": ["dist/", "types"],
        "devDependencies": {"vite": "^5"},
    }
    tree(
        tmp_path,
        {
            "Dockerfile": "FROM node\nCOPY . .\nRUN npm ci && npm run build\n",
            "package.json": json.dumps(package),
            ".env": "VITE_API=/api\n",
            ".env.local": "K=1\n",
            ".nvmrc": "20\n",
        },
    )
    assert list(guards(tmp_path, ["package.json"])) == [
        "lib/index.js",
        "bin/www",
        "dist",
        "types",
        ".env",
        "package.json",
    ]


def test_version_files_needed_only_when_a_version_manager_runs(tmp_path: Path) -> None:
    # npm and pip never read .nvmrc or .python-version (above, they are not needs); fnm, nvm
    # and uv do, and the line that runs them is the evidence.
    tree(
        tmp_path,
        {
            "Dockerfile": (
                "FROM debian\nCOPY . /app\nRUN fnm install && fnm use\n"
                "RUN uv sync --frozen\n"
            ),
            ".nvmrc": "20\n",
            ".node-version": "20\n",
            ".python-version": "3.12\n",
        },
    )
    assert guards(tmp_path, []) == {
        ".nvmrc": "Dockerfile:3: RUN fnm install && fnm use",
        ".node-version": "Dockerfile:3: RUN fnm install && fnm use",
        ".python-version": "Dockerfile:4: RUN uv sync --frozen",
    }


def test_ruby_version_needed_when_the_gemfile_or_a_manager_reads_it(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "Dockerfile": "FROM ruby\nCOPY Gemfile Gemfile.lock .ruby-version ./\nRUN bundle\n",
            "Gemfile": 'source "https://rubygems.org"\nruby file: ".ruby-version"\n',
            "Gemfile.lock": "",
            ".ruby-version": "3.3.5\n",
            ".tool-versions": "ruby 3.3.5\n",
        },
    )
    assert guards(tmp_path, []) == {".ruby-version": "Gemfile:2: .ruby-version"}
    # No Gemfile line, no version manager: bundle does not read it, nor .tool-versions.
    (tmp_path / "Gemfile").write_text('source "https://rubygems.org"\n')
    assert guards(tmp_path, []) == {}
    (tmp_path / "Dockerfile").write_text(
        "FROM ruby\nCOPY . .\nRUN asdf install && bundle\n"
    )
    assert guards(tmp_path, []) == {
        ".ruby-version": "Dockerfile:3: RUN asdf install && bundle",
        ".tool-versions": "Dockerfile:3: RUN asdf install && bundle",
    }


def test_tests_kept_when_the_dockerfile_runs_them(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "Dockerfile": "FROM python\nCOPY . .\nRUN pip install . && pytest -q\n",
            "tests/test_x.py": "",
            "conftest.py": "",
        },
    )
    # pytest collects below its directory: the '**/' forms guard a package's own tests too.
    run = "Dockerfile:3: RUN pip install . && pytest -q"
    kept = ("tests", "conftest.py", "**/tests", "**/test_*.py", "**/conftest.py")
    assert guards(tmp_path, []) == dict.fromkeys(kept, run)


def test_setup_cfg_and_setup_py(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "Dockerfile": "FROM python\nCOPY . .\n",
            "setup.cfg": (
                "[metadata]\nlong_description = file: README.rst, CHANGES.rst\n[versioneer]\n"
            ),
            "setup.py": "open('VERSION.txt').read()\n",
            "VERSION.txt": "1\n",
            "README.rst": "x\n",
            "CHANGES.rst": "x\n",
        },
    )
    assert sorted(guards(tmp_path, ["setup.cfg", "setup.py"])) == [
        ".git",
        "CHANGES.rst",
        "README.rst",
        "VERSION.txt",
        "setup.cfg",
        "setup.py",
    ]
