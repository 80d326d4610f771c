"""A word BuildKit cannot expand (``${A`` without its ``}``) fails the build at its
instruction: every command names the Dockerfile and that line, as for any bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.build.dockerfile import DockerfileError, analyse
from ignoregen.build.stages import read_graph
from ignoregen.cli import cli

BROKEN = "FROM alpine\nARG A\nCOPY ${A src/ /app/\n"


def _run(cwd: Path, *args: str) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(BROKEN)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("a\n")
    return tmp_path


def test_readers_name_the_line(broken: Path) -> None:
    for read in (analyse, read_graph):
        with pytest.raises(DockerfileError, match=r"Dockerfile: missing '\}' in '\$\{A' \(line 3"):
            read(broken / "Dockerfile")


def test_check_places_the_problem_on_its_line(broken: Path) -> None:
    code, out, _ = _run(broken, "check")
    assert code == 1
    assert "Dockerfile:3: error IG004 missing '}' in '${A'; the build fails" in out


def test_init_and_scan_name_file_and_line(broken: Path) -> None:
    code, _, err = _run(broken, "init", "--dry-run")
    assert code == 2
    assert "Dockerfile:3: missing '}' in '${A'" in err
    code, _, err = _run(broken, "scan")
    assert code == 2
    assert "Dockerfile: missing '}' in '${A' (line 3)" in err
