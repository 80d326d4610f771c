"""Configuration: where it is found, what it may say, and what it changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.commands.scan import scan
from ignoregen.engine.setup import find_setup
from ignoregen.errors import ConfigError
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.config import Config, find_config, load_config, presets_for


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        presets_for(path.parent, path)
    return [str(problem) for problem in caught.value.problems]


# -- finding the file -----------------------------------------------------------------------


def test_the_context_directory_is_searched_first(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / ".ignoregen.toml", "presets = []\n")
    inner = write(tmp_path / "svc" / ".ignoregen.toml", "presets = []\n")
    assert find_config(tmp_path / "svc") == inner


def test_a_pyproject_counts_only_with_its_tool_table(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "x\n")
    root = write(tmp_path / "pyproject.toml", "[tool.ignoregen]\npresets = []\n")
    write(tmp_path / "svc" / "pyproject.toml", "[project]\nname = 'svc'\n")
    assert find_config(tmp_path / "svc") == root


def test_a_broken_pyproject_that_is_not_ours_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "x\n")
    write(tmp_path / "pyproject.toml", "this is [not toml\n")
    assert find_config(tmp_path) is None
    broken = write(tmp_path / "pyproject.toml", "[tool.ignoregen\npresets = []\n")
    assert find_config(tmp_path) == broken
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


def test_dot_ignoregen_wins_over_pyproject_in_one_directory(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "x\n")
    write(tmp_path / "pyproject.toml", "[tool.ignoregen]\npresets = []\n")
    dot = write(tmp_path / ".ignoregen.toml", "presets = []\n")
    assert find_config(tmp_path) == dot


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".ignoregen.toml", "presets = []\n")
    write(tmp_path / "repo" / ".git" / "HEAD", "x\n")
    (tmp_path / "repo" / "svc").mkdir()
    assert find_config(tmp_path / "repo" / "svc") is None


def test_no_configuration_means_the_builtin_presets(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "x\n")
    presets = presets_for(tmp_path)
    assert presets.config is None
    assert "python" in presets
    assert not presets.forced


# -- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour = 'red'\n",
         ".ignoregen.toml: colour: unknown key 'colour'; expected one of: presets-dir, presets"),
        ("presets = 'python'\n", ".ignoregen.toml: presets: must be a list of preset names"),
        ("presets = ['pyhton']\n",
         ".ignoregen.toml: presets[0]: no preset is named 'pyhton' (known: aws, base"),
        ("skip-presets = [3]\n", ".ignoregen.toml: skip-presets[0]: must be a preset name"),
        ("skip-presets = ['kubernetes']\n",
         ".ignoregen.toml: skip-presets: 'helm' requires 'kubernetes'; skip both or neither"),
        ("presets = ['node']\nskip-presets = ['node']\n",
         ".ignoregen.toml: presets[0]: 'node' is also in skip-presets"),
        ("keep = ['[oops']\n", ".ignoregen.toml: keep[0]: '[oops': Docker rejects this"),
        ("keep = ['!x']\n", ".ignoregen.toml: keep[0]: '!x': exceptions ('!') are only"),
        ("[exclude]\ntests = 'no'\n",
         ".ignoregen.toml: exclude.tests: must be true (exclude by default) or false"),
        ("[exclude]\n\"base.testz\" = false\n",
         '.ignoregen.toml: exclude."base.testz": no category \'base.testz\' in the presets'),
        ("[extra-rules]\ndocs = ['handbook']\n",
         '.ignoregen.toml: extra-rules.docs: name the category with its preset, as in '
         '"base.docs"'),
        ("[extra-rules]\n\"base.data\" = ['data']\n",
         ".ignoregen.toml: extra-rules.\"base.data\": no category 'base.data' in the presets"),
        ("[extra-rules]\n\"base.docs\" = ['handbook/']\n",
         ".ignoregen.toml: extra-rules.\"base.docs\"[0]: 'handbook/': Docker reads this as "
         "'handbook'"),
        ("presets-dir = 'nowhere'\n", ".ignoregen.toml: presets-dir: nowhere: no such "),
        ("presets = [\n", ".ignoregen.toml: not valid TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(
    text: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / ".ignoregen.toml", text)
    found = errors(path)
    assert any(problem.startswith(expected) for problem in found), found


def test_pyproject_keys_carry_their_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "pyproject.toml", "[tool.ignoregen]\ncolour = 1\nkeep = [1]\n")
    assert errors(path) == [
        "pyproject.toml: tool.ignoregen.colour: unknown key 'colour'; expected one of: "
        "presets-dir, presets, skip-presets, keep, exclude, extra-rules, check",
        "pyproject.toml: tool.ignoregen.keep[0]: must be a pattern (a string), not an integer",
    ]


def test_a_bad_user_preset_is_reported_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "presets" / "data.toml", "[preset]\nname = 'data'\n")
    path = write(tmp_path / ".ignoregen.toml", "presets-dir = 'presets'\n")
    found = errors(path)
    assert "presets/data.toml: preset.description: missing (a string)" in found
    assert any(p.startswith("presets/data.toml: detect: give markers") for p in found)


# -- effects --------------------------------------------------------------------------------


def test_categories_switch_on_and_off(tmp_path: Path) -> None:
    path = write(
        tmp_path / ".ignoregen.toml",
        "[exclude]\ntests = false\n\"heroku.settings\" = true\n",
    )
    presets = presets_for(tmp_path, path)
    flags = {c.id: c.exclude_by_default for c in presets.categories}
    assert flags["base.tests"] is False
    assert flags["python.tests"] is False
    assert flags["node.tests"] is False
    assert flags["heroku.settings"] is True
    assert flags["base.docs"] is True


def test_extra_rules_user_presets_and_forced_presets(tmp_path: Path) -> None:
    write(tmp_path / "presets" / "data.toml", """
