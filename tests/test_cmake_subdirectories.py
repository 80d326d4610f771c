"""The directories a CMake or Meson build file adds stay in the context.

A native extension's top CMakeLists.txt often adds tests/ and docs/ (behind BUILD_TESTING,
which ``include(CTest)`` turns on): ``add_subdirectory(tests)``. init wrote ``tests`` and
``docs`` (base.tests, base.docs) for an image that runs ``cmake -S . -B build`` after
``COPY . .``, and CMake stopped: "add_subdirectory given source "tests" which is not an
existing directory". Meson's ``subdir('tests')`` stops the same way. A test directory the
build files do not add still goes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

CMAKE = """\
cmake_minimum_required(VERSION 3.20)
project(fastmath CXX)
include(CTest)
add_subdirectory(src)
if(BUILD_TESTING)
  ADD_SUBDIRECTORY("${CMAKE_CURRENT_SOURCE_DIR}/tests")
endif()
add_subdirectory(docs EXCLUDE_FROM_ALL)
# add_subdirectory(benchmarks)
"""
MESON = ("project('fastmath', 'cpp')\nsubdir('src')\nif get_option('tests')\n"
         "  subdir('tests')\nendif\n")


@pytest.mark.parametrize(("build_file", "text", "command"), [
    ("CMakeLists.txt", CMAKE, "cmake -S . -B build && cmake --build build"),
    ("meson.build", MESON, "meson setup build && meson compile -C build"),
])
def test_added_directories_stay(tmp_path: Path, build_file: str, text: str, command: str) -> None:
    tree(tmp_path, {
        build_file: text,
        "src/CMakeLists.txt": "add_library(fastmath fm.cpp)\n", "src/meson.build": "",
        "src/fm.cpp": "int fm() { return 1; }\n",
        "tests/CMakeLists.txt": "add_executable(fm_test t.cpp)\n", "tests/meson.build": "",
        "tests/t.cpp": "int main() { return 0; }\n",
        "docs/CMakeLists.txt": "add_custom_target(docs)\n", "docs/index.md": "# fastmath\n",
        "benchmarks/tests/b.cpp": "int main() { return 0; }\n",
        "Dockerfile": (f"FROM gcc:14\nRUN apt-get update && apt-get install -y cmake meson\n"
                       f"WORKDIR /src\nCOPY . .\nRUN {command}\n"),
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "tests/t.cpp")
    assert sent(tmp_path, "tests/CMakeLists.txt")
    assert not sent(tmp_path, "benchmarks/tests/b.cpp")  # added by no build file
    if build_file == "CMakeLists.txt":
        assert sent(tmp_path, "docs/CMakeLists.txt")
