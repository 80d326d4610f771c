"""A compose or bake build whose target stage the Dockerfile lacks fails before it reads
anything from its context. init left that whole context alone, so a repository where one
stale definition names a removed stage (gno's autocounterd) got no ignore file for the
builds that work. Such a build needs nothing: it is still reported, and its context is
planned for the other builds that use it; when no other build does, the context is left
alone and init exits 2, as before."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = "FROM alpine AS app\nCOPY src/ /app/\nFROM app AS debug\nCOPY tools/ /tools/\n"
COMPOSE = """services:
  app:
    build:
      context: .
      target: app
  gone:
    build:
      context: .
      target: removed-stage
"""
FILES = {"src/main.py": "x = 1\n", "tools/t.sh": "true\n", "docs/guide.md": "# guide\n",
         ".git/HEAD": "ref: refs/heads/main\n"}


def test_the_other_builds_of_the_context_are_planned(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE, **FILES})
    code, out = run_in(tmp_path, "init")
    assert "target stage 'removed-stage' not found" in out
    assert code == 0
    assert (tmp_path / ".dockerignore").is_file()
    assert sent(tmp_path, "src/main.py")
    assert not sent(tmp_path, ".git/HEAD")


GONE_ONLY = """services:
  gone:
    build:
      context: svc
      target: removed-stage
      dockerfile_inline: |
        FROM alpine AS a
        COPY . /svc/
"""


def test_a_context_only_the_broken_build_uses_is_left_alone(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "compose.yaml": GONE_ONLY,
                    "svc/run.sh": "true\n", "svc/.git/HEAD": "x\n", **FILES})
    code, out = run_in(tmp_path, "init")
    assert "target stage 'removed-stage' not found" in out
    assert (tmp_path / ".dockerignore").is_file()  # docker build . (the Dockerfile by name)
    assert not (tmp_path / "svc/.dockerignore").exists()
    assert code == 0


def test_nothing_else_to_plan_exits_2(tmp_path: Path) -> None:
    tree(tmp_path, {"compose.yaml": GONE_ONLY, "svc/run.sh": "true\n"})
    code, out = run_in(tmp_path, "init")
    assert "target stage 'removed-stage' not found" in out
    assert code == 2
    assert not (tmp_path / "svc/.dockerignore").exists()