[preset]
name = "data"
description = "Data science leftovers."

[detect]
markers = ["**/*.ipynb"]

[categories.datasets]
description = "Raw data files."
role = "local"
exclude_by_default = true
rules = ["**/*.parquet"]
""")
    path = write(tmp_path / ".ignoregen.toml", """
presets-dir = "presets"
presets = ["terraform"]
skip-presets = ["heroku"]
keep = ["docs/openapi.yaml"]

[extra-rules]
"base.docs" = ["handbook"]
""")
    presets = presets_for(tmp_path, path)
    assert "data" in presets
    assert "heroku" not in presets
    assert presets.forced == frozenset({"terraform"})

    project = tmp_path / "project"
    write(project / "handbook" / "intro.md", "hi\n")
    write(project / "docs" / "openapi.yaml", "openapi: 3.1.0\n")
    write(project / "data" / "raw.parquet", "PAR1\n")
    write(project / "analysis.ipynb", "{}\n")
    write(project / "Procfile", "web: run\n")
    report = scan(find_setup(project), presets)
    detected = {d.preset.name: d.reason for d in report.classification.presets}
    assert detected == {"base": "always", "data": "markers", "terraform": "config"}
    tallies = {t.category.id: t for t in report.classification.categories}
    assert tallies["base.docs"].all.files == 2
    assert tallies["base.docs"].kept.files == 1  # docs/openapi.yaml, kept by the config
    assert tallies["base.docs"].excludable_sent.files == 1
    assert tallies["data.datasets"].all.files == 1
    evidence = {rule.rule.pattern: rule.rule.location for rule in tallies["base.docs"].rules}
    assert evidence["handbook"].endswith('.ignoregen.toml: extra-rules."base.docs"[0]')
    assert evidence["docs"] == "base.toml: categories.docs.rules[0]"


def test_keep_rules_protect_what_a_category_claims(tmp_path: Path) -> None:
    """A keep rule protects what a category claims (here the configuration's).

    (README.md is not kept by a preset: whether the build reads it depends on pyproject's
    ``readme``, which init's guards read; see tests/test_guards.py.)
    """
    project = tmp_path / "p"
    write(project / "pyproject.toml", "[project]\nname = 'p'\nreadme = 'README.md'\n")
    write(project / "README.md", "# p\n")
    write(project / "CHANGELOG.md", "# changes\n")
    write(project / ".ignoregen.toml", 'keep = ["README.md"]\n')
    classifier = Classifier(presets_for(project, None))
    from ignoregen.engine.context import scan_context

    scan_context(find_setup(project), sizes=True, observer=classifier)
    docs = {t.category.id: t for t in classifier.result().categories}["base.docs"]
    assert docs.all.files == 2
    assert docs.kept.files == 1
    assert docs.excludable_sent.files == 1


def test_an_empty_config_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / ".ignoregen.toml", "")
    config = load_config(path)
    assert config == Config(source=config.source)
