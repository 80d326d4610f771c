"""A context with one build whose Dockerfile has its own ignore file: BuildKit reads that
file, so init plans and writes it too (commands/init.py ``_plan_context_files``)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner
from trees import tree

from ignoregen.cli import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import read_file
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup

OWN = "# BuildKit reads this file for other/Dockerfile\n/node_modules\n.env\n/build\n"


def _epic(root: Path) -> None:
    # epic-stack: other/Dockerfile, built from the root (fly.toml names the Dockerfile and
    # other/Dockerfile.dockerignore); the final stage ships 'ADD . .'.
    tree(root, {
        "other/Dockerfile": (
            "FROM node:22-slim\nWORKDIR /myapp\nADD package.json package-lock.json ./\n"
            "RUN npm ci\nADD . .\nRUN npm run build\nADD other/litefs.yml /etc/litefs.yml\n"
            'CMD ["npm", "start"]\n'
        ),
        "other/Dockerfile.dockerignore": OWN,
        "other/litefs.yml": "exec: npm start\n",
        "compose.yaml": "services:\n  web:\n    build:\n      context: .\n"
                        "      dockerfile: other/Dockerfile\n",
        "package.json": '{"scripts": {"build": "tsc"}}',
        "package-lock.json": "{}",
        "app/root.ts": "export default 1\n",
        "docs/decisions/001.md": "# why\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })


def _init(root: Path, *args: str) -> int:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["init", *args], catch_exceptions=False).exit_code
    finally:
        os.chdir(cwd)


def _sent(root: Path) -> set[str]:
    rules = read_file(root / "other/Dockerfile.dockerignore", buildkit=True)
    setup = BuildSetup(root, Builder.BUILDKIT, root / "other/Dockerfile", None)
    return {item.path for item in scan_context(setup, rules=rules, collect=Collect.SENT).sent}


def test_the_dockerfiles_own_file_gets_the_block(tmp_path: Path) -> None:
    _epic(tmp_path)
    assert ".git/HEAD" in _sent(tmp_path)
    assert _init(tmp_path) == 0
    text = (tmp_path / "other/Dockerfile.dockerignore").read_text()
    assert text.startswith("# >>> ignoregen")
    assert text.endswith(OWN)  # the user's lines, as they were, after the block
    sent = _sent(tmp_path)
    assert ".git/HEAD" not in sent
    assert "docs/decisions/001.md" not in sent
    assert {"app/root.ts", "package.json", "package-lock.json", "other/litefs.yml"} <= sent
    assert _init(tmp_path, "--check") == 0  # a second run would write the same
