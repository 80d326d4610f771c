"""Newer Dockerfile syntax met in real repositories (unseen25): ``COPY --exclude`` and
``COPY --parents``. The BuildKit of the engine the tests run (Docker 26.1's built-in
Dockerfile frontend) rejects both flags ("unknown flag: parents"); only a ``# syntax=``
frontend image (1.7-labs, or 1.14 and later) reads them, and the test engine has no network
to pull one. What they do is read from BuildKit's source: ``--exclude`` patterns are tested
like ``.dockerignore`` lines against the paths below the directory copied (the context sent
is not cut), and a ``--parents`` source is an include pattern where ``**`` spans
directories."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_check_needed import commit, found, make

from ignoregen.build.dockerfile import Source, analyse
from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.lint.pulled import left_out, pulled_by

EXCLUDING = (
    "# syntax=docker/dockerfile:1.19\nFROM node:22-slim\nWORKDIR /app\n"
    "COPY --exclude=.env --exclude=node_modules . .\nRUN npm ci\nCMD [\"node\", \"a.js\"]\n"
)
LAPTOP_ENV = "API_KEY=sk_live_abcdefghijklmnopqrstuvwx\n"


def test_a_secret_the_copy_excludes_does_not_ship(tmp_path: Path) -> None:
    # Before: error IG101 ".env: ... and COPY . at Dockerfile:4 puts it in the shipped image".
    make(tmp_path, {"Dockerfile": EXCLUDING, "package.json": "{}", "a.js": "",
                    ".gitignore": ".env\nnode_modules\n"})
    commit(tmp_path)
    (tmp_path / ".env").write_text(LAPTOP_ENV, encoding="utf-8")
    findings = found(tmp_path, "IG101")
    assert [item.message.split(": ")[0] for item in findings] == [".env"]
    assert findings[0].severity.name == "WARNING"  # still sent to the builder
    assert "shipped image" not in findings[0].message
    assert "COPY" not in findings[0].message


def test_a_secret_the_copy_does_not_exclude_still_ships(tmp_path: Path) -> None:
    make(tmp_path, {"Dockerfile": EXCLUDING.replace("--exclude=.env ", "--exclude=.env.* "),
                    "package.json": "{}", "a.js": "", ".gitignore": ".env\nnode_modules\n"})
    commit(tmp_path)
    (tmp_path / ".env").write_text(LAPTOP_ENV, encoding="utf-8")
    findings = found(tmp_path, "IG101")
    assert [item.severity.name for item in findings] == ["ERROR"]
    assert "puts it in the shipped image" in findings[0].message


def _source(tmp_path: Path, line: str) -> Source:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(f"FROM scratch\n{line}\n", encoding="utf-8")
    return analyse(dockerfile).sources[0]


def test_exclude_patterns_are_read_below_the_directory_copied(tmp_path: Path) -> None:
    whole = _source(tmp_path, "COPY --exclude=**/*.md --exclude=secrets . /app")
    assert left_out(whole, "README.md")
    assert left_out(whole, "docs/a/b.md")
    assert left_out(whole, "secrets/key.pem")
    assert not left_out(whole, "src/app.py")
    assert not left_out(whole, "src/secrets/x")
    below = _source(tmp_path, "COPY --exclude=*.md docs /docs")
    assert left_out(below, "docs/index.md")
    assert not left_out(below, "docs/a/index.md")  # '*.md' is one level below docs
    assert not left_out(below, "README.md")  # not copied at all
    # A glob's matches are copied one by one: left as copied.
    assert not left_out(_source(tmp_path, "COPY --exclude=*.md doc* /docs"), "docs/index.md")


def test_exclude_with_an_exception(tmp_path: Path) -> None:
    source = _source(tmp_path, "COPY --exclude=.env* --exclude=!.env.example . /app")
    assert left_out(source, ".env.local")
    assert not left_out(source, ".env.example")
    dockerfile = tmp_path / "Dockerfile"
    pulled = pulled_by([(analyse(dockerfile), dockerfile, None, "Dockerfile")])
    assert pulled.pulls(".env.local")
    assert not pulled.ships(".env.local")
    assert pulled.ships(".env.example")


# -- COPY --parents: '**' spans directories ----------------------------------------------------


def test_a_parents_source_reaches_any_depth(tmp_path: Path) -> None:
    from ignoregen.build.dockerfile import covering

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\nCOPY --parents **/*.csproj *.sln ./\n"
                          "COPY **/*.json /plain/\n", encoding="utf-8")
    sources = analyse(dockerfile).sources
    deep = [source for source in sources if source.line == 2]
    covers = covering(deep)
    assert covers("App.csproj")
    assert covers("tests/Api.Tests/Api.Tests.csproj")
    assert covers("src/Services/Ordering/Ordering.API/Ordering.API.csproj")
    assert not covers("src/Api/Program.cs")
    assert {source.spans for source in deep} == {"**/*.csproj", ""}
    # Without --parents a source is a filepath.Match glob: '**' is one name's '*'.
    plain = covering([source for source in sources if source.line == 3])
    assert plain("a/b.json")
    assert not plain("a/b/c.json")


def _init(root: Path, files: dict[str, str]) -> Matcher:
    make(root, files)
    result = CliRunner().invoke(cli, ["init", "-C", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Matcher(parse_bytes((root / ".dockerignore").read_bytes(), ".dockerignore"))


JAVA = {"pom.xml": "<project><modules><module>services/api</module></modules></project>\n",
        "services/api/pom.xml": "<project/>\n", "services/api/src/A.java": "class A {}\n",
        ".gitignore": "target/\n",
        # built on the host before docker build
        "services/api/target/api.jar": "jar", "services/api/target/classes/A.class": "x"}


@pytest.mark.parametrize("copy", ["COPY --parents **/target/*.jar ./",
                                  "COPY services/*/target/*.jar /app/"])
def test_a_glob_copy_out_of_build_output_keeps_its_files(tmp_path: Path, copy: str) -> None:
    # Before: init wrote '**/target' with no exception; the image had no jar.
    matcher = _init(tmp_path, {**JAVA, "Dockerfile": f"FROM eclipse-temurin:21\n{copy}\n"})
    assert not matcher.decide("services/api/target/api.jar").excluded
    assert matcher.decide("services/api/target/classes/A.class").excluded
    written = (tmp_path / ".dockerignore").read_text(encoding="utf-8")
    exceptions = [line for line in written.splitlines() if line.startswith("!") and "jar" in line]
    assert len(exceptions) == 1, written  # one exception, not one per depth


# -- a build whose context lies outside the directory checked ----------------------------------

BAKE = """\
target "_common" {
  args = { BUILDKIT_CONTEXT_KEEP_GIT_DIR = 1 }
}
group "validate" {
  targets = ["validate-docs"]
}
target "validate-docs" {
  inherits = ["_common"]
  dockerfile = "cmd/cli/Dockerfile"
  target = "docs-validate"
}
// make docs (run in cmd/cli)
target "update-docs" {
  inherits = ["_common"]
  context = "../.."
  dockerfile = "cmd/cli/Dockerfile"
  target = "docs-update"
}
"""
WORKFLOW = """\
on: push
jobs:
  validate:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        target: [validate-docs]
    steps:
      - uses: actions/checkout@v4
      - uses: docker/bake-action@v6
        with:
          files: ./cmd/cli/docker-bake.hcl
          targets: ${{ matrix.target }}
