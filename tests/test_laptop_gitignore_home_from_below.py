"""A bare name in the repository's top .gitignore (``.env``, ``out/``) means that
directory, not every directory below it: a sub-project whose build copies its whole context
is not told it would send its own .env on a developer's machine. That held when check ran
from the top, and failed when ROOT was the sub-project (``cd apps/web && ignoregen check``,
or the editor's ``check apps/web/.dockerignore``): the line's home was compared with the
context as seen from ROOT, not from the repository, so a false IG101 appeared there alone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree


def _monorepo(root: Path) -> Path:
    tree(root, {
        ".gitignore": "node_modules\n.env\nout/\n",
        ".env.example": "API_TOKEN=\n",
        "package.json": '{"private": true, "workspaces": ["apps/*"]}\n',
        "apps/web/package.json": '{"name": "web"}\n',
        "apps/web/index.js": "console.log(1)\n",
        "apps/web/Dockerfile": "FROM node:22-alpine\nCOPY . /app\n",
        "apps/web/.dockerignore": "node_modules\n",
    })
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    return root


def _ids(root: Path, *args: str) -> list[tuple[str, str]]:
    code, output = run_in(root, "check", "--format", "json", *args)
    assert code in (0, 1), output
    return sorted((item["id"], item["file"]) for item in json.loads(output)["findings"])


def test_the_top_gitignores_env_is_not_the_sub_projects(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    assert ("IG101", "apps/web/.dockerignore") not in _ids(root)
    assert ("IG101", ".dockerignore") not in _ids(root / "apps" / "web")
    assert ("IG101", "apps/web/.dockerignore") not in _ids(root, "apps/web/.dockerignore")


def test_the_same_findings_from_the_top_and_from_below(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    top = [(rule, file) for rule, file in _ids(root) if file.startswith("apps/web/")]
    below = [(rule, f"apps/web/{file}") for rule, file in _ids(root / "apps" / "web")]
    assert below == top


def test_a_sub_projects_own_gitignore_still_counts(tmp_path: Path) -> None:
    root = _monorepo(tmp_path)
    tree(root, {"apps/web/.gitignore": ".env\n"})
    assert ("IG101", "apps/web/.dockerignore") in _ids(root)
    assert ("IG101", ".dockerignore") in _ids(root / "apps" / "web")
