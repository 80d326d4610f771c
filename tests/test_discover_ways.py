"""One Dockerfile built in several ways: by a CI workflow with another context, by compose
with a target while ``docker build .`` builds the last stage. Discovery finds each way, so
that init keeps what any of them reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.build.discover import discover
from ignoregen.build.scripts import bake_commands, docker_builds
from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs
TABLES = load_presets().script_tables

RELEASE = """\
FROM php:8-fpm
WORKDIR /app
COPY ./app /app/app
COPY ./tests /app/tests
COPY README.md /app/
"""

WORKFLOW = """\
name: release
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Build the release image
        uses: docker/build-push-action@v6
        with:
          context: .
          file: ./resources/docker/release.Dockerfile
          push: false
      - name: From the Git context (no local files)
        uses: docker/build-push-action@v6
        with:
          file: ./resources/docker/other.Dockerfile
      - name: Context from an expression
        uses: docker/build-push-action@v6
        with:
          context: ${{ matrix.dir }}
      - uses: docker/setup-buildx-action@v3
"""


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def rows(root: Path) -> list[tuple[str, str, str | None]]:
    root = root.resolve()
    return [
        (b.context.relative_to(root).as_posix(), b.dockerfile.relative_to(root).as_posix(),
         b.target)
        for b in discover(root, SKIP, script_tables=TABLES).builds
    ]


def sent(root: Path, path: str) -> bool:
    rules = parse_bytes((root / ".dockerignore").read_bytes(), ".dockerignore")
    own = root / "resources/docker/release.Dockerfile.dockerignore"
    if own.is_file():
        rules = parse_bytes(own.read_bytes(), own.name)
    return not Matcher(rules).decide(path).excluded


def test_a_workflow_builds_a_dockerfile_with_the_repository_as_context(tmp_path: Path) -> None:
    root = make(tmp_path, {
        ".github/workflows/release.yml": WORKFLOW,
        "resources/docker/release.Dockerfile": RELEASE,
        "resources/docker/other.Dockerfile": "FROM scratch\nCOPY x /x\n",
        "app/main.php": "<?php\n",
        "tests/ExampleTest.php": "<?php\n",
        "README.md": "# app\n",
    })
    # The release file is built from the root, as the workflow says; the other one only from
    # the Git context, so discovery keeps its own directory for it.
    assert rows(root) == [
        (".", "resources/docker/release.Dockerfile", None),
        ("resources/docker", "resources/docker/other.Dockerfile", None),
    ]
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code in (0, 1), result.output
    for path in ("tests/ExampleTest.php", "README.md", "app/main.php"):
        assert sent(root, path), path


def test_a_broken_workflow_adds_nothing_and_stops_nothing(tmp_path: Path) -> None:
    root = make(tmp_path, {
        ".github/workflows/bad.yml": "jobs: [\n",
        ".github/workflows/odd.yml": "jobs:\n  x:\n    steps: 3\n",
        "Dockerfile": "FROM scratch\nCOPY . /\n",
    })
    assert rows(root) == [(".", "Dockerfile", None)]


COMPOSE_DEV = """\
services:
  docs:
    build:
      context: .
      target: dev
"""

STAGES = """\
FROM python:alpine AS base
COPY requirements.txt .

FROM node:18 AS test
COPY app/spec ./spec
RUN yarn test

FROM base AS dev
CMD ["mkdocs", "serve"]

