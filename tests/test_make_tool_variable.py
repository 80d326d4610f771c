"""A Makefile that names its container program with a variable.

kubebuilder's scaffold writes ``CONTAINER_TOOL ?= docker`` and ``$(CONTAINER_TOOL) build -t
${IMG} .``; prometheus-operator/prometheus-operator's Makefile has ``CONTAINER_CLI ?= docker``
and builds cmd/admission-webhook/Dockerfile with ``-f`` from the root. The build line was not
read: the Dockerfile, found by its name, was checked with its own directory as the context
(IG001 'no .dockerignore applies to context cmd/admission-webhook', a context no build
sends), and init wrote an ignore file there that no build reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.discover import discover

WEBHOOK = (
    "FROM golang:1.22 AS build\n"
    "WORKDIR /src\n"
    "COPY . .\n"
    "RUN go build -o /out/webhook ./cmd/webhook\n"
    "FROM scratch\n"
    "COPY --from=build /out/webhook /webhook\n"
)


def _repo(root: Path, assignment: str, use: str) -> Path:
    tree(root, {
        "Makefile": (
            f"{assignment}\n"
            "IMG ?= example.com/webhook:dev\n"
            "webhook-image:\n"
            f"\t{use} build -t $(IMG) -f cmd/webhook/Dockerfile .\n"
        ),
        ".dockerignore": "**/.git\nbin/\n",
        "go.mod": "module example.com/op\n\ngo 1.22\n",
        "cmd/webhook/main.go": "package main\n\nfunc main() {}\n",
        "cmd/webhook/Dockerfile": WEBHOOK,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.mark.parametrize(("assignment", "use"), [
    ("CONTAINER_TOOL ?= docker", "$(CONTAINER_TOOL)"),
    ("export CONTAINER_CLI := podman  # or docker", "${CONTAINER_CLI}"),
    ("DOCKER = docker", "- $(DOCKER)"),
])
def test_the_build_is_read_with_its_context(
    tmp_path: Path, assignment: str, use: str
) -> None:
    root = _repo(tmp_path, assignment, use).resolve()
    contexts = {(b.dockerfile.relative_to(root).as_posix(), b.context.relative_to(root).as_posix())
                for b in discover(root, frozenset()).builds}
    assert contexts == {("cmd/webhook/Dockerfile", ".")}
    _, output = run_in(root, "check")
    assert "IG001" not in output, output


def test_a_variable_that_holds_something_else_is_not_a_program(tmp_path: Path) -> None:
    root = _repo(tmp_path, "TOOL ?= nerdctl", "$(TOOL)").resolve()
    contexts = {b.context.relative_to(root).as_posix()
                for b in discover(root, frozenset()).builds}
    assert contexts == {"cmd/webhook"}  # found by its name only, as before
