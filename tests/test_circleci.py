"""The builds a CircleCI configuration runs (build/circleci.py): the ``docker build`` lines
of a job's ``run`` steps, in the checkout (or the step's ``working_directory``), and the
files those steps write before the image is built.

A Dockerfile kept in ``docker/`` and built from the root by a CircleCI job was taken with
``docker/`` as its context: ``check`` warned that the root's .dockerignore serves no build
(IG002), the one file the job's build reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_init_exception_scope import init_here
from trees import run_in, sent, tree

from ignoregen.build.discover import discover
from ignoregen.build.workflows import written_by_run

CONFIG = """\
version: 2.1
orbs:
  docker: circleci/docker@2.8.1
jobs:
  image:
    docker:
      - image: cimg/base:stable
    working_directory: ~/app
    steps:
      - checkout
      - setup_remote_docker
      - run: docker build -f docker/Dockerfile -t example/app:latest .
      - run:
          name: web image
          working_directory: web
          command: |
            cd assets
            cd ..
            docker build -t example/web .
      - run: cd tools
      - run: docker build -t example/again --target release .
  parameterised:
    parameters:
      file:
        type: string
    docker:
      - image: cimg/base:stable
    steps:
      - checkout
      - run: docker build -f << parameters.file >> -t example/p .
  elsewhere:
    docker:
      - image: cimg/base:stable
    steps:
      - checkout:
          path: ~/src
      - run: docker build -f ~/src/tools/Dockerfile ~/src/tools
  release:
    docker:
      - image: cimg/base:stable
    steps:
      - checkout
      - run: echo "$DOTENV" | base64 -d > config/.env
      - docker/build:
          image: example/app
workflows:
  main:
    jobs: [image, release]
"""


def _repo(root: Path) -> Path:
    tree(root, {
        "docker/Dockerfile": "FROM python:3.12-slim AS release\nWORKDIR /app\nCOPY . /app\n"
                             "RUN test -s config/.env\n",
        "web/Dockerfile": "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n",
        "web/assets/site.css": "p {}\n",
        "tools/Dockerfile": "FROM alpine:3.20\nCOPY . /tools\n",
        "src/app.py": "print(1)\n",
        ".dockerignore": "node_modules\n",
        ".gitignore": "config/.env\n",
        ".circleci/config.yml": CONFIG,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_run_steps_build(tmp_path: Path) -> None:
    root = _repo(tmp_path).resolve()
    found = discover(root, frozenset())
    rows = sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.target or "",
                   b.origin.split(":")[0] if b.defined_in else "by name")
                  for b in found.builds)
    assert rows == [
        # the root's build reads the root .dockerignore; the cd of one step does not move
        # the next; a parameter in -f, or a checkout elsewhere, is not read
        ("docker/Dockerfile", ".", "", ".circleci/config.yml"),
        ("tools/Dockerfile", "tools", "", "by name"),
        ("web/Dockerfile", "web", "", ".circleci/config.yml"),
    ]


def test_the_root_ignore_file_serves_the_build(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _, output = run_in(root, "check")
    assert "IG002" not in output, output


def test_a_file_the_building_job_writes_is_kept(tmp_path: Path) -> None:
    # the release job builds with the docker orb after it writes config/.env
    root = _repo(tmp_path)
    assert written_by_run(root, "config/.env") == ".circleci/config.yml:43"
    init_here(root)
    assert sent(root, "config/.env")