FROM nginx
COPY --from=test /spec /usr/share/spec
"""


def test_a_compose_target_and_the_plain_build_are_both_analysed(tmp_path: Path) -> None:
    root = make(tmp_path, {
        "docker-compose.yml": COMPOSE_DEV,
        "Dockerfile": STAGES,
        "requirements.txt": "mkdocs\n",
        "app/package.json": "{}\n",
        "app/spec/item.spec.js": "test('x', () => {})\n",
    })
    assert rows(root) == [(".", "Dockerfile", "dev"), (".", "Dockerfile", None)]
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code in (0, 1), result.output
    # Both builds read Dockerfile.dockerignore when there is one: it keeps what either needs.
    own = root / "Dockerfile.dockerignore"
    for name in (".dockerignore", "Dockerfile.dockerignore"):
        if (root / name).is_file():
            rules = parse_bytes((root / name).read_bytes(), name)
            assert not Matcher(rules).decide("app/spec/item.spec.js").excluded, name
    assert not own.exists() or "spec" not in own.read_text()


def test_no_plain_build_for_a_name_docker_build_does_not_read(tmp_path: Path) -> None:
    root = make(tmp_path, {
        "docker-compose.yml": COMPOSE_DEV.replace("target: dev", "dockerfile: web.Dockerfile\n"
                                                  "      target: dev"),
        "web.Dockerfile": STAGES,
    })
    assert rows(root) == [(".", "web.Dockerfile", "dev")]


MAKEFILE = """\
VERSION ?= dev
build-docker:
\tdocker buildx build --sbom=true \\
\t\t$(if $(PUSH),--push) \\
\t\t-t app:$(shell echo $(VERSION) | cut -d '.' -f -2) \\
\t\t--build-arg LD_FLAGS="-X main.Version=$(VERSION)" \\
\t\t-f docker/Dockerfile .
unknown-context:
\tdocker build -f docker/Dockerfile $(CONTEXT)
unknown-option:
\tdocker build --frobnicate docker/Dockerfile .
"""

RUN_STEP = """\
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo building
          docker build -f docker/Dockerfile --target prod .
      - working-directory: ${{ matrix.dir }}
        run: docker build .
"""


def test_a_makefile_recipe_builds_with_the_repository_as_context(tmp_path: Path) -> None:
    root = make(tmp_path, {
        "Makefile": MAKEFILE,
        "docker/Dockerfile": "FROM scratch AS prod\nCOPY app.go /\n",
        "app.go": "package main\n",
    })
    found = discover(root.resolve(), SKIP)
    assert rows(root) == [(".", "docker/Dockerfile", None)]
    assert found.builds[0].origin == "Makefile:3 (docker build)"


def test_a_workflow_run_step_builds_a_target(tmp_path: Path) -> None:
    root = make(tmp_path, {
        ".github/workflows/ci.yml": RUN_STEP,
        "docker/Dockerfile": "FROM scratch AS prod\nCOPY app.go /\n",
    })
    found = discover(root.resolve(), SKIP)
    assert rows(root) == [(".", "docker/Dockerfile", "prod")]
    assert found.builds[0].origin == ".github/workflows/ci.yml:7 (docker build)"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker build .", [(1, ".", None, None)]),
        ("\t@docker build -t x:$(V) -f docker/Dockerfile --target prod .",
         [(1, ".", "docker/Dockerfile", "prod")]),
        ("cd x && podman build --file=a/Containerfile ctx && echo done",
         [(1, "x/ctx", "x/a/Containerfile", None)]),  # built in x
        # miniserve's release workflow: podman's --manifest takes a value
        ("podman build --format docker --platform linux/amd64 --manifest miniserve "
         "-f Containerfile target/x86_64-unknown-linux-gnu/release",
         [(1, "target/x86_64-unknown-linux-gnu/release", "Containerfile", None)]),
        ("docker build $(CTX)", []),
        ("docker build -f $DOCKERFILE .", []),
        ("docker build --target ${T} .", []),
        ("docker build -f - .", []),
        ("docker build --frobnicate x .", []),
        ("docker build https://github.com/x/y.git", []),
        ("docker builder prune -f", []),
        # the shell's redirections are no operands (cert-manager's make/containers.mk ends
        # its build command with '>/dev/null')
        ("docker build -q -t x . >/dev/null 2>&1", [(1, ".", None, None)]),
        ("docker build -t x . 2> build.log", [(1, ".", None, None)]),
        ("docker build a b", []),
    ],
)
def test_build_commands(line: str, expected: list[tuple[int, str, str | None, str | None]]) -> None:
    assert list(docker_builds(line)) == expected


# -- where bake runs, npm scripts, and a context the sources give ---------------------------------

BAKE_IN_DOCKER_DIR = """\
group "default" {
  targets = ["debian"]
}
target "debian" {
  dockerfile = "docker/Dockerfile.debian"
}
"""

BAKE_WORKFLOW = """\
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Bake
        uses: docker/bake-action@v6
        with:
          source: .
          files: docker/docker-bake.hcl
          targets: debian
