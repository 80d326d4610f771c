"""A file that compose's top-level ``secrets`` names (``file: db/password.txt``), made on
a developer's machine as Docker's guides say, inside a context whose Dockerfile runs
``COPY . .``: the build sent it into the image, and check said nothing (its name is no
secret file name by itself). The declaration counts now, when the file's name or the
secret's name holds a sensitive word and the file holds more than a stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

COPY_ALL = "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\n"


def compose(name: str, path: str) -> str:
    return ("services:\n  server:\n    build: .\n    secrets:\n      - " + name + "\n"
            "secrets:\n  " + name + ":\n    file: " + path + "\n")


BASE = {"index.js": "console.log(1)\n", ".dockerignore": "**/node_modules\n"}


def test_a_declared_password_file_that_copy_ships_is_an_error(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": COPY_ALL, "compose.yaml": compose("db-password",
                                                                    "db/password.txt"),
                    "db/password.txt": "q7Rt2vX9pL\n", **BASE})
    code, out = run_in(tmp_path, "check", ".")
    assert ".dockerignore: error IG101 db/password.txt: a secret file is sent" in out
    assert "compose.yaml:8 declares it the compose secret 'db-password'" in out
    assert code == 1


@pytest.mark.parametrize(("name", "path", "text"), [
    ("ca_cert", "certs/ca.crt", "not a pem, just text\n"),  # no sensitive word
    ("db-password", "db/password.txt", "changeme\n"),  # a stand-in
    ("db-password", "db/password.txt", ""),
])
def test_no_finding_without_a_secret_in_sight(
    tmp_path: Path, name: str, path: str, text: str
) -> None:
    tree(tmp_path, {"Dockerfile": COPY_ALL, "compose.yaml": compose(name, path), path: text,
                    **BASE})
    _, out = run_in(tmp_path, "check", ".")
    assert "IG101" not in out


def test_not_reported_when_no_copy_takes_it(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM node:22-alpine\nCOPY index.js /app/\n",
                    "compose.yaml": compose("api_token", "api_token.txt"),
                    "api_token.txt": "q7Rt2vX9pL\n", **BASE})
    _, out = run_in(tmp_path, "check", ".")
    assert "error IG101" not in out
