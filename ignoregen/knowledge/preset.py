"""Presets: what each kind of project carries that an image does not need, read from TOML.

The knowledge lives in ``presets/*.toml`` (installed as the package
``ignoregen.presets``) and in any directory of user presets named in the config.
This module reads and validates those files; it holds no knowledge of its own.

A preset file::

    [preset]
    name = "python"                   # lower case letters, digits and "-"; unique
    description = "..."
    requires = ["other"]              # optional: presets that apply whenever this one does
    keep = ["**/pyproject.toml"]      # optional: paths that must never be excluded

    [detect]
    markers = ["**/pyproject.toml"]   # an entry matching one of these detects the preset
    # always = true                   # instead of markers: the preset applies everywhere

    [categories.virtualenvs]
    description = "..."
    exclude_by_default = true
    priority = 0                      # optional: wins when two categories claim one path
    rules = ["**/.venv", "**/venv"]   # "!pattern" exceptions may follow a rule

Every pattern (markers, keep, rules) is a ``.dockerignore`` pattern in Docker's
dialect, written the way Docker reads it: ``**/name`` for any depth, a bare name for
the context root only, no leading or trailing ``/``.

Errors name the file and the key (``python.toml: categories.caches.rules[2]: ...``),
and one bad entry does not hide the others.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, display_path, parse_line
from ignoregen.engine.matcher import Pattern
from ignoregen.errors import ConfigError, ConfigProblem

if TYPE_CHECKING:
    from importlib.abc import Traversable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

BUILTIN_PACKAGE = "ignoregen.presets"
NAME_RE = re.compile(r"[a-z][a-z0-9-]*\Z")

_PRESET_KEYS = ("name", "description", "requires", "keep")
_DETECT_KEYS = ("markers", "always")
_CATEGORY_KEYS = ("description", "exclude_by_default", "priority", "rules")
_TOP_KEYS = ("preset", "detect", "categories")


# -- errors ----------------------------------------------------------------------------------


# -- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresetRule:
    """One pattern from a preset or config file, with where it came from."""

    rule: Rule
    """The pattern as Docker reads it (``rule.exception`` for ``!`` lines)."""
    source: str
    key: str

    @property
    def pattern(self) -> str:
        """The pattern as written, with its ``!`` for an exception."""
        return str(self.rule)

    @property
    def location(self) -> str:
        return f"{self.source}: {self.key}"


@dataclass(frozen=True)
class Category:
    """A kind of content a project carries, and whether an image normally needs it."""

    preset: str
    name: str
    description: str
    exclude_by_default: bool
    priority: int
    rules: tuple[PresetRule, ...]

    @property
    def id(self) -> str:
        return f"{self.preset}.{self.name}"


@dataclass(frozen=True)
class Preset:
    """What one language, framework or platform adds."""

    name: str
    description: str
    source: str
    """The file it was read from, as shown to users."""
    always: bool
    """Applies to every context (no detection)."""
    markers: tuple[PresetRule, ...]
    keep: tuple[PresetRule, ...]
    requires: tuple[str, ...]
    categories: tuple[Category, ...]
    builtin: bool = True


@dataclass(frozen=True)
class PresetSet:
    """The presets in effect for a run, with what the configuration added."""

    presets: tuple[Preset, ...]
    forced: frozenset[str] = frozenset()
    """Presets applied whether or not they are detected."""
    keep: tuple[PresetRule, ...] = ()
    """Paths the configuration says to keep, on top of the presets' own."""
    config: str | None = None
    """The configuration file that shaped this set, as shown to users."""
    _by_name: dict[str, Preset] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {preset.name: preset for preset in self.presets})

    def __iter__(self) -> Iterator[Preset]:
        return iter(self.presets)

    def __len__(self) -> int:
        return len(self.presets)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Preset:
        return self._by_name[name]

    @property
    def categories(self) -> tuple[Category, ...]:
        return tuple(category for preset in self.presets for category in preset.categories)

    def category(self, category_id: str) -> Category | None:
        preset, _, name = category_id.partition(".")
        if preset not in self._by_name:
            return None
        for category in self._by_name[preset].categories:
            if category.name == name:
                return category
        return None

    def required(self, names: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """``names`` and every preset they require, each with the presets that pulled it in."""
        by: dict[str, list[str]] = {name: [] for name in names if name in self._by_name}
        queue = list(by)
        while queue:
            name = queue.pop()
            for needed in self._by_name[name].requires:
                if needed not in by:
                    by[needed] = []
                    queue.append(needed)
                if name not in by[needed]:
                    by[needed].append(name)
        return {name: tuple(sorted(reasons)) for name, reasons in by.items()}


# -- validation helpers ----------------------------------------------------------------------


class _Reader:
    """Collects problems while turning TOML values into the model."""

    def __init__(self, source: str, *, trusted: bool = False) -> None:
        self.source = source
        self.problems: list[ConfigProblem] = []
        self.trusted = trusted
        """Built-in presets: their regular expressions are compiled by the test suite
        (tests/test_presets.py), not at every start."""

    def problem(self, key: str, message: str) -> None:
        self.problems.append(ConfigProblem(self.source, key, message))

    def unknown_keys(self, table: dict[str, Any], known: Sequence[str], where: str) -> None:
        for key in table:
            if key not in known:
                self.problem(
                    _join(where, key),
                    f"unknown key; expected one of: {', '.join(known)}",
                )

    def table(self, value: object, key: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(key, f"must be a table, not {_type_name(value)}")
            return None
        return value

    def string(self, value: object, key: str, *, required: bool = True) -> str | None:
        if value is None:
            if required:
                self.problem(key, "missing (a string)")
            return None
        if not isinstance(value, str):
            self.problem(key, f"must be a string, not {_type_name(value)}")
            return None
        if required and not value.strip():
            self.problem(key, "must not be empty")
            return None
        return value

    def boolean(self, value: object, key: str, *, required: bool = True) -> bool | None:
        if value is None:
            if required:
                self.problem(key, "missing (true or false)")
            return None
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {_type_name(value)}")
            return None
        return value

    def integer(self, value: object, key: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"must be an integer, not {_type_name(value)}")
            return None
        return value

    def strings(self, value: object, key: str) -> list[tuple[str, str]]:
        """A list of strings, each with its own key (``key[i]``)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, f"must be a list of strings, not {_type_name(value)}")
            return []
        out: list[tuple[str, str]] = []
        for index, item in enumerate(value):
            item_key = f"{key}[{index}]"
            if not isinstance(item, str):
                self.problem(item_key, f"must be a string, not {_type_name(item)}")
                continue
            out.append((item_key, item))
        return out

    def name(self, value: object, key: str) -> str | None:
        text = self.string(value, key)
        if text is not None and not NAME_RE.match(text):
            self.problem(
                key, f"{text!r}: use lower-case letters, digits and '-', starting with a letter"
            )
            return None
        return text

    def patterns(self, value: object, key: str, *, exceptions: bool) -> tuple[PresetRule, ...]:
        out: list[PresetRule] = []
        seen: dict[str, str] = {}
        for item_key, text in self.strings(value, key):
            rule = self.pattern(text, item_key, exceptions=exceptions)
            if rule is None:
                continue
            if not out and rule.rule.exception:
                self.problem(
                    item_key,
                    f"{text!r}: an exception cannot come first; it would re-include nothing",
                )
                continue
            if text in seen:
                self.problem(item_key, f"{text!r} repeats {seen[text]}")
                continue
            seen[text] = item_key
            out.append(rule)
        return tuple(out)

    def pattern(self, text: str, key: str, *, exceptions: bool) -> PresetRule | None:
        if self.trusted:
            # A shipped preset: the tests read every one untrusted as well and require the
            # same result, so its patterns are known to be canonical and valid.
            exception = text.startswith("!")
            pattern = text[1:] if exception else text
            return PresetRule(Rule(pattern, exception, self.source, 0, text), self.source, key)
        return check_pattern(text, self.source, key, self.problems, exceptions=exceptions)


def check_pattern(
    text: str,
    source: str,
    key: str,
    problems: list[ConfigProblem],
    *,
    exceptions: bool = False,
) -> PresetRule | None:
    """Validate one pattern the way Docker would read it; record a problem and return None
    when it is unusable (its regular expression must compile, too)."""

    def bad(message: str) -> None:
        problems.append(ConfigProblem(source, key, message))

    try:
        rule = parse_line(text, source, 0)
    except IgnoreFileError as exc:
        bad(f"{text!r}: Docker rejects this pattern: {exc.message}")
        return None
    if rule is None:
        what = "a comment" if text.startswith("#") else "empty"
        bad(f"{text!r}: Docker reads this line as {what}, not a pattern")
        return None
    if rule.exception and not exceptions:
        bad(f"{text!r}: exceptions ('!') are only allowed in category rules")
        return None
    canonical = str(rule)
    if canonical != text:
        bad(f"{text!r}: Docker reads this as {canonical!r}; write it that way")
        return None
    if rule.pattern in (".", "/") or rule.pattern == ".." or rule.pattern.startswith("../"):
        bad(f"{text!r}: never matches anything in a build context")
        return None
    if Pattern(rule).broken:
        bad(f"{text!r}: Docker fails the build when it first tests this pattern")
        return None
    return PresetRule(rule, source, key)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _join(where: str, key: str) -> str:
    shown = key if NAME_RE.match(key) or re.fullmatch(r"[A-Za-z0-9_-]+", key) else repr(key)
    return f"{where}.{shown}" if where else shown


# -- reading ---------------------------------------------------------------------------------


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text, turning syntax errors into a :class:`ConfigError`."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([ConfigProblem(source, "", f"not valid TOML: {exc}")]) from None
    return data


def parse_preset(text: str, source: str, *, builtin: bool = False) -> Preset:
    """Read one preset file; raise :class:`ConfigError` listing every problem in it."""
    data = parse_toml(text, source)
    reader = _Reader(source, trusted=builtin)
    reader.unknown_keys(data, _TOP_KEYS, "")

    head = reader.table(data.get("preset", {}), "preset") or {}
    if "preset" not in data:
        reader.problem("preset", "missing table [preset] (name, description)")
    reader.unknown_keys(head, _PRESET_KEYS, "preset")
    name = reader.name(head.get("name"), "preset.name")
    description = reader.string(head.get("description"), "preset.description")
    requires: list[str] = []
    for key, value in reader.strings(head.get("requires"), "preset.requires"):
        needed = reader.name(value, key)
        if needed is not None:
            if needed == name:
                reader.problem(key, "a preset cannot require itself")
            elif needed in requires:
                reader.problem(key, f"{needed!r} is listed twice")
            else:
                requires.append(needed)
    keep = reader.patterns(head.get("keep"), "preset.keep", exceptions=False)

    detect = reader.table(data.get("detect", {}), "detect") or {}
    reader.unknown_keys(detect, _DETECT_KEYS, "detect")
    always = reader.boolean(detect.get("always"), "detect.always", required=False) or False
    markers = reader.patterns(detect.get("markers"), "detect.markers", exceptions=False)
    if always and "markers" in detect:
        reader.problem("detect.markers", "not used: the preset has always = true")
    elif not always and not markers and "markers" not in detect:
        reader.problem("detect", "give markers (patterns that detect the preset) or always = true")
    elif not always and not markers:
        reader.problem("detect.markers", "empty: the preset could never be detected")

    categories: list[Category] = []
    table = reader.table(data.get("categories", {}), "categories") or {}
    for category_name, body in table.items():
        where = _join("categories", category_name)
        if not NAME_RE.match(category_name):
            reader.problem(
                where,
                "category names use lower-case letters, digits and '-', starting with a letter",
            )
            continue
        values = reader.table(body, where)
        if values is None:
            continue
        reader.unknown_keys(values, _CATEGORY_KEYS, where)
        category_description = reader.string(values.get("description"), f"{where}.description")
        exclude = reader.boolean(values.get("exclude_by_default"), f"{where}.exclude_by_default")
        priority = reader.integer(values.get("priority"), f"{where}.priority") or 0
        rules = reader.patterns(values.get("rules"), f"{where}.rules", exceptions=True)
        if "rules" not in values:
            reader.problem(f"{where}.rules", "missing (a list of patterns)")
        elif not rules and isinstance(values.get("rules"), list) and not values["rules"]:
            reader.problem(f"{where}.rules", "empty: the category would classify nothing")
        if category_description is None or exclude is None or name is None:
            continue
        categories.append(
            Category(name, category_name, category_description, exclude, priority, rules)
        )

    if reader.problems or name is None or description is None:
        raise ConfigError(reader.problems)
    return Preset(
        name=name,
        description=description,
        source=source,
        always=always,
        markers=markers,
        keep=keep,
        requires=tuple(requires),
        categories=tuple(categories),
        builtin=builtin,
    )


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
            out.append((shown, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(ConfigProblem(shown, "", f"cannot read: {exc}"))
    if problems:
        raise ConfigError(problems)
    return out


def load_presets(user_dirs: Sequence[Path] = ()) -> PresetSet:
    """The built-in presets, then those in ``user_dirs``; validated together.

    Raises :class:`ConfigError` with every problem found: bad files, duplicate names,
    and ``requires`` naming a preset that does not exist.
    """
    files = [(name, text, True) for name, text in builtin_files()]
    for directory in user_dirs:
        files.extend((name, text, False) for name, text in directory_files(directory))
    return build_set(files)


def build_set(files: Iterable[tuple[str, str, bool]]) -> PresetSet:
    """Parse ``(source, text, builtin)`` files into a checked :class:`PresetSet`."""
    problems: list[ConfigProblem] = []
    presets: list[Preset] = []
    seen: dict[str, str] = {}
    for source, text, builtin in files:
        try:
            preset = parse_preset(text, source, builtin=builtin)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        if preset.name in seen:
            problems.append(
                ConfigProblem(
                    source,
                    "preset.name",
                    f"{preset.name!r} is already defined in {seen[preset.name]}; preset names "
                    "must be unique (rename this one, and skip the other in the config if needed)",
                )
            )
            continue
        seen[preset.name] = source
        presets.append(preset)
    for preset in presets:
        for index, needed in enumerate(preset.requires):
            if needed not in seen:
                problems.append(
                    ConfigProblem(
                        preset.source,
                        f"preset.requires[{index}]",
                        f"no preset is named {needed!r}",
                    )
                )
    if problems:
        raise ConfigError(problems)
    return PresetSet(tuple(presets))
