"""A build whose Dockerfile a tool writes just before it runs: the checkout lacks the
Dockerfile, yet the build reads its context's ignore file.

grafana/grafana-operator's Makefile runs ``docker build -f bundle.Dockerfile ... .`` for
its bundle image; ``make bundle`` (operator-sdk generate bundle) writes that Dockerfile,
which .gitignore lists. The operator image itself is built by ko, and a Dockerfile in
``examples/`` is a build of its own: check said the root's .dockerignore served no build
(IG002, a warning that fails CI)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

MAKEFILE = (
    "BUNDLE_IMG ?= example.com/op-bundle:v0.0.1\n"
    "bundle:\n"
    "\toperator-sdk generate bundle\n"
    "bundle-build:\n"
    "\tdocker build -f bundle.Dockerfile -t $(BUNDLE_IMG) .\n"
)


def _repo(root: Path, makefile: str = MAKEFILE) -> Path:
    tree(root, {
        "Makefile": makefile,
        ".gitignore": "bundle/\nbundle.Dockerfile\nbin/\n",
        ".dockerignore": "bin/\ntestbin/\n",
        "go.mod": "module example.com/op\n",
        "main.go": "package main\n",
        "examples/tool/Dockerfile": "FROM alpine:3.20\nCOPY run.sh /run.sh\n",
        "examples/tool/run.sh": "echo hi\n",
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_the_generated_dockerfile_build_reads_the_root_ignore_file(tmp_path: Path) -> None:
    code, output = run_in(_repo(tmp_path), "check")
    assert "IG002" not in output, output
    assert code == 0, output


def test_a_workflow_step_with_a_generated_dockerfile(tmp_path: Path) -> None:
    root = _repo(tmp_path, "all:\n\tgo build ./...\n")
    tree(root, {".github/workflows/bundle.yml": (
        "on: push\n"
        "jobs:\n"
        "  bundle:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: make bundle\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          context: .\n"
        "          file: bundle.Dockerfile\n"
    )})
    _, output = run_in(root, "check")
    assert "IG002" not in output, output


def test_no_build_of_the_root_still_reported(tmp_path: Path) -> None:
    # Without a build naming the root (only 'go build'), the root's file serves nothing.
    _, output = run_in(_repo(tmp_path, "all:\n\tgo build ./...\n"), "check")
    assert "IG002" in output, output


def test_a_dockerfile_named_by_a_make_variable(tmp_path: Path) -> None:
    """anchore/syft's test/install/Makefile builds its install-test images with
    'docker build -t $(UBUNTU_IMAGE) -f $(ENVS)/Dockerfile-ubuntu-20.04 .' (ENVS=./environments),
    run in test/install, whose .dockerignore ('**') keeps the context empty. The Dockerfile
    named through the variable is not read, but the build still reads that ignore file: check
    called it stray (IG002)."""
    tree(tmp_path, {
        "main.go": "package main\n",
        "tools/install/Makefile": (
            "ENVS=./environments\n"
            "ubuntu:\n"
            "\tdocker build -t install-env:ubuntu -f $(ENVS)/Dockerfile-ubuntu .\n"
        ),
        "tools/install/.dockerignore": "**\n",
        "tools/install/environments/Dockerfile-ubuntu": "FROM ubuntu:24.04\nRUN true\n",
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    _, output = run_in(tmp_path, "check")
    assert "IG002" not in output, output
    # (a directory holding no such build is still named)
    (tmp_path / "tools/install/Makefile").write_text("all:\n\tdocker build -f $(F) missing\n")
    _, output = run_in(tmp_path, "check")
    assert "tools/install/.dockerignore: warning IG002" in output, output
