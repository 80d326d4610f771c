"""A composite action's docker/build-push-action step sees the matrix of the job that runs
it: gleam-lang/gleam's .github/actions/build-container builds
'containers/${{ matrix.base-image }}.dockerfile' from the root, for the ten base images its
release-containers workflow lists. The step was skipped (its matrix is not in the action's
file), so each Dockerfile was taken with containers/ as its context and the root, the
context CI really sends, got no ignore file."""

from __future__ import annotations

from pathlib import Path

from ignoregen.build.discover import discover
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

ACTION = """\
name: build
runs:
  using: composite
  steps:
    - uses: docker/build-push-action@v6
      with:
        context: .
        file: containers/${{ matrix.base }}.dockerfile
"""

WORKFLOW = """\
on: release
jobs:
  publish:
    strategy:
      matrix:
        base: [node, node-slim]
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/build-container
"""


def builds(root: Path) -> list[tuple[str, str]]:
    found = discover(root, SKIP, environ={})
    root = root.resolve()
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix()) for b in found.builds)


def layout(root: Path, workflow: str) -> None:
    (root / "containers").mkdir()
    for name in ("node", "node-slim"):
        (root / "containers" / f"{name}.dockerfile").write_text(
            f"FROM {name.replace('-', ':')}\nCOPY tool /bin/tool\n")
    (root / ".github/actions/build-container").mkdir(parents=True)
    (root / ".github/actions/build-container/action.yml").write_text(ACTION)
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/release.yml").write_text(workflow)


def test_the_callers_matrix_names_the_builds(tmp_path: Path) -> None:
    layout(tmp_path, WORKFLOW)
    assert builds(tmp_path) == [("containers/node-slim.dockerfile", "."),
                                ("containers/node.dockerfile", ".")]


def test_an_action_no_job_runs_says_nothing_known(tmp_path: Path) -> None:
    layout(tmp_path, WORKFLOW.replace("./.github/actions/build-container", "./other"))
    assert builds(tmp_path) == [("containers/node-slim.dockerfile", "containers"),
                                ("containers/node.dockerfile", "containers")]
