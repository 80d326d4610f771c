"""A build that lists authors through git reads .mailmap (buildx's authors.Dockerfile).

buildx makes its AUTHORS file in a stage that bind-mounts the context and runs
``git log --format='%aN <%aE>'``; its ``validate`` target fails when the list differs from
the committed file. git maps names and addresses through the work tree's ``.mailmap``:
``init`` kept ``.git`` (git is read) but wrote ``**/.mailmap`` (version-control settings),
so the list came out with the unmapped names and the validation failed. A ``git log`` that
prints only hashes needs no .mailmap.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

AUTHORS = (
    "# syntax=docker/dockerfile:1\n"
    "FROM alpine:3 AS gen\nRUN apk add --no-cache git\nWORKDIR /src\n"
    "RUN --mount=type=bind,target=. <<EOT\n"
    "  set -e\n  mkdir /out\n"
    "  git log --format='%aN <%aE>' | sort -uf > /out/AUTHORS\n"
    "EOT\n"
    "FROM scratch AS update\nCOPY --from=gen /out /\n"
)
SHORTLOG = "FROM alpine:3\nRUN --mount=type=bind,target=. git shortlog -sne HEAD > /credits\n"
HASH_ONLY = (
    "FROM alpine:3\n"
    "RUN --mount=type=bind,target=. git log -1 --format=%H > /revision\n"
)


@pytest.mark.parametrize(("dockerfile", "kept"), [
    (AUTHORS, True), (SHORTLOG, True), (HASH_ONLY, False),
])
def test_author_names_from_git_keep_the_mailmap(
    tmp_path: Path, dockerfile: str, kept: bool
) -> None:
    make(tmp_path, {"Dockerfile": dockerfile, "AUTHORS": "A <a@example.org>\n",
                    ".mailmap": "A <a@example.org> <old@example.org>\n",
                    ".git/HEAD": "ref: refs/heads/main\n", ".git/config": "[core]\n"})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    assert ".git/HEAD" in sent
    assert (".mailmap" in sent) is kept
