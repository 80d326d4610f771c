"""``check FILE``, as an editor or a pre-commit hook passing file names calls it
(``check .dockerignore``, ``check services/api/Dockerfile``): it exited 2 with click's
"Directory '.dockerignore' is a file". A file as ROOT now means its directory, with the
findings on that file alone (reported, counted in the exit code, fixed by --fix)."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

_SECRET = "DATABASE_URL=postgres://u:S3cr3tPassw0rd@db/x\n"
_BUILD = "FROM alpine\nCOPY . /app\n"


def _project(root: Path) -> Path:
    # Two builds, each of whose ignore files lets its context's .env through (IG101).
    return tree(root, {
        "Dockerfile": _BUILD, ".dockerignore": "node_modules\n", ".env": _SECRET,
        "api/Dockerfile": _BUILD, "api/.dockerignore": "node_modules\n", "api/.env": _SECRET,
    })


def test_an_ignore_file_as_root_reports_its_findings(tmp_path: Path) -> None:
    _project(tmp_path)
    code, output = run_in(tmp_path, "check", "--format", "gnu", "api/.dockerignore")
    assert code == 1, output
    lines = output.splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("api/.dockerignore:")
    assert lines[0].endswith("[IG101]")


def test_only_that_files_findings_from_the_top(tmp_path: Path) -> None:
    _project(tmp_path)
    code, whole = run_in(tmp_path, "check", "--format", "gnu")
    assert code == 1
    assert {line.split(":")[0] for line in whole.splitlines()} == {
        ".dockerignore", "api/.dockerignore"}
    code, output = run_in(tmp_path, "check", "--format", "gnu", ".dockerignore")
    assert code == 1
    assert output.splitlines() == [
        line for line in whole.splitlines() if line.startswith(".dockerignore:")]


def test_a_file_without_findings_passes_and_says_where_the_others_are(tmp_path: Path) -> None:
    _project(tmp_path)
    code, output = run_in(tmp_path, "check", "api/Dockerfile")
    assert code == 0, output
    assert output.splitlines() == [
        "No problems in 1 context.", "(1 more on other files: ignoregen check api shows them)"]


def test_fix_changes_only_that_file(tmp_path: Path) -> None:
    _project(tmp_path)
    code, output = run_in(tmp_path, "check", "--fix", ".dockerignore")
    assert code == 0, output
    assert "**/.env" in (tmp_path / ".dockerignore").read_text()
    assert (tmp_path / "api/.dockerignore").read_text() == "node_modules\n"


def test_a_file_with_f_is_a_usage_error_that_says_what_root_is(tmp_path: Path) -> None:
    _project(tmp_path)
    code, output = run_in(tmp_path, "check", "Dockerfile", "-f", "Dockerfile")
    assert code == 2
    assert "'Dockerfile' is a file; with -f, ROOT is the build's context, a directory" in output
    assert "Traceback" not in output
