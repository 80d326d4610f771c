"""Dockerfile analysis: which context paths each needed stage reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.build.dockerfile import DockerfileError, analyse, expand


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Dockerfile"
    path.write_text(text, encoding="utf-8")
    return path


def paths(tmp_path: Path, text: str, target: str | None = None) -> list[str | None]:
    return [source.path for source in analyse(write(tmp_path, text), target).sources]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("$A/b", "x/b"),
        ("${A}c", "xc"),
        ("${E:-d}", "d"),
        ("${E-d}", ""),
        ("${NOPE:-d}", "d"),
        ("${A:+y}", "y"),
        ("${NOPE:+y}", ""),
        ('"a b"', "a b"),
        ("'$A'", "$A"),
        ('"$A"', "x"),
        ("a\\ b", "a b"),
        ("$NOPE/x", "/x"),  # undeclared: expands to nothing
        ("$U/x", None),  # declared without a value: depends on --build-arg
        ("${U:-d}", None),
        ("${A%x}", None),  # not modelled: unknown, never guessed
    ],
)
def test_expand(word: str, expected: str | None) -> None:
    env: dict[str, str | None] = {"A": "x", "E": "", "U": None}
    assert expand(word, env) == expected


def test_copy_add_and_bind_mounts(tmp_path: Path) -> None:
    text = """\
ARG BASE=python:3.12
ARG APP_DIR=src
FROM $BASE AS deps
ARG APP_DIR
ENV REQ=requirements.txt
COPY $REQ ./
RUN --mount=type=bind,source=constraints.txt,target=/c --mount=type=cache,target=/r pip
FROM deps AS build
COPY ["${APP_DIR}/app", "/app"]
COPY --from=deps /x /y
ARG VERSION
COPY dist/app-${VERSION}.whl /tmp/
ADD https://example.com/x.tgz /x
COPY <<EOT /etc/x
hi
EOT
FROM node:20 AS web
COPY web/ /web/
FROM build AS final
COPY --parents ./services/*/pyproject.toml /app/
ADD --exclude=*.md docs /docs
"""
    reads = analyse(write(tmp_path, text))
    assert reads.target == "final"
    assert [stage.name for stage in reads.stages] == ["deps", "build", "web", "final"]
    assert [(s.instruction, s.line, s.path) for s in reads.sources] == [
        ("COPY", 6, "requirements.txt"),
        ("RUN --mount", 7, "constraints.txt"),
        ("COPY", 9, "src/app"),
        ("COPY", 12, None),
        ("COPY", 20, "services/*/pyproject.toml"),
        ("ADD", 21, "docs"),
    ]
    assert [s.text for s in reads.unknown] == ["dist/app-${VERSION}.whl"]
    assert reads.sources[-1].excludes == ("*.md",)
    assert not reads.whole_context
    assert paths(tmp_path, text, target="web") == ["web"]
    assert paths(tmp_path, text, target="deps") == ["requirements.txt", "constraints.txt"]


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("FROM a\nCOPY . /app\n", True),
        ("FROM a\nCOPY ./ /app\n", True),
        ("FROM a\nCOPY * /app/\n", True),
        ("FROM a\nRUN --mount=type=bind,target=/ctx make\n", True),
        ("FROM a\nCOPY src /app\n", False),
        ("FROM a AS b\nCOPY . /app\nFROM c\nCOPY x /\n", False),  # stage b is not needed
        ("FROM a AS b\nCOPY . /app\nFROM c\nCOPY --from=b /app /\n", True),
    ],
)
def test_whole_context(tmp_path: Path, text: str, whole: bool) -> None:
    assert analyse(write(tmp_path, text)).whole_context is whole


def test_escape_directive_and_lowercase(tmp_path: Path) -> None:
    # The backtick continues the line and escapes inside words; words split on spaces.
    text = "# escape=`\nfrom a\ncopy a`$b c`\n d /x\n"
    assert paths(tmp_path, text) == ["a$b", "c", "d"]


def test_absolute_sources_are_context_relative(tmp_path: Path) -> None:
    assert paths(tmp_path, "FROM a\nCOPY /etc/conf ../x /\n") == ["etc/conf", "../x"]


def test_errors(tmp_path: Path) -> None:
    with pytest.raises(DockerfileError, match="BuildKit's parser rejects it"):
        analyse(write(tmp_path, "FROM a\nCOPY <<EOF /x\n"))
    with pytest.raises(DockerfileError, match="target stage 'nope' not found"):
        analyse(write(tmp_path, "FROM a\n"), "nope")
    with pytest.raises(DockerfileError, match="cannot read"):
        analyse(tmp_path / "missing")


def test_onbuild_is_noted(tmp_path: Path) -> None:
    reads = analyse(write(tmp_path, "FROM a\nONBUILD COPY . /app\n"))
    assert reads.sources == []
    assert "ONBUILD" in reads.notes[0]


@pytest.mark.parametrize(
    ("text", "path", "covered"),
    [
        ("COPY src /app", "src/a/b.py", True),
        ("COPY src /app", "srcs/a.py", False),
        ("COPY *.toml /app/", "pyproject.toml", True),
        ("COPY *.toml /app/", "sub/pyproject.toml", False),
        ("COPY services/*/package.json /app/", "services/api/package.json", True),
        ("COPY services/*/package.json /app/", "services/api/src/x.js", False),
        ("ARG V\nCOPY dist/app-${V}.whl /tmp/", "dist/app-1.0.whl", True),  # unknown -> glob
        ("ARG V\nCOPY dist/app-${V}.whl /tmp/", "dist/other.whl", False),
        ("ARG D\nCOPY $D /app", "anything/at/all", True),
        ("COPY . /app", "anything/at/all", True),
    ],
)
def test_source_covers(tmp_path: Path, text: str, path: str, covered: bool) -> None:
    reads = analyse(write(tmp_path, "FROM a\n" + text + "\n"))
    assert any(source.covers(path) for source in reads.sources) is covered


def test_run_commands_of_the_needed_stages(tmp_path: Path) -> None:
    text = "FROM a AS test\nRUN pytest\nFROM b\nRUN <<EOF\nmake\nEOF\n"
    assert analyse(write(tmp_path, text)).runs == [(4, "<<EOFmake\n")]
    assert analyse(write(tmp_path, text), "test").runs == [(2, "pytest")]
