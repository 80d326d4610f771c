"""Builds that a justfile or a Taskfile runs are found as a Makefile's are: the Dockerfile
under deploy/ or build/ is built with the context the command names (the repository root,
whose .dockerignore then applies), not with its own directory (where check said the root's
ignore file never applies, and init would write one that no build reads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree

_DOCKERFILE = "FROM node:20-slim\nWORKDIR /app\nCOPY . .\n"


def _contexts(root: Path, files: dict[str, str]) -> tuple[list[str], str]:
    tree(root, {".dockerignore": "docs\n", "docs/notes.md": "# notes\n",
                "src/index.js": "console.log(1)\n", **files})
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    return json.loads(output)["contexts"], output


@pytest.mark.parametrize("files", [
    {"justfile": "image:\n    docker build -f deploy/Dockerfile -t example/app .\n",
     "deploy/Dockerfile": _DOCKERFILE},
    {"Taskfile.yml": ("version: '3'\ntasks:\n  image:\n    cmds:\n"
                      "      - docker build -f build/Dockerfile -t example/app .\n"),
     "build/Dockerfile": _DOCKERFILE},
    {"Taskfile.yml": ("version: '3'\ntasks:\n  image:\n    cmds:\n"
                      "      - cmd: docker build -f build/Dockerfile -t example/app .\n"),
     "build/Dockerfile": _DOCKERFILE},
    {"Taskfile.yml": ("version: '3'\ntasks:\n"
                      "  image: docker build -f build/Dockerfile -t example/app .\n"),
     "build/Dockerfile": _DOCKERFILE},
    # Buildah's own command (the Taskfile reader asked for 'docker' or 'podman' first)
    {"Taskfile.yml": ("version: '3'\ntasks:\n"
                      "  image: buildah bud -f build/Containerfile -t example/app .\n"),
     "build/Containerfile": _DOCKERFILE},
])
def test_the_root_is_the_context(tmp_path: Path, files: dict[str, str]) -> None:
    contexts, output = _contexts(tmp_path, files)
    assert contexts == ["."]
    assert "IG002" not in output


def test_a_task_runs_in_its_dir(tmp_path: Path) -> None:
    contexts, _ = _contexts(tmp_path, {
        "Taskfile.yml": ("version: '3'\ntasks:\n  image:\n    dir: web\n    cmds:\n"
                         "      - docker build -f ../build/Dockerfile -t example/web .\n"),
        "build/Dockerfile": _DOCKERFILE,
        "web/index.html": "<p>hi</p>\n",
    })
    assert contexts == ["web"]


def test_a_shebang_recipe_keeps_its_cd(tmp_path: Path) -> None:
    contexts, _ = _contexts(tmp_path, {
        "justfile": ("web:\n    #!/usr/bin/env bash\n    set -e\n    cd web\n"
                     "    docker build -f ../deploy/Dockerfile -t example/web .\n"),
        "deploy/Dockerfile": _DOCKERFILE,
        "web/index.html": "<p>hi</p>\n",
    })
    assert contexts == ["web"]
