"""``ignoregen config``: the effective configuration as TOML, and ``--write``, which saves it
as ``.ignoregen.toml`` so that it loads back to the same configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.knowledge.config import config_for, config_table, presets_for
from ignoregen.knowledge.preset import PresetSet, load_presets

HEADER = (
    "# ignoregen's effective configuration, written by `ignoregen config --write`.\n"
    "# Every key is set, defaults included, so that every machine reads the same.\n"
    "# The keys are described in ignoregen/knowledge/config.py and README.md.\n"
    "\n"
)
DEFAULTS = HEADER + (
    "presets = []\n"
    "skip-presets = []\n"
    "keep = []\n"
    "\n"
    "[check]\n"
    "disable = []\n"
    'fail-on = "warning"\n'
    'format = "text"\n'
    "strict = false\n"
)
FULL_PYPROJECT = """\
[project]
name = "demo"

[tool.ignoregen]
# the docs image needs the handbook
presets-dir = "tools/presets"
presets = ["terraform", "python"]
skip-presets = ["heroku"]
keep = ["docs/openapi.yaml", "**/*.py[co]"]

[tool.ignoregen.exclude]
"base.tests" = false
docs = true

[tool.ignoregen.extra-rules]
"base.docs" = ["handbook", "!handbook/keep.md"]

