"""A docker/build-push-action step may name its context from the workspace:
microcks/microcks' build-container.yml builds ``context: ${{github.workspace}}/webapp`` with
``file: webapp/src/main/docker/Dockerfile`` (``COPY target/*-exec.jar app.jar``, the jar
`mvn package` made). The expression hid the step, so the Dockerfile was taken as built from
its own directory (webapp/src/main/docker): check looked at a context no build sends, and
init wrote an ignore file there that no build reads. The workspace is the checkout, unless
actions/checkout puts it below (its ``path``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

from ignoregen.build.discover import discover
from ignoregen.knowledge.preset import load_presets

PRESETS = load_presets()

DOCKERFILE = "FROM eclipse-temurin:21-jre\nWORKDIR /deployments\nCOPY target/*-exec.jar app.jar\n"


def _workflow(context: str, checkout: str = "",
              file: str = "webapp/src/main/docker/Dockerfile") -> str:
    where = f"\n        with:\n          path: {checkout}" if checkout else ""
    return (
        "name: build-container\non: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n"
        f"    steps:\n      - uses: actions/checkout@v4{where}\n"
        "      - name: Build and push container image for webapp\n"
        "        uses: docker/build-push-action@v6\n        with:\n"
        f"          context: {context}\n          file: {file}\n"
    )


def _contexts(root: Path) -> list[str]:
    root = root.resolve()
    found = discover(root, PRESETS.skip_dirs, script_tables=PRESETS.script_tables)
    return sorted(build.context.relative_to(root).as_posix() for build in found.builds)


@pytest.mark.parametrize(("context", "checkout", "expected"), [
    ("${{github.workspace}}/webapp", "", ["webapp"]),
    ("${{ github.workspace }}/webapp/", "", ["webapp"]),
    # checked out below the workspace: the file is given from there too
    ("${{ github.workspace }}/src/webapp", "src", ["webapp"]),
    # elsewhere than the checkout, or an expression left: the step is not read
    ("${{ github.workspace }}/other/webapp", "src", ["webapp/src/main/docker"]),
    ("${{ github.workspace }}/${{ matrix.dir }}", "", ["webapp/src/main/docker"]),
])
def test_a_context_given_from_the_workspace(
    tmp_path: Path, context: str, checkout: str, expected: list[str]
) -> None:
    tree(tmp_path, {
        ".github/workflows/build-container.yml": _workflow(
            context, checkout,
            "${{ github.workspace }}/src/webapp/src/main/docker/Dockerfile" if checkout
            else "webapp/src/main/docker/Dockerfile"),
        "webapp/pom.xml": "<project><artifactId>microcks-app</artifactId></project>\n",
        "webapp/src/main/docker/Dockerfile": DOCKERFILE,
        "webapp/src/main/java/io/acme/App.java": "package io.acme;\n",
    })
    assert _contexts(tmp_path) == expected


def test_init_writes_the_ignore_file_the_build_reads(tmp_path: Path) -> None:
    tree(tmp_path, {
        ".github/workflows/build-container.yml": _workflow("${{github.workspace}}/webapp"),
        "webapp/pom.xml": "<project><artifactId>microcks-app</artifactId></project>\n",
        "webapp/src/main/docker/Dockerfile": DOCKERFILE,
        "webapp/src/main/java/io/acme/App.java": "package io.acme;\n",
    })
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not (tmp_path / "webapp/src/main/docker/.dockerignore").exists()
    # the file the build reads, written on a clean checkout, sends the jar built later
    assert sent(tmp_path / "webapp", "target/microcks-app-1.14.0-exec.jar")
    assert not sent(tmp_path / "webapp", ".env")
