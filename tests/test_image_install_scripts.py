"""IG704's production-only fix and the project's own install scripts.

An install runs the manifest's lifecycle scripts (``prepare``, ``postinstall``). When one
starts a development dependency (``"prepare": "husky install"``, a node-express starter
installing with ``yarn install`` as its image's only dependency step), the production-only
install the fix offers leaves that program out, the script fails and the build with it. The
fix says so, and what to do; a script that tolerates the failure, or an install that runs no
scripts, needs no word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise


def hint(root: Path, install: str, scripts: dict[str, str]) -> str:
    manifest = {"name": "app", "scripts": {"start": "node index.js", **scripts},
                "dependencies": {"express": "^4"},
                "devDependencies": {"husky": "^9", "jest": "^29", "patch-package": "^8"}}
    tree(root, {"Dockerfile": f"FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN {install}\n"
                              'CMD ["node", "index.js"]\n',
                "package.json": json.dumps(manifest), "index.js": ""})
    report = advise(root / "Dockerfile", root, "Dockerfile")
    [found] = [item.hint or "" for item in report.findings if item.id == "IG704"]
    return found


@pytest.mark.parametrize(("install", "scripts", "named"), [
    ("yarn install", {"prepare": "husky install"}, "husky"),
    ("npm ci", {"postinstall": "npx patch-package"}, "patch-package"),
    ("pnpm install", {"prepare": "cd .. && husky"}, "husky"),
])
def test_a_script_that_starts_a_dev_dependency_is_named(
        tmp_path: Path, install: str, scripts: dict[str, str], named: str) -> None:
    found = hint(tmp_path, install, scripts)
    assert f"{named} is a development dependency it leaves out" in found, found
    assert "|| true" in found, found


@pytest.mark.parametrize(("install", "scripts"), [
    ("yarn install", {"prepare": "husky install || true"}),  # tolerates it already
    ("npm ci --ignore-scripts", {"prepare": "husky"}),  # runs no script
    ("npm ci", {"prepare": "node scripts/setup.js"}),  # a program every image has
    ("npm ci", {"test": "jest"}),  # not run by an install
])
def test_no_word_when_nothing_breaks(tmp_path: Path, install: str,
                                     scripts: dict[str, str]) -> None:
    assert "development dependency it leaves out" not in hint(tmp_path, install, scripts)
