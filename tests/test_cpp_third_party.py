"""C and C++ trees vendor libraries under third_party/ (third-party/, 3rdparty/) with their
own build files. fluent/fluent-bit holds lib/nghttp2-*/third-party/mruby/, whose Dockerfile
copies .pre-commit-config.yaml, a file the vendored copy leaves out: check reported that
library's build as failing (IG202, an error) although nothing here builds it. A build
defined in vendored sources is that library's; the sources themselves are compiled by the
project's build and stay in its context, and a host CMake tree (CMakeCache.txt) does not."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, sent, tree

PROJECT = {
    "CMakeLists.txt": "cmake_minimum_required(VERSION 3.20)\nproject(app C)\n"
                      "add_subdirectory(third_party/mylib)\n",
    "src/main.c": "int main(void) { return 0; }\n",
    "third_party/mylib/CMakeLists.txt": "add_library(mylib lib.c)\n",
    "third_party/mylib/lib.c": "int f(void) { return 1; }\n",
    "third_party/mylib/Dockerfile": "FROM ruby:3.3-slim\nWORKDIR /app\n"
                                    "COPY Gemfile .pre-commit-config.yaml ./\nCOPY . .\n"
                                    "CMD [\"ruby\"]\n",
    "third_party/mylib/Gemfile": "source 'https://rubygems.org'\n",
    "third_party/mylib/docker-compose.yml": "services:\n  test:\n    build: .\n",
    "Dockerfile": "FROM gcc:14 AS build\nWORKDIR /src\nCOPY . .\n"
                  "RUN cmake -B out . && cmake --build out\n"
                  "FROM debian:bookworm-slim\nCOPY --from=build /src/out/app /app\n"
                  "CMD [\"/app\"]\n",
    ".dockerignore": "**/.git\n",
}


def committed(root: Path) -> None:
    """A git checkout: check reports a COPY of an untracked or missing file only there."""
    git = ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run([*git, *args], cwd=root, check=True, capture_output=True)


def test_a_vendored_library_build_is_not_this_repositorys(tmp_path: Path) -> None:
    tree(tmp_path, PROJECT)
    committed(tmp_path)
    _, output = run_in(tmp_path, "check", ".")
    assert "third_party/mylib/Dockerfile" not in output, output
    assert "IG202" not in output, output


def test_init_keeps_the_vendored_sources_and_drops_a_host_cmake_tree(tmp_path: Path) -> None:
    tree(tmp_path, {**PROJECT, "build/CMakeCache.txt": "CMAKE_HOME_DIRECTORY:INTERNAL=/home/me\n",
                    "build/CMakeFiles/app.dir/main.c.o": "obj"})
    (tmp_path / ".dockerignore").unlink()
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "third_party/mylib/lib.c")
    assert sent(tmp_path, "third_party/mylib/CMakeLists.txt")
    assert not sent(tmp_path, "build/CMakeCache.txt")
    assert not sent(tmp_path, "build/CMakeFiles/app.dir/main.c.o")


def test_a_library_unpacked_from_its_release_archive(tmp_path: Path) -> None:
    """fluent-bit keeps lib/zstd-1.5.7, lib/wasm-micro-runtime-WAMR-2.4.1, ...: release
    archives whose own Dockerfiles (and .dockerignore files) are theirs. A directory of the
    project's own (lib/own) or an image per version at the root (php-8.2/) stays a build."""
    tree(tmp_path, {
        **PROJECT,
        "lib/zstd-1.5.7/CMakeLists.txt": "project(zstd C)\n",
        "lib/zstd-1.5.7/contrib/docker/Dockerfile": "FROM alpine:3.20\nCOPY missing.txt /x\n"
                                                   "CMD [\"zstd\"]\n",
        "lib/zstd-1.5.7/.dockerignore": "*\n",
        "lib/own/Dockerfile": "FROM alpine:3.20\nCOPY missing.txt /x\nCMD [\"own\"]\n",
        "lib/own/docker-compose.yml": "services:\n  own:\n    build: .\n",
        "php-8.2/Dockerfile": "FROM alpine:3.20\nCOPY missing.txt /x\nCMD [\"php\"]\n",
        "php-8.2/docker-compose.yml": "services:\n  php:\n    build: .\n",
    })
    committed(tmp_path)
    _, output = run_in(tmp_path, "check", ".")
    assert "lib/zstd-1.5.7" not in output, output
    assert "lib/own/Dockerfile" in output, output
    assert "php-8.2/Dockerfile" in output, output
