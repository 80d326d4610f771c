"""``init`` never breaks a symbolic link: an ignore file that is a link (to the user's
.gitignore, to a file elsewhere, or to nothing) is left as it is, with a note saying why
and what to do; the link's target is never written either."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli

GITIGNORE = b"target/\n*.log\n"


@pytest.mark.parametrize(
    ("name", "target"),
    [
        (".dockerignore", ".gitignore"),  # lemmy: the user's .gitignore
        (".dockerignore", "docker/common.ignore"),  # a shared file inside the repository
        (".dockerignore", "missing.ignore"),  # a dangling link
        ("Dockerfile.dockerignore", ".gitignore"),  # a per-Dockerfile file
    ],
)
@pytest.mark.parametrize("mode", [(), ("--check",), ("--diff",), ("--dry-run",)])
def test_a_linked_ignore_file_is_left_alone(
    name: str, target: str, mode: tuple[str, ...], tmp_path: Path
) -> None:
    # Two Dockerfiles share the context: per-Dockerfile files are planned too.
    (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    (tmp_path / "site.Dockerfile").write_text("FROM scratch\nCOPY docker /docker\n")
    (tmp_path / ".gitignore").write_bytes(GITIGNORE)
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker/common.ignore").write_bytes(GITIGNORE)
    (tmp_path / "node_modules/x").mkdir(parents=True)
    (tmp_path / "node_modules/x/index.js").write_text("x" * 100)
    (tmp_path / ".env").write_text("SECRET=1\n")
    os.symlink(target, tmp_path / name)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path), *mode])
    # --check: another file may change; the link is never one of them.
    assert result.exit_code in ((0, 1) if mode == ("--check",) else (0,)), result.output
    assert not re.search(rf"(^|/){re.escape(name)}: would change", result.output, re.M)
    assert os.readlink(tmp_path / name) == target
    assert (tmp_path / ".gitignore").read_bytes() == GITIGNORE
    assert (tmp_path / "docker/common.ignore").read_bytes() == GITIGNORE
    assert not (tmp_path / "missing.ignore").exists()
    if mode != ("--check",):
        assert f"is a symbolic link to {target}: left as it is" in result.output
        assert f"cp --remove-destination {target} " in result.output
    if name == ".dockerignore" and mode == ():
        # BuildKit reads each Dockerfile's own file instead of the link: written, with the
        # link's lines copied into it.
        for own in ("Dockerfile.dockerignore", "site.Dockerfile.dockerignore"):
            text = (tmp_path / own).read_text()
            assert ("target/\n*.log\n" in text) is (target != "missing.ignore"), own
            assert "**/.env" in text.splitlines()
        again = CliRunner().invoke(cli, ["init", "-C", str(tmp_path), "--check"])
        assert again.exit_code == 0, again.output


def test_dry_run_prints_no_content_for_a_linked_file(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    (tmp_path / ".gitignore").write_bytes(GITIGNORE)
    os.symlink(".gitignore", tmp_path / ".dockerignore")
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path), "--dry-run"])
    assert result.exit_code == 0, result.output
    # Nothing would be written to the link, so its content is not shown; BuildKit's own
    # file for the Dockerfile is, with the link's lines in it.
    assert "/.dockerignore <==" not in result.stdout
    assert "/Dockerfile.dockerignore <==" in result.stdout
    assert "left as it is" in result.output
