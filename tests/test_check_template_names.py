"""Names that a .gitignore template lists are not evidence that the directories exist.

GitHub's Node template lists bower_components, jspm_packages and web_modules; a project
that never used Bower gets no "would be sent on a developer's machine" finding for them
(hoppscotch). One with a bower.json does."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for

TEMPLATE = "node_modules\nbower_components\njspm_packages/\nweb_modules/\n"


def _ig104(root: Path) -> list[str]:
    result = run_check(root, presets_for(root), CheckOptions())
    return [item.message for item in result.findings if item.id == "IG104"]


def _project(root: Path, files: dict[str, str]) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for name, text in {"Dockerfile": "FROM node:22-slim\nCOPY . /app\nRUN npm ci\n",
                       "package.json": '{"name": "x"}', ".gitignore": TEMPLATE,
                       ".dockerignore": "node_modules\n", **files}.items():
        (root / name).write_text(text)


def test_template_lines_raise_nothing(tmp_path: Path) -> None:
    _project(tmp_path, {})
    assert _ig104(tmp_path) == []


def test_a_bower_project_hears_of_bower_components(tmp_path: Path) -> None:
    _project(tmp_path, {"bower.json": '{"name": "x"}'})
    found = _ig104(tmp_path)
    assert len(found) == 1
    assert "bower_components" in found[0].split(":")[0]
