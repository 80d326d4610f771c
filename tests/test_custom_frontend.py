"""A Dockerfile whose ``# syntax=`` directive names a frontend other than Docker's own
(dockerfile-x's INCLUDE instruction, a YAML spec that a packaging frontend builds): that
frontend reads its own language. check said such a file had no FROM instruction, so that
BuildKit fails: a false error on a build that works. It is now a build ignoregen does not
analyse (IG005), and init leaves its context's ignore file alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.build.frontend import custom_frontend

INCLUDING = "# syntax=example/dockerfile-include:1\nINCLUDE ./base.dockerfile\nCOPY app /app\n"


def test_check_does_not_fail_a_build_of_another_frontend(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": INCLUDING, "base.dockerfile": "FROM alpine\n",
                    "app/main.py": "x = 1\n", ".dockerignore": "**/.git\n"})
    code, out = run_in(tmp_path, "check", ".")
    assert "IG004" not in out
    assert "no FROM" not in out
    assert "Dockerfile:1: info IG005" in out
    assert "example/dockerfile-include:1" in out
    assert code == 0


def test_init_leaves_the_context_of_another_frontend_alone(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": INCLUDING, "base.dockerfile": "FROM alpine\n",
                    "app/main.py": "x = 1\n", ".dockerignore": "*.log\n"})
    _, out = run_in(tmp_path, "init")
    assert (tmp_path / ".dockerignore").read_text() == "*.log\n"
    assert "the frontend example/dockerfile-include:1" in out
    assert "no FROM" not in out


@pytest.mark.parametrize(("text", "expected"), [
    ("# syntax=docker/dockerfile:1\nFROM alpine\n", None),
    ("#syntax = docker.io/docker/dockerfile:1.7-labs\nFROM alpine\n", None),
    ("# syntax=docker/dockerfile-upstream:master@sha256:0a1b\nFROM alpine\n", None),
    ("# syntax=mirror.example:5000/docker/dockerfile:1\nFROM alpine\n", None),
    ("# escape=`\n# syntax=example/spec-frontend\nname: x\n", (2, "example/spec-frontend")),
    ("# a comment first\n# syntax=example/spec-frontend\n", None),  # no longer a directive
    ("\n# syntax=example/spec-frontend\n", None),
    ("FROM alpine\n# syntax=example/spec-frontend\n", None),
    # BuildKit's DetectSyntax: a '#!' line first, the C-style form, one JSON object.
    ("#!/usr/bin/env example-build\n# syntax=example/spec-frontend\nx\n",
     (2, "example/spec-frontend")),
    ("//syntax = example/spec-frontend\nname: x\n", (1, "example/spec-frontend")),
    ('{"name": "x", "syntax": "example/spec-frontend"}\n', (1, "example/spec-frontend")),
    ("# check=skip=all\n# syntax=example/spec-frontend\n", (2, "example/spec-frontend")),
    # An unknown key ends the directives; the image is the value's first word.
    ("# author=someone\n# syntax=example/spec-frontend\nFROM alpine\n", None),
    ("# syntax=docker/dockerfile:1 --some-option\nFROM alpine\n", None),
    # BuildKit takes the first: a repeated key ends the directives (Docker's frontend then
    # fails, IG004), and after another comment the second line is a comment.
    ("# syntax=docker/dockerfile:1\n# syntax=example/spec-frontend\nFROM alpine\n", None),
    ("# syntax=docker/dockerfile:1\n# a note\n# syntax=example/spec-frontend\n", None),
    ("# syntax=example/spec-frontend\n# syntax=docker/dockerfile:1\nname: x\n",
     (1, "example/spec-frontend")),
    ("# syntax=example/spec-frontend --x\r\nname: x\r\n", (1, "example/spec-frontend")),
])
def test_which_syntax_directives_name_another_frontend(
    text: str, expected: tuple[int, str] | None
) -> None:
    assert custom_frontend(text) == expected


def test_scan_and_explain_do_not_say_nothing_ships(tmp_path: Path) -> None:
    """They said 'no FROM: nothing is built' of a file another frontend builds."""
    tree(tmp_path, {"Dockerfile": INCLUDING, "base.dockerfile": "FROM alpine\n",
                    "app/main.py": "x = 1\n"})
    code, out = run_in(tmp_path, "scan", ".")
    assert code == 0
    assert "ships:  not known: the syntax directive (line 1) hands the file to the frontend " \
        "example/dockerfile-include:1" in out
    assert "nothing is built" not in out
    code, out = run_in(tmp_path, "explain", "--image", "Dockerfile")
    assert "not known: the syntax directive" in out
    assert "nothing ships" not in out


@pytest.mark.parametrize("text", [
    "// syntax=example/spec-frontend\nname: x\n",
    '{"syntax": "example/spec-frontend", "name": "x"}\n',
    "#!/usr/bin/env example-build\n# syntax=example/spec-frontend\nINCLUDE x\n",
])
def test_no_false_error_for_the_other_forms_of_the_syntax_directive(
    tmp_path: Path, text: str
) -> None:
    """check said 'no FROM instruction, so BuildKit fails' (IG004, exit 1) of a file that
    BuildKit hands to the frontend its syntax line names."""
    tree(tmp_path, {"Dockerfile": text, "app.py": "x = 1\n", ".dockerignore": "**/.git\n"})
    code, out = run_in(tmp_path, "check", ".")
    assert "IG004" not in out
    assert "info IG005" in out
    assert "example/spec-frontend" in out
    assert "give the values" not in out
    assert code == 0


def test_an_escape_directive_after_an_unknown_key_is_no_directive() -> None:
    from ignoregen.build.dockerfile import _escape_token

    assert _escape_token("# escape=`\nFROM a\n") == "`"
    assert _escape_token("\ufeff# escape=`\nFROM a\n") == "`"
    assert _escape_token("# note=x\n# escape=`\nFROM a\n") == "\\"
