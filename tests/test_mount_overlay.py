"""A ``RUN`` that binds the context and mounts a stage over one of its directories
(navidrome: ``--mount=type=bind,source=. --mount=from=ui,source=/build,target=./ui/build``)
sees the stage's files there, not the context's; and the directory must exist in the
context: the context's mount is read-only, so BuildKit cannot make the mount point.

Real BuildKit, probed with a shell copied from the host into the image: a bind mount
without a target goes to the working directory; the stage's files win over the
context's; with the directory excluded the build fails ("mkdir .../workspace/ui:
read-only file system"). So the directory is a need (what keeps it: its ``.gitkeep``),
and what the context holds below it is not (no warning on the user's line excluding it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docker_engine import Engine

from ignoregen.build.dockerfile import Overlay, analyse_text
from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher


def overlays(text: str, target: str | None = None) -> list[Overlay]:
    return analyse_text(text, Path("Dockerfile"), target).overlays


@pytest.mark.parametrize(("text", "expected"), [
    # navidrome: no target on the context's mount: the working directory.
    ("FROM golang AS build\nWORKDIR /workspace\n"
     "RUN --mount=type=bind,source=. --mount=from=ui,source=/build,target=./ui/build go build\n",
     [Overlay("ui/build", 3, "ui")]),
    # Absolute targets; a part of the context mounted elsewhere.
    ("FROM golang\nRUN --mount=source=web,target=/src "
     "--mount=from=assets,target=/src/static/dist make\n",
     [Overlay("web/static/dist", 2, "assets")]),
    # The working directory comes from the stage built on; relative WORKDIRs add up.
    ("FROM alpine AS base\nWORKDIR /w\nFROM base\nWORKDIR app\n"
     "RUN --mount=type=bind,target=. --mount=from=base,source=/,target=vendor true\n",
     [Overlay("vendor", 5, "base")]),
])
def test_overlays_found(text: str, expected: list[Overlay]) -> None:
    assert overlays(text) == expected


@pytest.mark.parametrize("text", [
    # An image's own working directory is not known: a relative target says nothing.
    "FROM golang\nRUN --mount=type=bind,source=. --mount=from=ui,target=./ui/build go build\n",
    # The stage's files elsewhere; a cache mount is no stage's files.
    "FROM golang\nWORKDIR /w\nRUN --mount=type=bind,source=. --mount=from=ui,target=/ui go build\n",
    "FROM golang\nWORKDIR /w\nRUN --mount=type=bind,source=. "
    "--mount=type=cache,target=/w/.cache go build\n",
    # The whole bind covered: nothing of the context is seen below it.
    "FROM golang\nWORKDIR /w\nRUN --mount=type=bind,source=. --mount=from=ui,target=/w true\n",
])
def test_no_overlay(text: str) -> None:
    assert overlays(text) == []


def lay(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


NAVIDROME = {
    "go.mod": "module example.com/app\n\ngo 1.22\n",
    "main.go": 'package main\n\nimport _ "example.com/app/ui"\n\nfunc main() {}\n',
    "ui/embed.go": 'package ui\n\nimport "embed"\n\n//go:embed all:build\nvar Assets embed.FS\n',
    "ui/package.json": '{"name": "ui", "scripts": {"build": "vite build"}}',
    "ui/package-lock.json": "{}",
    "ui/src/app.js": "x\n",
    "ui/build/.gitkeep": "",
    "Dockerfile": (
        "FROM node:20 AS ui\nWORKDIR /app\nCOPY ui/ ./\n"
        "RUN npm ci && npm run build -- --outDir=/build\n"
        "FROM golang:1.22 AS build\nWORKDIR /workspace\n"
        "RUN --mount=type=bind,source=. --mount=type=cache,target=/go/pkg/mod go mod download\n"
        "RUN --mount=type=bind,source=. --mount=from=ui,source=/build,target=./ui/build,ro \\\n"
        "    go build -o /out/app .\n"
        "FROM alpine\nCOPY --from=build /out/app /app\n"
    ),
    ".dockerignore": "ui/node_modules\nui/build\n!ui/build/.gitkeep\n",
}


def test_no_warning_on_a_line_excluding_what_a_stage_covers(tmp_path: Path) -> None:
    root = lay(tmp_path, NAVIDROME)
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output  # was: your line 'ui/build' excludes ui/build ...
    assert "kept: ui/build/.gitkeep: a mount point" in result.output
    rules = parse_bytes((root / ".dockerignore").read_bytes(), ".dockerignore")
    assert not Matcher(rules).decide("ui/build/.gitkeep").excluded


def test_without_a_kept_file_the_directory_is_kept_whole(tmp_path: Path) -> None:
    files = {**NAVIDROME, ".dockerignore": "ui/node_modules\n"}
    del files["ui/build/.gitkeep"]
    root = lay(tmp_path, {**files, "ui/build/index.html": "stale\n"})
    result = CliRunner().invoke(cli, ["explain", "-C", str(root), "ui/build"])
    assert result.exit_code == 0, result.output
    assert "a mount point" in result.output


# -- real BuildKit -----------------------------------------------------------------------------

_HOST_SHELL = ("/bin/dash", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2")

DOCKERFILE = """\
FROM scratch AS base
COPY rootfs/ /
FROM scratch AS ui
COPY web/ /build/
FROM base AS build
WORKDIR /workspace
RUN --network=none --mount=type=bind,source=. --mount=from=ui,source=/build,target=./ui/dist,ro \\
    sh -c 'read line < ui/dist/index.html; echo "$line" > /out.txt'
