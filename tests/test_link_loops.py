"""Symbolic links that loop (``x -> x``, ``a -> b -> a``) where ignoregen follows a link to
compare paths: a Dockerfile, an ignore file, the first entry a context sends.

Python 3.10 to 3.12 raise :class:`RuntimeError` (not :class:`OSError`) from
``Path.resolve()`` on such a link, and that ended ``check`` and ``explain`` as an internal
error (exit 3). Found by laying real repositories out with odd entries added (the unseen82
session: LemmyNet/lemmy, whose ``.dockerignore`` is itself a link, with its link made to
point at itself; a probe tree with ``Dockerfile -> Dockerfile``); jekyll/jekyll's test
sources hold dangling and absolute links of the same kind. Docker fails the build on a
Dockerfile it cannot read, and reads no rules from an ignore file it cannot read: both are
reported, neither is a bug of ignoregen's.
"""

from __future__ import annotations

import os
from pathlib import Path

from trees import run_in, tree

from ignoregen.fileio import real

DOCKERFILE = "FROM python:3.12-slim\nCOPY . /app\n"


def test_check_with_an_ignore_file_that_links_to_itself(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "app/main.py": "print(1)\n"})
    os.symlink(".dockerignore", tmp_path / ".dockerignore")
    code, output = run_in(tmp_path, "check", ".")
    assert code == 1, output
    assert "IG001" in output
    assert "gives no rules" in output


def test_explain_with_a_dockerfile_that_links_to_itself(tmp_path: Path) -> None:
    tree(tmp_path, {"README.md": "hi\n", "app/main.py": "print(1)\n"})
    os.symlink("Dockerfile", tmp_path / "Dockerfile")
    code, output = run_in(tmp_path, "explain", "README.md")
    assert code == 0, output
    assert output.startswith("README.md: sent"), output
    code, output = run_in(tmp_path, "init", "--dry-run", "-C", ".")
    assert code == 2, output
    assert "Dockerfile is a symbolic link to Dockerfile" in output


def test_real_of_a_loop_and_of_a_plain_link(tmp_path: Path) -> None:
    os.symlink("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    (tmp_path / "file").write_text("x")
    os.symlink("file", tmp_path / "link")
    assert real(tmp_path / "a").parent == real(tmp_path)
    assert real(tmp_path / "link") == real(tmp_path) / "file"
