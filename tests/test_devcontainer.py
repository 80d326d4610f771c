"""A dev container definition names a build: its Dockerfile and its context.

microsoft/vscode-python and openai/openai-python: ``.devcontainer/devcontainer.json`` says
``"build": {"dockerfile": "Dockerfile", "context": ".."}``; the Dockerfile copies nothing,
so it was taken for a build of ``.devcontainer/``: init wrote a
``.devcontainer/.dockerignore`` that no build reads, and check called the root's
``.dockerignore`` unused (IG002) although every dev container build reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.devcontainer import strip_jsonc
from ignoregen.build.discover import discover

DEFINITION = """// For format details, see https://aka.ms/devcontainer.json.
{
    "name": "Dev", // a comment, with "quotes"
    /* "image": "mcr.microsoft.com/devcontainers/python:3", */
    "build": {
        "dockerfile": "./Dockerfile",
        "context": "..",
    },
    "postCreateCommand": "bash scripts/setup.sh // not a comment",
}
"""


@pytest.mark.parametrize(("text", "value"), [
    (DEFINITION, {"name": "Dev", "build": {"dockerfile": "./Dockerfile", "context": ".."},
                  "postCreateCommand": "bash scripts/setup.sh // not a comment"}),
    ('{"a": "x\\" /* y */", "b": [1, 2, ], }', {"a": 'x" /* y */', "b": [1, 2]}),
    ('{"a": "http://example.com/x"}', {"a": "http://example.com/x"}),
])
def test_jsonc(text: str, value: object) -> None:
    assert json.loads(strip_jsonc(text)) == value


def _project(root: Path, definition: str, dockerfile: str) -> None:
    tree(root, {
        ".devcontainer/devcontainer.json": definition,
        ".devcontainer/Dockerfile": dockerfile,
        ".dockerignore": "node_modules\n",
        "requirements.txt": "requests\n",
        "src/app.py": "print(1)\n",
        ".env": "API_KEY=1\n",
    })


PLAIN = "FROM mcr.microsoft.com/devcontainers/python:3\nRUN pip install uv\n"


def test_the_build_a_definition_names(tmp_path: Path) -> None:
    _project(tmp_path, DEFINITION, PLAIN)
    builds = discover(tmp_path, frozenset()).builds
    assert [(b.context, b.dockerfile.relative_to(tmp_path).as_posix()) for b in builds] == [
        (tmp_path.resolve(), ".devcontainer/Dockerfile")]


def test_no_ig002_for_the_context_a_dev_container_builds(tmp_path: Path) -> None:
    _project(tmp_path, DEFINITION, PLAIN)
    _, out = run_in(tmp_path, "check")
    assert "IG002" not in out, out


LEGACY = '{"dockerFile": "Dockerfile", "context": "..", "target": "dev"}\n'
"""Legacy keys at the top level; its Dockerfile copies a script below .devcontainer."""
COPIES = ("FROM python:3.12 AS dev\nCOPY requirements.txt /tmp/\n"
          "COPY .devcontainer/setup.sh /tmp/\nRUN sh /tmp/setup.sh\n"
          "FROM dev AS other\nCOPY src /src\n")


@pytest.mark.parametrize(("definition", "dockerfile", "kept"), [
    (DEFINITION, PLAIN, None),
    (LEGACY, COPIES, "!.devcontainer/setup.sh"),
])
def test_init_writes_the_contexts_file(
    tmp_path: Path, definition: str, dockerfile: str, kept: str | None
) -> None:
    _project(tmp_path, definition, dockerfile)
    (tmp_path / ".devcontainer/setup.sh").write_text("pip install -r /tmp/requirements.txt\n")
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not (tmp_path / ".devcontainer/.dockerignore").exists(), out
    written = (tmp_path / ".dockerignore").read_text()
    assert "**/.env" in written, written
    assert kept is None or kept in written, written
    code, out = run_in(tmp_path, "check")
    assert code == 0, out


@pytest.mark.parametrize("definition", [
    '{"image": "mcr.microsoft.com/devcontainers/base:ubuntu"}',
    '{"build": {"dockerfile": "Dockerfile", "context": "${localWorkspaceFolder}"}}',
    '{"build": {"dockerfile": "Dockerfile"',  # broken
    "[1, 2]",
])
def test_a_definition_without_a_known_build(tmp_path: Path, definition: str) -> None:
    _project(tmp_path, definition, PLAIN)
    builds = discover(tmp_path, frozenset()).builds
    # The Dockerfile is found by its name alone, with its own directory as the context.
    assert [b.context for b in builds] == [(tmp_path / ".devcontainer").resolve()]
