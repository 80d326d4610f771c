"""A Makefile recipe that copies a file into the Dockerfile's directory and then builds
that directory builds it as written.

gristlabs/grist-core's sandbox/docker/Makefile runs ``cp ../requirements.txt .`` and then
``docker build -t grist-docker-sandbox .``; the Dockerfile says ``COPY requirements.txt
/tmp/requirements.txt``. check said (IG005) that the build "fails as written, for the
Dockerfile reads from a directory above", and checked it with sandbox/ as its context.
Taken as written, the copied file is no missing source (IG202) either. Without the ``cp``,
the recipe is huginn's case: the note stays.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.build.copied_before import copied_before
from ignoregen.cli import cli

DOCKERFILE = "FROM python:3.11\nCOPY requirements.txt /tmp/requirements.txt\n"


def _tree(root: Path, makefile: str) -> Path:
    files = {
        "sandbox/requirements.txt": "six==1.16.0\n",
        "sandbox/docker/Dockerfile": DOCKERFILE,
        "sandbox/docker/Makefile": makefile,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _findings(root: Path) -> list[tuple[str, str]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(root)],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return [(item["id"], item["message"]) for item in json.loads(result.output)["findings"]]


GRIST = ("image:\n\tcp ../requirements.txt .  # docker build requires files to be present.\n"
         "\tdocker build -t grist-docker-sandbox .\n")


@pytest.mark.parametrize("makefile", [
    GRIST,
    "image:\n\tcp ../requirements.txt ./requirements.txt && docker build -t sandbox .\n",
    "image:\n\tcp -f ../requirements.txt ../README.md . ; docker build .\n",
])
def test_a_recipe_that_copies_the_source_in_builds_as_written(
        tmp_path: Path, makefile: str) -> None:
    found = _findings(_tree(tmp_path, makefile))
    assert [rule for rule, _ in found if rule in ("IG005", "IG202")] == []


@pytest.mark.parametrize(("makefile", "why"), [
    ("image:\n\tdocker build -t sandbox .\n", "no copy (huginn's case)"),
    ("image:\n\tdocker build -t sandbox .\n\tcp ../requirements.txt .\n", "a copy after it"),
    ("copy:\n\tcp ../requirements.txt .\nimage:\n\tdocker build .\n", "another target's copy"),
    ("image:\n\t[ -f x ] && cp ../requirements.txt . ; docker build .\n",
     "a copy that may not run"),
    ("image:\n\tcp ../requirements.txt /tmp/ && docker build .\n", "a copy elsewhere"),
])
def test_the_note_stays_without_a_copy_before_the_build(
        tmp_path: Path, makefile: str, why: str) -> None:
    found = _findings(_tree(tmp_path, makefile))
    assert [rule for rule, _ in found if rule in ("IG005", "IG202")] == ["IG005"], why
    assert "fails as written" in dict(found)["IG005"]


def test_copied_before_reads_only_the_builds_own_recipe(tmp_path: Path) -> None:
    text = "a:\n\tcp x .\nb:\n\tcp ../y . && cp ../z z2\n\tcd sub && cp w ..\n\tdocker build .\n"
    assert copied_before(text, 6, tmp_path, tmp_path, "docker") == {"y", "z2", "w"}
    later = "a:\n\tdocker build .\n\tcp x .\n"
    assert copied_before(later, 2, tmp_path, tmp_path, "docker") == set()
    assert copied_before(text, 99, tmp_path, tmp_path, "docker") == set()
