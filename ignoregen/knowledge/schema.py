"""One validator for the TOML files ignoregen reads: presets and the configuration.

A schema is data. A :class:`Table` maps each of its keys to a field saying what the value
must be: a :class:`Value` (of given TOML types, perhaps one of a few choices, or a name of
a given form), a :class:`ListOf` items, another :class:`Table`, or a :class:`MapOf`
entries whose keys the file chooses (``[categories.<name>]``). :func:`validate` walks a
parsed document along the schema and returns what passed; every problem becomes a
:class:`~ignoregen.errors.ConfigProblem` naming the file and the dotted key, with "did you
mean" for an unknown key or value, and one bad entry never hides the next.

A field may carry a ``check``: a function of the good value, its key and the problems,
that turns the value into a model object (a pattern into a rule) or returns
:data:`INVALID` after reporting what else is wrong with it. Rules that join several keys
(``always = true`` against ``markers``) stay with the reader of the file.

Messages follow one form: ``missing (WHAT)``, ``must be WHAT, not FOUND``, ``must be one
of: A, B; did you mean 'A'?``, ``unknown key 'x'; did you mean 'y'?``, where WHAT is the
field's own description.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from ignoregen.errors import ConfigError, ConfigProblem
from ignoregen.knowledge.regex import Regex


class _Invalid:
    """What :func:`validate` returns for a value that did not pass (or is absent)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


