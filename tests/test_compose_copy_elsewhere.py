"""A compose file copied byte for byte from another one is checked where its paths exist.

onyx keeps deployment/docker_compose/docker-compose.yml (services build ../../backend and
../../web) and a synced copy of it under cli/internal/deploy/deployfiles/embedded/
docker_compose/, which its Go CLI embeds and writes out for a guided install. check gave
four errors (IG004, "the context ../../backend does not exist; the build fails") for the
copy; it is noted (IG005) now, and a compose file with no twin still fails."""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, tree

COMPOSE = """\
services:
  api:
    build:
      context: ../../backend
      dockerfile: Dockerfile
    ports: ["8080:8080"]
"""


def findings(root: Path) -> list[tuple[str, str]]:
    code, out = run_in(root, "check", "--format", "json")
    assert code in (0, 1), out
    return [(item["id"], item["file"]) for item in json.loads(out)["findings"]
            if item["id"] in ("IG004", "IG005")]


def base(root: Path) -> None:
    tree(root, {
        "backend/Dockerfile": "FROM python:3.12-slim\nCOPY app.py /app.py\n"
                              "CMD [\"python\", \"/app.py\"]\n",
        "backend/app.py": "print('hi')\n",
        "backend/.dockerignore": "**/.git\n",
        "deployment/compose/docker-compose.yml": COMPOSE,
    })


def test_a_synced_copy_is_noted(tmp_path: Path) -> None:
    base(tmp_path)
    tree(tmp_path, {"cli/deployfiles/embedded/compose/docker-compose.yml": COMPOSE})
    assert findings(tmp_path) == [
        ("IG005", "cli/deployfiles/embedded/compose/docker-compose.yml")]


def test_a_file_that_differs_still_fails(tmp_path: Path) -> None:
    base(tmp_path)
    tree(tmp_path, {"cli/deployfiles/embedded/compose/docker-compose.yml":
                    COMPOSE.replace("8080:8080", "9090:8080")})
    assert findings(tmp_path) == [
        ("IG004", "cli/deployfiles/embedded/compose/docker-compose.yml")]
