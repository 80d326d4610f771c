"""``ignoregen check`` from the command line: goldens for every format, exit codes, the SARIF
document's structure, and the VS Code problem matcher applied to real ``gnu`` output.

Set IGNOREGEN_UPDATE_GOLDENS=1 to rewrite the golden files after a deliberate change.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from trees import run_in

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.lint.catalogue import RULES

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "check" / "webapp"
GOLDEN = Path(__file__).resolve().parent / "golden" / "check"
UPDATE = os.environ.get("IGNOREGEN_UPDATE_GOLDENS") == "1"
CLEAN = {
    "Dockerfile": "FROM scratch\nCOPY app.py /\n",
    ".dockerignore": "**/.git\n**/.env\n*.log\n",
    "app.py": "",
    "debug.log": "",
}


def run(*args: str, cwd: Path, env: Mapping[str, str | None] | None = None,
        ) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def make(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def check_golden(name: str, output: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(output)
    assert output == path.read_text(), f"{name} differs; IGNOREGEN_UPDATE_GOLDENS=1 rewrites it"


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [("text", "webapp.txt"), ("json", "webapp.json"), ("sarif", "webapp.sarif"),
     ("github", "webapp.github"), ("gnu", "webapp.gnu")],
)
def test_formats(fmt: str, golden: str) -> None:
    # the goldens' paths are the working directory's, as outside GitHub Actions
    code, out, err = run("check", "--format", fmt, cwd=SAMPLE, env={"GITHUB_WORKSPACE": None})
    assert (code, err) == (1, "")
    check_golden(golden, out)


def test_paths_relative_to_the_working_directory() -> None:
    code, out, _ = run("check", "--format", "gnu", "samples/check/webapp", cwd=REPO)
    assert code == 1
    assert out.splitlines()[0].startswith("samples/check/webapp/.dockerignore:1:1: error: ")


def test_hosted_formats_name_files_from_the_checkout() -> None:
    # a workflow step with `working-directory: samples/check/webapp`: GitHub resolves an
    # annotation's file, and code scanning a SARIF location, against the checkout
    workspace = {"GITHUB_WORKSPACE": str(REPO)}
    _, out, _ = run("check", "--format", "github", cwd=SAMPLE, env=workspace)
    assert out.startswith("::error file=samples/check/webapp/.dockerignore,")
    _, out, _ = run("check", "--format", "sarif", cwd=SAMPLE, env=workspace)
    uris = {location["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(out)["runs"][0]["results"]
            for location in result["locations"]}
    assert uris
    assert all(uri.startswith("samples/check/webapp/") for uri in uris)
    # an editor's format stays relative to where it runs
    _, out, _ = run("check", "--format", "gnu", cwd=SAMPLE, env=workspace)
    assert out.startswith(".dockerignore:1:1: error: ")


def test_hosted_formats_outside_the_checkout(tmp_path: Path) -> None:
    # a context outside $GITHUB_WORKSPACE keeps the working directory's paths
    _, out, _ = run("check", "--format", "github", cwd=SAMPLE,
                    env={"GITHUB_WORKSPACE": str(tmp_path)})
    assert out.startswith("::error file=.dockerignore,")


def test_text_colours_only_on_request() -> None:
    _, out, _ = run("check", cwd=SAMPLE, env={"NO_COLOR": "1"})
    assert "\x1b[" not in out


CLEAN_TEXT = "No problems in 1 context.\n"
WARNING_ONLY = {**CLEAN, ".dockerignore": "**/.git\n**/.env\n*.log\n__pycache__\n",
                "src/__pycache__/a.pyc": "", "Dockerfile": "FROM scratch\nCOPY . /\n"}
WARNING_TEXT = (
    ".dockerignore:4:1: warning IG301 '__pycache__' matches only at the context root, but "
    "src/__pycache__/ is sent\n"
    "  fix: write '**/__pycache__' to match at any depth\n"
    "Found 1 problem (1 warning) in 1 context.\n"
)
ERROR = {**CLEAN, ".dockerignore": "**/.git\n**/.env\n*.log\n[x\n"}
ERROR_TEXT = (
    ".dockerignore:4:1: error IG303 syntax error in pattern '[x' (unterminated character "
    "class); Docker fails the build\n"
    "  fix: Fix the pattern's syntax (close `[`, drop a trailing `\\`, name a path after `!`).\n"
    "Found 1 problem (1 error) in 1 context.\n"
)


@pytest.mark.parametrize(
    ("files", "args", "code", "out"),
    [
        (CLEAN, [], 0, CLEAN_TEXT),
        (WARNING_ONLY, [], 1, WARNING_TEXT),
        (WARNING_ONLY, ["--fail-on", "error"], 0, WARNING_TEXT),
        (ERROR, [], 1, ERROR_TEXT),
        (ERROR, ["--fail-on", "error"], 1, ERROR_TEXT),
        (ERROR, ["--exit-zero"], 0, ERROR_TEXT),
        ({**CLEAN, "big": "x" * 3000}, ["--max-context-size", "2kB"], 1,
         ".dockerignore: error IG501 context . sends 3.0 kB, over the budget of 2.0 kB; "
         "largest: big 3.0 kB, Dockerfile 27 B, .dockerignore 22 B\n"
         "  fix: Exclude what the build does not read (`ignoregen scan` shows what fills it).\n"
         "Found 1 problem (1 error) in 1 context.\n"),
        ({**CLEAN, "big": "x" * 3000}, ["--max-context-size", "1.5GiB", "--max-files", "10"],
         0, CLEAN_TEXT),
    ],
    ids=["clean", "warning", "warning-fail-on-error", "error", "error-fail-on-error",
         "exit-zero", "size-budget", "within-budgets"],
)
def test_exit_codes(
    tmp_path: Path, files: dict[str, str], args: list[str], code: int, out: str
) -> None:
    make(tmp_path, files)
    assert run("check", *args, cwd=tmp_path) == (code, out, "")


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--max-context-size", "lots"], None,
         "Invalid value for '--max-context-size': 'lots' is not a size (examples: 200MB, "
         "1.5GiB, 4096)"),
        (["--fail-on", "fatal"], None, "Invalid value for '--fail-on'"),
        (["--no-such-flag"], None, "No such option '--no-such-flag'"),
        ([], "presets = [\"nope\"]\n", "ignoregen: error: .ignoregen.toml: presets"),
    ],
    ids=["bad-size", "bad-fail-on", "bad-flag", "bad-config"],
)
def test_usage_errors(
    tmp_path: Path, args: list[str], config: str | None, message: str
) -> None:
    make(tmp_path, CLEAN)
    if config is not None:
        (tmp_path / ".ignoregen.toml").write_text(config)
    code, out, err = run("check", *args, cwd=tmp_path)
    assert (code, out) == (2, "")
    assert message in err


def test_bad_dockerfile_is_a_finding(tmp_path: Path) -> None:
    make(tmp_path, {**CLEAN, "Dockerfile": "FROM scratch\nCOPY <<EOF\n"})
    code, out, err = run("check", "--format", "gnu", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert out.startswith("Dockerfile:2:1: error: BuildKit's parser rejects it: ")
    assert out.endswith("; the build fails [IG004]\n")


def test_missing_dockerfile_named_with_f_is_an_input_error(tmp_path: Path) -> None:
    make(tmp_path, CLEAN)
    code, out, err = run("check", "-f", "nope.Dockerfile", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == "ignoregen: error: nope.Dockerfile: Dockerfile not found\n"


def test_sarif_structure() -> None:
    _, out, _ = run("check", "--format", "sarif", cwd=SAMPLE)
    log: dict[str, Any] = json.loads(out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (only_run,) = log["runs"]
    driver = only_run["tool"]["driver"]
    assert driver["name"] == "ignoregen"
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [info.id for info in RULES]
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert only_run["results"]
    for result in only_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert (SAMPLE / physical["artifactLocation"]["uri"]).is_file()
        assert physical["region"]["startLine"] >= 1


def test_vscode_problem_matcher_reads_gnu_output() -> None:
    tasks = json.loads((REPO / "samples" / "editor" / ".vscode" / "tasks.json").read_text())
    (task,) = tasks["tasks"]
    matcher = task["problemMatcher"]
    pattern = matcher["pattern"]
    regex = re.compile(pattern["regexp"])
    _, out, _ = run("check", "--format", "gnu", cwd=SAMPLE)
    lines = out.splitlines()
    assert lines
    parsed = []
    for line in lines:
        match = regex.match(line)
        assert match is not None, line
        parsed.append((match.group(pattern["file"]), match.group(pattern["line"]),
                       match.group(pattern["severity"]), match.group(pattern["code"])))
    assert (".dockerignore", "3", "error", "IG302") in parsed
    assert ("Dockerfile", "3", "error", "IG201") in parsed
    for file, _, _, _ in parsed:
        assert (SAMPLE / file).is_file()


def test_github_action_runs_check_with_annotations() -> None:
    import yaml

    action: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    commands = [step.get("run", "") for step in action["runs"]["steps"]]
    assert any("pip install" in command for command in commands)
    assert any(command.startswith("ignoregen check --format github") for command in commands)


def test_pre_commit_hooks_declare_check_and_fix() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [(hook["id"], hook["entry"]) for hook in hooks] == [
        ("ignoregen-check", "ignoregen check"), ("ignoregen-fix", "ignoregen init"),
    ]


@pytest.mark.parametrize(
    ("where", "rule_id"),
    [("tests/resources/docker", None), ("test", None), ("deploy/docker", "IG004"),
     # moby/buildkit's parser inputs, Dockerfiles broken on purpose
     ("frontend/dockerfile/parser/testfiles-negative/env_no_value", None),
     ("frontend/dockerfile/parser/testfiles/json", None)],
)
def test_a_broken_definition_in_test_data_is_a_fixture(
    tmp_path: Path, where: str, rule_id: str | None
) -> None:
    # appwrite keeps tests/resources/docker/docker-compose.yml, whose service builds '.'
    # with no Dockerfile beside it: data for the project's tests, which nobody builds
    # there (init leaves such builds alone, and check does not look at them). The same
    # file elsewhere is a build that fails.
    compose = f"{where}/docker-compose.yml"
    make(tmp_path, {**CLEAN, compose: "services:\n  app:\n    build:\n      context: .\n"})
    code, out, err = run("check", "--format", "gnu", "--fail-on", "error", cwd=tmp_path)
    assert err == ""
    if rule_id is None:
        assert (code, compose in out) == (0, False)
    else:
        assert code == 1
        assert f"{compose}:3:" in out
        assert out.rstrip().endswith("does not exist; the build fails [IG004]")


def test_init_and_check_leave_test_fixtures_alone(tmp_path: Path) -> None:
    """docker/compose keeps 34 builds in pkg/e2e/testdata/: inputs of its own tests, whose
    ignore files are part of what they test. init writes none there and says so once;
    check reports no missing ignore file there. A build defined in test data whose context
    is the project's is planned: its needs protect what it reads."""
    fixture = "FROM scratch\nCOPY . /\n"
    make(tmp_path, {
        **CLEAN,
        "pkg/e2e/testdata/TestBuild/compose.yaml": "services:\n  a:\n    build: .\n",
        "pkg/e2e/testdata/TestBuild/Dockerfile": fixture,
        "pkg/e2e/testdata/TestBuild/big.bin": "x" * 4000,
        "pkg/e2e/testdata/TestTags/Dockerfile": fixture,
        "pkg/e2e/testdata/TestTags/.dockerignore": "*.log\n",  # the test's own: not stray
        "tests/runner/Dockerfile": "FROM python\nCOPY . /src\nRUN python -m pytest /src/tests\n",
        "compose.yaml": "services:\n  t:\n    build:\n      context: .\n"
                        "      dockerfile: tests/runner/Dockerfile\n",
        "tests/test_app.py": "def test_ok():\n    pass\n",
    })
    code, out, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert "pkg/e2e/testdata/: 2 builds of test data left alone" in out + err
    assert [p.parent.name for p in (tmp_path / "pkg").rglob(".dockerignore")] == ["TestTags"]
    assert (tmp_path / ".dockerignore").is_file()
    rules = parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore")
    assert not Matcher(rules).decide("tests/test_app.py").excluded  # the runner's tests
    code, out, err = run("check", "--format", "gnu", cwd=tmp_path)
    assert "pkg/e2e" not in out


