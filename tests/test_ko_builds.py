"""A project whose images ko builds (.ko.yaml): no Docker context, no ignore file read.

kubebuilder scaffolds a .dockerignore ('bin/', 'testbin/'); grafana/grafana-operator builds
its operator with ko (.ko.yaml, Makefile 'ko build') and kept the file. With no Docker build
anywhere, check took the root for a context that something builds and warned that .git was
sent to the builder (IG103, exit 1), about a build that does not exist. Which files say
that a tool builds the images without a context is preset data (``image_builders``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

SCAFFOLD_IGNORE = "# Ignore build and test binaries.\nbin/\ntestbin/\n"


def _repo(root: Path, files: dict[str, str], ko: bool = True) -> Path:
    tree(root, {
        ".dockerignore": SCAFFOLD_IGNORE,
        "go.mod": "module example.com/op\n\ngo 1.22\n",
        "cmd/main.go": "package main\n\nfunc main() {}\n",
        "Makefile": "ko-build:\n\tko build --bare ./cmd\n",
        **({".ko.yaml": "defaultBaseImage: gcr.io/distroless/static:nonroot\n"} if ko else {}),
        **files,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_no_docker_build_no_context_findings(tmp_path: Path) -> None:
    code, output = run_in(_repo(tmp_path, {}), "check")
    assert "IG103" not in output, output
    assert "info IG002 ko builds the images (.ko.yaml)" in output, output
    assert code == 0, output


def test_without_ko_the_root_is_still_checked(tmp_path: Path) -> None:
    code, output = run_in(_repo(tmp_path, {}, ko=False), "check")
    assert "IG103" in output, output
    assert code == 1, output


def test_a_dockerfile_elsewhere_leaves_the_root_file_a_note(tmp_path: Path) -> None:
    example = {"examples/job/Dockerfile": "FROM alpine:3.20\nCOPY run.sh /run.sh\n",
               "examples/job/run.sh": "echo hi\n"}
    code, output = run_in(_repo(tmp_path, example), "check")
    assert "info IG002" in output, output
    assert code == 0, output


def test_a_docker_build_of_the_root_is_checked_as_before(tmp_path: Path) -> None:
    files = {"Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./cmd\n"}
    _, output = run_in(_repo(tmp_path, files), "check")
    assert "IG002" not in output, output
    assert "IG103" in output, output  # COPY . sends .git: the file is read


def test_goreleaser_kos_entries_say_the_same(tmp_path: Path) -> None:
    # GoReleaser's 'kos' section builds the images with ko; no .ko.yaml needed
    config = "version: 2\nkos:\n  - repositories: [ghcr.io/example/op]\n    main: ./cmd\n"
    code, output = run_in(_repo(tmp_path, {".goreleaser.yaml": config}, ko=False), "check")
    assert "IG103" not in output, output
    assert "info IG002 GoReleaser (with ko) builds the images (.goreleaser.yaml kos)" in output
    assert code == 0, output