"""


def test_a_bake_target_for_a_run_elsewhere_is_not_a_broken_build(tmp_path: Path) -> None:
    # docker/model-runner: before, error IG004 "target.update-docs ...: the Dockerfile
    # ../../cmd/cli/Dockerfile does not exist; the build fails" (its context, read from the
    # root where the workflow runs the file, lies two levels above the checkout).
    repo = tmp_path / "repo"
    make(repo, {
        "cmd/cli/docker-bake.hcl": BAKE, ".github/workflows/cli.yml": WORKFLOW,
        "cmd/cli/Dockerfile": "FROM golang:1.24 AS docs-validate\nCOPY . /src\n"
                              "FROM scratch AS docs-update\nCOPY --from=docs-validate /src /\n",
        "go.mod": "module x\n", ".dockerignore": "**/.env\n",
    })
    commit(repo)
    assert found(repo, "IG004") == []
    skipped = found(repo, "IG005")
    assert any("update-docs" in item.message and "outside" in item.message
               for item in skipped), [item.message for item in skipped]


def test_a_compose_context_in_a_sibling_checkout(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    make(repo, {"compose.yaml": "services:\n  api:\n    build: ../backend\n"
                                "  web:\n    build: ./web\n",
                "web/Dockerfile": "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n",
                "web/site/index.html": "hi\n", "web/.dockerignore": "**/.env\n"})
    commit(repo)
    assert found(repo, "IG004") == []
    # A context inside the checkout that does not exist still fails the build.
    (repo / "compose.yaml").write_text("services:\n  web:\n    build: ./www\n")
    assert [item.severity.name for item in found(repo, "IG004")] == ["ERROR"]


# -- COPY --parents **/*.csproj *.sln ./ then dotnet restore: the solution's projects ------------

SOLUTION = (
    "Microsoft Visual Studio Solution File, Format Version 12.00\n"
    'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api", "src\\Api\\Api.csproj", "{1}"\n'
    "EndProject\n"
    'Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "tests", "tests", "{3}"\n'
    "EndProject\n"
    'Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api.Tests", '
    '"tests\\Api.Tests\\Api.Tests.csproj", "{2}"\nEndProject\n'
)
DOTNET = {"App.sln": SOLUTION, "src/Api/Api.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>\n",
          "src/Api/Program.cs": "class P {}\n", "docs/index.md": "# docs\n",
          "tests/Api.Tests/Api.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"/>\n",
          "tests/Api.Tests/ApiTests.cs": "class T {}\n"}
RESTORE = ("# syntax=docker/dockerfile:1.7-labs\nFROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\n"
           "WORKDIR /src\nCOPY --parents **/*.csproj *.sln ./\nRUN {restore}\nCOPY src/ src/\n"
           "RUN dotnet publish src/Api/Api.csproj -c Release -o /app --no-restore\n"
           "FROM mcr.microsoft.com/dotnet/aspnet:9.0\nCOPY --from=build /app /app\n")


def test_solution_projects_are_read_with_their_separators() -> None:
    from ignoregen.build.extractors import EXTRACTORS

    slnx = '<Solution>\n  <Project Path="src/Web/Web.csproj" />\n</Solution>\n'
    found = [path for path, _, _ in EXTRACTORS["dotnet-solution"](None, "App.sln", SOLUTION)]  # type: ignore[arg-type]
    assert found == ["src/Api/Api.csproj", "tests/Api.Tests/Api.Tests.csproj"]
    assert [path for path, _, _ in EXTRACTORS["dotnet-solution"](None, "a.slnx", slnx)] == [  # type: ignore[arg-type]
        "src/Web/Web.csproj"]


COPY_ALL_PUBLISH = ("FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\nWORKDIR /src\nCOPY . .\n"
                    "RUN dotnet publish -c Release -o /app\n"
                    "FROM mcr.microsoft.com/dotnet/aspnet:9.0\nCOPY --from=build /app /app\n")


@pytest.mark.parametrize("dockerfile", [RESTORE.format(restore="dotnet restore"),
                                        COPY_ALL_PUBLISH], ids=["parents", "copy-all"])
def test_a_solution_restore_keeps_the_test_project_file(tmp_path: Path, dockerfile: str) -> None:
    # Before: init wrote 'tests' (base.tests); `dotnet restore` of App.sln stops with
    # MSB3202 "The project file .../tests/Api.Tests/Api.Tests.csproj was not found".
    matcher = _init(tmp_path, {**DOTNET, "Dockerfile": dockerfile})
    assert not matcher.decide("tests/Api.Tests/Api.Tests.csproj").excluded
    assert matcher.decide("tests/Api.Tests/ApiTests.cs").excluded  # restore reads no source
    assert matcher.decide("docs/index.md").excluded


def test_a_project_restore_needs_no_other_project(tmp_path: Path) -> None:
    restore = "dotnet restore src/Api/Api.csproj"
    make(tmp_path, {**DOTNET, "Dockerfile": RESTORE.format(restore=restore)})
    result = CliRunner().invoke(cli, ["init", "--dry-run", "-C", str(tmp_path)])
    assert "the solution lists it" not in result.output, result.output
