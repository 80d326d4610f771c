"""A word BuildKit cannot expand (``${A`` without its ``}``) fails the build at its
instruction: every command names the Dockerfile and that line, as for any bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in

from ignoregen.build.dockerfile import DockerfileError, analyse
from ignoregen.build.stages import read_graph

BROKEN = "FROM alpine\nARG A\nCOPY ${A src/ /app/\n"


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
    code, out = run_in(broken, "check")
    assert code == 1
    assert "Dockerfile:3: error IG004 missing '}' in '${A'; the build fails" in out


def test_init_and_scan_name_file_and_line(broken: Path) -> None:
    code, out = run_in(broken, "init", "--dry-run")
    assert code == 2
    assert "Dockerfile:3: missing '}' in '${A'" in out
    code, out = run_in(broken, "scan")
    assert code == 2
    assert "Dockerfile: missing '}' in '${A' (line 3)" in out
