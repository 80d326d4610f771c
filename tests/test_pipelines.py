"""Builds that Woodpecker and Drone pipelines run with a Docker build plugin: woodpecker's
.woodpecker/docker.yaml builds docker/Dockerfile.agent.multiarch (COPY . .) from the root
with plugin-docker-buildx; found by its name alone, it was taken with docker/ as context."""

from __future__ import annotations

from pathlib import Path

from ignoregen.build.discover import discover
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

WOODPECKER = """\
variables:
  - &buildx 'docker.io/woodpeckerci/plugin-docker-buildx:6.1.1'
steps:
  publish-agent:
    image: *buildx
    settings:
      repo: example/agent
      dockerfile: docker/Dockerfile.agent
  publish-web:
    image: woodpeckerci/plugin-docker-buildx
    directory: web
    settings:
      context: .
      dockerfile: Dockerfile
      target: prod
  unknown:
    image: woodpeckerci/plugin-docker-buildx
    settings:
      dockerfile: docker/Dockerfile.${TARGET}
  tests:
    image: golang:1.22
    commands: [go test ./...]
"""
DRONE = """\
kind: pipeline
steps:
  - name: cli
    image: plugins/docker:20
    settings:
      dockerfile: docker/Dockerfile.cli
      context: docker
"""


def test_pipeline_builds(tmp_path: Path) -> None:
    files = {
        "docker/Dockerfile.agent": "FROM golang:1.22\nCOPY . .\n",
        "docker/Dockerfile.cli": "FROM golang:1.22\nCOPY . .\n",
        "web/Dockerfile": "FROM node:20 AS prod\nCOPY . .\n",
        ".woodpecker/docker.yaml": WOODPECKER,
        ".drone.yml": DRONE,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = discover(tmp_path, SKIP, environ={})
    root = tmp_path.resolve()
    rows = sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.target or "", b.defined_in is not None)
                  for b in found.builds)
    assert rows == [
        ("docker/Dockerfile.agent", ".", "", True),
        ("docker/Dockerfile.cli", "docker", "", True),
        ("web/Dockerfile", "web", "", False),  # 'docker build .' there builds the last stage
        ("web/Dockerfile", "web", "prod", True),
    ]


DRONE_PIPELINES = """\
kind: pipeline
name: test
steps:
  - name: unit
    image: golang:1.22
    commands: [go test ./...]
---
kind: pipeline
name: linux-amd64
steps:
  - name: compile
    image: golang:1.22
    commands: [go build -o out/linux/amd64/tool ./cmd/tool]
  - name: publish
    image: plugins/docker@sha256:0123456789abcdef
    settings:
      repo: example/tool
      dockerfile: images/Dockerfile.linux.amd64
---
kind: secret
name: token
"""


def test_drone_pipelines_after_the_first_document(tmp_path: Path) -> None:
    # A .drone.yml holds one pipeline per YAML document; the image is built in the second
    # one from the clone's root (the binary the step before compiles into out/).
    (tmp_path / "images").mkdir()
    (tmp_path / "images/Dockerfile.linux.amd64").write_text(
        "FROM alpine:3.20\nADD out/linux/amd64/tool /bin/\n")
    (tmp_path / ".drone.yml").write_text(DRONE_PIPELINES)
    found = discover(tmp_path, SKIP, environ={})
    root = tmp_path.resolve()
    rows = [(b.dockerfile.relative_to(root).as_posix(), b.context.relative_to(root).as_posix(),
             b.origin) for b in found.builds]
    assert rows == [("images/Dockerfile.linux.amd64", ".", ".drone.yml: linux-amd64: steps.1")]


def test_a_step_that_runs_docker_build_itself(tmp_path: Path) -> None:
    # The host's socket mounted into a docker image: the step's commands build the clone's
    # root with a Dockerfile kept in deploy/ (a cd in the same step moves what follows).
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy/Dockerfile").write_text("FROM alpine:3.20\nCOPY . /src\n")
    (tmp_path / "web").mkdir()
    (tmp_path / "web/Dockerfile").write_text("FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n")
    (tmp_path / ".drone.yml").write_text(
        "kind: pipeline\nsteps:\n  - name: image\n    image: docker:27\n"
        "    volumes: [{name: sock, path: /var/run/docker.sock}]\n"
        "    commands:\n      - docker build -f deploy/Dockerfile -t example/app .\n"
        "      - cd web\n      - docker build -t example/web --target final .\n")
    found = discover(tmp_path, SKIP, environ={})
    root = tmp_path.resolve()
    rows = sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.target or "",
                   b.defined_in is not None) for b in found.builds)
    assert rows == [
        ("deploy/Dockerfile", ".", "", True),
        ("web/Dockerfile", "web", "", False),
        ("web/Dockerfile", "web", "final", True),
    ]