"""


def _bake_repo(root: Path, extra: dict[str, str]) -> Path:
    return make(root, {
        "docker/docker-bake.hcl": BAKE_IN_DOCKER_DIR,
        "docker/Dockerfile.debian": "FROM scratch\nCOPY Cargo.toml /\n",
        "Cargo.toml": "[package]\n",
        **extra,
    })


def test_bake_contexts_are_relative_to_where_the_workflow_runs_bake(tmp_path: Path) -> None:
    root = _bake_repo(tmp_path, {".github/workflows/release.yml": BAKE_WORKFLOW})
    found = discover(root.resolve(), SKIP)
    assert rows(root) == [(".", "docker/Dockerfile.debian", None)]
    assert found.builds[0].origin == (
        "docker-bake.hcl: target.debian (bake run by .github/workflows/release.yml:11)"
    )
    assert not found.problems


@pytest.mark.parametrize(
    "script",
    [
        {"Makefile": "image:\n\tdocker buildx bake -f docker/docker-bake.hcl --load\n"},
        {"package.json":
         '{"scripts": {"image": "docker buildx bake --file=docker/docker-bake.hcl"}}'},
    ],
)
def test_bake_contexts_are_relative_to_where_a_script_runs_bake(
    tmp_path: Path, script: dict[str, str]
) -> None:
    root = _bake_repo(tmp_path, script)
    assert rows(root) == [(".", "docker/Dockerfile.debian", None)]


def test_bake_without_a_run_uses_the_bake_files_directory(tmp_path: Path) -> None:
    """``docker buildx bake`` finds docker-bake.hcl only in the directory it runs in."""
    root = _bake_repo(tmp_path, {
        "docker/docker-bake.hcl": BAKE_IN_DOCKER_DIR.replace("docker/Dockerfile", "Dockerfile"),
        "docker/Cargo.toml": "[package]\n",
    })
    assert rows(root)[0] == ("docker", "docker/Dockerfile.debian", None)
    assert not discover(root.resolve(), SKIP).problems


def test_bake_without_a_run_whose_dockerfiles_are_found_from_the_top(tmp_path: Path) -> None:
    """No command that ignoregen reads names the file (a shell script runs it with -f), and
    from its own directory its target's Dockerfile (docker/Dockerfile.debian) is missing:
    it is run from the repository's top, where the Dockerfile is, not a build that fails."""
    root = _bake_repo(tmp_path, {})
    assert rows(root)[0] == (".", "docker/Dockerfile.debian", None)
    assert not discover(root.resolve(), SKIP).problems


def test_bake_without_a_run_found_nowhere_stays_in_its_directory(tmp_path: Path) -> None:
    root = _bake_repo(tmp_path, {
        "docker/docker-bake.hcl":
            BAKE_IN_DOCKER_DIR.replace("docker/Dockerfile", "gone/Dockerfile"),
    })
    assert ("docker", "docker/gone/Dockerfile.debian", None) in rows(root)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("docker buildx bake -f docker/docker-bake.hcl", [(1, ["docker/docker-bake.hcl"])]),
        ("docker buildx bake --file a.hcl -f b.hcl web", [(1, ["a.hcl", "b.hcl"])]),
        ("cd x && docker buildx bake --file=cwd://c.hcl", [(1, ["cwd://c.hcl"])]),
        ("docker buildx bake", []),
        ("docker buildx bake -f $(BAKE)", []),
        ("docker buildx build -f a.hcl .", []),
    ],
)
def test_bake_commands(line: str, expected: list[tuple[int, list[str]]]) -> None:
    assert list(bake_commands(line)) == expected


