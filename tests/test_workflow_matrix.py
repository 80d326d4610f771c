"""A docker/build-push-action step whose file or context names a matrix value builds once
per value: hedgedoc's docker workflow builds '${{ matrix.component }}/docker/Dockerfile'
from the root for backend and frontend. The frontend's Dockerfile (COPY . .) was taken with
frontend/docker as its context, and its needs were left out of the root's ignore file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.build.discover import discover
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

WORKFLOW = """\
jobs:
  build:
    strategy:
      matrix:
        component: {components}
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: ${{{{ matrix.component}}}}/docker/Dockerfile
"""


def builds(root: Path) -> list[tuple[str, str]]:
    found = discover(root, SKIP, environ={})
    root = root.resolve()
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix()) for b in found.builds)


@pytest.mark.parametrize(("components", "expected"), [
    ("[ 'backend', 'frontend' ]",
     [("backend/docker/Dockerfile", "."), ("frontend/docker/Dockerfile", ".")]),
    # Not a plain list: the step says nothing known; each Dockerfile is taken on its own.
    ("${{ fromJSON(needs.setup.outputs.list) }}",
     [("backend/docker/Dockerfile", "backend/docker"),
      ("frontend/docker/Dockerfile", "frontend/docker")]),
])
def test_matrix_values(tmp_path: Path, components: str, expected: list[tuple[str, str]]) -> None:
    for name in ("backend", "frontend"):
        (tmp_path / name / "docker").mkdir(parents=True)
        (tmp_path / name / "docker" / "Dockerfile").write_text("FROM node:20\nCOPY . .\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/docker.yml").write_text(WORKFLOW.format(components=components))
    assert builds(tmp_path) == expected


def test_a_context_outside_the_checkout_is_not_taken(tmp_path: Path) -> None:
    """``context: ..`` builds the directory above the checkout (another repository checked
    out beside it): not this repository's to plan. Before, the step's build was taken as
    given and the directory above the repository was walked and planned."""
    repo = tmp_path / "repo"
    (repo / "docker").mkdir(parents=True)
    (repo / "docker" / "Dockerfile").write_text("FROM node:20\nCOPY . .\n")
    (tmp_path / "Dockerfile").write_text("FROM node:20\nCOPY . .\n")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github/workflows/docker.yml").write_text(
        "jobs:\n  build:\n    steps:\n      - uses: docker/build-push-action@v6\n"
        "        with:\n          context: ..\n          file: docker/Dockerfile\n"
    )
    found = discover(repo, SKIP, environ={})
    assert all(repo.resolve() in (b.context.resolve(), *b.context.resolve().parents)
               for b in found.builds), [str(b.context) for b in found.builds]


COMPOSITE = """\
name: Build Docker Images
runs:
  using: composite
  steps:
    - name: Build
      shell: bash
      working-directory: ${{ github.workspace }}
      run: |
        docker buildx bake \\
          -f docker/docker-bake.hcl \\
          server
"""


def test_composite_action_runs_bake_in_the_checkout(tmp_path: Path) -> None:
    """temporal: .github/actions/build-docker-images/action.yml runs bake from the checkout
    with '-f docker/docker-bake.hcl', whose 'context = "docker"' is the checkout's docker/
    (docker/targets/server.Dockerfile), not docker/docker."""
    (tmp_path / "docker/targets").mkdir(parents=True)
    (tmp_path / "docker/targets/server.Dockerfile").write_text("FROM alpine\nCOPY . /\n")
    (tmp_path / "docker/docker-bake.hcl").write_text(
        'target "server" {\n  context = "docker"\n  dockerfile = "targets/server.Dockerfile"\n}\n')
    (tmp_path / ".github/actions/build-docker-images").mkdir(parents=True)
    (tmp_path / ".github/actions/build-docker-images/action.yml").write_text(COMPOSITE)
    assert builds(tmp_path) == [("docker/targets/server.Dockerfile", "docker")]
    found = discover(tmp_path, SKIP, environ={})
    assert not found.problems


CHECKED_OUT_BELOW = """\
jobs:
  release:
    steps:
      - uses: actions/checkout@v4
        with:
          repository: ${{ github.repository }}
          path: src/github.com/example/app
      - name: Make
        run: |
          docker buildx build ${cache} -f .github/release/Dockerfile -o releases/ .
        working-directory: src/github.com/example/app
      - run: docker build -t x .
"""


def test_a_checkout_path_is_the_repository_root(tmp_path: Path) -> None:
    """containerd's release job checks the repository out at src/github.com/containerd/
    containerd and builds there: the build's context is the repository root, whose
    Dockerfile.dockerignore beside the Dockerfile applies. The step in the workspace
    above the checkout builds nothing of the repository's root."""
    (tmp_path / ".github/release").mkdir(parents=True)
    (tmp_path / ".github/release/Dockerfile").write_text("FROM golang\nCOPY . .\n")
    (tmp_path / ".github/workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/release.yml").write_text(CHECKED_OUT_BELOW)
    assert builds(tmp_path) == [(".github/release/Dockerfile", ".")]


LIST_OF_MAPPINGS = """\
jobs:
  push_to_registry:
    strategy:
      matrix:
        config:
          - { tag: "cpu", dockerfile: ".devops/cpu.Dockerfile", platforms: "linux/amd64,arm64" }
          - { tag: "cuda", dockerfile: ".devops/cuda.Dockerfile", platforms: "linux/amd64" }
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: ${{ matrix.config.dockerfile }}
          target: ${{ matrix.config.%s }}
"""


@pytest.mark.parametrize(("key", "expected"), [
    ("tag", [(".devops/cpu.Dockerfile", "."), (".devops/cuda.Dockerfile", ".")]),
    # A key one entry lacks: the step says nothing known, each Dockerfile is taken alone.
    ("missing", [(".devops/cpu.Dockerfile", ".devops"), (".devops/cuda.Dockerfile", ".devops")]),
])
def test_a_matrix_of_mappings(tmp_path: Path, key: str, expected: list[tuple[str, str]]) -> None:
    """ggml-org/llama.cpp's .github/workflows/docker.yml lists one mapping per image under
    matrix.config and builds 'file: ${{ matrix.config.dockerfile }}' from the root. The
    expression was not read, and .devops/cpu.Dockerfile (COPY . .) was taken with .devops as
    its context: check reported a false IG001 there (no .dockerignore applies)."""
    (tmp_path / ".devops").mkdir()
    for name in ("cpu", "cuda"):
        (tmp_path / ".devops" / f"{name}.Dockerfile").write_text(
            f"FROM ubuntu AS build\nCOPY . .\nFROM build AS {name}\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github/workflows/docker.yml").write_text(LIST_OF_MAPPINGS % key)
    assert builds(tmp_path) == expected
