"""A Makefile's variable lines count only where the goals use them: grafana/loki's
cmd/loki/Dockerfile runs ``make clean && make ... loki``, whose recipes run ``go build``;
its Makefile also says ``GOTEST ?= go test`` for the test goals. Read for every goal, that
line made init keep 1,111 test files as "the tests run inside the image". A variable a
kept recipe uses (directly or through another variable), and one whose value runs a
command (``$(shell git ...)``), still count."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

_MAKEFILE = (
    "GO ?= go\n"
    "GOTEST ?= go test\n"
    "RACE_TEST = $(GOTEST) -race\n"
    "REVISION := $(shell git rev-parse HEAD)\n"
    "\n"
    "app: ## the binary\n"
    "\t$(GO) build -ldflags \"-X main.rev=$(REVISION)\" -o out/app ./cmd/app\n"
    "clean:\n"
    "\trm -rf out\n"
    "test:\n"
    "\t$(GOTEST) ./...\n"
    "race: lint\n"
    "\t$(RACE_TEST) ./...\n"
    "lint:\n"
    "\techo lint\n"
    "flags:\n"
    "\t$(GO) build $($(MODE)_FLAGS) ./...\n"
)


def _init(root: Path, run: str) -> None:
    tree(root, {
        "go.mod": "module example.com/app\n\ngo 1.22\n",
        "Makefile": _MAKEFILE,
        "cmd/app/main.go": "package main\n\nfunc main() {}\n",
        "cmd/app/main_test.go": "package main\n",
        "Dockerfile": f"FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN {run}\n",
    })
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    code, output = run_in(root, "init")
    assert code == 0, output


@pytest.mark.parametrize("run", ["make clean && make BUILD_IN_CONTAINER=false app", "make"])
def test_a_test_runner_variable_the_goals_never_use_runs_nothing(
        tmp_path: Path, run: str) -> None:
    _init(tmp_path, run)
    assert not sent(tmp_path, "cmd/app/main_test.go")
    assert sent(tmp_path, ".git/HEAD")  # $(shell git ...) runs whatever the goal


@pytest.mark.parametrize("run", [
    "make test",
    "make race",  # through RACE_TEST, then GOTEST
    "make flags",  # a computed name: any variable may be the one it expands
])
def test_a_variable_a_goal_uses_still_counts(tmp_path: Path, run: str) -> None:
    _init(tmp_path, run)
    assert sent(tmp_path, "cmd/app/main_test.go")
