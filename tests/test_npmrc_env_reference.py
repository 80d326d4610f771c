"""An ``.npmrc`` whose token is a reference to an environment variable holds no secret.

npm replaces ``${NAME}`` in ``.npmrc`` values with the variable's value when it reads the
file, so ``//registry.npmjs.org/:_authToken=${NPM_TOKEN}`` is the documented way to keep
the token out of the repository (Netflix/dispatch commits its front end's ``.npmrc`` so).
Calling that file a registry token (IG102) was a false finding, and an error where the
shipped image copies it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.lint.content import secret_content

SHIPS_IT = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"


@pytest.mark.parametrize("line", [
    "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
    "//npm.pkg.github.com/:_authToken = ${GITHUB_TOKEN}",
    '_auth="${NPM_AUTH}"',
    "//registry.example.com/:_password=${REGISTRY_PASSWORD}",
])
def test_a_variable_reference_is_no_token(tmp_path: Path, line: str) -> None:
    path = tmp_path / ".npmrc"
    path.write_text(f"@scope:registry=https://registry.npmjs.org/\n{line}\n")
    assert secret_content(path) is None


@pytest.mark.parametrize("line", [
    "//registry.npmjs.org/:_authToken=npm_0123456789abcdefABCDEF",
    "//registry.npmjs.org/:_authToken=${NPM_TOKEN}x7f3a9",
    "_auth=dXNlcjpwYXNz",
])
def test_a_written_token_still_is(tmp_path: Path, line: str) -> None:
    path = tmp_path / ".npmrc"
    path.write_text(f"{line}\n")
    assert secret_content(path) == "a registry token"


def test_check_leaves_a_referenced_token_alone(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": SHIPS_IT,
        ".dockerignore": "**/node_modules\n",
        "package.json": '{"name": "app", "private": true}\n',
        "package-lock.json": "{}\n",
        ".npmrc": "//registry.npmjs.org/:_authToken=${FORMKIT_TOKEN}\n",
    })
    code, out = run_in(tmp_path, "check", "--format", "json")
    assert code in (0, 1), out
    ids = [item["id"] for item in json.loads(out)["findings"]]
    assert "IG102" not in ids
