"""The preset files: the built-in ones shipped with the package, and those of a user's
preset directory (split from :mod:`ignoregen.knowledge.preset`, which parses them)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen import fileio
from ignoregen.engine.dockerignore import display_path
from ignoregen.errors import ConfigError, ConfigProblem

if TYPE_CHECKING:
    from importlib.abc import Traversable

BUILTIN_PACKAGE = "ignoregen.presets"


def builtin_files() -> list[tuple[str, str]]:
    """``(name, text)`` of every built-in preset file, sorted by name."""
    # The installed package holds them beside this module; importlib.resources (slower to
    # import) finds them wherever else they are, as in an editable install.
    here = Path(__file__).parent.parent / "presets"
    if here.is_dir():
        root: Traversable = here
    else:
        from importlib import resources

        root = resources.files(BUILTIN_PACKAGE)
    out = [
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    ]
    return sorted(out)


def directory_files(directory: Path) -> list[tuple[str, str]]:
    """``(shown path, text)`` of every ``*.toml`` in a user preset directory, sorted."""
    if not directory.is_dir():
        raise ConfigError(
            [ConfigProblem(display_path(directory), "", "preset directory not found")]
        )
    out: list[tuple[str, str]] = []
    problems: list[ConfigProblem] = []
    for path in sorted(directory.glob("*.toml")):
        shown = display_path(path)
        try:
            out.append((shown, fileio.read_text(path, encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(ConfigProblem(shown, "", f"cannot read: {exc}"))
    if problems:
        raise ConfigError(problems)
    return out
