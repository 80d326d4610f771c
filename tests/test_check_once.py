"""A problem of one Dockerfile is reported once, however many builds use it: chroma's
root Dockerfile, built by three compose files (two of them in examples/, with the context
${PWD}), had its missing COPY source reported three times, word for word."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

SERVICE = "services:\n  server:\n    build:\n      context: .\n      dockerfile: Dockerfile\n"
ABOVE = SERVICE.replace("context: .", "context: ../..")


def test_a_missing_source_is_reported_once(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY ./requirements.txt ./\n"
                      "COPY ./rust-toolchain.toml ./\n",
        "requirements.txt": "x\n",
        ".dockerignore": ".git\n",
        "docker-compose.yml": SERVICE,
        "examples/observability/docker-compose.yml": ABOVE,
        "examples/embeddings/docker-compose.yml": ABOVE,
    })
    code, output = run_in(tmp_path, "check", "--format", "gnu")
    assert code == 1, output
    lines = [line for line in output.splitlines() if "IG202" in line]
    assert len(lines) == 1, output
    assert lines[0].startswith("Dockerfile:3")


def test_two_dockerfiles_each_report_theirs(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY ./gone.txt ./\n",
        "Dockerfile.dev": "FROM python:3.12\nCOPY ./gone.txt ./\n",
        ".dockerignore": ".git\n",
        "docker-compose.yml": "services:\n  a:\n    build: .\n  b:\n    build:\n"
                              "      context: .\n      dockerfile: Dockerfile.dev\n",
    })
    code, output = run_in(tmp_path, "check", "--format", "gnu")
    assert code == 1, output
    assert sorted(line.split(":")[0] for line in output.splitlines() if "IG202" in line) == [
        "Dockerfile", "Dockerfile.dev"]