class Problems:
    """The problems found in one file, in the order they were found."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[ConfigProblem] = []

    def add(self, key: str, message: str) -> None:
        self.items.append(ConfigProblem(self.source, key, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigError(self.items)


Check = Callable[[Any, str, Problems], Any]
"""``check(value, key, problems)``: the value to keep, or :data:`INVALID`."""


@dataclass(frozen=True)
class Value:
    """One TOML value: a string, a boolean, an integer (or any of several)."""

    types: tuple[type, ...]
    what: str
    """What the value must be, as messages say it: ``"a string"``, ``"true or false"``."""
    required: bool = False
    choices: tuple[str, ...] = ()
    """The only strings allowed (a misspelt one gets a "did you mean")."""
    form: re.Pattern[str] | None = None
    """A string must match this, else ``'value': form_hint``."""
    form_hint: str = ""
    nonempty: bool = False
    """A string must hold more than white space."""
    minimum: int | None = None
    check: Check | None = None

    @property
    def plain_string(self) -> bool:
        """Any string will do."""
        return self.types == (str,) and not (
            self.choices or self.form or self.nonempty or self.minimum is not None or self.check
        )


@dataclass(frozen=True)
class ListOf:
    """A TOML array; each item is read with ``items`` under the key ``key[index]``."""

    items: Field
    what: str
    required: bool = False
    check: Check | None = None
    """Called with the list of the items that passed."""


@dataclass(frozen=True)
class Table:
    """A TOML table with known keys; any other key is reported."""

    keys: Mapping[str, Field]
    what: str = "a table"
    required: bool = False


@dataclass(frozen=True)
class MapOf:
    """A TOML table whose keys the file chooses, each value read with ``values``."""

    values: Field
    what: str
    names: Value | None = None
    """How a key must look (its problems are reported at the key)."""
    required: bool = False
    check: Check | None = None


Field: TypeAlias = Value | ListOf | Table | MapOf


def validate(schema: Field, value: object, source: str, where: str = "") -> tuple[Any, Problems]:
    """Read ``value`` (a parsed TOML document or part of one) along ``schema``.

    Returns what passed and the problems; ``where`` is the key of ``value`` in its file
    (``tool.ignoregen`` for a pyproject.toml table)."""
    problems = Problems(source)
    return read(schema, value, where, problems), problems


def read(schema: Field, value: object, key: str, problems: Problems) -> Any:
    """What passed of ``value`` at ``key`` (a table keeps only the keys that passed), or
    :data:`INVALID` when it is absent or wrong; problems go to ``problems``."""
    if value is None:  # TOML has no null: None means the key is absent
        if schema.required:
            problems.add(key, f"missing ({schema.what})")
        return INVALID
    if isinstance(schema, Value):
        return _value(schema, value, key, problems)
    if isinstance(schema, ListOf):
        if not isinstance(value, list):
            problems.add(key, f"must be {schema.what}, not {type_name(value)}")
            return INVALID
        each = schema.items
        if isinstance(each, Value) and each.plain_string and all(type(v) is str for v in value):
            items = value  # the common case, kept quick: presets hold many patterns
        elif isinstance(each, Value):
            items = [_value(each, item, f"{key}[{i}]", problems) for i, item in enumerate(value)]
        else:
            items = [read(each, item, f"{key}[{i}]", problems) for i, item in enumerate(value)]
        good = [item for item in items if item is not INVALID]
        return schema.check(good, key, problems) if schema.check is not None else good
    if not isinstance(value, dict):
        problems.add(key, f"must be {schema.what}, not {type_name(value)}")
        return INVALID
    if isinstance(schema, Table):
        for name in value:
            if name not in schema.keys:
                problems.add(join(key, name), unknown_key(name, schema))
        out: dict[str, Any] = {}
        for name, sub in schema.keys.items():
            item = value.get(name)
            if item is None and not sub.required:
                continue
            got = read(sub, item, join(key, name), problems)
            if got is not INVALID:
                out[name] = got
        return out
    entries: dict[str, Any] = {}
    for name, item in value.items():
        where = join(key, name)
        if schema.names is not None and read(schema.names, name, where, problems) is INVALID:
            continue
        got = read(schema.values, item, where, problems)
        if got is not INVALID:
            entries[name] = got
    return schema.check(entries, key, problems) if schema.check is not None else entries


def _value(schema: Value, value: object, key: str, problems: Problems) -> Any:
    if not isinstance(value, schema.types) or (
        isinstance(value, bool) and bool not in schema.types
    ):
        if schema.choices:
            problems.add(key, f"must be one of: {', '.join(schema.choices)}")
        else:
            problems.add(key, f"must be {schema.what}, not {type_name(value)}")
        return INVALID
    if isinstance(value, str):
        if schema.nonempty and not value.strip():
            problems.add(key, "must not be empty")
            return INVALID
        if schema.form is not None and not schema.form.match(value):
            problems.add(key, f"{value!r}: {schema.form_hint}")
            return INVALID
        if schema.choices and value not in schema.choices:
            problems.add(
                key, f"must be one of: {', '.join(schema.choices)}"
                f"{did_you_mean(value, schema.choices)}"
            )
            return INVALID
    if schema.minimum is not None and isinstance(value, int) and value < schema.minimum:
        problems.add(key, f"must be {schema.what}, not {value}")
        return INVALID
    return schema.check(value, key, problems) if schema.check is not None else value


# -- words for messages ------------------------------------------------------------------------


def type_name(value: object) -> str:
    """A TOML value's type, as messages name it: ``a string``, ``a table``."""
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


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def join(where: str, name: str) -> str:
    """The dotted key of ``name`` inside ``where``, quoted as TOML quotes it when needed."""
    shown = name if _BARE_KEY.match(name) else '"' + name.replace("\\", "\\\\").replace(
        '"', '\\"'
    ) + '"'
    return f"{where}.{shown}" if where else shown


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The nearest of ``choices`` to a misspelt ``word``, if one is near enough."""
    import difflib  # only when something is misspelt

    found = difflib.get_close_matches(word, list(choices), n=1)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"``, or "" when nothing is close."""
    close = close_match(word, choices)
    return f"; did you mean {close!r}?" if close is not None else ""


