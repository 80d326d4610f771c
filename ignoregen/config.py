"""Project configuration: ``[tool.ignoregen]`` in pyproject.toml, or ``.ignoregen.toml``.

The file is looked for in the build context and then in each directory above it, up
to the root of the repository (a directory holding ``.git`` or ``.hg``). In each
directory ``.ignoregen.toml`` wins over ``pyproject.toml``; a pyproject.toml without
a ``[tool.ignoregen]`` table does not count.

Keys (the same in both files; in pyproject.toml they live under ``[tool.ignoregen]``)::

    presets-dir = "tools/presets"        # more presets (*.toml), relative to this file
    presets = ["terraform"]              # apply these whether detected or not
    skip-presets = ["heroku"]            # never apply these
    keep = ["docs/openapi.yaml"]         # paths never to exclude (Docker patterns)

    [exclude]                            # switch categories on (true) or off (false)
    "base.tests" = false                 # one preset's category...
    docs = false                         # ...or every preset's category of that name

    [extra-rules]                        # more rules for a category (preset.category)
    "base.docs" = ["handbook"]

Unknown keys, wrong types, patterns Docker would reject and names that do not exist
are errors, reported as ``file: key: message``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen.dockerignore import display_path
from ignoregen.preset import (
    ConfigError,
    ConfigProblem,
    Preset,
    PresetRule,
    PresetSet,
    check_pattern,
    load_presets,
    parse_toml,
)

CONFIG_FILE = ".ignoregen.toml"
PYPROJECT = "pyproject.toml"
KNOWN_KEYS = ("presets-dir", "presets", "skip-presets", "keep", "exclude", "extra-rules")
_REPOSITORY_MARKERS = (".git", ".hg")


@dataclass(frozen=True)
class Config:
    """What a configuration file says; the empty default when there is none."""

    source: str | None = None
    """The file as shown to users, or None without a configuration."""
    prefix: str = ""
    """The table's key in the file (``tool.ignoregen`` in pyproject.toml)."""
    presets_dir: Path | None = None
    presets: tuple[tuple[str, str], ...] = ()
    """(preset name, key) pairs: applied whether detected or not."""
    skip_presets: tuple[tuple[str, str], ...] = ()
    keep: tuple[PresetRule, ...] = ()
    exclude: tuple[tuple[str, bool, str], ...] = ()
    """(category id or bare category name, exclude?, key)."""
    extra_rules: tuple[tuple[str, tuple[PresetRule, ...], str], ...] = ()
    """(category id, rules, key)."""


def find_config(start: Path) -> Path | None:
    """The configuration file that applies to a context directory, if any."""
    directory = Path(os.path.abspath(start))
    while True:
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if any((directory / marker).exists() for marker in _REPOSITORY_MARKERS):
            return None
        if directory.parent == directory:
            return None
        directory = directory.parent


def _has_tool_table(pyproject: Path) -> bool:
    """Does this pyproject.toml configure ignoregen? One that cannot be parsed counts only
    when it mentions the table (so that the error is reported); any other is not ours."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = parse_toml(text, display_path(pyproject))
    except ConfigError:
        return "tool.ignoregen" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "ignoregen" in tool


def load_config(path: Path) -> Config:
    """Read and validate a configuration file (either kind)."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([ConfigProblem(shown, "", f"cannot read: {exc}")]) from None
    data = parse_toml(text, shown)
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table = tool.get("ignoregen", {}) if isinstance(tool, dict) else {}
        prefix = "tool.ignoregen"
    else:
        table = data
        prefix = ""
    return parse_config(table, shown, path.parent, prefix)


def parse_config(table: object, source: str, base: Path, prefix: str = "") -> Config:
    """Validate the configuration table; ``prefix`` is its key in the file."""
    problems: list[ConfigProblem] = []

    def key(*parts: str) -> str:
        return ".".join(part for part in (prefix, *parts) if part)

    def bad(where: str, message: str) -> None:
        problems.append(ConfigProblem(source, where, message))

    if not isinstance(table, dict):
        raise ConfigError([ConfigProblem(source, prefix, "must be a table")])
    for name in table:
        if name not in KNOWN_KEYS:
            bad(key(_quote(name)), f"unknown key; expected one of: {', '.join(KNOWN_KEYS)}")

    presets_dir: Path | None = None
    raw_dir = table.get("presets-dir")
    if raw_dir is not None:
        if isinstance(raw_dir, str) and raw_dir.strip():
            presets_dir = base / raw_dir
        else:
            bad(key("presets-dir"), "must be a path (a non-empty string)")

    def names(name: str) -> tuple[tuple[str, str], ...]:
        value = table.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            bad(key(name), "must be a list of preset names")
            return ()
        out: list[tuple[str, str]] = []
        for index, item in enumerate(value):
            where = key(f"{name}[{index}]")
            if not isinstance(item, str):
                bad(where, "must be a preset name (a string)")
            else:
                out.append((item, where))
        return tuple(out)

    def patterns(value: object, where: str, exceptions: bool) -> tuple[PresetRule, ...]:
        if not isinstance(value, list):
            bad(where, "must be a list of patterns")
            return ()
        out: list[PresetRule] = []
        for index, item in enumerate(value):
            item_key = f"{where}[{index}]"
            if not isinstance(item, str):
                bad(item_key, "must be a pattern (a string)")
                continue
            rule = check_pattern(item, source, item_key, problems, exceptions=exceptions)
            if rule is not None:
                out.append(rule)
        return tuple(out)

    keep = patterns(table["keep"], key("keep"), False) if "keep" in table else ()

    exclude: list[tuple[str, bool, str]] = []
    raw_exclude = table.get("exclude")
    if raw_exclude is not None:
        if not isinstance(raw_exclude, dict):
            bad(key("exclude"), "must be a table of category = true|false")
        else:
            for ref, value in raw_exclude.items():
                where = key("exclude", _quote(ref))
                if not isinstance(value, bool):
                    bad(where, "must be true (exclude by default) or false (keep)")
                else:
                    exclude.append((ref, value, where))

    extra: list[tuple[str, tuple[PresetRule, ...], str]] = []
    raw_extra = table.get("extra-rules")
    if raw_extra is not None:
        if not isinstance(raw_extra, dict):
            bad(key("extra-rules"), "must be a table of \"preset.category\" = [patterns]")
        else:
            for ref, value in raw_extra.items():
                where = key("extra-rules", _quote(ref))
                extra.append((ref, patterns(value, where, True), where))

    presets = names("presets")
    skip_presets = names("skip-presets")
    if problems:
        raise ConfigError(problems)
    return Config(
        source=source,
        prefix=prefix,
        presets_dir=presets_dir,
        presets=presets,
        skip_presets=skip_presets,
        keep=keep,
        exclude=tuple(exclude),
        extra_rules=tuple(extra),
    )


