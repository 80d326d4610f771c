"""Small trees for the tests: files written from a mapping of path to text, and whether an
ignore file as written sends a path (ignoregen's matcher, which the engine tests hold to
Docker's)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher


def tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (path -> text) below ``root``, directories made as needed."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def sent(root: Path, path: str, ignore_file: str = ".dockerignore") -> bool:
    """Does ``root``'s ignore file, as it stands, send ``path``?"""
    rules = parse_bytes((root / ignore_file).read_bytes(), ignore_file)
    return not Matcher(list(rules)).decide(path).excluded


def run_in(root: Path, *args: str) -> tuple[int, str]:
    """``ignoregen ARGS`` run from ``root`` (as a user runs it in the repository): the exit
    code and the output."""
    from click.testing import CliRunner

    from ignoregen.cli import cli

    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.output
