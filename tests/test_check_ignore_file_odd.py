"""An ignore file that is a directory, a dangling link or a link out of the context.

``ls`` and ``init`` already read such a file the way each builder does (BuildKit: no rules;
the classic CLI: an error for a directory, the link's target anywhere). ``check`` opened
the path itself: a directory or a dangling link stopped the whole run with exit 2 ("Is a
directory"), and a link out of the context gave BuildKit the rules of a file BuildKit never
reads, so a ``.env`` it sends went unreported. The engine's answers are in
tests/test_real_docker_special.py (the ``dockerignore-is-*`` rows).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from trees import run_in, tree

PROBE = "FROM scratch\nCOPY . /ctx/\n"


def _repository(root: Path, shape: str) -> Path:
    tree(root, {
        "ctx/Dockerfile": PROBE, "ctx/a": "a\n", "ctx/.env": "TOKEN=x\n",
        "rules": ".env\n",
        # another context, fine, that must be checked all the same
        "other/Dockerfile": PROBE, "other/.dockerignore": "**/.git\n",
        "other/.env": "TOKEN=y\n",
    })
    ignore = root / "ctx" / ".dockerignore"
    if shape == "directory":
        tree(ignore, {"x": "a\n"})
    elif shape == "dangling":
        os.symlink("nowhere", ignore)
    else:
        os.symlink("../rules", ignore)
    return root


def _findings(output: str) -> set[tuple[str, str]]:
    return {(line.split(":")[0], line.rsplit("[", 1)[1].rstrip("]"))
            for line in output.splitlines() if line.endswith("]")}


@pytest.mark.parametrize("shape", ["directory", "dangling", "outside"])
def test_buildkit_reads_no_rules_from_it(tmp_path: Path, shape: str) -> None:
    root = _repository(tmp_path, shape)
    code, output = run_in(root, "check", "--format", "gnu")
    assert code == 1, output
    found = _findings(output)
    assert ("ctx/.dockerignore", "IG001") in found, output
    assert ".dockerignore" in next(line for line in output.splitlines() if "IG001" in line)
    if shape != "directory":  # .env is sent: BuildKit reads no rule that excludes it
        assert ("ctx/.dockerignore", "IG101") in found, output
    assert ("other/.dockerignore", "IG101") in found, output  # the rest is still checked


def test_the_classic_builder_fails_on_a_directory(tmp_path: Path) -> None:
    root = _repository(tmp_path, "directory")
    code, output = run_in(root, "check", "--builder", "classic", "--format", "gnu")
    assert code == 1, output
    line = next(line for line in output.splitlines() if line.startswith("ctx/"))
    assert "IG004" in line, output
    assert "Is a directory" in line
    assert ("other/.dockerignore", "IG101") in _findings(output), output


def test_init_says_what_each_builder_does_with_a_directory(tmp_path: Path) -> None:
    """init cannot write where a directory stands: it leaves that context alone (exit 2)
    and writes the others. Its message said the build "fails", which is only the classic
    builder's answer; BuildKit reads the directory as no ignore file and sends it all."""
    root = _repository(tmp_path, "directory")
    code, output = run_in(root, "init")
    assert code == 2, output
    line = next(line for line in output.splitlines() if "ctx/.dockerignore" in line)
    assert "a directory, not a file: BuildKit reads it as no ignore file" in line, line
    assert "the classic builder fails" in line, line
    assert "# >>> ignoregen" in (root / "other" / ".dockerignore").read_text()
    assert (root / "ctx" / ".dockerignore" / "x").read_text() == "a\n"


def test_the_classic_builder_follows_a_link_out_of_the_context(tmp_path: Path) -> None:
    root = _repository(tmp_path, "outside")
    code, output = run_in(root, "check", "--builder", "classic", "--format", "gnu")
    found = _findings(output)
    assert not any(file.startswith("ctx/") for file, _ in found), output
    assert code == 1, output
    assert ("other/.dockerignore", "IG101") in found, output


def _unprivileged() -> tuple[str, ...] | None:
    from test_real_docker_special import unprivileged_prefix

    return unprivileged_prefix()


def _run(root: Path, prefix: tuple[str, ...], *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "ignoregen", *args], cwd=root, capture_output=True,
        text=True, timeout=120, check=False, env={**os.environ, "NO_COLOR": "1"},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stdout + done.stderr


