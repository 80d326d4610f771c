"""The builds a Bitbucket pipeline runs (build/bitbucket.py): the ``docker build`` lines of
its steps' scripts, in a clone of the repository, and what those scripts write first.

A Dockerfile kept in ``deploy/`` and built from the root by a pipeline step was taken with
``deploy/`` as its context: the root's .dockerignore, the file the build reads, was said to
serve no build (IG002), and a binary the step downloads before the build was a missing
COPY source (IG202)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover

PIPELINE = """\
image: atlassian/default-image:4
definitions:
  steps:
    - step: &image
        name: Build image
        services: [docker]
        script:
          - curl -fsSL -o agent https://example.invalid/agent
          - docker build -f deploy/Dockerfile -t example/app .
pipelines:
  default:
    - step: *image
  branches:
    main:
      - parallel:
          - step:
              name: Web image
              script:
                - cd web
                - docker build -t example/web --target prod .
          - step:
              name: No clone
              clone:
                enabled: false
              script:
                - docker build -t example/other tools
  custom:
    tagged:
      - stage:
          steps:
            - step:
                name: Tagged image
                script:
                  - docker build -f $BITBUCKET_CLONE_DIR/deploy/Dockerfile -t x:$TAG .
                  - docker build -f $DOCKERFILE -t y .
"""


def _repo(root: Path) -> Path:
    tree(root, {
        "deploy/Dockerfile": "FROM alpine:3.20\nCOPY agent /usr/local/bin/agent\nCOPY . /src\n",
        "src/main.py": "print(1)\n",
        "web/Dockerfile": "FROM node:22 AS prod\nCOPY . /web\n",
        "tools/Dockerfile": "FROM alpine:3.20\nCOPY . /tools\n",
        ".dockerignore": "node_modules\n",
        "bitbucket-pipelines.yml": PIPELINE,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_steps_build(tmp_path: Path) -> None:
    root = _repo(tmp_path).resolve()
    found = discover(root, frozenset())
    rows = sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.target or "",
                   b.origin.split(":")[1].strip() if b.defined_in else "by name")
                  for b in found.builds)
    assert rows == [
        ("deploy/Dockerfile", ".", "", "Build image"),  # once, though two pipelines use it
        ("tools/Dockerfile", "tools", "", "by name"),  # its step has no clone
        ("web/Dockerfile", "web", "", "by name"),  # 'docker build .' there: the last stage
        ("web/Dockerfile", "web", "prod", "Web image"),
    ]


def test_check_reads_the_pipeline(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _, output = run_in(root, "check")
    assert "IG002" not in output, output
    assert "IG202" not in output, output  # the step downloads agent before it builds
