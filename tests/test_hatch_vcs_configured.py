"""hatch-vcs reads git only where the project uses it, not wherever it is a build requirement.

bendavis78/pgvector-django-haystack lists ``requires = ["hatchling", "hatch-vcs"]`` but
declares ``version = "0.0.1"`` with no ``[tool.hatch.version] source = "vcs"``: hatchling
never loads the plugin, and its Dockerfile (``hatch env create`` after ``COPY pyproject.toml``
and ``COPY README.md``, then ``COPY . .``) builds with the ``.git`` that its .dockerignore
leaves out. init kept ``.git`` anyway, warned that "the version is computed from git", and
told the user that their own ``.git`` line excludes what the build needs.

hatch-vcs is a version source (``source = "vcs"``, in a ``[tool.hatch.version]`` table or
inline), whose build hook writes that version, and a metadata hook
(``[tool.hatch.metadata.hooks.vcs]``, which asks git for the commit): those still keep .git.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

DOCKERFILE = ("FROM python:3.11-slim\nWORKDIR /app\nRUN pip install hatch\n"
              "COPY pyproject.toml README.md ./\nRUN hatch env create\nCOPY . .\n")

HEAD = """\
[build-system]
requires = ["hatchling", "hatch-vcs"]
build-backend = "hatchling.build"

[project]
name = "django-haystack"
readme = "README.md"
"""


def git_kept(root: Path, project: str) -> bool:
    tree(root, {"pyproject.toml": HEAD + project, "README.md": "# x\n", "Dockerfile": DOCKERFILE,
                "django_haystack/__init__.py": "", ".dockerignore": ".git\n__pycache__\n",
                ".git/HEAD": "ref: refs/heads/main\n"})
    code, out = run_in(root, "init", "--dry-run")
    assert code == 0, out
    return "version plugin computes the version from git" in out


def test_a_static_version_reads_no_git(tmp_path: Path) -> None:
    assert not git_kept(tmp_path, 'version = "0.0.1"\n\n[tool.hatch.build.targets.wheel]\n'
                                  'packages = ["django_haystack"]\n')


@pytest.mark.parametrize("project", [
    'dynamic = ["version"]\n\n[tool.hatch.version]\nsource = "vcs"\n',
    'dynamic = ["version"]\n\n[tool.hatch]\nversion.source = "vcs"\n',
    'dynamic = ["version"]\n\n[tool.hatch]\nversion = { source = "vcs" }\n',
    'version = "1.0"\n\n[tool.hatch.metadata.hooks.vcs]\n'
    'urls = { Source = "https://example.org/x/{commit_hash}" }\n',
])
def test_the_plugin_in_use_keeps_git(tmp_path: Path, project: str) -> None:
    assert git_kept(tmp_path, project)
