"""Go's tests live beside its sources, at any depth (crazy-max/diun).

diun's Dockerfile has a ``test`` stage that runs ``go test ./...`` over a bind mount of
the context, and its bake file builds it. ``init`` kept only a root ``testdata`` for it and
wrote ``**/*_test.go``: the stage then found no test to run. Its
``pkg/dockerfile/client_test.go`` reads ``./fixtures/valid.Dockerfile``, which the Docker
category excludes by name. Those three Dockerfiles are test inputs, not builds: ``init``
wrote a ``.dockerignore`` into the fixture directory and ``check`` warned that none applied
there (IG001).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

TEST_STAGE = (
    "FROM golang:1.22 AS test\nWORKDIR /src\n"
    "RUN --mount=type=bind,target=. go test -v ./...\n"
)
BUILD_ONLY = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd\n"
FILES = {
    "go.mod": "module example.com/app\n",
    "cmd/main.go": "package main\n\nfunc main() {}\n",
    "pkg/parse/parse.go": "package parse\n",
    "pkg/parse/parse_test.go": "package parse\n",
    "pkg/parse/testdata/in.txt": "x\n",
    "pkg/dockerfile/client.go": "package dockerfile\n",
    "pkg/dockerfile/client_test.go":
        'package dockerfile\n\nconst f = "./fixtures/valid.Dockerfile"\n',
    "pkg/dockerfile/fixtures/valid.Dockerfile": "FROM alpine\n",
}


@pytest.mark.parametrize(("dockerfile", "kept"), [(TEST_STAGE, True), (BUILD_ONLY, False)])
def test_go_test_in_the_image_keeps_the_tests(
    tmp_path: Path, dockerfile: str, kept: bool
) -> None:
    make(tmp_path, {**FILES, "Dockerfile": dockerfile})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    for path in ("pkg/parse/parse_test.go", "pkg/parse/testdata/in.txt",
                 "pkg/dockerfile/client_test.go", "pkg/dockerfile/fixtures/valid.Dockerfile"):
        assert (path in sent) is kept, path
    assert "pkg/parse/parse.go" in sent


def test_dockerfiles_in_a_fixtures_directory_are_test_data(tmp_path: Path) -> None:
    make(tmp_path, {**FILES, "Dockerfile": BUILD_ONLY})
    code, out, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert "pkg/dockerfile/fixtures/: 1 build of test data left alone" in out + err
    assert not (tmp_path / "pkg/dockerfile/fixtures/.dockerignore").exists()
    _, out, _ = run("check", "--format", "gnu", cwd=tmp_path)
    assert "fixtures" not in out


@pytest.mark.parametrize(("dockerfile", "kept"), [(TEST_STAGE, True), (BUILD_ONLY, False)])
def test_go_test_keeps_the_sources_of_a_tests_package(
    tmp_path: Path, dockerfile: str, kept: bool
) -> None:
    """docker/buildx: tests/ is a package (bake.go, build.go... beside integration_test.go,
    and tests/workers); init kept only its *_test.go, and 'go test ./...' failed to compile
    it. Without tests in the image, the directory goes as before."""
    make(tmp_path, {
        **FILES, "Dockerfile": dockerfile,
        "tests/integration_test.go": "package tests\n\nvar _ = helper\n",
        "tests/helper.go": "package tests\n\nvar helper = 1\n",
        "tests/workers/docker.go": "package workers\n",
        "internal/test/util.go": "package test\n",
    })
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    for path in ("tests/integration_test.go", "tests/helper.go", "tests/workers/docker.go",
                 "internal/test/util.go"):
        assert (path in sent) is kept, path


@pytest.mark.parametrize("command", [
    # docker/compose's test stage
    "go run gotest.tools/gotestsum@latest --format testname -- -v $(go list ./...)",
    "golangci-lint run ./...",
    # distribution's lint.Dockerfile: options before the command
    'golangci-lint --timeout "${TIMEOUT}" --build-tags "${BUILDTAGS}" run',
])
def test_a_test_runner_or_linter_keeps_the_tests(tmp_path: Path, command: str) -> None:
    """gotestsum runs 'go test' itself; golangci-lint checks the tests with the code. init
    wrote '**/*_test.go' for both: the test stage then ran no test, the lint none of them."""
    stage = f"FROM golang:1.22 AS test\nWORKDIR /src\nRUN --mount=type=bind,target=. {command}\n"
    make(tmp_path, {**FILES, "Dockerfile": stage})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    assert {"pkg/parse/parse_test.go", "pkg/dockerfile/client_test.go",
            "pkg/parse/testdata/in.txt"} <= sent


def test_installing_a_test_runner_runs_no_test(tmp_path: Path) -> None:
    stage = ("FROM golang:1.22\nWORKDIR /src\nRUN go install gotest.tools/gotestsum@v1.12.0"
             " && gotestsum --version\nCOPY . .\nRUN go build -o /app ./cmd\n")
    make(tmp_path, {**FILES, "Dockerfile": stage})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert "pkg/parse/parse_test.go" not in sent_by_buildkit(tmp_path)
