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

    [check]                              # defaults for `ignoregen check`
    max-context-size = "200MB"           # size budget per context (200MB, 1.5GiB, 4096)
    max-files = 20000                    # file budget per context
    disable = ["IG401", "IG402"]         # never report these findings
    fail-on = "error"                    # error | warning (default) | info
    format = "github"                    # text (default) | json | sarif | github | gnu
    strict = true                        # also compare with what init writes (IG601)

The ``check`` options live in their own table (``[tool.ignoregen.check]`` in
pyproject.toml) because only ``check`` reads them; the keys above it shape the presets
that ``scan``, ``init`` and ``check`` all use. Precedence, for every option: a flag on
the command line, then this file, then the built-in default.

Unknown keys (reported with the closest known key), wrong types, patterns Docker would
reject and names that do not exist (presets, categories, finding IDs) are errors,
reported as ``file: key: message``.

``ignoregen config`` prints the effective configuration as TOML (every key, defaults
included, paths relative to the directory it is for); ``ignoregen config --write`` saves
it as ``.ignoregen.toml`` there, so that a laptop and CI read the same settings. The
written file loads back to the same configuration.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.engine.dockerignore import display_path
from ignoregen.errors import ConfigError, ConfigProblem
from ignoregen.knowledge.preset import (
    Preset,
    PresetRule,
    PresetSet,
    load_presets,
    parse_toml,
    pattern_field,
)
from ignoregen.knowledge.schema import (
    INVALID,
    ListOf,
    MapOf,
    Problems,
    Table,
    Value,
    close_match,
    did_you_mean,
    join,
    validate,
)
from ignoregen.units import parse_size

CONFIG_FILE = ".ignoregen.toml"
PYPROJECT = "pyproject.toml"
SEVERITIES = ("error", "warning", "info")
FORMATS = ("text", "json", "sarif", "github", "gnu")
DEFAULT_FAIL_ON = "warning"
DEFAULT_FORMAT = "text"
_REPOSITORY_MARKERS = (".git", ".hg")


@dataclass(frozen=True)
class CheckConfig:
    """The ``[check]`` table: defaults for ``ignoregen check``, None where the file is silent."""

    max_context_size: str | int | None = None
    """The size budget as written (``"200MB"`` or a number of bytes)."""
    max_bytes: int | None = None
    """The size budget in bytes."""
    max_files: int | None = None
    disable: tuple[str, ...] = ()
    """Finding IDs never to report."""
    fail_on: str | None = None
    format: str | None = None
    strict: bool | None = None


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
    check: CheckConfig = CheckConfig()


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
        text = fileio.read_text(pyproject, encoding="utf-8")
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
        text = fileio.read_text(path, encoding="utf-8")
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


def _patterns(*, exceptions: bool) -> ListOf:
    return ListOf(
        pattern_field(exceptions=exceptions), "a list of patterns",
        check=lambda rules, key, problems: tuple(rules),
    )


def _preset_names() -> ListOf:
    return ListOf(
        Value((str,), "a preset name (a string)", check=lambda name, key, problems: (name, key)),
        "a list of preset names",
        check=lambda names, key, problems: tuple(names),
    )


def _size(value: str | int, key: str, problems: Problems) -> Any:
    if isinstance(value, int):
        return value, value
    try:
        return value, parse_size(value)
    except ValueError as exc:
        problems.add(key, str(exc))
        return INVALID


def _finding_id(value: str, key: str, problems: Problems) -> Any:
    from ignoregen.lint.catalogue import RULES_BY_ID

    if value in RULES_BY_ID:
        return value
    close = close_match(value, RULES_BY_ID)
    hint = f"did you mean {close!r}?" if close else "known IDs are in docs/rules.md"
    problems.add(key, f"no finding has the ID {value!r}; {hint}")
    return INVALID


