"""Dockerfile analysis: which context paths each needed stage reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ignoregen.build.dockerfile import DockerfileError, Source, analyse, covering, expand


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
        # the modifier's word holds a variable, a quote or an escape of its own
        ('"${A:+${A}:}/lib64"', "x:/lib64"),
        ("${NOPE:+${NOPE}:}/lib64", "/lib64"),
        ("${E:-${A}}z", "xz"),
        ('${NOPE:-"a}b"}', "a}b"),
        ("${NOPE:-a\\}b}", "a}b"),
    ],
)
def test_expand(word: str, expected: str | None) -> None:
    env: dict[str, str | None] = {"A": "x", "E": "", "U": None}
    assert expand(word, env) == expected


@pytest.mark.parametrize("word", ["${A", "${A:+${A}", '${A:-"}'])
def test_expand_unclosed_brace(word: str) -> None:
    with pytest.raises(DockerfileError, match="missing '}'"):
        expand(word, {"A": "x"})


def test_expand_nested_deeper_than_the_stack() -> None:
    """``${A:-${A:-...}}`` 2,000 levels deep is unknown, as a build argument's word is: each
    level was a frame of Python's stack and check stopped with an internal error."""
    deep = "${A:-" * 2000 + "x" + "}" * 2000
    assert expand(deep, {}) is None
    assert expand("${A:-" * 50 + "x" + "}" * 50, {}) == "x"


def test_nested_default_in_env(tmp_path: Path) -> None:
    """jupyter/docker-stacks' CUDA images: ENV LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+...}"."""
    text = """\
FROM python:3.12
ENV LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH}:}/usr/local/nvidia/lib64"
COPY setup.sh /opt/
"""
    assert paths(tmp_path, text) == ["setup.sh"]


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
ADD https://example.com/releases/v$VERSION/agent.jar /agent.jar
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
        ("COPY", 21, "services/*/pyproject.toml"),
        ("ADD", 22, "docs"),
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
        # traefik: TARGETPLATFORM is linux/amd64 or linux/arm/v7, more than one name
        ("ARG TARGETPLATFORM\nCOPY ./dist/$TARGETPLATFORM/traefik /", "dist/linux/amd64/traefik",
         True),
        ("ARG TARGETPLATFORM\nCOPY ./dist/$TARGETPLATFORM/traefik /", "dist/linux/arm/v7/traefik",
         True),
        ("ARG TARGETPLATFORM\nCOPY ./dist/$TARGETPLATFORM/traefik /", "docs/a.md", False),
        ("ARG TARGETARCH\nCOPY ./dist/$TARGETARCH/traefik /", "dist/amd64/traefik", True),
        ("ARG TARGETARCH\nCOPY ./dist/$TARGETARCH/traefik /", "dist/amd64/other", False),
    ],
)
def test_source_covers(tmp_path: Path, text: str, path: str, covered: bool) -> None:
    reads = analyse(write(tmp_path, "FROM a\n" + text + "\n"))
    assert any(source.covers(path) for source in reads.sources) is covered


def test_covering_answers_as_each_source_does() -> None:
    """covering() sorts the sources by shape (plain, globs by their number of parts); its
    answer must be Source.covers' for each mix, a glob Go cannot read included."""
    patterns = ["src", "a/b", "*.toml", "services/*/package.json", "dist/app-*.whl",
                "[a-", "x/[", "a/*/c/*", "*/b"]
    paths = ["src", "src/a.py", "srcs", "pyproject.toml", "sub/pyproject.toml", "a", "a/b",
             "a/b/c", "a/x/c/d", "a/x/c/d/e", "a/x/c", "services/api/package.json",
             "services/api/src/x.js", "dist/app-1.whl", "dist/app-1.whl/x", "x", "x/y",
             "x/y/z", "q/b", "q/b/r", "b", "a/x/c/d/e/f", "src/a/b/c", "q/b/r/s", ""]
    for size in range(len(patterns) + 1):
        for start in range(len(patterns)):
            chosen = (patterns + patterns)[start:start + size]
            sources = [Source(p, "COPY", 1, p, "0", pattern=p) for p in chosen]
            covers = covering(sources)
            for path in paths:
                assert covers(path) is any(s.covers(path) for s in sources), (chosen, path)
    assert covering([Source(".", "COPY", 1, ".", "0", pattern=".")])("any/path")


def test_run_commands_of_the_needed_stages(tmp_path: Path) -> None:
    text = "FROM a AS test\nRUN pytest\nFROM b\nRUN <<EOF\nmake\nEOF\n"
    assert analyse(write(tmp_path, text)).runs == [(4, "<<EOFmake\n")]
    assert analyse(write(tmp_path, text), "test").runs == [(2, "pytest")]


