"""goreleaser-cross's release environment file, ``.release-env``: the image is run with
``--env-file .release-env``, and CI writes the tokens into it (errata-ai/vale: GITHUB_TOKEN
and CHOCOLATEY_API_KEY, .gitignore lists it). On a maintainer's machine ``COPY . /app/``
sent it to the builder and init left it in: a local settings file like ``*.env``."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in, sent

GO_BUILD = "FROM golang:alpine AS build\nCOPY . /app/\nWORKDIR /app\nRUN go build -o /app/tool .\n"


def test_the_release_env_file_is_excluded_when_gitignored(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": GO_BUILD, "go.mod": "module example.com/tool\n",
        "main.go": "package main\n\nfunc main() {}\n", ".gitignore": ".release-env\n",
        "Makefile": "release:\n\tdocker run --env-file .release-env goreleaser-cross release\n",
    })
    commit(tmp_path)
    make(tmp_path, {".release-env": "GITHUB_TOKEN=ghp_notreal\n"})
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, ".release-env")
    assert sent(tmp_path, "main.go")
