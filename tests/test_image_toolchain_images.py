"""IG703 on a toolchain base the image does not build with. golangci/golangci-lint's
build/buildx-alpine.Dockerfile copies its prebuilt linter onto golang:1.27-alpine and adds
gcc and musl-dev ("gcc is required to support cgo"): the linter runs go, and go needs a C
compiler for cgo packages. IG702 rightly said nothing (nothing is built there), but IG703
told it to build in a separate stage and drop the tools: the toolchain is the point."""

from __future__ import annotations

from pathlib import Path

from trees import tree

from ignoregen.lint.image import advise

LINTER = ("FROM golang:1.27-alpine\nARG TARGETPLATFORM\nENV GOTOOLCHAIN auto\n"
          "RUN apk --no-cache add gcc musl-dev git mercurial\n"
          "COPY $TARGETPLATFORM/golangci-lint /usr/bin/\nCMD [\"golangci-lint\"]\n")


def _ids(tmp_path: Path, dockerfile: str) -> set[str]:
    tree(tmp_path, {"Dockerfile": dockerfile, "main.go": "package main\nfunc main() {}\n"})
    return {item.id for item in advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile").findings}


def test_a_tool_image_on_the_toolchain_keeps_its_compiler(tmp_path: Path) -> None:
    assert _ids(tmp_path, LINTER) == set()


def test_a_program_built_on_the_toolchain_is_told_by_ig702(tmp_path: Path) -> None:
    dockerfile = ("FROM golang:1.27-alpine\nRUN apk --no-cache add gcc musl-dev\n"
                  "WORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n")
    assert _ids(tmp_path, dockerfile) == {"IG702"}


def test_the_same_tools_on_a_plain_base_are_told(tmp_path: Path) -> None:
    dockerfile = LINTER.replace("FROM golang:1.27-alpine", "FROM alpine:3.22")
    assert _ids(tmp_path, dockerfile) == {"IG703"}
