"""``ignoregen check`` reads its defaults from the configuration's ``[check]`` table; a flag on
the command line always wins; a bad table stops the command with exit 2 and names the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.knowledge.preset import load_presets

# The configuration lives above the context (in the repository root), so that its own
# bytes are not part of what the context sends.
CONTEXT = {
    "Dockerfile": "FROM scratch\nCOPY src /src\n",  # pulls src/__pycache__ (IG301)
    ".dockerignore": "**/.git\n**/.env\n*.log\n__pycache__\n",
    "app.py": "",
    "debug.log": "",
    "src/__pycache__/a.pyc": "",
}
IG301 = (
    ".dockerignore:4:1: warning IG301 '__pycache__' matches only at the context root, but "
    "src/__pycache__/ is sent\n"
    "  fix: write '**/__pycache__' to match at any depth\n"
)
WARNING = IG301 + "Found 1 problem (1 warning) in 1 context.\n"
GNU = (
    ".dockerignore:4:1: warning: '__pycache__' matches only at the context root, but "
    "src/__pycache__/ is sent [IG301]\n"
)
CLEAN = "No problems in 1 context.\n"
FIX_BUDGET = "  fix: Exclude what the build does not read (`ignoregen scan` shows what fills it).\n"
OVER_FILES = (
    ".dockerignore: error IG502 context . sends 4 files, over the budget of 1\n" + FIX_BUDGET
    + IG301 + "Found 2 problems (1 error, 1 warning) in 1 context.\n"
)
OVER_BYTES = (
    ".dockerignore: error IG501 context . sends 61 B, over the budget of 60 B; largest: "
    ".dockerignore 34 B, Dockerfile 27 B, app.py 0 B\n" + FIX_BUDGET
    + IG301 + "Found 2 problems (1 error, 1 warning) in 1 context.\n"
)
STRICT = (
    ".dockerignore: warning IG601 differs from what 'ignoregen init' would write\n"
    "  fix: Run `ignoregen init`, or `ignoregen init --diff` to see the change.\n"
    + IG301 + "Found 2 problems (2 warnings) in 1 context.\n"
)


def make(root: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def check(tmp_path: Path, config: str, *args: str, name: str = ".ignoregen.toml") -> tuple[
    int, str, str
]:
    make(tmp_path, {".git/HEAD": "ref: refs/heads/main\n", name: config})
    make(tmp_path / "app", CONTEXT)
    old = Path.cwd()
    os.chdir(tmp_path / "app")
    try:
        result = CliRunner().invoke(
            cli, ["check", *args], catch_exceptions=False, env={"NO_COLOR": "1"}
        )
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


# -- precedence: flag, then configuration, then built-in default ---------------------------


@pytest.mark.parametrize(
    ("config", "args", "code", "out"),
    [
        # no [check] table: the built-in defaults (fail on warnings, text, no budgets)
        ("", [], 1, WARNING),
        ("[check]\n", [], 1, WARNING),
        # fail-on
        ("[check]\nfail-on = 'error'\n", [], 0, WARNING),
        ("[check]\nfail-on = 'error'\n", ["--fail-on", "warning"], 1, WARNING),
        ("[check]\nfail-on = 'info'\n", ["--fail-on", "error"], 0, WARNING),
        ("", ["--fail-on", "error"], 0, WARNING),
        # format
        ("[check]\nformat = 'gnu'\n", [], 1, GNU),
        ("[check]\nformat = 'gnu'\n", ["--format", "text"], 1, WARNING),
        # disable (no flag: the suppression comment is the per-line tool)
        ("[check]\ndisable = ['IG301']\n", [], 0, CLEAN),
        ("[check]\ndisable = ['IG301', 'IG301', 'IG401']\n", [], 0, CLEAN),
        ("[check]\ndisable = ['IG501']\n", [], 1, WARNING),
        # budgets
        ("[check]\nmax-files = 1\n", [], 1, OVER_FILES),
        ("[check]\nmax-files = 1\n", ["--max-files", "4"], 1, WARNING),
        ("[check]\nmax-files = 100\n", ["--max-files", "1"], 1, OVER_FILES),
        ("[check]\nmax-context-size = '60B'\n", [], 1, OVER_BYTES),
        ("[check]\nmax-context-size = 60\n", [], 1, OVER_BYTES),
        ("[check]\nmax-context-size = '0.06k'\n", [], 1, OVER_BYTES),
        ("[check]\nmax-context-size = '60B'\n", ["--max-context-size", "1KiB"], 1, WARNING),
        ("[check]\nmax-context-size = '1GiB'\n", ["--max-context-size", "60"], 1, OVER_BYTES),
        ("[check]\nmax-context-size = '60B'\ndisable = ['IG501']\n", [], 1, WARNING),
        # strict
        ("[check]\nstrict = true\n", [], 1, STRICT),
        ("[check]\nstrict = true\n", ["--no-strict"], 1, WARNING),
        ("[check]\nstrict = false\n", ["--strict"], 1, STRICT),
        ("[check]\nstrict = true\ndisable = ['IG601']\n", [], 1, WARNING),
        # several at once
        ("[check]\nfail-on = 'error'\nformat = 'gnu'\nmax-files = 1\n", ["--max-files", "9"],
         0, GNU),
    ],
)
def test_flags_win_over_the_configuration(
    tmp_path: Path, config: str, args: list[str], code: int, out: str
) -> None:
    assert check(tmp_path, config, *args) == (code, out, "")


def test_pyproject_check_table(tmp_path: Path) -> None:
    config = "[tool.ignoregen.check]\nfail-on = 'error'\nformat = 'gnu'\n"
    assert check(tmp_path, config, name="pyproject.toml") == (0, GNU, "")


def test_an_explicit_config_file_is_read(tmp_path: Path) -> None:
    make(tmp_path, {"ci.toml": "[check]\nformat = 'gnu'\n"})
    assert check(tmp_path, "", "--config", str(tmp_path / "ci.toml")) == (1, GNU, "")


# -- a bad [check] table: exit 2, every problem, the key, and what was meant ---------------

PRESETS = ", ".join(sorted(preset.name for preset in load_presets(())))


@pytest.mark.parametrize(
    ("config", "errors"),
    [
        ("[check]\nfail_on = 'error'\n",
         [".ignoregen.toml: check.fail_on: unknown key 'fail_on'; did you mean 'fail-on'?"]),
        ("[check]\nmax-size = '1GB'\n",
         [".ignoregen.toml: check.max-size: unknown key 'max-size'; did you mean 'max-files'?"]),
        ("[check]\ncolour = true\n",
         [".ignoregen.toml: check.colour: unknown key 'colour'; expected one of: "
          "max-context-size, max-files, disable, fail-on, format, strict"]),
        ("fail-on = 'error'\n",
         [".ignoregen.toml: fail-on: unknown key 'fail-on' here; did you mean 'check.fail-on'?"]),
        ("chek = {}\n", [".ignoregen.toml: chek: unknown key 'chek'; did you mean 'check'?"]),
        ("skip-preset = []\n",
         [".ignoregen.toml: skip-preset: unknown key 'skip-preset'; did you mean "
          "'skip-presets'?"]),
        ("check = 3\n",
         [".ignoregen.toml: check: must be a table of check options (max-context-size, "
          "max-files, disable, fail-on, format, strict), not an integer"]),
        ("[check]\nfail-on = 'warn'\n",
         [".ignoregen.toml: check.fail-on: must be one of: error, warning, info; did you mean "
          "'warning'?"]),
        ("[check]\nfail-on = 2\n",
         [".ignoregen.toml: check.fail-on: must be one of: error, warning, info"]),
        ("[check]\nformat = 'sarf'\n",
         [".ignoregen.toml: check.format: must be one of: text, json, sarif, github, gnu; did "
          "you mean 'sarif'?"]),
        ("[check]\ndisable = 'IG401'\n",
         ['.ignoregen.toml: check.disable: must be a list of finding IDs ("IG401"), not a '
          "string"]),
        ("[check]\ndisable = ['IG410', 'nothing', 4]\n",
         [".ignoregen.toml: check.disable[0]: no finding has the ID 'IG410'; did you mean "
          "'IG403'?",
          ".ignoregen.toml: check.disable[1]: no finding has the ID 'nothing'; known IDs are in "
          "docs/rules.md",
          '.ignoregen.toml: check.disable[2]: must be a finding ID (a string such as "IG401"), '
          "not an integer"]),
        ("[check]\ndisable = ['ig301']\n",
         [".ignoregen.toml: check.disable[0]: no finding has the ID 'ig301'; did you mean "
          "'IG301'?"]),
        ("[check]\nmax-context-size = 'lots'\n",
         [".ignoregen.toml: check.max-context-size: 'lots' is not a size (examples: 200MB, "
          "1.5GiB, 4096)"]),
        ("[check]\nmax-context-size = -1\n",
         ['.ignoregen.toml: check.max-context-size: must be a size ("200MB", "1.5GiB") or '
          "bytes, not -1"]),
        ("[check]\nmax-files = -1\n",
         [".ignoregen.toml: check.max-files: must be a number of files (an integer, 0 or more), "
          "not -1"]),
        ("[check]\nmax-files = true\n",
         [".ignoregen.toml: check.max-files: must be a number of files (an integer, 0 or more), "
          "not a boolean"]),
        ("[check]\nstrict = 'yes'\n",
         [".ignoregen.toml: check.strict: must be true or false, not a string"]),
        # names checked against the presets say which one was meant, too
        ("[exclude]\n\"base.testz\" = false\n",
         ['.ignoregen.toml: exclude."base.testz": no category \'base.testz\' in the presets in '
          "use; did you mean 'base.tests'?"]),
        ("[exclude]\ndcs = false\n",
         [".ignoregen.toml: exclude.dcs: no category 'dcs' in the presets in use; did you mean "
          "'docs'?"]),
        ("presets = ['pyhton']\n",
         [f".ignoregen.toml: presets[0]: no preset is named 'pyhton' (known: {PRESETS}); did "
          "you mean 'python'?"]),
        # every problem of the file at once
        ("presets = 1\n[check]\nfromat = 'gnu'\nstrict = 1\n",
         [".ignoregen.toml: check.fromat: unknown key 'fromat'; did you mean 'format'?",
          ".ignoregen.toml: check.strict: must be true or false, not an integer",
          ".ignoregen.toml: presets: must be a list of preset names, not an integer"]),
    ],
)
def test_a_bad_configuration_exits_2_naming_the_key(
    tmp_path: Path, config: str, errors: list[str]
) -> None:
    code, out, err = check(tmp_path, config, "--format", "text")
    assert (code, out) == (2, "")
    # The file is outside the working directory, so it is shown in full.
    assert sorted(err.splitlines()) == sorted(f"ignoregen: error: {tmp_path}/{e}" for e in errors)


def test_pyproject_keys_carry_their_table(tmp_path: Path) -> None:
    config = "[tool.ignoregen.check]\nstrikt = true\n"
    assert check(tmp_path, config, name="pyproject.toml") == (
        2, "",
        f"ignoregen: error: {tmp_path}/pyproject.toml: tool.ignoregen.check.strikt: unknown "
        "key 'strikt'; did you mean 'strict'?\n",
    )


def test_a_bad_flag_is_reported_before_the_configuration_is_read(tmp_path: Path) -> None:
    code, out, err = check(tmp_path, "[check]\ncolour = 1\n", "--max-context-size", "big")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "Error: Invalid value for '--max-context-size': 'big' is not a size (examples: 200MB, "
        "1.5GiB, 4096)"
    )
