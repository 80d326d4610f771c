"""A RUN that installs make (``apk add make``, ``apt-get install -y make``) does not run
the Makefile: its goals are not the package names that follow, and its variables (a test
runner, ``$(shell git ...)``) say nothing of what the image reads. A RUN that does run make
(``make build``, ``cd app && make``, ``sh -c 'make dist'``) still reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

_MAKEFILE = (
    "GOTEST=gotestsum --format=testname --\n"
    "REVISION := $(shell git rev-parse HEAD)\n\n"
    "build:\n\tgo build -o out/app ./cmd/app\n"
)


def _repo(tmp_path: Path, run: str) -> Path:
    return tree(tmp_path, {
        "go.mod": "module example.com/tools\n\ngo 1.22\n",
        "Makefile": _MAKEFILE,
        "cmd/app/main.go": "package main\n\nfunc main() {}\n",
        "cmd/app/main_test.go": "package main\n",
        "Dockerfile": (
            "FROM golang:1.22-alpine\n"
            f"RUN {run}\n"
            "COPY . /src\n"
        ),
    })


def _init(root: Path) -> None:
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    code, output = run_in(root, "init")
    assert code == 0, output


@pytest.mark.parametrize("run", [
    "apk add --no-cache make git bash",
    "apt-get update && apt-get install -y --no-install-recommends make gcc",
])
def test_installing_make_does_not_run_the_makefile(tmp_path: Path, run: str) -> None:
    root = _repo(tmp_path, run)
    _init(root)
    assert not sent(root, "cmd/app/main_test.go")
    assert not sent(root, ".git/HEAD")


@pytest.mark.parametrize("run", [
    "make build",
    "apk add make && cd /src && make",
    "sh -c 'make build'",
    "make $GOAL",
])
def test_running_make_still_reads_the_makefile(tmp_path: Path, run: str) -> None:
    root = _repo(tmp_path, run)
    _init(root)
    assert sent(root, ".git/HEAD")