[tool.ignoregen.check]
max-context-size = "1.5GiB"
max-files = 20000
disable = ["IG402", "IG401"]
fail-on = "error"
format = "github"
strict = true
"""
FULL = HEADER + (
    'presets-dir = "tools/presets"\n'
    'presets = ["terraform", "python"]\n'
    'skip-presets = ["heroku"]\n'
    'keep = ["docs/openapi.yaml", "**/*.py[co]"]\n'
    "\n"
    "[check]\n"
    'max-context-size = "1.5GiB"\n'
    "max-files = 20000\n"
    'disable = ["IG402", "IG401"]\n'
    'fail-on = "error"\n'
    'format = "github"\n'
    "strict = true\n"
    "\n"
    "[exclude]\n"
    '"base.tests" = false\n'
    "docs = true\n"
    "\n"
    '[extra-rules]\n'
    '"base.docs" = ["handbook", "!handbook/keep.md"]\n'
)


def make(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["config", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "tools" / "presets").mkdir(parents=True)
    return make(tmp_path, {".git/HEAD": "ref: refs/heads/main\n"})


@pytest.mark.parametrize(
    ("files", "out"),
    [
        ({}, DEFAULTS),
        ({"pyproject.toml": "[project]\nname = 'demo'\n"}, DEFAULTS),
        ({"pyproject.toml": FULL_PYPROJECT}, FULL),
        ({".ignoregen.toml": "[check]\nmax-context-size = 4096\n"},
         DEFAULTS.replace("[check]\n", "[check]\nmax-context-size = 4096\n")),
        ({".ignoregen.toml": "[check]\nfail-on = 'info'\n"},
         DEFAULTS.replace('"warning"', '"info"')),
    ],
)
def test_prints_the_effective_configuration(repo: Path, files: dict[str, str], out: str) -> None:
    make(repo, files)
    assert run(repo) == (0, out, "")
    assert not (repo / ".ignoregen.toml").exists() or ".ignoregen.toml" in files


ROUND_TRIPS = [
    "",
    FULL_PYPROJECT,
    "[tool.ignoregen]\nkeep = ['a\"b', \"it's\", 'é/ü', 'with space', 'x\\\\*y', 'a#b']\n",
    "[tool.ignoregen.extra-rules]\n\"base.docs\" = ['\"\"\"', \"'''\", '!docs/x y']\n",
    "[tool.ignoregen.check]\nmax-context-size = 0\nmax-files = 0\nstrict = false\n",
    "[tool.ignoregen.exclude]\ntests = true\n\"python.virtualenvs\" = false\n",
]


def shape(presets: PresetSet) -> object:
    """What a preset set decides, without where each rule was written."""
    return (
        [(category.id, category.exclude_by_default, [rule.pattern for rule in category.rules])
         for category in presets.categories],
        sorted(presets.forced),
        [rule.pattern for rule in presets.keep],
    )


@pytest.mark.parametrize("pyproject", ROUND_TRIPS)
def test_the_written_file_loads_back_to_the_same_configuration(
    repo: Path, pyproject: str
) -> None:
    make(repo, {"pyproject.toml": pyproject or "[project]\nname = 'demo'\n"})
    before = config_for(repo)
    code, printed, _ = run(repo)
    assert code == 0
    assert run(repo, "--write") == (0, ".ignoregen.toml: written\n", "")
    written = repo / ".ignoregen.toml"
    assert written.read_text(encoding="utf-8") == printed
    # .ignoregen.toml now wins over pyproject.toml, and says the same thing.
    after = config_for(repo)
    assert after.source is not None
    assert after.source.endswith(".ignoregen.toml")
    assert config_table(after, repo) == config_table(before, repo)
    assert after.check.max_bytes == before.check.max_bytes
    assert shape(presets_for(repo)) == shape(presets_for(repo, repo / "pyproject.toml"))
    assert run(repo) == (0, printed, "")
    assert run(repo, "--write") == (0, ".ignoregen.toml: unchanged\n", "")


def test_presets_dir_is_rewritten_for_the_new_place(repo: Path) -> None:
    make(repo, {
        "pyproject.toml": FULL_PYPROJECT,
        "services/api/Dockerfile": "FROM scratch\n",
    })
    api = repo / "services" / "api"
    assert run(repo, "--write", "-C", "services/api") == (
        0, "services/api/.ignoregen.toml: written\n", ""
    )
    text = (api / ".ignoregen.toml").read_text(encoding="utf-8")
    assert text == FULL.replace('"tools/presets"', '"../../tools/presets"')
    assert config_for(api).presets_dir == api / "../../tools/presets"
    assert shape(presets_for(api)) == shape(presets_for(repo))


def test_an_explicit_config_file_is_the_source(repo: Path) -> None:
    make(repo, {"ci/ignoregen.toml": "presets-dir = '../tools/presets'\n"})
    assert run(repo, "--config", "ci/ignoregen.toml") == (
        0, DEFAULTS.replace("presets = []", 'presets-dir = "tools/presets"\npresets = []', 1), ""
    )


# -- an existing .ignoregen.toml is never lost silently -------------------------------------

MINE = "# why we keep the handbook\n[check]\nfail-on = 'error'\n"
REFUSED = (
    "ignoregen: error: .ignoregen.toml: exists and differs from the effective configuration; "
    "--force replaces it (its comments and layout are lost), or merge the output of "
    "'ignoregen config' by hand\n"
)


@pytest.mark.parametrize(
    ("args", "code", "out", "err", "after"),
    [
        (["--write"], 2, "", REFUSED, MINE),
        (["--write", "--force"], 0, ".ignoregen.toml: written\n", "",
         DEFAULTS.replace('"warning"', '"error"')),
        ([], 0, DEFAULTS.replace('"warning"', '"error"'), "", MINE),
        (["--force"], 0, DEFAULTS.replace('"warning"', '"error"'), "", MINE),
    ],
)
def test_a_file_that_differs_needs_force(
    repo: Path, args: list[str], code: int, out: str, err: str, after: str
) -> None:
    make(repo, {".ignoregen.toml": MINE})
    assert run(repo, *args) == (code, out, err)
    assert (repo / ".ignoregen.toml").read_text(encoding="utf-8") == after


@pytest.mark.parametrize(
    ("config", "err"),
    [
        ("[check]\nfromat = 'gnu'\n",
         "ignoregen: error: .ignoregen.toml: check.fromat: unknown key 'fromat'; did you mean "
         "'format'?\n"),
        ("skip-presets = ['herokku']\n",
         "ignoregen: error: .ignoregen.toml: skip-presets[0]: no preset is named 'herokku' "
         f"(known: {', '.join(sorted(p.name for p in load_presets(())))}); did you mean "
         "'heroku'?\n"),
    ],
)
def test_a_bad_configuration_is_neither_printed_nor_written(
    repo: Path, config: str, err: str
) -> None:
    make(repo, {".ignoregen.toml": config})
    assert run(repo) == (2, "", err)
    assert run(repo, "--write", "--force") == (2, "", err)
    assert (repo / ".ignoregen.toml").read_text(encoding="utf-8") == config


def test_help_says_the_file_is_rewritten() -> None:
    result = CliRunner().invoke(cli, ["config", "--help"])
    assert result.exit_code == 0
    assert " ".join(result.stdout.split()).count("its comments and layout are lost") == 1
