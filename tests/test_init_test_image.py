"""An image built from a Dockerfile in the project's test directory keeps the tests.

fluxcd/source-controller: ``make fuzz-build`` runs ``docker build . -f
tests/fuzz/Dockerfile.builder``, which copies ``./`` into an OSS-Fuzz builder image; the
base image's ``compile`` then builds the fuzz targets of ``*_test.go`` with their
``testdata`` and the scripts of ``tests/fuzz/``. init gave that Dockerfile its own ignore
file without ``**/tests``, ``**/*_test.go`` and ``**/testdata``: an image without its fuzz
tests.
"""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher


def _project(root: Path) -> None:
    tree(root, {
        "Makefile": "fuzz-build:\n\tdocker build . --tag fuzz -f tests/fuzz/Dockerfile.builder\n",
        "Dockerfile": ("FROM golang:1.26 AS build\nCOPY go.mod main.go ./\n"
                       "COPY internal/ internal/\nRUN go build -o /app main.go\n"
                       "FROM alpine\nCOPY --from=build /app /app\n"),
        "tests/fuzz/Dockerfile.builder": ("FROM gcr.io/oss-fuzz-base/base-builder-go\n"
                                          "ENV SRC=/src/app\nCOPY ./ $SRC\nWORKDIR $SRC\n"),
        "tests/fuzz/oss_fuzz_prebuild.sh": "go get github.com/AdamKorcz/go-118-fuzz-build\n",
        "go.mod": "module example.com/app\n\ngo 1.26\n",
        "main.go": "package main\n\nfunc main() {}\n",
        "internal/git/git.go": "package git\n",
        "internal/git/git_fuzz_test.go": "package git\n",
        "internal/git/testdata/repo.tar": "x" * 64,
        "pkg/store/store.go": "package store\n",
        "pkg/store/store_test.go": "package store\n",
        "pkg/store/testdata/blob": "y" * 64,
    })


def _sent(ignore_file: Path, paths: list[str]) -> list[str]:
    matcher = Matcher(parse_bytes(ignore_file.read_bytes(), str(ignore_file)))
    excluded = set(matcher.excluded_many(paths))
    return [path for path in paths if path not in excluded]


def test_the_test_image_keeps_its_tests(tmp_path: Path) -> None:
    _project(tmp_path)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    own = tmp_path / "tests/fuzz/Dockerfile.builder.dockerignore"
    ignore_file = own if own.exists() else tmp_path / ".dockerignore"
    wanted = ["tests/fuzz/oss_fuzz_prebuild.sh", "internal/git/git_fuzz_test.go",
              "internal/git/testdata/repo.tar", "pkg/store/store_test.go",
              "pkg/store/testdata/blob"]
    assert _sent(ignore_file, wanted) == wanted, ignore_file.read_text()


def test_a_test_image_that_names_what_it_copies_keeps_that(tmp_path: Path) -> None:
    # Only a COPY of the whole context makes the tests the image's content.
    _project(tmp_path)
    (tmp_path / "tests/fuzz/Dockerfile.builder").write_text(
        "FROM alpine\nCOPY tests/fuzz/oss_fuzz_prebuild.sh /\nCOPY main.go /src/\n")
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    paths = ["tests/fuzz/oss_fuzz_prebuild.sh", "main.go", "pkg/store/store_test.go"]
    assert _sent(tmp_path / ".dockerignore", paths) == paths[:2], out
