"""IG104's fix names the directory as its category does. Yarn's package cache lives in
``.yarn/cache``: the fix ``**/cache`` takes any directory called ``cache``, the project's
own sources too, once one appears (kubev2v/migration-planner-ui was told to add
``**/cache``; only a ``cache`` directory already there made the hint narrower)."""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, sent, tree

FILES = {
    "package.json": '{"name": "app", "packageManager": "yarn@4.1.0"}\n',
    "yarn.lock": "# yarn lockfile v1\n",
    ".yarnrc.yml": "nodeLinker: node-modules\n",
    "Dockerfile": "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install\n"
    'CMD ["node", "src/main.js"]\n',
    ".dockerignore": "*.log\n",
    ".yarn/cache/left-pad-npm-1.3.0-abc.zip": "zip\n",
    "src/main.js": "require('./cache/store')\n",
    "src/cache/store.js": "module.exports = new Map()\n",
}


def test_the_fix_for_yarns_cache_names_it_with_its_parent(tmp_path: Path) -> None:
    files = {name: text for name, text in FILES.items() if "cache/store" not in name}
    root = tree(tmp_path, {**files, "src/main.js": "console.log(1)\n"})
    code, output = run_in(root, "check", "--format", "json")
    assert code == 1, output
    found = [item for item in json.loads(output)["findings"] if item["id"] == "IG104"]
    assert [edit["text"] for edit in found[0]["fix"]["edits"]] == ["**/.yarn/cache"]
    run_in(root, "check", "--fix")
    tree(root, {"src/cache/store.js": "module.exports = new Map()\n"})  # written later
    assert sent(root, "src/cache/store.js")


def test_beside_a_source_directory_called_cache(tmp_path: Path) -> None:
    root = tree(tmp_path, FILES)
    code, output = run_in(root, "check", "--format", "json")
    assert code == 1, output
    found = [item for item in json.loads(output)["findings"] if item["id"] == "IG104"]
    assert [item["message"].split(":")[0] for item in found] == [".yarn/cache/"]
    assert "'**/.yarn/cache'" in found[0]["hint"]
    assert [edit["text"] for edit in found[0]["fix"]["edits"]] == ["**/.yarn/cache"]
    run_in(root, "check", "--fix")
    assert not sent(root, ".yarn/cache/left-pad-npm-1.3.0-abc.zip")
    assert sent(root, "src/cache/store.js")
