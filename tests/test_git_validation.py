"""A build that checks commits reads the git repository (distribution).

distribution's ``dockerfiles/git.Dockerfile`` (bake target ``validate-git``) installs
git-validation in one stage and runs ``git-validation -range "$COMMIT_RANGE"`` over a bind
mount of the context in another: ``init`` wrote ``**/.git`` into its own ignore file and
the check had no repository to read. Installing the tool reads nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

INSTALL = (
    "FROM golang:1.25-alpine AS tool\n"
    'RUN GOBIN=/out go install "github.com/vbatts/git-validation@v1.1.0"\n'
)
VALIDATE = INSTALL + (
    "FROM alpine:3 AS validate\nRUN apk add --no-cache git\nWORKDIR /src\n"
    "RUN --mount=type=bind,target=. \\\n"
    "    --mount=from=tool,source=/out/git-validation,target=/usr/bin/git-validation \\\n"
    '      git-validation -q -range "${COMMIT_RANGE}" -run short-subject\n'
)
ONLY_INSTALL = INSTALL + "FROM scratch\nCOPY --from=tool /out /out\nCOPY main.go /src/\n"


@pytest.mark.parametrize(("dockerfile", "kept"), [(VALIDATE, True), (ONLY_INSTALL, False)])
def test_git_validation_reads_the_repository(
    tmp_path: Path, dockerfile: str, kept: bool
) -> None:
    make(tmp_path, {"Dockerfile": dockerfile, "go.mod": "module x\n",
                    "main.go": "package main\n", ".git/HEAD": "ref: refs/heads/main\n",
                    ".git/config": "[core]\n"})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert (".git/HEAD" in sent_by_buildkit(tmp_path)) is kept