def test_a_parsers_broken_test_inputs_are_fixtures(tmp_path: Path) -> None:
    # moby/buildkit: frontend/dockerfile/parser/testfiles-negative/ holds Dockerfiles that
    # its parser must reject; they were 12 IG004 errors.
    make(tmp_path, {
        **CLEAN,
        "parser/testfiles-negative/env_no_value/Dockerfile": "FROM busybox\nENV PATH\n",
        "parser/testfiles/json/Dockerfile": 'CMD ["echo", "x"]\n',
        "parser/testfiles/json/result": "(cmd)\n",
    })
    code, out, err = run("check", "--format", "gnu", "--fail-on", "error", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert "IG004" not in out


def test_a_repository_with_no_build_has_nothing_to_check(tmp_path: Path) -> None:
    """koel, fineract's shape without its stale file: no Dockerfile, compose, bake or
    skaffold file, no ignore file at the root. Docker sends nothing from here, so a CI
    template that runs check in every repository must pass; with an ignore file at the
    root, the directory is checked as a context (something builds it)."""
    (tmp_path / "app.py").write_text("print(1)\n")
    (tmp_path / ".env").write_text("SECRET=1\n")
    (tmp_path / ".gitignore").write_text(".env\nnode_modules\n")
    (tmp_path / ".git").mkdir()
    code, out, _ = run("check", cwd=tmp_path)
    assert code == 0, out
    assert out.startswith("No build to check"), out
    code, out, _ = run("check", "--format", "json", cwd=tmp_path)
    assert (code, json.loads(out)["contexts"], json.loads(out)["findings"]) == (0, [], [])
    (tmp_path / ".dockerignore").write_text("*.log\n")
    code, out, _ = run("check", cwd=tmp_path)
    assert code == 1, out
    assert "IG101" in out, out


def test_an_ignore_file_named_with_the_wrong_case_is_never_read_on_linux(
    tmp_path: Path,
) -> None:
    """hyperdx's packages/api/.Dockerignore: Docker opens '.dockerignore', which a Linux
    runner does not find under another case (a Mac's disk does); nothing said so."""
    make(tmp_path, {
        "Dockerfile": "FROM scratch\nCOPY . /app/\n", ".dockerignore": "**/.git\n",
        "api/Dockerfile": "FROM scratch\nCOPY . /app/\n", "api/.Dockerignore": "node_modules\n",
        "api/main.py": "", "docs/.Dockerignore": "*.png\n",
        "compose.yaml": "services:\n  api:\n    build: api\n  root:\n    build: .\n",
    })
    code, out, _ = run("check", "--format", "json", cwd=tmp_path)
    found = {item["file"]: item for item in json.loads(out)["findings"]}
    assert found["api/.Dockerignore"]["id"] == "IG002", out
    assert "case-sensitive on Linux" in found["api/.Dockerignore"]["message"]
    # No build uses docs as its context: renaming would not make that one apply either.
    assert found["docs/.Dockerignore"]["id"] == "IG002", out
    assert "no build uses docs as its context" in found["docs/.Dockerignore"]["message"]
    found_ids = [(item["id"], item["file"]) for item in json.loads(out)["findings"]]
    assert ("IG001", "api/Dockerfile") in found_ids, out  # no ignore file applies there
    assert code == 1


def test_compose_files_that_only_pull_images_are_named_truly(tmp_path: Path) -> None:
    """keycloak/keycloak-quickstarts: compose files under proxy/ run published images and
    build none. The summary said 'no Dockerfile, Containerfile, compose, bake or skaffold
    file under this directory', and there are compose files: it now says none builds."""
    (tmp_path / "proxy").mkdir()
    (tmp_path / "proxy" / "docker-compose.yaml").write_text(
        "services:\n  kc:\n    image: quay.io/keycloak/keycloak:26.0\n"
    )
    code, out, _ = run("check", cwd=tmp_path)
    assert code == 0, out
    assert out.startswith("No build to check"), out
    assert "compose, bake or skaffold file that builds an image" in out, out


def test_a_summary_with_no_context_checked_says_so(tmp_path: Path) -> None:
    """A Dockerfile BuildKit rejects leaves its context unchecked; the summary said "Found 1
    problem (1 error) in 0 contexts", which reads as if the check had run on nothing."""
    (tmp_path / "Dockerfile").write_text("FROM python:3.12\nCOPY requirements.txt\n")
    (tmp_path / "requirements.txt").write_text("")
    code, output = run_in(tmp_path, "check")
    assert code == 1, output
    assert "Found 1 problem (1 error); no context could be checked." in output, output
    assert "in 0 contexts" not in output, output
