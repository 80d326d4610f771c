"""The package's layout: every sub-package ships, and no module grows past a readable size."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "ignoregen"
MAX_LINES = 900


def test_every_sub_package_is_listed_in_pyproject() -> None:
    """setuptools is given an explicit list: a sub-package missing from it is missing from the
    wheel, and the command fails only when that code is first imported."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts) for init in PACKAGE.rglob("__init__.py")
    }
    assert found - listed == set()
    assert listed - found == {"ignoregen.presets"}  # the TOML data, mapped from presets/


def test_no_module_is_over_900_lines() -> None:
    sizes = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}


OWN_FILES = {"ignoregen/knowledge/images.py", "ignoregen/knowledge/preset_files.py",
             "ignoregen/knowledge/cache.py", "ignoregen/fileio.py", "ignoregen/classcode.py"}
"""Modules that read ignoregen's own data (presets, its cache), never a repository's file."""


def test_repository_files_are_read_through_fileio() -> None:
    """A named pipe where a file is expected makes ``Path.read_bytes`` wait for ever (CI
    hangs); ignoregen.fileio refuses what is not a regular file. A direct read of a file
    added to a module (a merged branch's compose comparison did) is caught here."""
    import re

    direct = re.compile(r"(?<!fileio)\.read_(?:bytes|text)\(|(?<![\w.])open\(|\)\.open\(")
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if str(path.relative_to(REPO)) not in OWN_FILES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if direct.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []
