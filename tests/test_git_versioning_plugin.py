"""setuptools-git-versioning computes a package's version from git (``git describe``, its
``[tool.setuptools-git-versioning]`` templates), as setuptools-scm and hatch-vcs do:
Cinnamon/kotaemon's root project and its uv workspace members build with it after
``COPY . /app`` and ``uv sync``. Without ``.git`` the plugin falls back to its starting
version (0.0.1), so the image's packages carry another version than the tag. init
excluded ``.git`` for it all the same; it now keeps it, as for the other plugins."""

from __future__ import annotations

from pathlib import Path

from trees import tree

from ignoregen.build.dockerfile import analyse
from ignoregen.build.needs import find_needs

_PYPROJECT = (
    '[build-system]\nrequires = ["setuptools >= 61.0", "wheel", '
    '"setuptools-git-versioning>=2.0,<3"]\nbuild-backend = "setuptools.build_meta"\n\n'
    '[tool.setuptools-git-versioning]\nenabled = true\ndev_template = "{tag}"\n\n'
    '[project]\nname = "app"\ndynamic = ["version"]\n'
)


def _needs(root: Path) -> set[str]:
    reads = [analyse(root / "Dockerfile")]
    return {need.path for need in find_needs(root, reads, ("pyproject.toml",), root=root)}


def test_the_plugin_reads_git(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
                      "RUN pip install uv && uv sync --frozen\n",
        "pyproject.toml": _PYPROJECT, "uv.lock": "version = 1\n", ".git/HEAD": "x\n",
        "app/__init__.py": "",
    })
    assert ".git" in _needs(tmp_path)


def test_not_where_no_copy_brings_git(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY pyproject.toml ./\nRUN pip install .\n",
        "pyproject.toml": _PYPROJECT, ".git/HEAD": "x\n",
    })
    assert ".git" not in _needs(tmp_path)
