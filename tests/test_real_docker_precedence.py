"""Which ignore file applies, and what happens to the Dockerfile and ``.dockerignore``.

Truth tables checked against a real engine: each row is a context, its ignore
files and the Dockerfile's place, with the leaves BuildKit and the classic
builder produce. Every row asserts the engine still behaves as recorded (so
the table documents Docker, not our beliefs) and that ``ignoregen ls`` agrees
with the engine. Builds run from the case directory as ``docker build -f
DOCKERFILE ctx`` (``-f`` relative to the working directory, as users type it).

``FAIL`` means the build fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from docker_engine import (
    BUILDKIT,
    CLASSIC,
    Case,
    Engine,
    Entry,
    Outcome,
    assert_same,
    build_case,
    ignoregen_case,
    materialize,
)

FAIL = None
TABLE = ("table", "engine")


def files(*paths: str) -> tuple[Entry, ...]:
    return tuple(Entry("f", path) for path in paths)


@dataclass(frozen=True)
class Row:
    id: str
    case: Case
    buildkit: tuple[str, ...] | None
    classic: tuple[str, ...] | None
    # A build failure that is not about the ignore file (e.g. the Dockerfile is gone).
    failure: str = ""


ROWS = [
    # --- per-Dockerfile ignore files (BuildKit only) ------------------------------------------
    Row(
        "per-dockerfile-file-replaces-root-file",
        Case(
            files("a", "b"),
            "b\n",
            dockerfile="ctx/Dockerfile",
            files=(("ctx/Dockerfile.dockerignore", "a\n"),),
        ),
        buildkit=(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "b"),
        classic=(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "a"),
    ),
    Row(
        "per-dockerfile-file-with-default-dockerfile",
        Case(
            files("a", "b"),
            "b\n",
            dockerfile="ctx/Dockerfile",
            files=(("ctx/Dockerfile.dockerignore", "a\n"),),
            use_f=False,
        ),
        buildkit=(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "b"),
        classic=(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "a"),
    ),
    Row(
        "per-dockerfile-file-without-root-file",
        Case(
            files("a", "b"),
            None,
            dockerfile="ctx/Dockerfile",
            files=(("ctx/Dockerfile.dockerignore", "a\n"),),
        ),
        buildkit=("Dockerfile", "Dockerfile.dockerignore", "b"),
        classic=("Dockerfile", "Dockerfile.dockerignore", "a", "b"),
    ),
    Row(
        "empty-per-dockerfile-file-masks-root-file",
        Case(
            files("a", "b"),
            "a\n",
            dockerfile="ctx/Dockerfile",
            files=(("ctx/Dockerfile.dockerignore", ""),),
        ),
        buildkit=(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "a", "b"),
        classic=(".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "b"),
    ),
    Row(
        "per-dockerfile-file-beside-dockerfile-in-subdirectory",
        Case(
            files("a", "b"),
            "b\n",
            dockerfile="ctx/sub/app.Dockerfile",
            files=(("ctx/sub/app.Dockerfile.dockerignore", "a\n"),),
        ),
        buildkit=(".dockerignore", "b", "sub/app.Dockerfile", "sub/app.Dockerfile.dockerignore"),
        classic=(".dockerignore", "a", "sub/app.Dockerfile", "sub/app.Dockerfile.dockerignore"),
    ),
    Row(
        "per-dockerfile-file-at-context-root-ignored-for-subdirectory-dockerfile",
        Case(
            files("a", "b"),
            "b\n",
            dockerfile="ctx/sub/app.Dockerfile",
            files=(("ctx/app.Dockerfile.dockerignore", "a\n"),),
        ),
        buildkit=(".dockerignore", "a", "app.Dockerfile.dockerignore", "sub/app.Dockerfile"),
        classic=(".dockerignore", "a", "app.Dockerfile.dockerignore", "sub/app.Dockerfile"),
    ),
    Row(
        "per-dockerfile-file-beside-dockerfile-outside-context",
        Case(
            files("a", "b"),
            "b\n",
            dockerfile="df/app.Dockerfile",
            files=(("df/app.Dockerfile.dockerignore", "a\n"),),
        ),
        buildkit=(".dockerignore", "b"),
        classic=(".dockerignore", "a"),
    ),
    Row(
        "lowercase-dockerfile-uses-lowercase-per-dockerfile-file",
        Case(
            files("a", "b", "c"),
            "c\n",
            dockerfile="ctx/dockerfile",
            files=(
                ("ctx/dockerfile.dockerignore", "a\n"),
                ("ctx/Dockerfile.dockerignore", "b\n"),
            ),
            use_f=False,
        ),
        buildkit=(
            ".dockerignore",
            "Dockerfile.dockerignore",
            "b",
            "c",
            "dockerfile",
            "dockerfile.dockerignore",
        ),
        classic=(
            ".dockerignore",
            "Dockerfile.dockerignore",
            "a",
            "b",
            "dockerfile",
            "dockerfile.dockerignore",
        ),
    ),
    Row(
        "per-dockerfile-file-excludes-itself-and-the-dockerfile",
        Case(
            files("a"),
            None,
            dockerfile="ctx/Dockerfile",
            files=(("ctx/Dockerfile.dockerignore", "Dockerfile\nDockerfile.dockerignore\n"),),
        ),
        buildkit=("a",),
        classic=("Dockerfile", "Dockerfile.dockerignore", "a"),
    ),
    # --- the Dockerfile and .dockerignore excluded by their own rules ---------------------------
    Row(
        "dockerfile-and-dockerignore-exclude-themselves",
        Case(files("a"), "Dockerfile\n.dockerignore\n", dockerfile="ctx/Dockerfile"),
        buildkit=("a",),
        classic=("a",),
    ),
    Row(
        "star-excludes-everything",
        Case(files("a", "sub/b"), "*\n", dockerfile="ctx/Dockerfile"),
        buildkit=(),
        classic=(),
    ),
    Row(
        "star-with-dockerfile-outside-context",
        Case(files("a", "sub/b"), "*\n"),
        buildkit=(),
        classic=(),
    ),
    Row(
        "star-then-exception",
        Case(files("a", "b"), "*\n!a\n", dockerfile="ctx/Dockerfile"),
        buildkit=("a",),
        classic=("a",),
    ),
    Row(
        "star-then-exception-for-the-dockerfile",
        Case(files("a"), "*\n!Dockerfile\n", dockerfile="ctx/Dockerfile"),
        buildkit=("Dockerfile",),
        classic=("Dockerfile",),
    ),
    Row(
        # moby/moby#37700: the daemon deletes the Dockerfile but keeps its directory.
        "excluded-dockerfile-directory-stays-empty-under-classic",
        Case(files("a", "df-1/x", "df-2/y"), "df-*\n", dockerfile="ctx/df-1/Dockerfile"),
        buildkit=(".dockerignore", "a"),
        classic=(".dockerignore", "a", "df-1/"),
    ),
    Row(
        "dockerfile-matched-by-a-glob",
        Case(files("a", "b.df"), "*.df\n", dockerfile="ctx/build.df"),
        buildkit=(".dockerignore", "a"),
        classic=(".dockerignore", "a"),
    ),
    Row(
        "dockerignore-matched-by-dot-star",
        Case(files("a", ".env"), ".*\n", dockerfile="ctx/Dockerfile"),
        buildkit=("Dockerfile", "a"),
        classic=("Dockerfile", "a"),
    ),
    Row(
        "dockerfile-in-excluded-directory-with-an-exception-beside-it",
        Case(files("sub/x", "sub/y"), "sub\n!sub/x\n", dockerfile="ctx/sub/Dockerfile"),
        buildkit=(".dockerignore", "sub/x"),
        classic=(".dockerignore", "sub/x"),
    ),
    Row(
        # docker/for-linux#585: wildcard exceptions do not reach into excluded directories.
        "wildcard-exception-for-the-dockerfile",
        Case(
            files("a", "docker/app/x"),
            "*\n!docker/*/Dockerfile\n",
            dockerfile="ctx/docker/app/Dockerfile",
        ),
        buildkit=("docker/app/Dockerfile",),
        classic=FAIL,
        failure="Cannot locate specified Dockerfile",
    ),
]


@pytest.mark.docker
@pytest.mark.parametrize("builder", [BUILDKIT, CLASSIC])
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_ignore_file_precedence(
    row: Row, builder: str, tmp_path: Path, docker_engine: Engine, ignoregen_cli: None
) -> None:
    materialize(row.case, tmp_path)
    reasons = (row.failure,) if row.failure else ()
    got = build_case(docker_engine, builder, row.case, tmp_path, expect_failure_reasons=reasons)
    rows = row.buildkit if builder == BUILDKIT else row.classic
    recorded = Outcome(None if rows is None else tuple(sorted(p.encode() for p in rows)))
    header = row.case.describe()
    assert_same(recorded, got, f"the engine no longer does what the table says\n{header}", TABLE)
    codes = (1, 2) if row.failure else (2,)  # a failure not about the ignore file: 1 or 2
    assert_same(got, ignoregen_case(row.case, tmp_path, builder, failure_codes=codes), header)
