"""Dockerfiles that GoReleaser builds (build/goreleaser.py): its ``dockers`` and
``dockers_v2`` entries build each in a temporary context holding the binaries it made and
the entry's ``extra_files``, never the repository with its .dockerignore.

A repository with a from-source Dockerfile and an allow-list .dockerignore ('*', '!go.mod',
'!main.go'), plus a release Dockerfile that GoReleaser builds (``COPY mytool``, ``COPY
LICENSE`` from extra_files): found by its name, the release Dockerfile was checked with the
root as its context, and check said the allow-list excluded LICENSE, so that the build
fails (IG201, an error). It never reads that file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover

RELEASE = "FROM alpine:3.20\nCOPY mytool /usr/bin/mytool\nCOPY LICENSE /LICENSE\n"
SOURCE = ("FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod main.go ./\n"
          "RUN go build -o /out/mytool .\nFROM scratch\nCOPY --from=build /out/mytool /mytool\n")


def _config(section: str, dockerfile: str | None) -> str:
    named = f"    dockerfile: {dockerfile}\n" if dockerfile is not None else ""
    return (
        "version: 2\n"
        "builds:\n  - main: .\n"
        f"{section}:\n"
        "  - images: [example/mytool]\n"
        f"{named}"
        "    extra_files:\n      - LICENSE\n"
    )


def _repo(root: Path, files: dict[str, str]) -> Path:
    tree(root, {
        ".dockerignore": "*\n!go.mod\n!main.go\n",
        ".gitignore": "mytool\ndist/\n",
        "go.mod": "module example.com/mytool\n\ngo 1.22\n",
        "main.go": "package main\n\nfunc main() {}\n",
        "LICENSE": "MIT\n",
        **files,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_the_release_dockerfile_is_not_a_build_of_the_root(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"Dockerfile": SOURCE, "release.Dockerfile": RELEASE,
                            ".goreleaser.yaml": _config("dockers", "release.Dockerfile")})
    code, output = run_in(root, "check")
    assert "IG201" not in output, output
    assert ".goreleaser.yaml:6: info IG005 GoReleaser builds release.Dockerfile" in output
    assert code == 0, output
    built = {b.dockerfile.name for b in discover(root.resolve(), frozenset()).builds}
    assert built == {"Dockerfile"}


def test_dockers_v2_and_the_default_dockerfile(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"Dockerfile": RELEASE, "goreleaser.yml": _config("dockers_v2", None)})
    code, output = run_in(root, "check")
    assert "IG201" not in output, output
    assert "IG002" not in output, output  # a developer may build it there too
    assert code == 0, output


def test_a_dockerfile_a_script_builds_too_is_checked(tmp_path: Path) -> None:
    root = _repo(tmp_path, {
        "release.Dockerfile": RELEASE,
        ".goreleaser.yaml": _config("dockers", "release.Dockerfile"),
        "Makefile": "image:\n\tgo build -o mytool .\n\tdocker build -f release.Dockerfile .\n",
    })
    _, output = run_in(root, "check")
    assert "IG201" in output, output  # that build reads the allow-list: LICENSE is out
    assert "IG005" not in output, output


def test_a_templated_dockerfile_is_not_read(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"release.Dockerfile": RELEASE,
                            ".goreleaser.yaml": _config("dockers", "'{{ .Env.DOCKERFILE }}'")})
    _, output = run_in(root, "check")
    assert "IG005" not in output, output  # which file it names is not known


def test_a_configuration_in_the_config_directory_is_read(tmp_path: Path) -> None:
    """kubereboot/kured keeps its configuration in .config/goreleaser.yaml (GoReleaser looks
    there first) with a dockers_v2 entry for the root Dockerfile ('COPY ${TARGETPLATFORM}/kured
    /usr/bin/kured'); its Makefile builds that Dockerfile from dist/docker, never from the
    root. Read only at the root, the configuration went unseen: init planned the root as the
    Dockerfile's context and wrote a .dockerignore with '!*/*/kured' exceptions that no build
    reads."""
    root = _repo(tmp_path, {
        "Dockerfile": "FROM alpine:3.20\nARG TARGETPLATFORM\n"
                      "COPY ${TARGETPLATFORM}/mytool /usr/bin/mytool\n",
        ".config/goreleaser.yaml": _config("dockers_v2", None),
    })
    (root / ".dockerignore").unlink()
    code, output = run_in(root, "check")
    assert ".config/goreleaser.yaml:5: info IG005 GoReleaser builds Dockerfile" in output
    assert "IG001" not in output, output
    assert code == 0, output
    assert discover(root.resolve(), frozenset()).builds == []
    run_in(root, "init")
    assert not (root / ".dockerignore").exists()


def test_init_keeps_the_binary_that_the_root_dockerfile_copies(tmp_path: Path) -> None:
    """knadh/listmonk: GoReleaser builds the root Dockerfile ('COPY listmonk .'), the only
    known build of the root is a dev compose service (dev/app.Dockerfile, context '..', no
    COPY), and 'make dist' leaves the gitignored 'listmonk' binary at the root. init excluded
    it as read by no build (dockerfile.unread), so 'docker build .' there after 'make dist'
    failed. Another gitignored path that nothing copies is still excluded."""
    root = _repo(tmp_path, {
        "Dockerfile": RELEASE,
        ".goreleaser.yml": _config("dockers", None),
        ".gitignore": "mytool\ndist/\nuploads/\n",
        "dev/app.Dockerfile": "FROM golang:1.22\nWORKDIR /app\nCMD [\"go\", \"run\", \".\"]\n",
        "dev/docker-compose.yml": "services:\n  app:\n    build:\n      context: ../\n"
                                  "      dockerfile: dev/app.Dockerfile\n",
    })
    (root / ".dockerignore").unlink()
    tree(root, {"mytool": "\x7fELF\n", "uploads/photo.png": "png\n"})
    code, output = run_in(root, "init")
    assert code == 0, output
    lines = (root / ".dockerignore").read_text().splitlines()
    assert "uploads" in lines
    assert "mytool" not in lines