# Bytes the Go parser cannot be given: a NUL ends its C string early, and text that is not
# UTF-8 aborts the process. BuildKit reads both (a NUL in a comment builds; a word with
# such bytes names no file); words holding them are read as unknown, never guessed.
# (Dockerfile bytes, the sources' paths, the notes)
BYTES: list[tuple[bytes, list[str | None], list[str]]] = [
    (b"FROM a\nCOPY f /f\n# \x00 x\nCOPY g /g\n", ["f", "g"],
     ["line 3: NUL bytes; words holding them are read as unknown"]),
    (b"FROM a\nCOPY a\x00b /x\n", [None],
     ["line 2: NUL bytes; words holding them are read as unknown"]),
    (b"FROM a\nCOPY \xff /x\nCOPY g /g\n", [None, "g"],
     ["line 2: bytes that are not UTF-8 text; words holding them are read as unknown"]),
    (b"FROM a\nRUN --mount=type=bind,source=\xfe,target=/x make\n", [None],
     ["line 2: bytes that are not UTF-8 text; words holding them are read as unknown"]),
    (b"FROM a\nCOPY \xef\xbf\xbd /x\n", [None], []),  # U+FFFD written as such: unknown too
    ("FROM a\nCOPY --chown=\u2826 f /f\n".encode(), ["f"], []),  # the parser garbles the flag
    (b"FROM a\nCOPY f /f\n\\\n", ["f"], []),  # a lone continuation line at the end
]


@pytest.mark.parametrize(("data", "expected", "notes"), BYTES)
def test_bytes_the_parser_cannot_take(
    tmp_path: Path, data: bytes, expected: list[str | None], notes: list[str]
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(data)
    reads = analyse(path)
    assert [source.path for source in reads.sources] == expected
    assert [source.pattern for source in reads.sources if source.path is None] == ["*"] * (
        expected.count(None)
    )
    assert reads.notes == notes


def test_unknown_words_keep_the_whole_context(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM a\nCOPY \xff /x\n")
    assert analyse(path).whole_context


def test_every_stage_when_the_target_is_unknown(tmp_path: Path) -> None:
    text = "FROM a AS one\nCOPY one /\nFROM a AS two\nCOPY two /\nFROM a AS three\nCOPY x /\n"
    path = write(tmp_path, text)
    assert [s.path for s in analyse(path, "two").sources] == ["two"]
    assert [s.path for s in analyse(path, None, all_stages=True).sources] == ["one", "two", "x"]


def test_random_bytes_never_take_the_process_down(tmp_path: Path) -> None:
    """Seeded random Dockerfiles, parsed in a child process: it must end by itself."""
    script = (
        "import random, sys\n"
        "from pathlib import Path\n"
        "from ignoregen.build.dockerfile import DockerfileError, analyse\n"
        "rnd = random.Random(7)\n"
        "words = [b'FROM ', b'COPY ', b'RUN ', b'<<EOF', b'EOF', b'\\n', b'\\\\\\n', b'$', b'{',\n"
        "         b'}', b'\"', b\"'\", b'[', b']', b'--mount=', b'--from=', b' ', b'\\x00',\n"
        "         b'\\xff', b'\\xe2\\xa0\\xa6', b'# escape=`\\n', b'`', b'ONBUILD ', b'ARG ']\n"
        "path = Path(sys.argv[1])\n"
        "for _ in range(400):\n"
        "    data = b''.join(rnd.choice(words) for _ in range(rnd.randint(0, 40)))\n"
        "    if rnd.random() < 0.3:\n"
        "        data = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 120)))\n"
        "    path.write_bytes(data)\n"
        "    try:\n"
        "        analyse(path)\n"
        "    except DockerfileError:\n"
        "        pass\n"
        "print('done')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "Dockerfile")],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "done\n", "")


def test_a_stage_named_by_the_platform_reads_every_stage_it_may_be(tmp_path: Path) -> None:
    """diun's 'FROM binary-$TARGETOS AS binary': the platform picks binary-unix or
    binary-windows, each built from a stage that binds the whole context. Taken for an
    image, the target read nothing."""
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM golang:1.22 AS build\nRUN --mount=type=bind,target=. go build -o /out/app .\n"
        "FROM scratch AS binary-unix\nCOPY --from=build /out/app /\n"
        "FROM scratch AS binary-windows\nCOPY --from=build /out/app /app.exe\n"
        "FROM alpine AS docs\nCOPY docs /docs\n"
        "FROM binary-$TARGETOS AS binary\n"
        "FROM $BASE AS any\n"
    )
    binary = analyse(dockerfile, "binary")
    assert [(s.instruction, s.pattern, s.stage) for s in binary.sources] == [
        ("RUN --mount", ".", "build")
    ]
    # A base that is nothing but a build argument may be any image: no stage is guessed.
    assert analyse(dockerfile, "any").sources == []
