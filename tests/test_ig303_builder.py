"""IG303 for a pattern that fails only when first tested says what the checked builder does.

BuildKit fails the build; the classic builder fails it only if its check of the context
tests the pattern, and otherwise sends the context cut short (engine/classic.py, found
against a real engine in classic18). check said "Docker fails the build" for both.
"""

from __future__ import annotations

from pathlib import Path

from test_classic_stop import STOPS_AT_AA_B
from trees import run_in, tree

from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import parse_text
from ignoregen.engine.setup import Builder, BuildSetup


def _ig303(root: Path, *args: str) -> str:
    _, out = run_in(root, "check", *args)
    return next(line for line in out.splitlines() if "IG303" in line)


def _context(root: Path) -> None:
    tree(root, {"Dockerfile": "FROM scratch\nCOPY . /\n", ".dockerignore": STOPS_AT_AA_B,
                "aa/b": "x\n", "aa/c": "y\n", "zz": "z\n"})


def test_the_classic_builder_is_not_said_to_fail_always(tmp_path: Path) -> None:
    _context(tmp_path)
    # What the message says of the classic builder holds here: no failure, a context cut short.
    rules = parse_text(enumerate(STOPS_AT_AA_B.splitlines(), 1), ".dockerignore")
    scan = scan_context(BuildSetup(tmp_path, Builder.CLASSIC, None, None), rules=rules)
    assert scan.stop is not None
    assert scan.stop.path == "aa/b"
    line = _ig303(tmp_path, "--builder", "classic")
    assert "the classic builder fails the build if its check of the context tests" in line
    assert "sends the context cut short" in line
    assert "Docker fails" not in line
    assert "BuildKit" not in line


def test_buildkit_is_said_to_fail(tmp_path: Path) -> None:
    _context(tmp_path)
    line = _ig303(tmp_path)
    assert "BuildKit fails the build when it first tests this pattern" in line
    assert "classic" not in line


def test_a_line_docker_rejects_on_reading_fails_either_builder(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /\n", ".dockerignore": "[x\n"})
    for args in ((), ("--builder", "classic")):
        assert "Docker fails the build" in _ig303(tmp_path, *args)


def test_a_control_character_fails_buildkit_only(tmp_path: Path) -> None:
    # BuildKit sends the patterns in a gRPC header, which refuses a control character (the
    # engine's reading, checked against real BuildKit in docker_engine.py); check read the
    # line as a name and called it 'matches nothing' (info, exit 0) while ls exits 2.
    tree(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /\n", ".dockerignore": "a\n\x01b\n",
                    "a": "x\n"})
    code, out = run_in(tmp_path, "check")
    assert code == 1
    line = _ig303(tmp_path)
    assert line.startswith(".dockerignore:2:1: error IG303")
    assert "control character" in line
    assert "BuildKit fails the build" in line
    assert "IG401" not in out
    classic_code, classic = run_in(tmp_path, "check", "--builder", "classic")
    assert "IG303" not in classic
    assert classic_code == 0


def test_a_control_character_passes_when_another_pattern_is_not_ascii(tmp_path: Path) -> None:
    # Then the client percent-encodes every pattern, and the header is printable.
    tree(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /\n",
                    ".dockerignore": "a\n\x01b\nnaïve\n", "a": "x\n"})
    _, out = run_in(tmp_path, "check")
    assert "IG303" not in out


def test_init_leaves_a_file_buildkit_rejects(tmp_path: Path) -> None:
    data = "a\n\x01b\n"
    tree(tmp_path, {"Dockerfile": "FROM scratch\nCOPY . /\n", ".dockerignore": data,
                    "a": "x\n"})
    code, out = run_in(tmp_path, "init")
    assert code == 2
    assert ".dockerignore:2: pattern '\\x01b' holds a control character" in out
    assert "left as they are" in out
    assert (tmp_path / ".dockerignore").read_text() == data
