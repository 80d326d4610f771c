"""A bundler or tsc that a package runner starts is a build step of the shipped stage.

daily-inspiration-bot's image installs with ``yarn``, compiles with ``RUN yarn tsc`` (tsc
of typescript, a devDependency, by its name alone as Yarn runs a dependency's program) and
starts ``node dist/index.js``. No build was seen: IG703 was not made, and IG704's fix said
only "install production-only", which leaves ``yarn tsc`` without tsc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

MANIFEST = {
    "name": "bot",
    "dependencies": {"discord.js": "^14"},
    "devDependencies": {"typescript": "^5", "vite": "^5", "jest": "^29"},
}


def _findings(root: Path, build: str) -> dict[str, str]:
    tree(root, {
        "Dockerfile": ("FROM node:18-alpine\nWORKDIR /app\nCOPY package.json .\nRUN yarn\n"
                       f"COPY . .\nRUN {build}\nCMD node dist/index.js\n"),
        "package.json": json.dumps(MANIFEST), "src/index.ts": "",
    })
    report = advise(root / "Dockerfile", root, "Dockerfile")
    return {item.id: item.hint or "" for item in report.findings}


@pytest.mark.parametrize("build", [
    "yarn tsc", "npx tsc", "pnpm exec tsc -p .", "pnpm vite build", "bunx vite build",
])
def test_a_runner_starting_a_build_tool_builds(tmp_path: Path, build: str) -> None:
    found = _findings(tmp_path, build)
    assert "IG703" in found, found
    assert "if the build needs them" in found["IG704"], found


@pytest.mark.parametrize("build", ["yarn jest --version", "npx vite --version"])
def test_other_programs_are_no_build(tmp_path: Path, build: str) -> None:
    assert "IG703" not in _findings(tmp_path, build)
