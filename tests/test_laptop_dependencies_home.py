"""IG104 from a clean checkout names a dependency directory only where a package manager
would install it: beside its manifest. A gitignore line written without a leading '/'
(`node_modules/` at the root, meant for the client directories) says nothing of a
node_modules at the root when the root holds no package.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree


@pytest.mark.parametrize("root_manifest", [False, True])
def test_node_modules_is_looked_for_beside_a_package_json(
    tmp_path: Path, root_manifest: bool
) -> None:
    # AdGuardHome: the root .gitignore lists node_modules/, the front-ends live in client/
    # and client_v2/ (each with its package.json), and docker/frontend.Dockerfile's own
    # ignore file excludes both of their node_modules. CI failed on a warning about a
    # root node_modules that nothing installs.
    files = {
        ".gitignore": "node_modules/\n/dist/\n",
        "Dockerfile": "FROM golang:1.24\nWORKDIR /app\nADD . /app\nRUN go build ./...\n",
        ".dockerignore": "**/.git\n/client/node_modules\n/client_v2/node_modules\n",
        "go.mod": "module example.com/home\n\ngo 1.24\n", "main.go": "package main\n",
        "client/package.json": "{}\n", "client_v2/package.json": "{}\n",
    }
    if root_manifest:
        files["package.json"] = '{"devDependencies": {"prettier": "3"}}\n'
    tree(tmp_path, files)
    code, out = run_in(tmp_path, "check", "--format", "json")
    assert code == (1 if root_manifest else 0), out
    laptop = [item["message"].split(":")[0] for item in json.loads(out)["findings"]
              if item["id"] == "IG104" and item["severity"] == "warning"]
    assert laptop == (["node_modules"] if root_manifest else [])