def unknown_key(name: str, table: Table) -> str:
    """The message for a key ``table`` does not know: the key it belongs under when a
    table inside knows it, else the closest known key, else all of them."""
    for inner, sub in table.keys.items():
        if isinstance(sub, Table) and name in sub.keys:
            return f"unknown key {name!r} here; did you mean {inner + '.' + name!r}?"
    close = close_match(name, table.keys)
    if close is not None:
        return f"unknown key {name!r}; did you mean {close!r}?"
    return f"unknown key {name!r}; expected one of: {', '.join(table.keys)}"


# -- need sources (presets' [[needs]]) ---------------------------------------------------------

EXTRACTORS = ("go-embed", "go-test-embed", "go-test-files", "go-work-uses", "go-imports",
              "rust-include", "rust-modules", "cargo-members", "maven-modules",
              "gradle-projects", "ts-test-imports", "python-test-imports", "ruby-dotenv",
              "symfony-env-files", "dotnet-solution", "gemspec-files",
              "cargo-targets")
"""The named extractors a need source may call (``extract = "go-embed"``): file formats
whose parsing a regular expression cannot do well; :mod:`ignoregen.build.needs` holds them."""

_NEED_KINDS = ("key", "regex", "command", "extract")


def _regex(text: str, key: str, problems: Problems) -> Any:
    try:
        return Regex.compile(text)
    except re.error as exc:
        problems.add(key, f"{text!r}: not a valid regular expression ({exc})")
        return INVALID


def need_source_table() -> Table:
    """One ``[[needs]]`` entry of a preset: where a build's needs come from (the model is
    :class:`ignoregen.knowledge.preset.NeedSource`). At most one of key, regex, command and
    extract; without any, ``paths`` are needed whenever the trigger ``files`` are there
    (or always, without ``files``). ``built_by``: the trigger files count only for a build
    whose base images or commands (a ``RUN``, a script it calls) match it; with ``in_stage``,
    a path found counts only for a stage that runs it and has the path."""
    names = ListOf(Value((str,), "a file name or glob (a string)", nonempty=True), "a list")
    keys = ListOf(
        Value((str,), "a key path (a string)", nonempty=True,
              form=re.compile(r"[^.\s]+(\.[^.\s]+)*\Z"),
              form_hint="dotted keys, '*' for any item, a last '~' for a table's keys: "
                        "tool.poetry.include.*.path"),
        "a list of key paths",
    )
    return Table(
        {
            "files": names,
            "key": keys,
            "when": keys,
            "regex": Value((str,), "a regular expression (a string)", nonempty=True,
                           check=_regex),
            "unless": Value((str,), "a regular expression (a string)", nonempty=True,
                            check=_regex),
            "unless_dockerfile": Value((str,), "a regular expression (a string)",
                                       nonempty=True, check=_regex),
            "members_packed_by": Value((str,), "a regular expression (a string)",
                                       nonempty=True, check=_regex),
            "members_built_by": Value((str,), "a regular expression (a string)",
                                      nonempty=True, check=_regex),
            "command": Value((str,), "a regular expression (a string)", nonempty=True,
                             check=_regex),
            "extract": Value((str,), f"an extractor: {', '.join(EXTRACTORS)}",
                             choices=EXTRACTORS),
            "built_by": Value((str,), "a regular expression (a string)", nonempty=True,
                              check=_regex),
            "in_stage": Value((bool,), "true or false"),
            "from_root": Value((bool,), "true or false"),
            "checked": Value((bool,), "true or false"),
            "scripts": Value(
                (str,), "a key path (a string)", nonempty=True,
                form=re.compile(r"[^.\s*]+(\.[^.\s*]+)*\Z"), form_hint="dotted keys: scripts",
            ),
            "paths": names,
            "reason": Value((str,), "a string", required=True, nonempty=True),
            "warning": Value((str,), "a string", nonempty=True),
        },
        what="a table with a reason",
    )


