"""Key files an application writes on a developer's machine, by their extension.

writefreely/writefreely: ``writefreely --gen-keys`` writes ``keys/email.aes256``,
``keys/cookies_auth.aes256`` and ``keys/cookies_enc.aes256`` (random bytes that encrypt
e-mail addresses and sign cookies); ``keys/.gitignore`` lists ``*.aes256``. Its Dockerfile
runs ``COPY . .`` and then copies ``keys`` into the shipped stage, so a developer's keys
went into the image. check says so; init excludes them and keeps the directory's other
files (its README), so the build's ``cp -R keys`` still finds the directory."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make, subjects
from trees import run_in, sent

DOCKERFILE = (
    "FROM golang:1.21-alpine AS build\nWORKDIR /src\nCOPY . .\n"
    "RUN go build -o /stage/app . && cp -R keys /stage\n"
    "FROM alpine\nCOPY --from=build /stage /app\n"
)


def test_writefreely_aes256_key_files_are_secrets(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": DOCKERFILE, "go.mod": "module example.com/app\n\ngo 1.21\n",
        "main.go": "package main\n\nfunc main() {}\n",
        "keys/.gitignore": "*.aes256\n", "keys/README.md": "Keys are written here.\n",
    })
    commit(tmp_path)
    (tmp_path / "keys" / "email.aes256").write_bytes(bytes(range(7, 39)))
    (tmp_path / "keys" / "cookies_auth.aes256").write_bytes(bytes(range(40, 72)))
    assert subjects(tmp_path, "IG101") == ["keys/cookies_auth.aes256", "keys/email.aes256"]
    code, _ = run_in(tmp_path, "init")
    assert code == 0
    assert not sent(tmp_path, "keys/email.aes256")
    assert sent(tmp_path, "keys/README.md")
    assert subjects(tmp_path, "IG101") == []