_CHECK = Table(
    {
        "max-context-size": Value(
            (str, int), 'a size ("200MB", "1.5GiB") or bytes', minimum=0, check=_size
        ),
        "max-files": Value((int,), "a number of files (an integer, 0 or more)", minimum=0),
        "disable": ListOf(
            Value((str,), 'a finding ID (a string such as "IG401")', check=_finding_id),
            'a list of finding IDs ("IG401")',
            check=lambda ids, key, problems: tuple(dict.fromkeys(ids)),
        ),
        "fail-on": Value((str,), "a severity", choices=SEVERITIES),
        "format": Value((str,), "a format", choices=FORMATS),
        "strict": Value((bool,), "true or false"),
    },
)
CONFIG_SCHEMA = Table(
    {
        "presets-dir": Value((str,), "a path (a non-empty string)", nonempty=True),
        "presets": _preset_names(),
        "skip-presets": _preset_names(),
        "keep": _patterns(exceptions=False),
        "exclude": MapOf(
            Value((bool,), "true (exclude by default) or false (keep)"),
            "a table of category = true|false",
            check=lambda flags, key, problems: tuple(
                (ref, value, join(key, ref)) for ref, value in flags.items()
            ),
        ),
        "extra-rules": MapOf(
            _patterns(exceptions=True),
            'a table of "preset.category" = [patterns]',
            check=lambda extra, key, problems: tuple(
                (ref, rules, join(key, ref)) for ref, rules in extra.items()
            ),
        ),
        "check": dataclasses.replace(
            _CHECK, what=f"a table of check options ({', '.join(_CHECK.keys)})"
        ),
    },
    required=True,
)
"""What a configuration file may hold (see the module's docstring)."""


def parse_config(table: object, source: str, base: Path, prefix: str = "") -> Config:
    """Validate the configuration table; ``prefix`` is its key in the file."""
    good, problems = validate(CONFIG_SCHEMA, table, source, prefix)
    problems.raise_if_any()
    check: dict[str, Any] = good.get("check", {})
    size, max_bytes = check.get("max-context-size", (None, None))
    return Config(
        source=source,
        prefix=prefix,
        presets_dir=base / good["presets-dir"] if "presets-dir" in good else None,
        presets=good.get("presets", ()),
        skip_presets=good.get("skip-presets", ()),
        keep=good.get("keep", ()),
        exclude=good.get("exclude", ()),
        extra_rules=good.get("extra-rules", ()),
        check=CheckConfig(
            max_context_size=size,
            max_bytes=max_bytes,
            max_files=check.get("max-files"),
            disable=check.get("disable", ()),
            fail_on=check.get("fail-on"),
            format=check.get("format"),
            strict=check.get("strict"),
        ),
    )


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
            bad(where, _no_preset(name, known))
        else:
            skipped.add(name)
    forced: set[str] = set()
    for name, where in config.presets:
        if name not in known:
            bad(where, _no_preset(name, known))
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
            names = {*categories, *(category.name for category in categories.values())}
            hint = did_you_mean(ref, sorted(names))
            bad(where, f"no category {ref!r} in the presets in use{hint}")
        for cid in matches:
            flags[cid] = value
    extra: dict[str, list[PresetRule]] = {}
    for ref, rules, where in config.extra_rules:
        if "." not in ref:
            bad(where, f"name the category with its preset, as in \"base.{ref}\"")
        elif ref not in categories:
            hint = did_you_mean(ref, sorted(categories)) or (
                "; define new categories in a preset of your own (presets-dir)"
            )
            bad(where, f"no category {ref!r} in the presets in use{hint}")
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


def _no_preset(name: str, known: set[str]) -> str:
    return (
        f"no preset is named {name!r} (known: {', '.join(sorted(known))})"
        f"{did_you_mean(name, sorted(known))}"
    )


def config_for(context: Path, config_file: Path | None = None) -> Config:
    """The configuration for a context: ``config_file``, or the one found from the context
    upwards, or the empty default."""
    path = config_file if config_file is not None else find_config(context)
    return load_config(path) if path is not None else Config()


