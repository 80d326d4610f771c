"""An allow-list (``*``, then ``!/src/``) that gives back a directory where a developer's
machine keeps what ``.gitignore`` lists (``src/web/node_modules`` after ``npm install``):
init's block after the user's lines guards it on a clean checkout too, as it does for a
deny-list, so that ``check`` finds nothing to ask right after ``init``. A gitignore line
for a whole class of names (``.*``) is evidence of no name in particular.
(AOEpeople/meals: init then check failed with IG104 for ``src/Resources/node_modules``.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, sent, tree

from ignoregen.plan.writer import BEGIN

FILES = {
    "Dockerfile": "FROM php:8.3-fpm\nWORKDIR /app\nCOPY composer.json ./\nCOPY . .\n",
    "composer.json": '{"require": {"php": ">=8.2"}}\n',
    "src/Kernel.php": "<?php\n",
    "src/web/package.json": '{"name": "web", "scripts": {"build": "vite build"}}\n',
    "src/web/main.ts": "export {}\n",
    "docs/index.md": "# docs\n",
    ".gitignore": ".*\n!.gitignore\n!.dockerignore\nnode_modules\n",
    ".dockerignore": "# only what the image needs\n*\n!/src/\n!composer.json\n",
}


def _checkout(root: Path) -> Path:
    tree(root, FILES)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _findings(root: Path) -> list[dict[str, object]]:
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    return [item for item in json.loads(output)["findings"]
            if str(item["id"]).startswith("IG1")]


def test_init_guards_what_the_allow_list_gives_back_and_check_agrees(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    code, output = run_in(root, "init")
    assert code == 0, output
    text = (root / ".dockerignore").read_text()
    assert text.startswith(FILES[".dockerignore"])  # the user's lines first, untouched
    assert text.index(BEGIN) > len(FILES[".dockerignore"])
    assert not sent(root, "src/web/node_modules")
    assert sent(root, "src/web/main.ts")
    assert sent(root, "composer.json")
    assert not sent(root, "docs/index.md")  # what the user left out stays out
    assert _findings(root) == []
    # A developer's machine, after npm install there: still nothing to report.
    tree(root, {"src/web/node_modules/vite/index.js": "x\n"})
    assert _findings(root) == []


def test_a_line_for_every_dotfile_is_no_evidence_of_any(tmp_path: Path) -> None:
    """``.*`` lists Next's ``.next`` and ``.netrc`` as well as the editor's files: neither
    init nor check speaks of them for this Vite project."""
    root = _checkout(tmp_path)
    assert run_in(root, "init")[0] == 0
    lines = (root / ".dockerignore").read_text().splitlines()
    for guess in ("**/.next", "**/.nuxt", "**/.netrc", "**/.ssh", "**/.pnpm-store"):
        assert guess not in lines
    (root / ".dockerignore").write_text("*\n!/src/\n!composer.json\n**/node_modules\n")
    assert _findings(root) == []
