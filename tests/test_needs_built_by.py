"""A need found in source files counts only for a build that compiles them (``built_by``).

pgcat's root Dockerfile builds Rust with ``COPY . .``; its ``tests/go/setup.go`` embeds a
test configuration with ``//go:embed pgcat.toml``. Taking that for a need of the Rust build
made ``init`` warn about the user's own ``tests/`` line, and wrote an exception that then
re-included nothing (IG403). Its ``Dockerfile.ci`` installs Go but copies nothing: a build
that does not copy the file does not make it a need either.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.build.dockerfile import analyse
from ignoregen.build.needs import find_needs

GO_TESTS = {
    "Cargo.toml": '[package]\nname = "pgcat"\nversion = "1.0.0"\n',
    "src/main.rs": "fn main() {}\n",
    "tests/go/setup.go": 'package main\n\nimport _ "embed"\n\n//go:embed pgcat.toml\n'
                         'var c string\n',
    "tests/go/pgcat.toml": "[general]\n",
}
RUST = "FROM rust:1.81 AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n"
GO = "FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN cd tests/go && go test ./...\n"
CI = "FROM debian\nRUN wget https://go.dev/dl/go1.21.3.linux-amd64.tar.gz\n"


def _needs(root: Path, *dockerfiles: str) -> set[str]:
    names = []
    for index, text in enumerate(dockerfiles):
        name = "Dockerfile" if index == 0 else f"Dockerfile.{index}"
        tree(root, {name: text})
        names.append(name)
    tree(root, GO_TESTS)
    reads = [analyse(root / name) for name in names]
    go_files = ["tests/go/setup.go"]
    return {need.path for need in find_needs(root, reads, (), go_files, root=root)}


@pytest.mark.parametrize(("dockerfiles", "needed"), [
    ((RUST,), False),  # cargo compiles no Go
    ((GO,), True),  # go test compiles the package and embeds the file
    ((RUST, CI), False),  # the build that runs Go copies nothing
    ((RUST, GO), True),
])
def test_go_embed_counts_for_a_build_that_runs_go(
    tmp_path: Path, dockerfiles: tuple[str, ...], needed: bool
) -> None:
    assert ("tests/go/pgcat.toml" in _needs(tmp_path, *dockerfiles)) is needed


def test_rust_include_counts_for_a_build_that_runs_cargo(tmp_path: Path) -> None:
    files = {"tools/gen/src/main.rs": 'const T: &str = include_str!("../t.txt");\n',
             "tools/gen/t.txt": "t\n"}
    tree(tmp_path, files)
    python = "FROM python:3.12\nCOPY . /app\nRUN pip install /app\n"
    rust = "FROM rust:1.81\nCOPY . /app\nRUN cargo install --path /app/tools/gen\n"
    for text, needed in ((python, False), (rust, True)):
        tree(tmp_path, {"Dockerfile": text})
        found = find_needs(tmp_path, [analyse(tmp_path / "Dockerfile")], (), root=tmp_path)
        assert ("tools/gen/t.txt" in {need.path for need in found}) is needed


@pytest.mark.parametrize(("command", "needed"), [
    ("go build -o /bin/app ./cmd/app", False),  # a test file is never compiled by go build
    ("go test ./...", True),
])
def test_what_a_test_file_embeds_counts_for_go_test_only(
    tmp_path: Path, command: str, needed: bool
) -> None:
    """infracost: cmd/infracost/comment_github_test.go embeds a response under testdata/,
    and its image runs go build; init warned that its '**/testdata' line drops a need."""
    tree(tmp_path, {
        "go.mod": "module example.com/app\n",
        "cmd/app/main.go": "package main\n\nfunc main() {}\n",
        "cmd/app/main_test.go": 'package main\n\nimport _ "embed"\n\n'
                                "//go:embed golden/reply.json\nvar reply string\n",
        "cmd/app/golden/reply.json": "{}\n",
        "Dockerfile": f"FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN {command}\n",
    })
    go_files = ["cmd/app/main.go", "cmd/app/main_test.go"]
    found = find_needs(tmp_path, [analyse(tmp_path / "Dockerfile")], (), go_files,
                       root=tmp_path)
    assert ("cmd/app/golden/reply.json" in {need.path for need in found}) is needed
