"""init's keep comments name the Dockerfile that copies a path when more than one
Dockerfile reads the context (a root Dockerfile and a dev container's, built from "..");
with one, they say "the Dockerfile" as before."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

DEV = {
    ".devcontainer/devcontainer.json": '{\n  "build": {"dockerfile": "Dockerfile", '
                                       '"context": ".."}\n}\n',
    ".devcontainer/Dockerfile": "FROM python:3.12\nCOPY .devcontainer/scripts /opt/scripts\n",
    ".devcontainer/scripts/setup.sh": "echo ready\n",
    "app.py": "print('hello')\n",
}


def _keeps(root: Path) -> list[str]:
    code, out = run_in(root, "init", "--dry-run")
    assert code == 0, out
    return [line for line in out.splitlines() if line.startswith("# keep ")]


def test_the_dockerfile_is_named_when_two_read_the_context(tmp_path: Path) -> None:
    tree(tmp_path, {**DEV, "Dockerfile": "FROM python:3.12-slim\nCOPY app.py /app/\n"})
    assert _keeps(tmp_path) == [
        "# keep .devcontainer/scripts: .devcontainer/Dockerfile copies it "
        "(line 2: .devcontainer/scripts)"
    ]


def test_one_dockerfile_keeps_the_usual_words(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY .devcontainer/scripts /opt/scripts\n",
        ".devcontainer/scripts/setup.sh": "echo ready\n",
    })
    assert _keeps(tmp_path) == [
        "# keep .devcontainer/scripts: the Dockerfile copies it (line 2: .devcontainer/scripts)"
    ]
