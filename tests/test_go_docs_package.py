"""A Go project's docs/ that holds swag's generated package (docs/docs.go, which main
imports with ``_ "app/docs"``) is code: init excluded it as documentation (base.docs) and
``go build`` then stopped with "package app/docs is not in std"."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_check_needed import commit, make

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

DOCKERFILE = ("FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd\n"
              "FROM scratch\nCOPY --from=build /app /app\n")
PROJECT = {"go.mod": "module app\n\ngo 1.22\n", "Dockerfile": DOCKERFILE,
           "cmd/main.go": 'package main\n\nimport _ "app/docs"\n\nfunc main() {}\n'}


def _written(root: Path) -> Matcher:
    commit(root)
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Matcher(parse_bytes((root / ".dockerignore").read_bytes(), ".dockerignore"))


def test_swag_docs_package_stays(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, "docs/docs.go": "package docs\n", "docs/swagger.json": "{}\n"})
    assert not _written(tmp_path).decide("docs/docs.go").excluded


def test_a_docs_tree_without_go_code_still_goes(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, "cmd/main.go": "package main\n\nfunc main() {}\n",
                    "docs/guide.md": "# Guide\n"})
    assert _written(tmp_path).decide("docs/guide.md").excluded
