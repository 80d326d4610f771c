"""What the commands of a Drone or Woodpecker pipeline write into the clone before its build
plugin runs is there when the image is built (build/pipelines.py ``written``).

A pipeline step copies a shared directory next to the app's Dockerfile and fetches a
release binary; the build step (plugins/docker) then builds app/ and the root. A clean
checkout lacks both, and check reported IG202 errors (the build 'fails with not found')
for builds that the pipeline runs without trouble."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_init_exception_scope import init_here
from trees import run_in, sent, tree

from ignoregen.build.workflows import written_by_run

DRONE = """\
kind: pipeline
name: unit
steps:
  - name: test
    image: alpine:3.20
    commands: [echo ok > unit.log]
---
kind: pipeline
name: publish
steps:
  - name: prepare
    image: alpine:3.20
    commands:
      - cp -R shared/ app/shared
      - wget -O agent https://example.invalid/agent
      - echo "MODE=ci" > app/.env
  - name: app
    image: plugins/docker
    settings:
      repo: example/app
      context: app
      dockerfile: app/Dockerfile
  - name: agent
    image: plugins/docker
    settings:
      repo: example/agent
      dockerfile: agent.Dockerfile
"""

WOODPECKER_LINT = """\
steps:
  lint:
    image: alpine:3.20
    directory: app
    commands:
      - cp -R ../shared shared
"""


def _repo(root: Path, files: dict[str, str]) -> Path:
    tree(root, {
        "shared/util.py": "X = 1\n",
        "app/Dockerfile": "FROM python:3.12-slim\nCOPY shared shared/\nCOPY . /srv\n"
                          "RUN test -s /srv/.env\n",
        "app/main.py": "print(1)\n",
        "agent.Dockerfile": "FROM alpine:3.20\nCOPY agent /bin/agent\n",
        **files,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_what_a_drone_step_writes_before_the_build_is_no_missing_source(
        tmp_path: Path) -> None:
    root = _repo(tmp_path, {".drone.yml": DRONE})
    code, output = run_in(root, "check")
    assert "IG202" not in output, output
    assert " error " not in output, output
    assert code == 1, output  # IG001 warnings: no ignore files yet
    assert written_by_run(root / "app", ".env") == ".drone.yml:13"
    init_here(root)
    assert sent(root / "app", ".env")  # the pipeline's own file, which the build reads


def test_a_woodpecker_workflow_without_a_build_does_not_count(tmp_path: Path) -> None:
    root = _repo(tmp_path, {".woodpecker/lint.yaml": WOODPECKER_LINT,
                            ".woodpecker/docker.yaml": (
                                "steps:\n  app:\n    image: woodpeckerci/plugin-docker-buildx\n"
                                "    settings:\n      context: app\n"
                                "      dockerfile: app/Dockerfile\n")})
    # the lint workflow's clone is not the one the image is built from
    code, output = run_in(root, "check")
    assert "IG202 COPY shared" in output, output
    assert code == 1