def need_problems(entry: Mapping[str, Any], key: str, problems: Problems) -> bool:
    """The rules that join a need source's keys; True when it is usable."""
    if "reason" not in entry:
        return False  # reported as missing
    kinds = [kind for kind in _NEED_KINDS if kind in entry]
    if len(kinds) > 1:
        problems.add(key, f"give one of {', '.join(_NEED_KINDS)}, not {' and '.join(kinds)}")
        return False
    kind = kinds[0] if kinds else None
    if kind is not None and kind != "command" and "files" not in entry:
        problems.add(key, f"{kind} reads a file: give files (the names it reads)")
        return False
    for joined in ("when", "unless", "unless_dockerfile", "members_packed_by", "members_built_by"):
        if joined in entry and "files" not in entry:
            problems.add(join(key, joined), "only with files (it looks into them)")
            return False
    if "built_by" in entry and ("files" not in entry or kind == "command"):
        problems.add(join(key, "built_by"), "only with files, and not with command (it says "
                     "which builds read the trigger files)")
        return False
    if entry.get("in_stage") and "built_by" not in entry:
        problems.add(join(key, "in_stage"), "only with built_by (the stage that runs it)")
        return False
    if entry.get("from_root") and kind != "regex":
        problems.add(join(key, "from_root"), "only with regex (the names it finds)")
        return False
    if "scripts" in entry and (kind != "command" or "files" not in entry):
        problems.add(join(key, "scripts"), "only with command and files (the scripts' file)")
        return False
    if "scripts" in entry and "script" not in entry["command"].groupindex:
        problems.add(join(key, "command"), "with scripts: name the script with (?P<script>...)")
        return False
    if kind == "command" and "files" in entry and "scripts" not in entry:
        problems.add(join(key, "files"), "a command is looked for in what runs the image, not "
                     "in files (give scripts to read named scripts from them)")
        return False
    if kind in ("command", None) and "files" not in entry and not entry.get("paths"):
        problems.add(key, "give paths (what is needed)")
        return False
    return True


# -- build outputs (presets' [[outputs]]) -----------------------------------------------------


def output_source_table() -> Table:
    """One ``[[outputs]]`` entry of a preset: a path a build writes itself (the model is
    :class:`ignoregen.knowledge.preset.OutputSource`). ``command`` finds the ``RUN`` that
    writes it; ``files`` with ``key`` or ``regex`` say where (else ``paths``)."""
    names = ListOf(Value((str,), "a file name or glob (a string)", nonempty=True), "a list")
    return Table(
        {
            "command": Value((str,), "a regular expression (a string)", required=True,
                             nonempty=True, check=_regex),
            "files": names,
            "key": ListOf(
                Value((str,), "a key path (a string)", nonempty=True,
                      form=re.compile(r"[^.\s]+(\.[^.\s]+)*\Z"),
                      form_hint="dotted keys: tool.hatch.build.hooks.vcs.version-file"),
                "a list of key paths",
            ),
            "regex": Value((str,), "a regular expression (a string)", nonempty=True,
                           check=_regex),
            "paths": names,
            "whole": Value((bool,), "true or false"),
            "reason": Value((str,), "a string", required=True, nonempty=True),
        },
        what="a table with a command and a reason",
    )


def output_problems(entry: Mapping[str, Any], key: str, problems: Problems) -> bool:
    """The rules that join an output source's keys; True when it is usable."""
    if "reason" not in entry or "command" not in entry:
        return False  # reported as missing
    if "key" in entry and "regex" in entry:
        problems.add(key, "give one of key and regex, not both")
        return False
    reads_file = "file" in entry["command"].groupindex
    if "key" in entry and "files" not in entry:
        problems.add(join(key, "key"), "only with files (the file it looks into)")
        return False
    if "regex" in entry and "files" not in entry and not reads_file:
        problems.add(join(key, "regex"), "give files, or name the file the command runs "
                     "with (?P<file>...) in command")
        return False
    if "key" not in entry and "regex" not in entry and not entry.get("paths"):
        problems.add(key, "give paths (what the command writes), or key or regex")
        return False
    return True
