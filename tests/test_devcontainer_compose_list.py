"""A dev container's ``dockerComposeFile`` list is one compose project: the dev container
tools pass each file as a ``-f``, later files merge over earlier ones, and every relative
path is the first file's directory's (the devcontainers "existing docker compose
(extend)" template: ["../docker-compose.yml", "docker-compose.extend.yml"])."""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, sent, tree

FILES = {
    "docker-compose.yml": "services:\n  app:\n    build:\n      context: .\n",
    "Dockerfile": "FROM python:3.12-slim\nCOPY app.py /app/\n",
    "app.py": "print('hello')\n",
    ".devcontainer/devcontainer.json": (
        '{\n  // the app service, with the dev image\n'
        '  "dockerComposeFile": ["../docker-compose.yml", "docker-compose.extend.yml"],\n'
        '  "service": "app",\n}\n'
    ),
    # Its context '.' is the repository root: the first file's directory.
    ".devcontainer/docker-compose.extend.yml": (
        "services:\n  app:\n    build:\n      context: .\n"
        "      dockerfile: .devcontainer/Dockerfile\n"
        "    volumes:\n      - ..:/workspaces:cached\n"
    ),
    ".devcontainer/Dockerfile": (
        "FROM python:3.12\nCOPY .devcontainer/post-create.sh /usr/local/bin/\n"
    ),
    ".devcontainer/post-create.sh": "pip install -e .\n",
}


def test_the_list_is_checked_as_one_project(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    code, out = run_in(tmp_path, "check", "--format", "json")
    assert code in (0, 1), out  # (IG001: the tree has no ignore file)
    document = json.loads(out)
    assert document["contexts"] == ["."]
    assert [item["id"] for item in document["findings"] if item["id"] == "IG005"] == []


def test_init_keeps_what_the_dev_image_copies(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert "skipped" not in out, out
    assert not sent(tmp_path, ".devcontainer/devcontainer.json")
    assert sent(tmp_path, ".devcontainer/post-create.sh")
    assert sent(tmp_path, "app.py")


def test_a_single_file_is_read_by_its_name(tmp_path: Path) -> None:
    # One file: read from its own directory, as before (context '.devcontainer').
    files = {key: value for key, value in FILES.items()
             if not key.startswith(".devcontainer/docker-compose")}
    files[".devcontainer/devcontainer.json"] = (
        '{"dockerComposeFile": "docker-compose.yml", "service": "dev"}\n')
    files[".devcontainer/docker-compose.yml"] = (
        "services:\n  dev:\n    build:\n      context: .\n")
    files[".devcontainer/Dockerfile"] = "FROM python:3.12\nCOPY post-create.sh /usr/local/bin/\n"
    tree(tmp_path, files)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "post-create.sh", ".devcontainer/.dockerignore")
