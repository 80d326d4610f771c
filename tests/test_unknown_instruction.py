"""BuildKit reads every instruction of a Dockerfile (instructions.Parse) before it picks
the target's stages: one it does not know, wherever it stands, and one other than ARG
before the first FROM fail the build. check said nothing of either. It now reports the
line as a build that fails (IG004) when a builder reads the file by its name or a
definition names it; a file only named like a Dockerfile (a fragment or template) is read
as before. An ONBUILD trigger is only read by the builds FROM the image. A COPY or ADD with
one argument has no destination, and BuildKit's parser stops there too (parseCopy,
errNoDestinationArgument in moby/buildkit frontend/dockerfile/instructions/parse.go)."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

FILES = {"app.py": "x = 1\n", ".dockerignore": "**/.git\n"}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("COPPY app.py /app/\nFROM alpine\nCOPY . /app\n", 1, "COPPY is no Dockerfile instruction"),
    ("FROM alpine AS base\nRUN true\nFROM base\nCOPPY . /app\n", 4, "COPPY is no Dockerfile"),
    ("ARG V=1\nRUN echo $V\nFROM alpine\nCOPY . /app\n", 2, "RUN comes before the first FROM"),
    # nikhase/dbt-workshop: `COPY . .` then `COPY profiles.yml`, with no destination.
    ("FROM alpine\nWORKDIR /usr/app\nCOPY . .\nCOPY profiles.yml\n", 4,
     "COPY names no destination"),
    ("FROM alpine\nADD --chmod=644 app.py\n", 2, "ADD names no destination"),
])
def test_check_fails_a_build_buildkit_rejects(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    tree(tmp_path, {"Dockerfile": text, **FILES})
    code, out = run_in(tmp_path, "check", ".")
    assert f"Dockerfile:{line}: error IG004 {words}" in out
    assert code == 1


def test_the_target_does_not_matter(tmp_path: Path) -> None:
    """compose builds the first stage; BuildKit still reads the last one's typo."""
    tree(tmp_path, {"Dockerfile": "FROM alpine AS app\nCOPY . /app\nFROM app AS dev\nRUNN x\n",
                    "compose.yaml": "services:\n  app:\n    build:\n      context: .\n"
                    "      target: app\n", **FILES})
    code, out = run_in(tmp_path, "check", ".")
    assert "Dockerfile:4: error IG004 RUNN is no Dockerfile instruction" in out
    assert code == 1


@pytest.mark.parametrize("text", [
    "# syntax=docker/dockerfile:1\nARG BASE=alpine\nfrom ${BASE}\ncopy . /app\n",
    "FROM alpine\nONBUILD COPYY . /app\nCOPY . /app\n",
    "FROM alpine\nCOPY <<EOF /etc/motd\nhello\nEOF\nCOPY --from=alpine /etc/os-release /x\n",
    "FROM alpine\nMAINTAINER someone\nHEALTHCHECK NONE\nSTOPSIGNAL SIGTERM\n"
    "SHELL [\"/bin/sh\", \"-c\"]\nCOPY . /app\n",
])
def test_no_error_for_what_buildkit_accepts(tmp_path: Path, text: str) -> None:
    tree(tmp_path, {"Dockerfile": text, **FILES})
    code, out = run_in(tmp_path, "check", ".")
    assert "IG004" not in out
    assert code == 0


def test_a_file_only_named_like_a_dockerfile_is_read_as_before(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile.part": "FROM alpine\nINCLUDE_SNIPPET x\nCOPY app.py /app/\n",
                    **FILES})
    code, out = run_in(tmp_path, "check", ".")
    assert "IG004" not in out
    assert code == 0