def test_an_unreadable_ignore_file(tmp_path: Path) -> None:
    """BuildKit takes an ignore file it may not open for no file (the engine row
    dockerignore-is-unreadable), the classic CLI fails; init leaves that context alone
    and writes the others. All three stopped with exit 2 and did nothing else."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("no way to run without the capabilities that bypass file modes")
    root = _repository(tmp_path, "outside")
    (root / "ctx" / ".dockerignore").unlink()
    (root / "ctx" / ".dockerignore").write_text(".env\n")
    (root / "ctx" / ".dockerignore").chmod(0)
    code, output = _run(root, prefix, "check", "--format", "gnu")
    assert code == 1, output
    found = _findings(output)
    assert {("ctx/.dockerignore", "IG001"), ("ctx/.dockerignore", "IG101"),
            ("other/.dockerignore", "IG101")} <= found, output
    code, output = _run(root, prefix, "check", "--builder", "classic", "--format", "gnu")
    assert ("ctx/.dockerignore", "IG004") in _findings(output), output
    code, output = _run(root, prefix, "ls", "ctx")
    assert code == 0, output
    assert ".env" in output.split()
    code, output = _run(root, prefix, "init")
    assert code == 2, output
    assert "ctx/.dockerignore: not analysed: cannot read" in output
    assert "# >>> ignoregen" in (root / "other" / ".dockerignore").read_text()
    (root / "ctx" / ".dockerignore").chmod(0o644)
    assert (root / "ctx" / ".dockerignore").read_text() == ".env\n"


@pytest.mark.parametrize("shape", ["directory", "dangling"])
def test_a_dockerfile_ignore_file_buildkit_does_not_find(tmp_path: Path, shape: str) -> None:
    """BuildKit reads <Dockerfile>.dockerignore only where it finds a file; a dangling
    link or a directory there leaves the context's .dockerignore in force (engine rows
    dockerfile-dockerignore-is-*). ignoregen took the missing file for the one that
    applies: no rules, the .env that the root file excludes reported as sent."""
    tree(tmp_path, {"Dockerfile": PROBE, "a": "a\n", ".env": "TOKEN=x\n",
                    ".dockerignore": ".env\n"})
    own = tmp_path / "Dockerfile.dockerignore"
    if shape == "directory":
        tree(own, {"x": "a\n"})
    else:
        os.symlink("nowhere", own)
    code, output = run_in(tmp_path, "ls")
    assert code == 0, output
    assert ".env" not in output.split()
    code, output = run_in(tmp_path, "check", "--format", "gnu")
    assert not {rule for _, rule in _findings(output)} & {"IG001", "IG003", "IG101"}, output


def test_a_dockerfile_ignore_file_it_may_not_open(tmp_path: Path) -> None:
    """One BuildKit may not open gives no rules, and the root file is not read either."""
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("no way to run without the capabilities that bypass file modes")
    tree(tmp_path, {"Dockerfile": PROBE, "a": "a\n", ".env": "TOKEN=x\n",
                    ".dockerignore": ".env\n", "Dockerfile.dockerignore": "a\n"})
    (tmp_path / "Dockerfile.dockerignore").chmod(0)
    code, output = _run(tmp_path, prefix, "check", "--format", "gnu")
    assert code == 1, output
    line = next(line for line in output.splitlines() if "IG003" in line)
    assert "BuildKit reads Dockerfile.dockerignore (which gives no rules" in line
    assert ("Dockerfile.dockerignore", "IG101") in _findings(output), output


def test_a_linked_ignore_file_is_read_through_its_link(tmp_path: Path) -> None:
    # text-generation-webui keeps its ignore file among the variants (docker/nvidia,
    # docker/cpu) and its README has users link it, with one variant's Dockerfile and
    # compose file, into the root; the file the link points to is no stray (IG002).
    tree(tmp_path, {
        "docker/.dockerignore": ".env\n/models\n",
        "docker/gpu/Dockerfile": PROBE,
        "docker/gpu/compose.yaml": "services:\n  app:\n    build: .\n",
        "app.py": "print(1)\n",
    })
    os.symlink("docker/.dockerignore", tmp_path / ".dockerignore")
    os.symlink("docker/gpu/Dockerfile", tmp_path / "Dockerfile")
    _, out = run_in(tmp_path, "check")
    assert "IG002" not in out, out
    # Without the link, no build reads it: still reported.
    (tmp_path / ".dockerignore").unlink()
    (tmp_path / "Dockerfile").unlink()
    code, out = run_in(tmp_path, "check")
    assert code == 1, out
    assert "docker/.dockerignore: warning IG002" in out, out
