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


def copied_out(root: Path, mounts: str) -> list[str]:
    dockerfile = (
        "FROM node:22-alpine AS app-builder\nCOPY web /pgadmin4/web\nWORKDIR /pgadmin4/web\n"
        f"RUN {mounts} yarn install && yarn run bundle && rm -rf package.json yarn.lock\n"
        "FROM python:3-alpine\nCOPY --from=app-builder /pgadmin4/web /pgadmin4\n"
        "CMD [\"python\", \"/pgadmin4/pgAdmin4.py\"]\n"
    )
    tree(root, {"Dockerfile": dockerfile, "web/package.json": PACKAGE,
                "web/yarn.lock": "# yarn lockfile v1\n", "web/pgAdmin4.py": "print(1)\n"})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    return [item.message for item in report.findings if item.id == "IG704"]


@pytest.mark.parametrize("mounts", [
    "--mount=type=tmpfs,target=node_modules",
    "--mount=type=cache,target=/pgadmin4/web/node_modules",
    "--mount=type=tmpfs,target=/pgadmin4",
])
def test_a_tree_installed_into_a_mount_ships_nothing(tmp_path: Path, mounts: str) -> None:
    """pgadmin-org/pgadmin4's app-builder stage runs ``yarn install`` and ``yarn run bundle``
    under ``--mount=type=tmpfs,target=node_modules``, and the shipped stage copies
    /pgadmin4/web out of it: the bundle ships, node_modules never reaches a layer. IG704
    said the 61 development dependencies of web/package.json reach the image."""
    assert copied_out(tmp_path, mounts) == []


@pytest.mark.parametrize("mounts", ["", "--mount=type=cache,target=node_modules/.cache"])
def test_a_tree_beside_or_around_a_mount_still_ships(tmp_path: Path, mounts: str) -> None:
    [message] = copied_out(tmp_path, mounts)
    assert "2 development dependencies" in message
