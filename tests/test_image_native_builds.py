"""Builds of compiled languages without an image of their own in the data (C and C++ with
make, CMake or a build script; Zig, Swift, Haskell, Dart, Crystal, Nim, Elixir). A shipped
stage with no CMD or ENTRYPOINT that runs one is a build or SDK image: drogon's
docker/ubuntu/Dockerfile installs a compiler and -dev libraries, clones the framework and
runs ./build.sh so that apps can be built FROM it, and IG703 told it to build in a separate
stage. An application stage (it has a CMD) that builds is still told."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

TOOLS = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends "
         "cmake g++ libssl-dev && rm -rf /var/lib/apt/lists/*\n")


@pytest.mark.parametrize("build", [
    "RUN git clone https://example.invalid/fw /fw && cd /fw && ./build.sh",
    "WORKDIR /src\nCOPY . .\nRUN cmake -B out . && cmake --build out && cmake --install out",
    "WORKDIR /src\nCOPY . .\nRUN ./configure --prefix=/usr && make -j4 && make install",
    "WORKDIR /src\nCOPY . .\nRUN zig build -Doptimize=ReleaseSafe",
    "WORKDIR /src\nCOPY . .\nRUN cabal build exe:svc",
    "WORKDIR /src\nCOPY . .\nRUN swift build -c release",
])
def test_an_sdk_image_is_not_judged(tmp_path: Path, build: str) -> None:
    tree(tmp_path, {"Dockerfile": f"{TOOLS}{build}\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert not report.findings
    assert "no CMD or ENTRYPOINT and builds" in report.note


def test_an_application_that_builds_is_told(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": f"{TOOLS}WORKDIR /src\nCOPY . .\n"
                                  "RUN cmake -B out . && cmake --build out\n"
                                  "CMD [\"/src/out/svc\"]\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    messages = [item.message for item in report.findings if item.id == "IG703"]
    assert len(messages) == 1
    assert "builds (cmake --build out)" in messages[0]
