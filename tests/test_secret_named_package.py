"""A package of source code named like a secret is not one.

glasskube/glasskube has a Go package pkg/kubeconfig (new.go: it builds a client from the
user's kubeconfig), and its operator's Dockerfile copies pkg/. The kubernetes preset's
'**/kubeconfig' matched the directory: check warned that a secret directory was sent
(IG101, fix: exclude it) and init wrote '**/kubeconfig', taking the package out of the
context. Which suffixes make source is preset data (``[secret_values] source_suffixes``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = (
    "FROM golang:1.22 AS build\n"
    "WORKDIR /src\n"
    "COPY go.mod ./\n"
    "COPY cmd/ cmd/\n"
    "COPY pkg/ pkg/\n"
    "RUN go build -o /out/app ./cmd/app\n"
    "FROM gcr.io/distroless/static\n"
    "COPY --from=build /out/app /app\n"
)


def _repo(root: Path, package: dict[str, str]) -> Path:
    tree(root, {
        "go.mod": "module example.com/app\n\ngo 1.22\n",
        "cmd/app/main.go": "package main\n\nfunc main() {}\n",  # imports nothing of pkg/
        "k8s/kustomization.yaml": "resources: []\n",
        "Dockerfile": DOCKERFILE,
        ".dockerignore": "bin/\n",
        **{f"pkg/kubeconfig/{name}": text for name, text in package.items()},
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


GO_PACKAGE = {
    "load.go": "package kubeconfig\n\n// Load reads the user's kubeconfig.\nfunc Load() {}\n",
    "internal/merge.go": "package internal\n",
}


def test_check_does_not_call_the_package_a_secret(tmp_path: Path) -> None:
    code, output = run_in(_repo(tmp_path, GO_PACKAGE), "check")
    assert "IG101" not in output, output
    assert code == 0, output


def test_init_keeps_the_package(tmp_path: Path) -> None:
    root = _repo(tmp_path, GO_PACKAGE)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "pkg/kubeconfig/load.go"), (root / ".dockerignore").read_text()


def test_a_kubeconfig_directory_of_credentials_stays_a_secret(tmp_path: Path) -> None:
    config = "apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: abc\n"
    _, output = run_in(_repo(tmp_path, {"config": config}), "check")
    assert "IG101" in output, output
    assert "pkg/kubeconfig" in output, output


def test_source_that_holds_a_private_key_stays_a_secret(tmp_path: Path) -> None:
    key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"
    package = {"load.go": f"package kubeconfig\n\nconst key = `{key}`\n"}
    _, output = run_in(_repo(tmp_path, package), "check")
    assert "IG101" in output, output
    assert "pkg/kubeconfig" in output, output
