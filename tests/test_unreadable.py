"""IG007: a directory of the context that a build must open and the user cannot read.

Checked against real BuildKit (docker 26.1.5 and buildx 0.13.1 from Debian 13, run by an
unprivileged user on a directory of mode 000): `COPY . /ctx/` fails ("error from sender:
open locked: permission denied"), `COPY app /ctx/` does not, nor does `COPY . /ctx/` with
`locked` excluded; with `!**/x` after it the build fails again (BuildKit looks inside), and
`COPY */a /y/` fails (the glob's first part matches `locked`). The tests run as root,
who can read anything: the walk's opening of that directory is made to fail instead.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from trees import sent
from trees import tree as lay

from ignoregen.cli import cli

CASES = [  # (Dockerfile's copy lines, .dockerignore or None, does the build fail)
    ("COPY . /ctx/", None, True),
    ("COPY app /ctx/", None, False),
    ("COPY . /ctx/", "locked\n", False),
    ("COPY . /ctx/", "locked\n!**/x\n", True),
    ("COPY app/ /ctx/\nCOPY */a /y/", None, True),
]


def _locked(monkeypatch: pytest.MonkeyPatch, root: Path, name: str = "locked") -> None:
    real = os.open
    locked = str(root / name)

    def opening(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).rstrip("/") == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), locked)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", opening)


@pytest.mark.parametrize(("copies", "ignore", "fails"), CASES)
def test_reported_where_the_build_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies: str, ignore: str | None,
    fails: bool,
) -> None:
    files = {"Dockerfile": f"FROM scratch\n{copies}\n", "app/a": "x\n", "locked/s": "y\n"}
    if ignore is not None:
        files[".dockerignore"] = ignore
    root = lay(tmp_path, files)
    _locked(monkeypatch, root)
    result = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", str(root)])
    found = [item for item in json.loads(result.output)["findings"] if item["id"] == "IG007"]
    assert bool(found) is fails, result.output
    if fails:
        assert found[0]["severity"] == "error"
        assert found[0]["message"].startswith("locked: cannot read directory")


@pytest.mark.parametrize(("copies", "ignore", "fails"), CASES)
def test_init_says_so_and_leaves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies: str, ignore: str | None,
    fails: bool,
) -> None:
    """init does not exclude what it cannot read (a checked-in directory that only this
    machine cannot open is sent in CI), and warns where the build fails on this machine."""
    files = {"Dockerfile": f"FROM scratch\n{copies}\n", "app/a": "x\n", "locked/s": "y\n"}
    if ignore is not None:
        files[".dockerignore"] = ignore
    root = lay(tmp_path, files)
    _locked(monkeypatch, root)
    result = CliRunner().invoke(cli, ["init", "--dry-run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    warned = "locked: cannot read directory" in result.output
    assert warned is fails, result.output
    if warned:
        assert "(IG007)" in result.output


def test_a_wildcard_exception_of_init_is_written_by_name_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'locked' excluded, the build works; init's '!**/.env.example' (above it, even) would
    have BuildKit open 'locked' to look, and the build would fail (real BuildKit agrees:
    "error from sender: open locked: permission denied"). init writes the exception as the
    paths it gives back instead; on a machine where all can be read, as the wildcard."""
    files = {"Dockerfile": "FROM scratch\nCOPY . /ctx/\n", "app/a": "x\n", "locked/s": "y\n",
             ".dockerignore": "locked\n", "config/.env.example": "K=\n", ".env.example": "K=\n",
             "config/.env": "K=v\n"}
    readable = lay(tmp_path / "readable", files)
    assert CliRunner().invoke(cli, ["init", "-C", str(readable)]).exit_code == 0
    assert "!**/.env.example" in (readable / ".dockerignore").read_text()
    root = lay(tmp_path / "here", files)
    _locked(monkeypatch, root)
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "cannot read directory" not in result.output
    text = (root / ".dockerignore").read_text()
    assert "!**/.env.example" not in text
    assert "!.env.example" in text
    assert "!config/.env.example" in text
    assert CliRunner().invoke(cli, ["init", "-C", str(root)]).exit_code == 0
    assert (root / ".dockerignore").read_text() == text  # the same file the next time
    for path, sends in [(".env.example", True), ("config/.env.example", True),
                        ("config/.env", False), ("locked", False)]:
        assert sent(root, path) is sends, path
    check = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", str(root)])
    assert "IG007" not in {item["id"] for item in json.loads(check.output)["findings"]}


