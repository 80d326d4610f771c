"""A Poetry project's readme is read only by a stage that builds the package
(growthbook/growthbook): its pybuild stage copies packages/stats and runs poetry; its
nodebuild stage copies all of packages/, which carries a test harness's Poetry project
along (packages/back-end/test/integrations: pyproject.toml with ``readme = "README.md"``),
and runs only pnpm (and ``rm -f packages/stats/poetry.lock``). init said "kept:
packages/back-end/test/integrations/README.md: Poetry builds the package from it" and
warned about the user's ``packages/back-end/test`` line, which excludes it harmlessly
(presets/python.toml: the tool.poetry need is ``in_stage`` with a ``built_by``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

POETRY = ('[tool.poetry]\nname = "{name}"\nversion = "0.1.0"\ndescription = ""\n'
          'authors = ["a <a@b.c>"]\nreadme = "README.md"\n\n[build-system]\n'
          'requires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n')
FILES = {
    "package.json": '{"name": "x", "private": true, "scripts": {"build": "tsc"}}\n',
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
    "packages/back-end/package.json": '{"name": "back-end", "scripts": {"build": "tsc"}}\n',
    "packages/back-end/src/index.ts": "export {}\n",
    "packages/back-end/test/integrations/pyproject.toml": POETRY.format(name="runner"),
    "packages/back-end/test/integrations/README.md": "# runner\n",
    "packages/back-end/test/integrations/run.py": "print(1)\n",
    "packages/stats/pyproject.toml": POETRY.format(name="stats"),
    "packages/stats/README.md": "# stats\n",
    "packages/stats/stats/__init__.py": "",
}
GROWTHBOOK = (
    "FROM python:3.11 AS pybuild\nWORKDIR /src\nCOPY ./packages/stats .\n"
    "RUN pip install poetry && poetry install --no-root && poetry build\n"
    "FROM node:24-slim AS nodebuild\nWORKDIR /app\nCOPY package.json pnpm-lock.yaml "
    "pnpm-workspace.yaml ./\nCOPY packages ./packages\n"
    "RUN pnpm install && pnpm build && rm -f packages/stats/poetry.lock\n"
    "FROM node:24-slim\nCOPY --from=pybuild /src/dist /opt/dist\n"
    "COPY --from=nodebuild /app/packages ./packages\nCMD [\"node\", \"packages/back-end/dist\"]\n"
)


def test_the_readme_is_no_need_where_no_stage_builds_its_package(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": GROWTHBOOK})
    code, out = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, out
    assert "kept: packages/stats/README.md: Poetry builds the package from it" in out, out
    assert "integrations/README.md" not in out, out


@pytest.mark.parametrize("command", [
    "poetry install && poetry build", "pip install .", "python3 -m build",
    "uv pip install --system .", "make install", "./scripts/build.sh",
])
def test_the_readme_is_a_need_where_a_stage_builds_the_package(
    tmp_path: Path, command: str
) -> None:
    dockerfile = f"FROM python:3.11\nWORKDIR /src\nCOPY packages/stats .\nRUN {command}\n"
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    code, out = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, out
    assert "kept: packages/stats/README.md: Poetry builds the package from it" in out, out
