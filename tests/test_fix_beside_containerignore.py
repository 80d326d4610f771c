"""A fix of the Docker pass never creates a ``.dockerignore`` of one line beside a
``.containerignore``: Docker would then read that line alone, and the two files would send
different things (IG006). kubev2v/migration-planner-ui keeps its rules in .containerignore
(Podman, Konflux); ``check --fix`` wrote a .dockerignore holding only '**/.git'. (A
Containerfile like its own is now checked for Buildah alone, tests/test_podman_only.py; a
Dockerfile, which ``docker build .`` takes, still gets Docker's pass.)"""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, tree

FILES = {
    "Dockerfile": "FROM alpine:3.20\nCOPY . /app\n",
    ".containerignore": ".git\nnode_modules\n*.log\n",
    "app.sh": "echo hi\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/config": "[core]\n",
}


def test_no_lone_dockerignore_is_written(tmp_path: Path) -> None:
    root = tree(tmp_path, FILES)
    code, output = run_in(root, "check", "--format", "json")
    assert code == 1, output
    vcs = [item for item in json.loads(output)["findings"]
           if item["id"] == "IG103" and item["file"] != ".containerignore"]
    assert vcs, output
    assert vcs[0]["fix"] is None
    assert vcs[0]["hint"].startswith("no safe fix: Docker does not read .containerignore; "
                                     "copy it to .dockerignore first")
    run_in(root, "check", "--fix")
    assert not (root / ".dockerignore").exists()


def test_an_existing_dockerignore_is_still_fixed(tmp_path: Path) -> None:
    root = tree(tmp_path, {**FILES, ".dockerignore": "node_modules\n*.log\n"})
    run_in(root, "check", "--fix")
    assert "**/.git" in (root / ".dockerignore").read_text().splitlines()