@pytest.mark.parametrize("listed", [True, False])
def test_init_excludes_what_gitignore_lists_and_this_machine_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: bool
) -> None:
    """A database container's volume in the project: .gitignore lists data/, so no
    checkout has data/postgres and no build reads it; init excludes it by its path (and
    the build works here). Not listed, it may be the repository's: left, with a warning."""
    files = {"Dockerfile": "FROM scratch\nCOPY . /app\n", "app.py": "x\n",
             "data/postgres/PG_VERSION": "16\n", "data/seed.sql": "--\n"}
    if listed:
        files[".gitignore"] = "data/postgres/\n"
    root = lay(tmp_path, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "app.py", "Dockerfile", "data/seed.sql"],
                   check=True)
    _locked(monkeypatch, root, "data/postgres")
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / ".dockerignore").read_text()
    assert ("data/postgres" in text.splitlines()) is listed, text
    again = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert again.exit_code == 0, again.output
    assert (root / ".dockerignore").read_text() == text  # the same file the next time
    assert ("cannot read directory" in result.output) is not listed, result.output
    assert sent(root, "data/seed.sql")
    check = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", str(root)])
    ids = {item["id"] for item in json.loads(check.output)["findings"]}
    assert ("IG007" in ids) is not listed, check.output


@pytest.mark.parametrize(("copies", "ignore", "fails"), CASES)
def test_scan_says_the_build_fails_only_where_it_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies: str, ignore: str | None,
    fails: bool,
) -> None:
    """scan walks the whole context (COPY . sees it all), but the Dockerfile's sources
    decide whether BuildKit opens the directory: 'COPY app' never does, and exit 2 with
    'docker build would fail' was false there."""
    files = {"Dockerfile": f"FROM scratch\n{copies}\n", "app/a": "x\n", "locked/s": "y\n"}
    if ignore is not None:
        files[".dockerignore"] = ignore
    root = lay(tmp_path, files)
    _locked(monkeypatch, root)
    result = CliRunner().invoke(cli, ["scan", "-j1", str(root)])
    assert result.exit_code == (2 if fails else 0), result.output
    if fails:
        assert "docker build would fail" in result.output
    elif ignore is None:
        assert "no COPY, ADD or bind mount of the Dockerfile reaches it" in result.output


@pytest.mark.parametrize(("copies", "fails"), [("COPY app /ctx/", False), ("COPY . /ctx/", True)])
def test_podman_pass_reports_only_what_a_source_reaches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies: str, fails: bool
) -> None:
    """A Containerfile is checked for Buildah too, which copies from the context where it
    builds: it opens what a source reaches, not the whole directory."""
    root = lay(tmp_path, {"Containerfile": f"FROM scratch\n{copies}\n", "app/a": "x\n",
                          "locked/s": "y\n"})
    _locked(monkeypatch, root)
    result = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", str(root)])
    found = [item for item in json.loads(result.output)["findings"] if item["id"] == "IG007"]
    assert len(found) == (1 if fails else 0), result.output


@pytest.mark.parametrize(("listed", "ignore", "fixed"), [
    (True, ".git\n", True), (False, ".git\n", False), (True, ".git\n!**/keep.txt\n", False),
])
def test_check_fixes_what_gitignore_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: bool, ignore: str, fixed: bool
) -> None:
    """As init: a directory this machine cannot read that .gitignore lists is excluded by
    its path. Not where an exception of the file would have BuildKit open it anyway, nor
    where no gitignore file lists it (it may be the repository's)."""
    files = {"Dockerfile": "FROM scratch\nCOPY . /app\n", "app.py": "x\n",
             "data/postgres/PG_VERSION": "16\n", ".dockerignore": ignore}
    if listed:
        files[".gitignore"] = "data/postgres/\n"
    root = lay(tmp_path, files)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "app.py", "Dockerfile"], check=True)
    _locked(monkeypatch, root, "data/postgres")
    report = CliRunner().invoke(cli, ["check", "-j1", "--format", "json", str(root)])
    [item] = [f for f in json.loads(report.output)["findings"] if f["id"] == "IG007"]
    assert (item["fix"] is not None) is fixed, item
    CliRunner().invoke(cli, ["check", "-j1", "--fix", str(root)])
    assert ("data/postgres" in (root / ".dockerignore").read_text().splitlines()) is fixed