def presets_for(context: Path, config_file: Path | None = None) -> PresetSet:
    """The presets in effect for a context: its configuration file (or ``config_file``)
    applied to the built-in and user presets."""
    return effective_presets(config_for(context, config_file))


# -- the effective configuration, as a file ---------------------------------------------------

HEADER = (
    "# ignoregen's effective configuration, written by `ignoregen config --write`.\n"
    "# Every key is set, defaults included, so that every machine reads the same.\n"
    "# The keys are described in ignoregen/knowledge/config.py and README.md.\n"
)


def config_table(config: Config, directory: Path) -> dict[str, Any]:
    """The configuration as a TOML table for a file in ``directory``: every key, with the
    built-in defaults filled in and ``presets-dir`` relative to ``directory``."""
    table: dict[str, Any] = {}
    if config.presets_dir is not None:
        relative = os.path.relpath(os.path.abspath(config.presets_dir), os.path.abspath(directory))
        table["presets-dir"] = Path(relative).as_posix()
    table["presets"] = [name for name, _ in config.presets]
    table["skip-presets"] = [name for name, _ in config.skip_presets]
    table["keep"] = [rule.pattern for rule in config.keep]
    check: dict[str, Any] = {}
    if config.check.max_context_size is not None:
        check["max-context-size"] = config.check.max_context_size
    if config.check.max_files is not None:
        check["max-files"] = config.check.max_files
    check["disable"] = list(config.check.disable)
    check["fail-on"] = config.check.fail_on or DEFAULT_FAIL_ON
    check["format"] = config.check.format or DEFAULT_FORMAT
    check["strict"] = bool(config.check.strict)
    table["check"] = check
    if config.exclude:
        table["exclude"] = {ref: value for ref, value, _ in config.exclude}
    if config.extra_rules:
        table["extra-rules"] = {
            ref: [rule.pattern for rule in rules] for ref, rules, _ in config.extra_rules
        }
    return table


def dump_config(config: Config, directory: Path) -> str:
    """The text of ``directory/.ignoregen.toml`` holding the effective configuration.

    The text is parsed back before it is returned: a value the ``toml`` package would
    write wrongly is an error, not a file that says something else."""
    import toml  # only writing needs it: every other command reads with tomllib

    class _Encoder(toml.TomlEncoder):  # type: ignore[type-arg]
        """toml's encoder, with arrays written as ``["a", "b"]``."""

        def dump_list(self, v: Iterable[Any]) -> str:
            return "[" + ", ".join(str(self.dump_value(item)) for item in v) + "]"

    table = config_table(config, directory)
    text = HEADER + "\n" + toml.dumps(table, encoder=_Encoder())
    if parse_toml(text, CONFIG_FILE) != table:  # pragma: no cover - a bug in the encoder
        raise ConfigError([ConfigProblem(
            config.source or CONFIG_FILE, "", "cannot be written as TOML faithfully"
        )])
    return text


def save_config(config: Config, directory: Path, *, force: bool = False) -> bool:
    """Write the effective configuration to ``directory/.ignoregen.toml`` atomically.

    Returns False when the file already says exactly that. An existing file that differs
    is replaced only with ``force`` (its comments and layout would be lost): otherwise a
    :class:`ConfigError` says so."""
    target = directory / CONFIG_FILE
    new = dump_config(config, directory).encode("utf-8")
    old: bytes | None = None
    if target.is_file() or target.is_symlink():
        old = fileio.read_bytes(target)
    if old == new:
        return False
    if old is not None and not force:
        raise ConfigError([ConfigProblem(
            display_path(target), "",
            "exists and differs from the effective configuration; --force replaces it "
            "(its comments and layout are lost), or merge the output of "
            "'ignoregen config' by hand",
        )])
    from ignoregen.plan.writer import write_atomic

    write_atomic(target, new)
    return True