PACKAGE_JSON = """\
{
  "name": "app",
  "scripts": {
    "build": "vite build",
    "image": "npm run build && docker build -f docker/dockerfile -t app --target nightly .",
    "base": "docker buildx build -f docker/base.dockerfile --platform linux/amd64 . --push"
  }
}
"""


def test_package_json_scripts_build_with_the_package_as_context(tmp_path: Path) -> None:
    assert ("package.json", "scripts") in TABLES  # data of the node preset, not code
    root = make(tmp_path, {
        "package.json": PACKAGE_JSON,
        "docker/dockerfile": "FROM scratch AS nightly\nCOPY package.json /\n",
        "docker/base.dockerfile": "FROM scratch\nCOPY package.json /\n",
    })
    found = discover(root.resolve(), SKIP, script_tables=TABLES)
    assert rows(root) == [
        (".", "docker/dockerfile", "nightly"),
        (".", "docker/base.dockerfile", None),
    ]
    assert [b.origin for b in found.builds] == [
        "package.json:5 (docker build)", "package.json:6 (docker build)"
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # the conf file is only at the root: the build runs from there
        ({"docker/Dockerfile": "FROM scratch\nCOPY . /app\nCOPY ./docker/*.conf /etc/\n",
          "docker/site.conf": "x"}, "."),
        # a lowercase *.dockerfile, two levels down, built from the level that holds both
        ({"ops/img/api.dockerfile": "FROM scratch\nCOPY req.txt api/ /\n",
          "ops/req.txt": "x", "ops/api/main.py": "x"}, "ops"),
        # its own directory holds the sources: no change
        ({"docker/Dockerfile": "FROM scratch\nCOPY site.conf /\n", "docker/site.conf": "x",
          "site.conf": "x"}, "docker"),
        # no single directory holds them all: no guess
        ({"docker/Dockerfile": "FROM scratch\nCOPY site.conf other.conf /\n",
          "docker/site.conf": "x", "other.conf": "x"}, "docker"),
        # a source nowhere (made by an earlier step) says nothing; nothing else does either
        ({"docker/Dockerfile": "FROM scratch\nCOPY dist/ /\nCOPY . /\n"}, "docker"),
        # sources from a stage or a variable are not context paths
        ({"docker/Dockerfile": "FROM scratch AS a\nARG F\nCOPY $F /\nFROM scratch\n"
          "COPY --from=a /x /\n"}, "docker"),
    ],
)
def test_a_dockerfile_found_alone_takes_its_context_from_its_sources(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    root = make(tmp_path, files)
    assert [context for context, _, _ in rows(root)] == [expected]


def test_the_context_taken_from_the_sources_says_why(tmp_path: Path) -> None:
    root = make(tmp_path, {
        "Docker/Dockerfile": "FROM scratch\nCOPY . /app\nCOPY ./Docker/*.conf /etc/\n",
        "Docker/site.conf": "x",
    })
    (build,) = discover(root.resolve(), SKIP).builds
    assert build.origin == (
        "Docker/Dockerfile (context .: what Docker/Dockerfile:3 COPY ./Docker/*.conf reads is "
        "there, not in Docker)"
    )
    assert build.defined_in is None  # a reading of the sources, not a definition


def test_a_script_table_in_toml(tmp_path: Path) -> None:
    """The reader follows the presets' key path in TOML as in JSON."""
    root = make(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\n\n[tool.pdm.scripts]\n'
                          'lint = "ruff check ."\nimage = "docker build -f ops/Dockerfile ."\n',
        "ops/Dockerfile": "FROM scratch\n",
    })
    found = discover(root.resolve(), SKIP, script_tables=[("pyproject.toml", "tool.pdm.scripts")])
    assert [(b.context == root.resolve(), b.origin) for b in found.builds] == [
        (True, "pyproject.toml:6 (docker build)")
    ]