def _quote(name: str) -> str:
    return name if name.replace("-", "").replace("_", "").isalnum() else f'"{name}"'


def effective_presets(config: Config) -> PresetSet:
    """The built-in presets and the user's, shaped by the configuration."""
    dirs: Sequence[Path] = (config.presets_dir,) if config.presets_dir is not None else ()
    if config.presets_dir is not None and not config.presets_dir.is_dir():
        raise ConfigError([ConfigProblem(
            config.source or "", _key(config.prefix, "presets-dir"),
            f"{display_path(config.presets_dir)}: no such directory",
        )])
    return apply_config(load_presets(dirs), config)


def apply_config(presets: PresetSet, config: Config) -> PresetSet:
    """Apply the configuration to a set of presets; raise :class:`ConfigError` for names
    that do not exist and for contradictions."""
    source = config.source or ""
    problems: list[ConfigProblem] = []

    def bad(where: str, message: str) -> None:
        problems.append(ConfigProblem(source, where, message))

    known = {preset.name for preset in presets}
    skipped: set[str] = set()
    for name, where in config.skip_presets:
        if name not in known:
            bad(where, f"no preset is named {name!r}{_known(known)}")
        else:
            skipped.add(name)
    forced: set[str] = set()
    for name, where in config.presets:
        if name not in known:
            bad(where, f"no preset is named {name!r}{_known(known)}")
        elif name in skipped:
            bad(where, f"{name!r} is also in skip-presets")
        else:
            forced.add(name)
    kept = [preset for preset in presets if preset.name not in skipped]
    for preset in kept:
        for needed in preset.requires:
            if needed in skipped:
                bad(
                    _key(config.prefix, "skip-presets"),
                    f"{preset.name!r} requires {needed!r}; skip both or neither",
                )

    categories = {
        category.id: category for preset in kept for category in preset.categories
    }
    flags: dict[str, bool] = {}
    for ref, value, where in config.exclude:
        if "." in ref:
            matches = [ref] if ref in categories else []
        else:
            matches = [cid for cid, category in categories.items() if category.name == ref]
        if not matches:
            bad(where, f"no category {ref!r} in the presets in use")
        for cid in matches:
            flags[cid] = value
    extra: dict[str, list[PresetRule]] = {}
    for ref, rules, where in config.extra_rules:
        if "." not in ref:
            bad(where, f"name the category with its preset, as in \"base.{ref}\"")
        elif ref not in categories:
            bad(where, f"no category {ref!r} in the presets in use; define new categories "
                "in a preset of your own (presets-dir)")
        else:
            extra.setdefault(ref, []).extend(rules)
    if problems:
        raise ConfigError(problems)

    def shaped(preset: Preset) -> Preset:
        changed = []
        for category in preset.categories:
            updates: dict[str, Any] = {}
            if category.id in flags:
                updates["exclude_by_default"] = flags[category.id]
            if category.id in extra:
                updates["rules"] = category.rules + tuple(extra[category.id])
            changed.append(dataclasses.replace(category, **updates) if updates else category)
        return dataclasses.replace(preset, categories=tuple(changed))

    return PresetSet(
        tuple(shaped(preset) for preset in kept),
        forced=frozenset(forced),
        keep=config.keep,
        config=config.source,
    )


def _key(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _known(names: set[str]) -> str:
    return f" (known: {', '.join(sorted(names))})"


def presets_for(context: Path, config_file: Path | None = None) -> PresetSet:
    """The presets in effect for a context: its configuration file (or ``config_file``)
    applied to the built-in and user presets."""
    path = config_file if config_file is not None else find_config(context)
    config = load_config(path) if path is not None else Config()
    return effective_presets(config)
