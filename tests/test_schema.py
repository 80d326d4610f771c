"""The one validator behind preset and configuration files, as a truth table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ignoregen.errors import ConfigError
from ignoregen.knowledge.config import parse_config
from ignoregen.knowledge.preset import parse_preset, parse_toml
from ignoregen.knowledge.schema import INVALID, ListOf, MapOf, Problems, Table, Value, validate

SCHEMA = Table(
    {
        "name": Value((str,), "a name", required=True, form=re.compile(r"[a-z]+\Z"),
                      form_hint="lower-case letters only"),
        "mode": Value((str,), "a mode", choices=("fast", "careful")),
        "count": Value((int,), "a count (0 or more)", minimum=0),
        "flag": Value((bool,), "true or false"),
        "tags": ListOf(Value((str,), "a tag (a string)", nonempty=True), "a list of tags"),
        "inner": Table({"depth": Value((int,), "an integer")}),
        "named": MapOf(Value((bool,), "true or false"), "a table of switches",
                       names=Value((str,), "a switch", form=re.compile(r"[a-z.]+\Z"),
                                   form_hint="lower-case letters and dots")),
    }
)


def check(document: dict[str, Any]) -> tuple[Any, list[str]]:
    good, problems = validate(SCHEMA, document, "f.toml")
    return good, [str(problem) for problem in problems.items]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"name": "ok"}, []),
        ({}, ["f.toml: name: missing (a name)"]),
        ({"name": 3}, ["f.toml: name: must be a name, not an integer"]),
        ({"name": "Up"}, ["f.toml: name: 'Up': lower-case letters only"]),
        ({"name": "ok", "mode": "fsat"},
         ["f.toml: mode: must be one of: fast, careful; did you mean 'fast'?"]),
        ({"name": "ok", "mode": "zzz"}, ["f.toml: mode: must be one of: fast, careful"]),
        ({"name": "ok", "mode": 1}, ["f.toml: mode: must be one of: fast, careful"]),
        ({"name": "ok", "count": -2}, ["f.toml: count: must be a count (0 or more), not -2"]),
        ({"name": "ok", "count": True},
         ["f.toml: count: must be a count (0 or more), not a boolean"]),
        ({"name": "ok", "flag": "yes"}, ["f.toml: flag: must be true or false, not a string"]),
        ({"name": "ok", "tags": "a"}, ["f.toml: tags: must be a list of tags, not a string"]),
        ({"name": "ok", "tags": ["a", 2, " "]},
         ["f.toml: tags[1]: must be a tag (a string), not an integer",
          "f.toml: tags[2]: must not be empty"]),
        ({"name": "ok", "colour": 1},
         ["f.toml: colour: unknown key 'colour'; expected one of: name, mode, count, flag, "
          "tags, inner, named"]),
        ({"name": "ok", "tag": []}, ["f.toml: tag: unknown key 'tag'; did you mean 'tags'?"]),
        ({"name": "ok", "depth": 1},
         ["f.toml: depth: unknown key 'depth' here; did you mean 'inner.depth'?"]),
        ({"name": "ok", "inner": 1}, ["f.toml: inner: must be a table, not an integer"]),
        ({"name": "ok", "inner": {"dpeth": 1}},
         ["f.toml: inner.dpeth: unknown key 'dpeth'; did you mean 'depth'?"]),
        ({"name": "ok", "named": {"a.b": 1, "A b": True}},
         ['f.toml: named."a.b": must be true or false, not an integer',
          "f.toml: named.\"A b\": 'A b': lower-case letters and dots"]),
    ],
)
def test_every_problem_names_the_key(document: dict[str, Any], expected: list[str]) -> None:
    assert check(document)[1] == expected


def test_what_passes_is_returned_and_what_fails_is_left_out() -> None:
    good, problems = check(
        {"name": "ok", "count": -1, "tags": ["a", 2, "b"], "named": {"x": True, "y": 1}}
    )
    assert good == {"name": "ok", "tags": ["a", "b"], "named": {"x": True}}
    assert len(problems) == 3


def test_a_check_converts_or_rejects() -> None:
    def even(value: int, key: str, problems: Problems) -> Any:
        if value % 2:
            problems.add(key, f"{value} is odd")
            return INVALID
        return value // 2

    schema = ListOf(Value((int,), "an integer", check=even), "a list", check=lambda v, k, p: sum(v))
    good, problems = validate(schema, [2, 3, 8], "f.toml", "halves")
    assert good == 5
    assert [str(problem) for problem in problems.items] == ["f.toml: halves[1]: 3 is odd"]


def test_a_missing_value_is_not_a_problem_unless_required() -> None:
    good, problems = validate(Value((str,), "a string"), None, "f.toml", "x")
    assert good is INVALID
    assert not problems


# Presets and configuration read through the same validator: the same mistake reads the
# same in both.
PRESET = """
[preset]
name = "demo"
description = "A demo."

[detect]
markers = ["**/demo.json"]

[categories.stuff]
description = "Stuff."
role = "other"
exclude_by_default = true
rules = ["**/stuff"]
"""


def preset_problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_preset(text, "demo.toml")
    return [problem.message for problem in caught.value.problems]


def config_problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(parse_toml(text, ".ignoregen.toml"), ".ignoregen.toml", Path("."))
    return [problem.message for problem in caught.value.problems]


def test_presets_and_configuration_word_the_same_mistake_alike() -> None:
    assert preset_problems(PRESET.replace('rules = ["**/stuff"]', "rules = [1]")) == (
        config_problems("keep = [1]\n")
    ) == ["must be a pattern (a string), not an integer"]
    assert preset_problems(PRESET.replace('rules = ["**/stuff"]', 'rules = ["a/"]')) == (
        config_problems("keep = ['a/']\n")
    ) == ["'a/': Docker reads this as 'a'; write it that way"]
    assert preset_problems(PRESET.replace("[detect]", "[detect]\nmarker = 1")) == [
        "unknown key 'marker'; did you mean 'markers'?"
    ]
    assert config_problems("kep = []\n") == ["unknown key 'kep'; did you mean 'keep'?"]