def test_builds_defined_inside_vendored_code_are_not_this_repositorys(tmp_path: Path) -> None:
    # crazy-max/diun vendors Go modules that carry their own Dockerfiles and bake files;
    # init wrote .dockerignore files into vendor/ (and changed the one a module ships,
    # which 'go mod vendor' and diun's vendor-validate target then find changed) and
    # check warned of them (IG001, IG703, IG005). A root compose file that builds from
    # vendor/ (Laravel Sail) is still the repository's build.
    make(tmp_path, {
        "go.mod": "module x\n", "main.go": "package main\n",
        "Dockerfile": "FROM golang:1.23\nCOPY . /src\n",
        "vendor/modules.txt": "# github.com/a/cron v3\n",
        "vendor/github.com/a/cron/Dockerfile": "FROM golang:1.20\nCOPY . .\n",
        "vendor/github.com/a/cron/.dockerignore": "*.md\n",
        "vendor/github.com/a/cron/docker-bake.hcl":
            'target "lint" {\n  dockerfile = "x/lint.Dockerfile"\n}\n',
        "vendor/github.com/a/cron/cron.go": "package cron\n",
        "compose.yaml": "services:\n  sail:\n    build: ./vendor/laravel/sail/runtimes/8.4\n",
    })
    presets = load_presets()
    found = discover(tmp_path, presets.skip_dirs, installed_dirs=presets.installed_dirs)
    assert sorted(b.where.relative_to(tmp_path.resolve()).as_posix() for b in found.builds) == [
        "Dockerfile", "compose.yaml",
    ]
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vendor/github.com/a/cron/.dockerignore").read_text() == "*.md\n"
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob(".dockerignore")) \
        == [".dockerignore", "vendor/github.com/a/cron/.dockerignore"]
    check = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert "vendor/github.com/a/cron" not in check.output, check.output


def test_bake_variables_are_worked_out_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # frappe/frappe_docker: every template's scope worked out every variable, each of
    # whose defaults worked out every other: 10 million expansions, check took 40 s.
    from ignoregen.build.interpolate import interpolate as real

    count = 7
    variables = "".join(
        'variable "V{0}" {{\n  default = "{1}v{0}"\n}}\n'.format(
            i, "${V" + str(i - 1) + "}-" if i else "")
        for i in range(count)
    )
    last = "${V" + str(count - 1) + "}"
    make(tmp_path, {
        "docker-bake.hcl": variables
        + f'target "app" {{\n  context = "ctx-{last}"\n  dockerfile = "Dockerfile"\n}}\n',
    })
    context = "ctx-" + "-".join(f"v{i}" for i in range(count))
    make(tmp_path, {f"{context}/Dockerfile": "FROM scratch\n"})
    calls = 0

    def counting(text: str, env: object) -> object:
        nonlocal calls
        calls += 1
        return real(text, env)  # type: ignore[arg-type]

    monkeypatch.setattr("ignoregen.build.bake.interpolate", counting)
    assert rows(tmp_path) == [(context, f"{context}/Dockerfile", None)]
    assert calls < 200, calls


def test_a_bake_target_of_null_builds_the_last_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """buildkit's docker-bake.hcl: ``target = IMAGE_TARGET``, a variable whose default is
    null; bake leaves the attribute unset, so the last stage is built. check called it a
    value it could not work out (IG005) and analysed every stage."""
    make(tmp_path, {
        "docker-bake.hcl": 'variable "IMAGE_TARGET" {\n  default = null\n}\n'
                           'target "image" {\n  target = IMAGE_TARGET\n}\n'
                           'target "plain" {\n  target = null\n}\n',
        "Dockerfile": "FROM alpine AS build\nRUN true\nFROM scratch AS release\n",
    })
    found = discover(tmp_path.resolve(), SKIP, script_tables=TABLES)
    assert [(b.target, b.all_stages) for b in found.builds] == [(None, False)]
    assert not found.problems
    monkeypatch.setenv("IMAGE_TARGET", "build")
    assert rows(tmp_path) == [(".", "Dockerfile", "build"), (".", "Dockerfile", None)]
