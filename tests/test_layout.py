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
