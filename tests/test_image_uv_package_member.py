"""``uv sync --package NAME`` installs a workspace member with the member's own groups.

fastapi's full-stack template syncs ``--package app`` from the workspace root (its
pyproject.toml lists ``members = ["backend"]``); the dev group that reaches the image is
backend/pyproject.toml's (pytest, mypy, ruff ...), not the root's (prek, typer). IG704
counts the member's, names its manifest, and says nothing when no member has that name."""

from __future__ import annotations

from pathlib import Path

from trees import tree

from ignoregen.lint.image import advise

ROOT = """\
[dependency-groups]
dev = ["prek>=0.4", "typer>=0.20"]

[tool.uv.workspace]
members = ["backend"]
"""

MEMBER = """\
[project]
name = "app"
version = "0.1.0"
dependencies = ["fastapi>=0.115"]

[dependency-groups]
dev = ["pytest>=8", "mypy>=1.13", "ruff>=0.8"]
"""


def messages(root: Path, package: str) -> list[str]:
    dockerfile = (
        "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.9 /uv /bin/\nWORKDIR /app\n"
        "RUN --mount=type=bind,source=uv.lock,target=uv.lock \\\n"
        "    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n"
        f"    uv sync --frozen --no-install-workspace --package {package}\n"
        "COPY ./backend /app/backend\nCMD [\"fastapi\", \"run\"]\n"
    )
    tree(root, {"pyproject.toml": ROOT, "uv.lock": "", "backend/pyproject.toml": MEMBER,
                "backend/Dockerfile": dockerfile})
    report = advise(root / "backend/Dockerfile", root, "backend/Dockerfile", None)
    return [item.message for item in report.findings if item.id == "IG704"]


def test_the_member_groups_are_counted(tmp_path: Path) -> None:
    [message] = messages(tmp_path, "app")
    assert "the 3 development dependencies declared in backend/pyproject.toml (dev)" in message


def test_an_unknown_member_is_not_judged(tmp_path: Path) -> None:
    assert messages(tmp_path, "worker") == []
