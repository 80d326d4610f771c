"""IG702 for Swift, Haskell and Dart: a program built and shipped on the swift, haskell or
dart image ships the whole compiler. The runtime named is the one that runs such a program:
swift's -slim tag of the same release and OS (runtime libraries, no compiler), a Debian
slim for a Haskell binary, scratch plus the dart image's /runtime/ for `dart compile exe`.
Multi-stage builds, tool images and test images are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise


@pytest.mark.parametrize(("dockerfile", "runtime"), [
    ("FROM swift:6.1-noble\nWORKDIR /app\nCOPY . .\nRUN swift build -c release\n"
     "CMD [\".build/release/App\"]\n", "swift:6.1-noble-slim"),
    ("FROM swift:latest\nCOPY . .\nCMD [\"swift\", \"run\", \"App\"]\n", "swift:slim"),
    ("FROM haskell:9.6-slim-bullseye\nWORKDIR /src\nCOPY . .\n"
     "RUN stack build --copy-bins --local-bin-path ./bin\nCMD ./bin/app-exe\n",
     "debian:bullseye-slim"),
    ("FROM haskell:9.6\nCOPY . .\nRUN cabal build\nCMD [\"cabal\", \"run\"]\n",
     "debian:bookworm-slim"),
    ("FROM dart:stable\nWORKDIR /app\nCOPY . .\nRUN dart compile exe bin/server.dart -o bs\n"
     "CMD [\"./bs\"]\n", "scratch"),
    ("FROM dart:stable\nWORKDIR /app\nCOPY . .\nCMD [\"dart\", \"run\", \"bin/server.dart\"]\n",
     "scratch"),
])
def test_a_single_stage_ships_the_toolchain(
    tmp_path: Path, dockerfile: str, runtime: str
) -> None:
    tree(tmp_path, {"Dockerfile": dockerfile})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    found = [item for item in report.findings if item.id == "IG702"]
    assert len(found) == 1
    assert f"; {runtime} runs the result" in found[0].message


@pytest.mark.parametrize("dockerfile", [
    # built on the toolchain, shipped on the runtime
    "FROM swift:6.1-noble AS build\nWORKDIR /app\nCOPY . .\nRUN swift build -c release\n"
    "FROM swift:6.1-noble-slim\nCOPY --from=build /app/.build/release/App /App\n"
    "CMD [\"/App\"]\n",
    "FROM dart:stable AS build\nWORKDIR /app\nCOPY . .\n"
    "RUN dart compile exe bin/server.dart -o /out/server\nFROM scratch\n"
    "COPY --from=build /runtime/ /\nCOPY --from=build /out/server /server\nCMD [\"/server\"]\n",
    # the slim tag is the runtime
    "FROM swift:6.1-slim\nCOPY App /App\nCMD [\"/App\"]\n",
    # a test image, a tool image
    "FROM swift:6.1\nCOPY . .\nCMD [\"swift\", \"test\"]\n",
    "FROM haskell:9.6\nCOPY . .\nRUN stack build\nCMD [\"stack\", \"test\"]\n",
    "FROM dart:3.5-sdk\nRUN dart pub global activate webdev\nENTRYPOINT [\"webdev\"]\n",
])
def test_left_alone(tmp_path: Path, dockerfile: str) -> None:
    tree(tmp_path, {"Dockerfile": dockerfile})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert "IG702" not in {item.id for item in report.findings}
