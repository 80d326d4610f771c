"""JSON nested deeper than Python's parser reads (2,000 arrays; Go's reads 10,000) is a file
that cannot be read, as one that is not JSON: each reader below stopped check, init and
scan with an internal RecursionError."""

from __future__ import annotations

from pathlib import Path


def _nested(levels: int) -> str:
    return '{"name": "x", "workspaces": ["a"], "x": ' + "[" * levels + "]" * levels + "}"


DEEP = _nested(2000)


def test_manifest(tmp_path: Path) -> None:
    from ignoregen.build.manifests import load

    (tmp_path / "package.json").write_text(DEEP)
    assert load(tmp_path / "package.json", "json") is None
    (tmp_path / "package.json").write_text(_nested(20))
    assert load(tmp_path / "package.json", "json") is not None


def test_tsconfig_paths() -> None:
    from ignoregen.build.ts_imports import _paths_of

    assert _paths_of(".", '{"compilerOptions": {"paths": ' + "[" * 2000 + "]" * 2000 + "}}") \
        is None
    assert _paths_of(".", '{"compilerOptions": {"paths": {"@/*": ["src/*"]}}}') is not None


def test_workspaces(tmp_path: Path) -> None:
    from ignoregen.build.workspace_prune import packages
    from ignoregen.build.workspaces import workspace_globs as _workspaces

    (tmp_path / "package.json").write_text(DEEP)
    assert _workspaces(tmp_path) == []
    assert packages(tmp_path, ["package.json"]) is None


def test_toml() -> None:
    """tomllib recurses too: pyproject.toml or .ignoregen.toml with arrays 3,000 deep is
    TOML ignoregen cannot read (exit 2 naming the file for .ignoregen.toml)."""
    import pytest

    from ignoregen.tomlread import TomlError, loads

    with pytest.raises(TomlError, match="nested more deeply"):
        loads("x = " + "[" * 3000 + "]" * 3000 + "\n")
    assert loads("x = " + "[" * 20 + "]" * 20 + "\n")
