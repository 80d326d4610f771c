"""An install whose tree the same RUN removes ships no dependency (IG704 says nothing).

onyx's sandbox image pre-warms bun's cache for the installs it runs per session: ``cd
/workspace/templates/outputs/web && bun install --frozen-lockfile && rm -rf node_modules``.
Nothing of the install is left in the layer but the cache, which is the point (those later
installs need the devDependencies: tailwind, typescript); IG704 said the 7 development
dependencies reach the shipped image, and its fix would have emptied the cache of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

PACKAGE = """\
{"name": "site", "private": true,
 "dependencies": {"next": "15.0.0"},
 "devDependencies": {"typescript": "5.6.0", "tailwindcss": "4.0.0"}}
"""


def ig704(root: Path, run: str) -> list[str]:
    dockerfile = ("FROM oven/bun:1\nCOPY templates /workspace/templates\n"
                  f"RUN {run}\nCMD [\"bun\", \"run\", \"/workspace/server.js\"]\n")
    tree(root, {"Dockerfile": dockerfile, "templates/web/package.json": PACKAGE,
                "templates/web/bun.lock": "{}\n"})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    return [item.message for item in report.findings if item.id == "IG704"]


def test_a_removed_tree_ships_nothing(tmp_path: Path) -> None:
    run = ("cd /workspace/templates/web && bun install --frozen-lockfile "
           "&& rm -rf node_modules")
    assert ig704(tmp_path, run) == []


@pytest.mark.parametrize("run", [
    "cd /workspace/templates/web && bun install --frozen-lockfile",
    "cd /workspace/templates/web && bun install --frozen-lockfile && rm -rf dist",
])
def test_a_kept_tree_still_ships(tmp_path: Path, run: str) -> None:
    [message] = ig704(tmp_path, run)
    assert "2 development dependencies" in message
