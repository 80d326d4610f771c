"""A context whose own ignore file .gitignore lists (miniserve builds from its gitignored
target/<triple>/release, where init writes the .dockerignore): a second init found the file
the first wrote among the gitignored paths no COPY reads, added '.dockerignore' to its block,
and 'init --check' failed right after 'init'. An ignore file is never such a path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in

GIT = ("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
       "-c", "init.defaultBranch=main")


@pytest.mark.parametrize("ignore_file", [".dockerignore", "Dockerfile.dockerignore"])
def test_init_then_check_is_up_to_date(tmp_path: Path, ignore_file: str) -> None:
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.o").write_text("x\n")
    (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY app /app\n")
    (tmp_path / "app").write_text("binary\n")
    (tmp_path / ".gitignore").write_text(f"build/\n{ignore_file}\n")
    if ignore_file != ".dockerignore":
        (tmp_path / ignore_file).write_text("# this Dockerfile's own\n")
    subprocess.run([*GIT, "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*GIT, "-C", str(tmp_path), "add", "Dockerfile", "app", ".gitignore"],
                   check=True)
    subprocess.run([*GIT, "-C", str(tmp_path), "commit", "-q", "-m", "x"], check=True)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    written = (tmp_path / ignore_file).read_text()
    assert "\nbuild\n" in written, written  # the gitignored path no COPY reads
    code, out = run_in(tmp_path, "init", "--check")
    assert code == 0, out
    assert (tmp_path / ignore_file).read_text() == written
