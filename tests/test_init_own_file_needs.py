"""A need that the user's shared .dockerignore excludes but that only Dockerfiles with an
ignore file of their own need: BuildKit reads that file for them, not the shared one.

authelia: the root .dockerignore is an allow-list ('*' then '!authelia-linux-*', ...) for
the release image, which copies a prebuilt binary; Dockerfile.dev and Dockerfile.coverage
run go build (embedding templates, locales, migrations) and come with
Dockerfile.dev.dockerignore and Dockerfile.coverage.dockerignore. init warned twenty times
that the user's '*' excludes what 'the build needs' and advised an exception for each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli

FILES = {
    ".dockerignore": "*\n!app-linux\n",
    "Dockerfile": "FROM scratch\nCOPY app-linux /app\n",
    "Dockerfile.dev": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n",
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "main.go": 'package main\n\nimport "embed"\n\n//go:embed templates/*\nvar t embed.FS\n\n'
               "func main() {}\n",
    "templates/page.tmpl": "hello\n",
    "app-linux": "\x7fELF",
}


@pytest.mark.parametrize("own", [True, False])
def test_no_warning_for_a_build_that_reads_its_own_file(
    tmp_path: Path, own: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = {**FILES, **({"Dockerfile.dev.dockerignore": ".git\n"} if own else {})}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warned = "warning: .dockerignore:1: your line '*' excludes templates/page.tmpl"
    assert (warned in result.output) is not own, result.output
    if own:
        assert "only Dockerfile.dev need: BuildKit reads their own ignore files" in result.output


def test_no_warning_for_a_need_a_copy_from_writes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # authelia's Dockerfile.dev: COPY / ./, then the frontend stage's build over
    # internal/server/public_html (go:embed); its own ignore file keeps the host's copy out.
    monkeypatch.chdir(tmp_path)
    files = {
        "Dockerfile": "FROM node:20 AS web\nWORKDIR /w\nCOPY web .\nRUN npm run build\n"
                      "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nCOPY --from=web /w/dist ui/dist\n"
                      "RUN go build -o /app .\n",
        "go.mod": "module example.com/app\n\ngo 1.22\n",
        "main.go": 'package main\n\nimport "embed"\n\n//go:embed ui/dist\nvar ui embed.FS\n\n'
                   "func main() {}\n",
        "ui/dist/index.html": "placeholder\n", "web/package.json": "{}\n",
        ".dockerignore": "ui/dist\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "warning: .dockerignore:1: your line 'ui/dist'" not in result.output, result.output
    assert "which Dockerfile:8 (COPY --from=web) writes over in the image" in result.output
