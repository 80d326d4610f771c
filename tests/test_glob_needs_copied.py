"""A glob need keeps only what a build reads: remark42's ``ADD backend`` then ``go test
./...`` needs ``backend/**/*_test.go``, not the ``e2e/`` suite its own ``.dockerignore``
leaves out (init must not warn that the user's ``/e2e/`` breaks the build)."""

from __future__ import annotations

from pathlib import Path

from test_init_user_rules import init, tree

GO_TEST = (
    "FROM golang:1.23\nADD backend /build/backend\nWORKDIR /build/backend\n"
    "RUN cd app && go test ./...\nRUN go build -o /srv/app ./app\n"
)


def test_glob_need_outside_what_is_copied_is_not_protected(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": GO_TEST,
        ".dockerignore": "/.git/\n/e2e/\n",
        "backend/go.mod": "module example.com/b\n\ngo 1.23\n",
        "backend/app/main.go": "package main\n\nfunc main() {}\n",
        "backend/app/main_test.go": "package main\n",
        "e2e/go.mod": "module example.com/e2e\n\ngo 1.23\n",
        "e2e/flow_test.go": "package e2e\n",
    })
    result = init(tmp_path)
    assert result.exit_code == 0, result.output
    assert "e2e/flow_test.go" not in result.output, result.output


def test_glob_need_inside_what_is_copied_is_still_protected(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": GO_TEST,
        ".dockerignore": "/.git/\n**/*_test.go\n",
        "backend/go.mod": "module example.com/b\n\ngo 1.23\n",
        "backend/app/main.go": "package main\n\nfunc main() {}\n",
        "backend/app/main_test.go": "package main\n",
    })
    result = init(tmp_path)
    assert "excludes backend/app/main_test.go, which the build needs" in result.output
