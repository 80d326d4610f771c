"""A Containerfile with a ``.containerignore`` and no file Docker reads is a Podman/Buildah
project: check judges it as Buildah builds it, not as ``docker build -f Containerfile``
would (no ignore file, everything sent), a view nobody in the project has.
kubev2v/migration-planner-ui (Containerfile, .containerignore, built by Konflux with
Buildah) got IG001 'no .dockerignore applies', IG103 and IG104 for Docker beside the
labelled findings for its own file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.discover import Build
from ignoregen.engine.setup import Builder
from ignoregen.lint.podman import builders_for

BUILD = "FROM alpine:3.20\nCOPY . /srv\n"
SECRET = "SESSION_KEY=4e1f9a7c2b8d6e0f3a5c7b9d1e2f4a6c\n"
FILES = {
    "Containerfile": BUILD,
    ".containerignore": "node_modules\n",
    "serve.sh": "exec busybox httpd -f\n",
    ".env": SECRET,
    ".git/HEAD": "ref: refs/heads/main\n",
}


def findings(root: Path) -> list[dict[str, str]]:
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    items: list[dict[str, str]] = json.loads(output)["findings"]
    return items


def test_only_the_file_buildah_reads_is_judged(tmp_path: Path) -> None:
    root = tree(tmp_path, FILES)
    found = findings(root)
    assert sorted(item["id"] for item in found) == ["IG101", "IG103"]
    assert {item["file"] for item in found} == {".containerignore"}
    assert not any(item["message"].startswith("Podman/Buildah: ") for item in found)
    assert not any("Docker" in item["message"] + item["hint"] for item in found)


def test_the_fix_goes_to_the_containerignore(tmp_path: Path) -> None:
    root = tree(tmp_path, FILES)
    run_in(root, "check", "--fix")
    assert not (root / ".dockerignore").exists()
    lines = (root / ".containerignore").read_text().splitlines()
    assert {"**/.env", "**/.git"} <= set(lines)
    assert findings(root) == []


@pytest.mark.parametrize(
    "more",
    [
        {".dockerignore": "node_modules\n"},  # Docker has a file of its own: IG006 compares
        {"Containerfile.dockerignore": "node_modules\n"},
        {"Makefile": "image:\n\tdocker build -f Containerfile -t site .\n"},  # Docker's build
    ],
)
def test_docker_is_still_checked_where_the_project_sets_it_up(
    tmp_path: Path, more: dict[str, str]
) -> None:
    root = tree(tmp_path, {**FILES, **more})
    found = findings(root)
    assert any(not item["file"].endswith(".containerignore") for item in found), found


def test_a_dockerfile_beside_a_containerignore_is_docker_s_too(tmp_path: Path) -> None:
    files = {name: text for name, text in FILES.items() if name != "Containerfile"}
    root = tree(tmp_path, {**files, "Dockerfile": BUILD})
    found = findings(root)
    assert any(item["file"] == "Dockerfile" and item["id"] == "IG001" for item in found)


@pytest.mark.parametrize(
    ("files", "builders"),
    [
        ({"Containerfile": BUILD, ".containerignore": ""}, (Builder.BUILDAH,)),
        ({"Containerfile": BUILD, "Containerfile.containerignore": ""}, (Builder.BUILDAH,)),
        ({"Containerfile": BUILD}, (Builder.BUILDKIT, Builder.BUILDAH)),
        ({"Containerfile": BUILD, ".containerignore": "", ".dockerignore": ""},
         (Builder.BUILDKIT, Builder.BUILDAH)),
    ],
)
def test_builders_for_a_containerfile_found_by_name(
    tmp_path: Path, files: dict[str, str], builders: tuple[Builder, ...]
) -> None:
    root = tree(tmp_path, files)
    build = Build(root, root / "Containerfile", None, "Containerfile")
    assert builders_for(build, None) == builders
    defined = Build(root, root / "Containerfile", None, "compose.yaml: services.web",
                    defined_in=root / "compose.yaml")
    assert Builder.BUILDKIT in builders_for(defined, None)


def test_scan_says_docker_leaves_the_containerignore_unread(tmp_path: Path) -> None:
    root = tree(tmp_path, FILES)
    _, output = run_in(root, "scan")
    assert "ignore file: none (everything is sent)\n" \
        "             (Docker does not read .containerignore: --builder podman reads it)" in output
    _, output = run_in(root, "scan", "--builder", "podman")
    assert "ignore file: .containerignore (1 rules)" in output
    assert "Docker does not read" not in output


@pytest.mark.parametrize("line", [
    "podman build -t site .",  # Buildah takes the Containerfile without -f
    "podman build -f Containerfile -t site .",
])
def test_a_podman_build_line_keeps_it_podman_s(tmp_path: Path, line: str) -> None:
    root = tree(tmp_path, {**FILES, "Makefile": f"image:\n\t{line}\n"})
    found = findings(root)
    assert {item["file"] for item in found} == {".containerignore"}
    assert not any(item["message"].startswith("Podman/Buildah: ") for item in found)


def test_docker_beside_podman_still_counts(tmp_path: Path) -> None:
    root = tree(tmp_path, {**FILES, "Makefile": (
        "image:\n\tpodman build -f Containerfile -t site .\n"
        "docker-image:\n\tdocker build -f Containerfile -t site .\n")})
    found = findings(root)
    assert any(item["file"] == "Containerfile" and item["id"] == "IG001" for item in found)
