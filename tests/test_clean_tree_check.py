"""A build that checks the git tree is clean: containerd's release Dockerfile copies the
repository with its .git and runs 'test -z $(git status --porcelain) || exit 1'. Every
tracked file an ignore file excludes shows as deleted there, so the build fails: init must
not write exclusions into that context's ignore file, and check says why it leaves it."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

FILES = {
    "go.mod": "module x\n", "main.go": "package main\n", "main_test.go": "package main\n",
    "README.md": "# x\n", "docs/guide.md": "x\n", ".github/workflows/ci.yml": "on: push\n",
    # another build, which init plans as usual
    "web/Dockerfile": "FROM nginx\nCOPY index.html /usr/share/nginx/html/\n",
    "web/index.html": "<p>x</p>\n", "web/README.md": "x\n",
}
CHECKS = [
    'RUN export OUT=$(git status --porcelain) && test -z "$OUT" || exit 1\n',
    "RUN go generate ./... && git diff --exit-code\n",
    "RUN git -C /src diff-index --quiet HEAD --\n",
]


@pytest.mark.parametrize("check", CHECKS)
def test_init_leaves_a_clean_tree_build_alone(tmp_path: Path, check: str) -> None:
    dockerfile = f"FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build .\n{check}"
    make(tmp_path, {**FILES, "Dockerfile": dockerfile})
    code, out, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert not (tmp_path / ".dockerignore").exists()
    assert (tmp_path / "web/.dockerignore").is_file()
    assert "checks that the git tree is clean" in out + err
    code, out, _ = run("check", "--format", "gnu", cwd=tmp_path)
    assert "Dockerfile:5:1: info: the RUN checks that the git tree is clean" in out
    code, out, _ = run("check", cwd=tmp_path)
    assert "fix: exclude only what git does not track" in out


@pytest.mark.parametrize("run_line", [
    # a version's mark: the build passes (the existing warning)
    'RUN go build -ldflags "-X main.v=$(git describe --dirty --always)" .\n',
    "RUN echo $(git rev-parse HEAD)$(if ! git diff --no-ext-diff --quiet --exit-code; "
    "then echo .m; fi)\n",
    # a pathspec: only those paths count (docker/compose's go.mod validation)
    'RUN git add -A && if [ -n "$(git status --porcelain -- go.mod go.sum)" ]; then exit 1; fi\n',
    # read, not enforced (buildkit's modernize-fix stage)
    "RUN for f in $(git status --porcelain | awk '/^ M/ {print $2}'); do cp $f /out/; done\n",
])
def test_other_uses_of_git_status_are_no_check(tmp_path: Path, run_line: str) -> None:
    dockerfile = f"FROM golang:1.22\nWORKDIR /src\nCOPY . .\n{run_line}"
    make(tmp_path, {**FILES, "Dockerfile": dockerfile})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert "*_test.go" in (tmp_path / ".dockerignore").read_text().splitlines()


def test_a_validated_pathspec_is_kept_whole(tmp_path: Path) -> None:
    """docker/compose's docs-validate stage copies the whole context, stages it, writes the
    generated docs and fails if 'git status --porcelain -- docs/reference' shows a change:
    init excluded docs, so every page showed as deleted."""
    dockerfile = (
        "FROM alpine AS docs-validate\nWORKDIR /src\n"
        "RUN --mount=target=/context --mount=target=.,type=tmpfs <<EOT\n"
        "  set -e\n  rsync -a /context/. .\n  git add -A\n  rm -rf docs/reference/*\n"
        "  cp -rf /out/* ./docs/\n"
        '  if [ -n "$(git status --porcelain -- docs/reference)" ]; then\n'
        "    git status --porcelain -- docs/reference\n    exit 1\n  fi\n"
        "EOT\n"
    )
    make(tmp_path, {**FILES, "docs/reference/compose.md": "x\n",
                    "docs/reference/compose_up.md": "x\n", "Dockerfile": dockerfile})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    assert {"docs/reference/compose.md", "docs/reference/compose_up.md"} <= sent
    assert "docs/guide.md" not in sent
