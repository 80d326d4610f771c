"""The error model: every user error exits 2 with one line naming the file, a bug exits 3."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ignoregen import cli
from ignoregen.errors import EXIT_ERROR, EXIT_INTERNAL, ConfigError, IgnoregenError
from ignoregen.plan.writer import BEGIN


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_every_user_facing_error_derives_from_the_base() -> None:
    from ignoregen.build.discover import ComposeError
    from ignoregen.build.dockerfile import DockerfileError
    from ignoregen.engine.dockerignore import IgnoreFileError
    from ignoregen.engine.matcher import PatternUseError
    from ignoregen.engine.setup import SetupError
    from ignoregen.plan.gitignore import GitError
    from ignoregen.plan.writer import BlockError

    for error in (ComposeError, DockerfileError, SetupError, IgnoreFileError, PatternUseError,
                  GitError, BlockError, ConfigError):
        assert issubclass(error, IgnoregenError), error
        assert error.exit_code == EXIT_ERROR


def test_init_from_gitignore_outside_a_work_tree_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    status, _, err = run(["init", "--from-gitignore", "-C", str(tmp_path)], capsys)
    assert status == EXIT_ERROR
    assert err == f"ignoregen: error: {tmp_path}: not inside a git work tree\n"


def test_a_begin_marker_without_an_end_marker_exits_2_and_keeps_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    ignore = tmp_path / ".dockerignore"
    ignore.write_text(f"{BEGIN}\nnode_modules\n")
    status, out, err = run(["init", "-C", str(tmp_path)], capsys)
    assert status == EXIT_ERROR
    assert out == ""
    assert err.startswith(f"ignoregen: error: {ignore}:1: expected one ")
    assert "found 1 and 0" in err
    assert "Traceback" not in err
    assert ignore.read_text() == f"{BEGIN}\nnode_modules\n"


def test_a_malformed_compose_file_under_init_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing else to analyse: the one definition that cannot be read is an input error."""
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  api: [\n")
    status, out, err = run(["init", "-C", str(tmp_path)], capsys)
    assert (status, out) == (EXIT_ERROR, "")
    assert err.startswith(f"ignoregen: error: {compose}:3: not valid YAML: ")
    first, second = err.splitlines()
    assert first.endswith("; compose cannot load it, so its services are not analysed")
    # and what became of the ignore file of the context it may build
    assert second == (
        f"{tmp_path / '.dockerignore'}: not written: a build with this context cannot be analysed"
    )
    assert not (tmp_path / ".dockerignore").exists()


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected failure")


def test_an_internal_error_exits_3_with_a_report_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IGNOREGEN_DEBUG", raising=False)
    monkeypatch.setattr(cli, "find_setup", _explode)
    status, out, err = run(["ls", str(tmp_path)], capsys)
    assert status == EXIT_INTERNAL
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "ignoregen: internal error: RuntimeError: injected failure"
    assert "please report it" in lines[1]
    assert "Traceback" not in err
    assert "--debug" in lines[2]


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_prints_the_traceback_of_an_internal_error(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "find_setup", _explode)
    argv = ["ls", str(tmp_path)]
    if how == "flag":
        monkeypatch.delenv("IGNOREGEN_DEBUG", raising=False)
        argv.insert(0, "--debug")
    else:
        monkeypatch.setenv("IGNOREGEN_DEBUG", "1")
    status, _, err = run(argv, capsys)
    assert status == EXIT_INTERNAL
    assert "Traceback (most recent call last):" in err
    assert err.rstrip().endswith("RuntimeError: injected failure")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["ls", "--no-such-option"], capsys)
    assert status == EXIT_ERROR
    assert "No such option '--no-such-option'" in err


def test_the_installed_entry_point_exits_with_the_code(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("[\n")
    done = subprocess.run(
        [sys.executable, "-m", "ignoregen", "ls", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == EXIT_ERROR, done
    assert done.stdout == ""
    assert done.stderr.startswith(f"ignoregen: error: {tmp_path}/.dockerignore:1: ")
    assert "Traceback" not in done.stderr
