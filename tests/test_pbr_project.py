"""A pbr project reads its description file and asks git for its version.

pbr (``setup(pbr=True)``, or ``build-backend = "pbr.build"``) builds the long description
from setup.cfg's ``[metadata] description_file`` (also spelt ``description-file``): it opens
each file listed there and a missing one stops the build with FileNotFoundError. Its version
comes from ``git describe`` unless PBR_VERSION is set or the tree is an sdist, and without
.git the build stops ("Versioning for this project requires either an sdist tarball, or
access to an upstream git repository"). PyCQA/bandit's docker/Dockerfile installs git for
that very reason, copies the checkout and runs ``pip install .``; init wrote ``README*`` and
``**/.git`` for it, and the image no longer built."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

SETUP_PY = "import setuptools\n\nsetuptools.setup(setup_requires=['pbr>=2.0.0'], pbr=True)\n"
SETUP_CFG = """\
[metadata]
name = scanner
summary = a source scanner
description{dash}file =
    README.rst
    NOTES.rst

[entry_points]
console_scripts =
    scanner = scanner.cli:main
"""
DOCKERFILE = ("FROM python:3.12-alpine\nRUN apk add --no-cache git\n{env}COPY . /src\n"
              "WORKDIR /src\nRUN pip install .\nENTRYPOINT [\"scanner\"]\n")


def project(root: Path, *, dash: str = "_", env: str = "") -> Path:
    return tree(root, {
        "setup.py": SETUP_PY, "setup.cfg": SETUP_CFG.format(dash=dash),
        "README.rst": "scanner\n=======\n", "NOTES.rst": "notes\n",
        "CONTRIBUTING.rst": "be kind\n", "requirements.txt": "PyYAML\n",
        "scanner/__init__.py": "", "scanner/cli.py": "def main():\n    pass\n",
        "Dockerfile": DOCKERFILE.format(env=env),
        ".git/HEAD": "ref: refs/heads/main\n", ".git/config": "[core]\n",
    })


@pytest.mark.parametrize("dash", ["_", "-"])
def test_the_description_files_stay(tmp_path: Path, dash: str) -> None:
    root = project(tmp_path, dash=dash)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "README.rst")
    assert sent(root, "NOTES.rst")
    assert not sent(root, "CONTRIBUTING.rst")  # the other docs still go


def test_git_stays_for_the_version(tmp_path: Path) -> None:
    root = project(tmp_path)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, ".git/HEAD")
    assert "pbr" in out


def test_a_version_handed_in_needs_no_git(tmp_path: Path) -> None:
    root = project(tmp_path, env="ENV PBR_VERSION=1.9.0\n")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, ".git/HEAD")
    assert sent(root, "README.rst")


def test_the_pbr_backend_asks_git_too(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["pbr>=6.0.0", "setuptools>=64.0.0"]\n'
        'build-backend = "pbr.build"\n'
    )
    (root / "setup.py").write_text("import setuptools\n\nsetuptools.setup()\n")
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, ".git/HEAD")
