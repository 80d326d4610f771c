"""Podman's and Buildah's build command lines (build/scripts.py ``build_commands``): Buildah
spells its build ``buildah bud`` or ``buildah build``, and both programs build the directory
they run in when no context is given (``buildah bud -f Containerfile -t app`` in a
Makefile); ``--layers`` is a boolean there, not an option that takes the next word."""

from __future__ import annotations

import pytest

from ignoregen.build.scripts import build_commands


@pytest.mark.parametrize(("line", "expected"), [
    ("buildah bud --format docker -f Containerfile -t app", (".", "Containerfile", "buildah")),
    ("buildah build -t app web", ("web", None, "buildah")),
    ("buildah build-using-dockerfile -f ci/Dockerfile .", (".", "ci/Dockerfile", "buildah")),
    ("sudo buildah bud --layers -t app .", (".", None, "buildah")),
    ("podman build --layers -f Containerfile", (".", "Containerfile", "podman")),
    ("cd api && podman build -t api", ("api/.", None, "podman")),
    ("docker build -t app .", (".", None, "docker")),
])
def test_read(line: str, expected: tuple[str, str | None, str]) -> None:
    rows = [(context, dockerfile, tool)
            for _, context, dockerfile, _, tool in build_commands(line)]
    assert rows == [expected]


@pytest.mark.parametrize("line", [
    "docker build -t app",  # Docker needs its context: the line fails as written
    "buildah bud -t app $(CONTEXT_DIR)",  # the unknown word may be the context
    "podman build -t app $EXTRA",
    "buildah --storage-driver vfs bud -t app .",  # a global option before the verb: not read
])
def test_not_read(line: str) -> None:
    assert list(build_commands(line)) == []