FROM scratch
COPY --from=build /out.txt /
"""


@pytest.mark.docker
@pytest.mark.skipif(not all(os.path.exists(p) for p in _HOST_SHELL),
                    reason="needs the host's dash and glibc to make a shell image")
def test_the_mount_point_survives_init_on_real_buildkit(
    docker_engine: Engine, tmp_path: Path
) -> None:
    # ui/dist is build output that .gitignore lists (only its .gitkeep is committed), so
    # init's '**/dist' is written; without the need, the mount point went with it and
    # BuildKit failed to make it in the read-only context.
    root = lay(tmp_path, {
        "Dockerfile": DOCKERFILE,
        "web/index.html": "from-stage\n",
        "ui/package.json": '{"name": "ui", "scripts": {"build": "vite build"}}',
        "ui/package-lock.json": "{}",
        "ui/dist/.gitkeep": "",
        ".gitignore": "dist/*\n!dist/.gitkeep\nnode_modules\n",
    })
    for source in _HOST_SHELL:
        name = "bin/sh" if source.endswith("dash") else source.lstrip("/")
        (root / "rootfs" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / "rootfs" / name)
        (root / "rootfs" / name).chmod(0o755)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "ui/dist/index.html").write_text("stale, from the developer's machine\n")
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = (root / ".dockerignore").read_text().splitlines()
    assert "**/dist" in lines
    assert "!ui/dist/.gitkeep" in lines
    out = tmp_path / "out"
    proc = docker_engine.run(["build", "-q", "-o", f"type=local,dest={out}", str(root)],
                             check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (out / "out.txt").read_text() == "from-stage\n"
    assert "IG201" not in check(root)
    # The engine's side of it: with the directory gone, the build fails, and check says so.
    (root / ".dockerignore").write_text("**/dist\n")
    proc = docker_engine.run(["build", "--progress=plain", str(root)], check=False)
    assert proc.returncode != 0
    assert b"read-only file system" in proc.stderr
    assert "Dockerfile:7: error IG201 RUN --mount from=ui on ui/dist" in check(root)


def check(root: Path) -> str:
    cwd = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(cli, ["check"], catch_exceptions=False).output
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(("ignore", "reported"), [
    ("ui/build\n", True),
    ("ui\n", True),
    ("ui/build\n!ui/build/.gitkeep\n", False),
    ("ui/build/*\n", False),  # the directory itself stays
    ("ui/node_modules\n", False),
])
def test_check_reports_an_excluded_mount_point(
    tmp_path: Path, ignore: str, reported: bool
) -> None:
    root = lay(tmp_path, {**NAVIDROME, ".dockerignore": ignore})
    output = check(root)
    assert ("IG201 RUN --mount from=ui on ui/build: its mount point is excluded" in output) \
        is reported, output
