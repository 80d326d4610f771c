"""An ignore file its owner made read-only (chmod 0444) in a directory that may be written.
The atomic replace (a temporary file renamed over the old one) needs only the directory's
permission, so init and check --fix replaced such a file, mode and all, and said
'written'. Now that file is named, left as it was, the run exits 2, and the other
contexts are written all the same."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.plan.writer import write_atomic

_BUILD = "FROM alpine\nCOPY . /app\n"


def _two_contexts(root: Path) -> None:
    tree(root, {
        "compose.yaml": "services:\n  a:\n    build: a\n  b:\n    build: b\n",
        "a/Dockerfile": _BUILD, "a/.dockerignore": "node_modules\n",
        "a/.env": "DATABASE_URL=postgres://u:S3cr3tPassw0rd@db/x\n", "a/.git/HEAD": "ref\n",
        "b/Dockerfile": _BUILD, "b/.dockerignore": "node_modules\n",
        "b/.env": "DATABASE_URL=postgres://u:S3cr3tPassw0rd@db/x\n", "b/.git/HEAD": "ref\n",
    })
    (root / "a/.dockerignore").chmod(0o444)


def _untouched(root: Path) -> None:
    target = root / "a/.dockerignore"
    assert target.read_text() == "node_modules\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert sorted(p.name for p in (root / "a").iterdir()) == [
        ".dockerignore", ".env", ".git", "Dockerfile"]


def test_init_leaves_a_read_only_file_and_writes_the_others(tmp_path: Path) -> None:
    _two_contexts(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 2, output
    assert ("ignoregen: error: a/.dockerignore: read-only (mode 0444): make it writable to "
            "let ignoregen change it; left as it is") in output
    assert "a/.dockerignore: written" not in output
    _untouched(tmp_path)
    assert "**/.env" in (tmp_path / "b/.dockerignore").read_text()


def test_check_fix_leaves_a_read_only_file_and_fixes_the_others(tmp_path: Path) -> None:
    _two_contexts(tmp_path)
    code, output = run_in(tmp_path, "check", "--fix", "--format", "gnu")
    assert code == 2, output
    assert "a/.dockerignore: read-only (mode 0444)" in output
    _untouched(tmp_path)
    assert "**/.env" in (tmp_path / "b/.dockerignore").read_text()


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_the_writer_refuses_a_file_without_write_permission(tmp_path: Path, mode: int) -> None:
    target = tmp_path / ".dockerignore"
    target.write_bytes(b"mine\n")
    target.chmod(mode)
    with pytest.raises(PermissionError, match="read-only"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"mine\n"
    assert [p.name for p in tmp_path.iterdir()] == [".dockerignore"]


def test_the_writer_still_writes_a_file_its_owner_may_write(tmp_path: Path) -> None:
    target = tmp_path / ".dockerignore"
    target.write_bytes(b"mine\n")
    target.chmod(0o644)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_config_write_force_leaves_a_read_only_configuration(tmp_path: Path) -> None:
    # --force is about replacing a file whose comments would be lost, not its mode.
    tree(tmp_path, {".ignoregen.toml": "# mine\n", "Dockerfile": _BUILD})
    (tmp_path / ".ignoregen.toml").chmod(0o444)
    code, output = run_in(tmp_path, "config", "--write", "--force")
    assert code == 2, output
    assert ".ignoregen.toml: read-only (mode 0444)" in output
    assert (tmp_path / ".ignoregen.toml").read_text() == "# mine\n"


def test_a_file_another_user_owns_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Mode 0644 of another user: writable, but not by this one (os.access says so; as root,
    # which this test may run as, it would say yes).
    target = tmp_path / ".dockerignore"
    target.write_bytes(b"theirs\n")
    target.chmod(0o644)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(PermissionError, match=r"not writable by this user \(mode 0644\)"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"theirs\n"
