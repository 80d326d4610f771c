"""Finding builds: Dockerfiles, compose services, bake targets, skaffold artifacts, and the
definitions that cannot be read (each a problem of its own, never an abort)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from deep_trees import deep_tree, remove_tree

from ignoregen.build.discover import (
    Discovery,
    ProblemKind,
    _build_file_name,
    _kind_of,
    discover,
    find_builds,
    project_files,
)
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

Row = tuple[str, str, str, str | None]
"""(origin, context, Dockerfile, target), paths relative to the root."""


def make(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def rows(root: Path, found: Discovery) -> list[Row]:
    root = root.resolve()
    return [
        (
            b.origin,
            b.context.relative_to(root).as_posix(),
            b.dockerfile.relative_to(root).as_posix(),
            b.target,
        )
        for b in found.builds
    ]


def problems(root: Path, found: Discovery) -> list[tuple[ProblemKind, str, int | None]]:
    root = root.resolve()
    return [(p.kind, p.file.relative_to(root).as_posix(), p.line) for p in found.problems]


def test_dockerfiles_and_compose(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build: ./api\n"
            "  worker:\n    build:\n      context: .\n      dockerfile: docker/worker.Dockerfile\n"
            "      target: prod\n"
            "  remote:\n    build: https://github.com/x/y.git\n"
            "  inline:\n    build:\n      dockerfile_inline: FROM scratch\n"
            "  db:\n    image: postgres\n"
        ),
        "api/Dockerfile": "FROM scratch\n",
        "docker/worker.Dockerfile": "FROM scratch\n",
        "tools/Containerfile": "FROM scratch\n",
        "web/Dockerfile.dev": "FROM scratch\n",
        "web/Dockerfile.dev.dockerignore": "x\n",
        "node_modules/pkg/Dockerfile": "FROM scratch\n",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert rows(tmp_path, found) == [
        ("compose.yaml: services.api", "api", "api/Dockerfile", None),
        ("compose.yaml: services.worker", ".", "docker/worker.Dockerfile", "prod"),
        ("compose.yaml: services.inline", ".", "compose.yaml", None),
        ("tools/Containerfile", "tools", "tools/Containerfile", None),
        ("web/Dockerfile.dev", "web", "web/Dockerfile.dev", None),
    ]
    inline = found.builds[2]
    assert inline.inline == "FROM scratch"
    assert [b.named for b in found.builds[3:]] == [True, False]
    assert found.problems == []
    assert find_builds(tmp_path, SKIP) == found.builds


# -- compose as compose reads it -----------------------------------------------------------------

SERVICE = "services:\n  api:\n    build:\n      context: {context}\n      target: {target}\n"


@pytest.mark.parametrize(
    ("files", "environ", "expected"),
    [
        pytest.param({".env": "STAGE=prod\n"}, {}, ("prod-runtime", False), id="from .env"),
        pytest.param({".env": "STAGE=prod\n"}, {"STAGE": "dev"}, ("dev-runtime", False),
                     id="environment wins over .env"),
        pytest.param({}, {}, (None, True), id="unset: every stage"),
        pytest.param({".env": "STAGE=\n"}, {}, ("-runtime", False),
                     id="set but empty is a value"),
    ],
)
def test_compose_target_from_variables(
    tmp_path: Path, files: dict[str, str], environ: dict[str, str],
    expected: tuple[str | None, bool],
) -> None:
    make(tmp_path, {
        "compose.yaml": SERVICE.format(context=".", target="${STAGE}-runtime"),
        "Dockerfile": "FROM scratch AS prod-runtime\n",
        **files,
    })
    found = discover(tmp_path, SKIP, environ=environ)
    build = found.builds[0]
    # With a known target, the plain `docker build .` (the last stage) is a build too.
    assert [b.origin for b in found.builds[1:]] == ([] if expected[1] else ["Dockerfile"])
    assert (build.target, build.all_stages) == expected
    if expected[1]:
        assert problems(tmp_path, found) == [(ProblemKind.ASSUMED, "compose.yaml", 5)]
        assert "STAGE" in found.problems[0].message
        assert "every stage" in found.problems[0].message


def test_compose_env_file_option_replaces_dot_env(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": SERVICE.format(context="${DIR:-.}", target="${STAGE:-base}"),
        ".env": "STAGE=from-dot-env\n",
        "ci.env": "STAGE=from-option\nDIR=app\n",
        "app/Dockerfile": "FROM scratch\n",
    })
    found = discover(tmp_path, SKIP, environ={}, env_files=[tmp_path / "ci.env"])
    assert rows(tmp_path, found) == [
        ("compose.yaml: services.api", "app", "app/Dockerfile", "from-option"),
        ("app/Dockerfile", "app", "app/Dockerfile", None),
    ]
    assert rows(tmp_path, discover(tmp_path, SKIP, environ={})) == [
        ("compose.yaml: services.api", ".", "Dockerfile", "from-dot-env"),
        ("app/Dockerfile", "app", "app/Dockerfile", None),
    ]


@pytest.mark.parametrize(
    ("compose", "kind", "line", "words"),
    [
        pytest.param(SERVICE.format(context="${SRC}/api", target="x"),
                     ProblemKind.UNREAD, 4, "SRC", id="context needs an unset variable"),
        pytest.param(SERVICE.format(context=".", target="${STAGE:?pick a stage}"),
                     ProblemKind.UNREAD, 5, "pick a stage", id="required variable"),
        pytest.param(SERVICE.format(context="'cost ${5}'", target="x"),
                     ProblemKind.FAILS, 4, "invalid interpolation", id="bad interpolation"),
        pytest.param("services:\n  api:\n    build: [1]\n",
                     ProblemKind.FAILS, 3, "expected a path or a mapping", id="build is a list"),
        pytest.param("services:\n  api:\n    build: .\n  x: 7\n", ProblemKind.FAILS, 4,
                     "services.x must be a mapping", id="a service is a number"),
        pytest.param("services:\n  api: [\n", ProblemKind.FAILS, 3, "not valid YAML",
                     id="broken YAML"),
        pytest.param("services:\n  - api\n", ProblemKind.FAILS, 1, "must be a mapping",
                     id="services is a list"),
        pytest.param(b"services:\n  api:\n    build: \xff\xfe\n", ProblemKind.FAILS, 3,
                     "not UTF-8 text", id="garbage bytes"),
        pytest.param(b"services:\n  api:\n    build: a\x00b\n", ProblemKind.FAILS, 3,
                     "is not allowed", id="NUL byte"),
    ],
)
def test_compose_problems_are_results(
    tmp_path: Path, compose: str | bytes, kind: ProblemKind, line: int, words: str
) -> None:
    make(tmp_path, {"compose.yaml": compose, "other/Dockerfile": "FROM scratch\n"})
    found = discover(tmp_path, SKIP, environ={})
    assert problems(tmp_path, found) == [(kind, "compose.yaml", line)]
    assert words in found.problems[0].message
    # The other builds are found all the same.
    assert ("other/Dockerfile", "other", "other/Dockerfile", None) in rows(tmp_path, found)


def test_bad_env_file_is_a_problem_of_the_directory(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": SERVICE.format(context=".", target="x"),
        ".env": "A=1\nthis is no assignment\n",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert found.builds == []
    assert problems(tmp_path, found) == [(ProblemKind.FAILS, ".env", 2)]


def test_profiles_extends_override_and_inline(tmp_path: Path) -> None:
    make(tmp_path, {
        "compose.yaml": (
            "x-base: &base\n"
            "  build:\n    context: ./svc\n    dockerfile: svc.Dockerfile\n"
            "services:\n"
            "  debug:\n    profiles: [debug]\n    build: ./tools\n"
            "  api:\n    <<: *base\n"
            "  worker:\n    extends: api\n    build:\n      target: work\n"
            "  same:\n    extends: api\n"  # the very build of api: found once
            "  shared:\n    extends:\n      file: common/base.yaml\n      service: common\n"
            "  inline:\n"
            "    build:\n      context: ./svc\n"
            "      dockerfile_inline: |\n        FROM scratch\n        COPY $${NAME} /\n"
        ),
        "compose.override.yaml": "services:\n  api:\n    build:\n      target: dev\n",
        "common/base.yaml": "services:\n  common:\n    build: ./lib\n",
        "svc/svc.Dockerfile": "FROM scratch\n",
        "tools/Dockerfile": "FROM scratch\n",
        "common/lib/Dockerfile": "FROM scratch\n",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert rows(tmp_path, found) == [
        ("compose.yaml: services.debug", "tools", "tools/Dockerfile", None),
        ("compose.yaml: services.api", "svc", "svc/svc.Dockerfile", None),
        ("compose.yaml: services.worker", "svc", "svc/svc.Dockerfile", "work"),
        ("compose.yaml: services.shared", "common/lib", "common/lib/Dockerfile", None),
        ("compose.yaml: services.inline", "svc", "compose.yaml", None),
        ("compose.override.yaml: services.api", "svc", "svc/svc.Dockerfile", "dev"),
    ]
    assert found.builds[4].inline == "FROM scratch\nCOPY ${NAME} /\n"
    assert found.problems == []


def test_compose_merge_tags_reset_and_override(tmp_path: Path) -> None:
    """Compose's own YAML tags: ``!override`` replaces what the base file gave (zulip's
    ci/certbot/compose.yaml overrides ``volumes``), ``!reset`` takes it away. Any other tag
    is an error, as it is for compose."""
    make(tmp_path, {
        "compose.yaml": (
            "services:\n"
            "  api:\n    build:\n      context: ./svc\n      target: prod\n"
            "    volumes: [./a:/a]\n"
            "  web:\n    build: ./svc\n"
        ),
        "compose.ci.yaml": (
            "services:\n"
            "  api:\n    volumes: !override\n      - ./b:/b\n"
            "    build: !override\n      dockerfile: ci.Dockerfile\n"
            "  web:\n    build: !reset null\n"
        ),
        "svc/Dockerfile": "FROM scratch\n",
        "ci.Dockerfile": "FROM scratch\n",
        "bad/compose.yaml": "services:\n  x:\n    build: !frobnicate ./svc\n",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert rows(tmp_path, found) == [
        ("compose.yaml: services.api", "svc", "svc/Dockerfile", "prod"),
        ("compose.yaml: services.web", "svc", "svc/Dockerfile", None),
        # not merged over the base's build: its own context (.) and no target
        ("compose.ci.yaml: services.api", ".", "ci.Dockerfile", None),
    ]
    assert [(p.kind, p.file.relative_to(tmp_path).as_posix(), p.line) for p in found.problems] \
        == [(ProblemKind.FAILS, "bad/compose.yaml", 3)]


# -- bake ----------------------------------------------------------------------------------------

BAKE_HCL = """\
# comments of all three kinds
variable "TAG" {
  default = "latest"
}
variable "STAGE" {
  default = "runtime"
}
/* a block
   comment */
group "default" {
  targets = ["api", "web"]
}
target "_common" {
  dockerfile = "docker/Dockerfile"  // inherited
  args = { A = "1", B = 2 }
}
target "api" {
  inherits = ["_common"]
  context = "services/api"
  target = "${STAGE}"
  tags = ["example/api:${TAG}"]
}
target "web" { context = "web" }
target "conditional" {
  context = "."
  target = notequal("", STAGE) ? STAGE : "base"
}
target "unknown-context" {
  context = "${NOPE}"
}
target "inline" {
  dockerfile-inline = <<EOT
FROM scratch
COPY . /
EOT
}
"""


def test_bake_hcl(tmp_path: Path) -> None:
    make(tmp_path, {"docker-bake.hcl": BAKE_HCL})
    found = discover(tmp_path, SKIP, environ={"STAGE": "prod"})
    assert rows(tmp_path, found) == [
        ("docker-bake.hcl: target.api", "services/api", "services/api/docker/Dockerfile",
         "prod"),
        ("docker-bake.hcl: target.web", "web", "web/Dockerfile", None),
        ("docker-bake.hcl: target.conditional", ".", "Dockerfile", None),
        ("docker-bake.hcl: target.inline", ".", "docker-bake.hcl", None),
    ]
    assert found.builds[2].all_stages
    assert found.builds[3].inline == "FROM scratch\nCOPY . /\n"
    assert problems(tmp_path, found) == [
        (ProblemKind.ASSUMED, "docker-bake.hcl", 26),
        (ProblemKind.UNREAD, "docker-bake.hcl", 29),
    ]


def test_bake_json_and_override(tmp_path: Path) -> None:
    make(tmp_path, {
        "docker-bake.json": (
            '{"variable": {"DIR": {"default": "app"}},\n'
            ' "group": {"default": {"targets": ["app"]}},\n'
            ' "target": {\n'
            '   "base": {"dockerfile": "build/Dockerfile"},\n'
            '   "app": {"inherits": ["base"], "context": "${DIR}", "target": "final"}\n'
            " }}\n"
        ),
        "docker-bake.override.hcl": 'target "app" {\n  target = "debug"\n}\n',
    })
    found = discover(tmp_path, SKIP, environ={})
    assert rows(tmp_path, found) == [
        ("docker-bake.json: target.app", "app", "app/build/Dockerfile", "debug"),
    ]


BAKE_INHERITS_VARIABLE = """\
variable "BASE" {
  default = "alpine"
}
target "src" {
  context = "src"
}
target "test-alpine" {
  inherits = ["src"]
}
target "test-debian" {
  inherits = ["src"]
  args = { IMAGE = "debian" }
}
target "test-base" {
  inherits = ["test-${BASE}"]
  output = ["type=cacheonly"]
}
group "test" {
  targets = ["test-info"]
}
target "test-info" {
  inherits = ["test-base"]
  target = "info"
}
target "odd" {
  inherits = [notequal(BASE, "") ? "src" : "other"]
}
"""


def test_bake_inherits_expands_variables(tmp_path: Path) -> None:
    # tonistiigi/xx: a parent named with a variable is the target it expands to; its context
    # is src (its Dockerfile src/Dockerfile), not the bake file's directory, where there is
    # no Dockerfile. A parent that cannot be worked out leaves its child unanalysed.
    make(tmp_path, {"docker-bake.hcl": BAKE_INHERITS_VARIABLE, "src/Dockerfile": "FROM a\n"})
    found = discover(tmp_path, SKIP, environ={})
    assert ("docker-bake.hcl: target.test-info", "src", "src/Dockerfile", "info") in rows(
        tmp_path, found)
    assert all(row[1] == "src" for row in rows(tmp_path, found))
    assert problems(tmp_path, found) == [(ProblemKind.UNREAD, "docker-bake.hcl", 26)]
    found = discover(tmp_path, SKIP, environ={"BASE": "debian"})
    assert ("docker-bake.hcl: target.test-alpine", "src", "src/Dockerfile", None) in rows(
        tmp_path, found)


def test_bake_inherits_each_parent_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parent reached along many paths is worked out once: each of 12 levels inheriting
    the one below twice was 2**13 walks (30 levels three times over never ended)."""
    from ignoregen.build import bake

    levels = 12
    text = 'target "t0" {\n  context = "."\n}\n' + "".join(
        f'target "t{i}" {{\n  inherits = ["t{i - 1}", "t{i - 1}"]\n}}\n'
        for i in range(1, levels + 1))
    text += f'group "default" {{\n  targets = ["t{levels}"]\n}}\n'
    make(tmp_path, {"docker-bake.hcl": text, "Dockerfile": "FROM scratch\n"})
    calls = 0
    inherit = bake._inherit

    def counted(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        return inherit(*args)

    monkeypatch.setattr(bake, "_inherit", counted)
    found = discover(tmp_path, SKIP, environ={})
    assert (f"docker-bake.hcl: target.t{levels}", ".", "Dockerfile", None) in rows(tmp_path, found)
    assert calls < 4 * levels


@pytest.mark.parametrize(
    ("name", "text", "kind", "line"),
    [
        pytest.param("docker-bake.json", '{"target": {"a": }', ProblemKind.FAILS, 1,
                     id="JSON that is not JSON"),
        pytest.param("docker-bake.hcl", 'target "a" {\n  context = "."\n',
                     ProblemKind.UNREAD, 3, id="HCL block never closed"),
        pytest.param("docker-bake.hcl", 'target "a" {\n  context = "\n}\n',
                     ProblemKind.UNREAD, 2, id="HCL string never closed"),
        pytest.param("docker-bake.hcl", 'target "a" {\n  context "."\n}\n',
                     ProblemKind.UNREAD, 2, id="HCL attribute without ="),
        pytest.param("docker-bake.hcl", 'target "a" {\n  context = "."\n}\n'
                     + "x {\n" * 2000 + "}\n" * 2000, ProblemKind.UNREAD, 104,
                     id="HCL blocks nested 2,000 deep"),
        pytest.param("docker-bake.hcl", 'target "a" {\n  tags = ' + "[" * 2000 + "]" * 2000
                     + "\n}\n", ProblemKind.UNREAD, 2, id="HCL lists nested 2,000 deep"),
        pytest.param("docker-bake.json", '{"target": {"a": {"x": ' + "[" * 2000 + "]" * 2000
                     + "}}}", ProblemKind.UNREAD, None, id="JSON nested 2,000 deep"),
        pytest.param("docker-bake.hcl", "".join(
            f'variable "v{i}" {{\n  default = "${{v{i + 1}}}"\n}}\n' for i in range(1000))
            + 'target "a" {\n  context = "${v0}"\n}\n', ProblemKind.UNREAD, 3002,
            id="HCL variables 1,000 deep"),
    ],
)
def test_bake_problems(tmp_path: Path, name: str, text: str, kind: ProblemKind,
                       line: int | None) -> None:
    make(tmp_path, {name: text, "Dockerfile": "FROM scratch\n"})
    found = discover(tmp_path, SKIP, environ={})
    assert problems(tmp_path, found) == [(kind, name, line)]
    assert rows(tmp_path, found) == [("Dockerfile", ".", "Dockerfile", None)]


# -- skaffold ------------------------------------------------------------------------------------


def test_skaffold(tmp_path: Path) -> None:
    make(tmp_path, {
        "skaffold.yaml": (
            "apiVersion: skaffold/v4beta6\nkind: Config\n"
            "build:\n  artifacts:\n"
            "    - image: api\n      context: services/api\n"
            "      docker:\n        dockerfile: Dockerfile.prod\n        target: runtime\n"
            "    - image: jvm\n      jib: {}\n"
            "    - image: web\n      context: web\n"
            "profiles:\n  - name: dev\n    build:\n      artifacts:\n"
            "        - image: api\n          context: services/api\n"
            "          docker:\n            target: dev\n"
            "---\napiVersion: skaffold/v4beta6\nkind: Config\n"
            "build:\n  artifacts:\n    - image: tool\n      context: tool\n"
        ),
        "services/api/Dockerfile.prod": "FROM scratch AS runtime\n",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert rows(tmp_path, found) == [
        ("skaffold.yaml: build.artifacts.0 (api)", "services/api",
         "services/api/Dockerfile.prod", "runtime"),
        ("skaffold.yaml: build.artifacts.2 (web)", "web", "web/Dockerfile", None),
        ("skaffold.yaml: profiles.0.build.artifacts.0 (api)", "services/api",
         "services/api/Dockerfile", "dev"),
        ("skaffold.yaml: build.artifacts.0 (tool)", "tool", "tool/Dockerfile", None),
    ]
    assert found.builds[0].line("dockerfile") == 8


def test_project_files_go_deep(tmp_path: Path) -> None:
    """No recursion: a tree deeper than Python's recursion limit is listed all the same."""
    root = deep_tree(tmp_path / "repo", 1200)
    try:
        files = [path.relative_to(root).as_posix() for path in project_files(root, SKIP)]
    finally:
        remove_tree(root)
    assert files[0] == "Dockerfile"
    assert files[-1] == "/".join(["d"] * 1200 + ["leaf.py"])
    assert len(files) == 2 + 12  # the Dockerfile, the module and a file every 100 levels


def test_a_makefile_build_whose_dockerfile_reads_from_above_is_checked_there(
    tmp_path: Path,
) -> None:
    # huginn's docker/multi-process/Makefile runs 'docker build .' beside a Dockerfile that
    # copies docker/scripts/prepare and Gemfile: that fails as written, and CI builds the
    # file from the root. A recipe whose context holds the sources is taken as written.
    make(tmp_path, {
        "docker/app/Makefile": "build:\n\tdocker build -t app .\n",
        "docker/app/Dockerfile": "FROM scratch\nCOPY docker/scripts/prepare /s/\nCOPY Gemfile /\n",
        "docker/scripts/prepare": "", "Gemfile": "",
        "web/Makefile": "image:\n\tdocker build -t web .\n",
        "web/Dockerfile": "FROM scratch\nCOPY index.html /\n", "web/index.html": "",
    })
    found = discover(tmp_path, SKIP, environ={})
    assert [(row[1], row[2]) for row in rows(tmp_path, found)] == [
        (".", "docker/app/Dockerfile"), ("web", "web/Dockerfile"),
    ]
    assert problems(tmp_path, found) == [(ProblemKind.ASSUMED, "docker/app/Makefile", 2)]


def test_quick_name_test_admits_every_build_file_name() -> None:
    """discover asks _kind_of only of names that one combined test admits: every name that
    _kind_of gives a kind must pass it (a kind added there must be added to the test)."""
    script_tables = (("package.json", "scripts"), ("ci/*.toml", "tasks"))
    maybe = _build_file_name(tuple(glob for glob, _ in script_tables))
    repo = Path(__file__).resolve().parent.parent
    names = {path.name for path in (repo / "samples").rglob("*")} | {
        "Dockerfile", "api.Dockerfile", "Dockerfile.dev", "dockerfile", "Containerfile",
        "compose.prod.yaml", "docker-compose.override.yml", "GNUmakefile", "makefile",
        "skaffold.yml", "docker-bake.override.json", "pom.xml", "tasks.toml",
        "Dockerfile.dockerignore", "README.md", "main.py",
    }
    kinds = {name: _kind_of(name, script_tables) for name in names}
    assert {name for name, kind in kinds.items() if kind[0] is not None} >= {
        "Dockerfile", "compose.prod.yaml", "GNUmakefile", "skaffold.yml",
        "docker-bake.override.json", "pom.xml", "tasks.toml", "package.json",
    }
    assert [name for name, kind in kinds.items() if kind[0] is not None and not maybe(name)] == []
    assert maybe("README.md") is None
    assert maybe("main.py") is None


def test_a_build_policy_beside_the_dockerfile_is_not_a_dockerfile(tmp_path: Path) -> None:
    # tonistiigi/xx: src/Dockerfile.rego is the policy buildx reads for src/Dockerfile
    # (build/opt.go: the Dockerfile's name + ".rego"); it was reported as a Dockerfile
    # fragment with no FROM (IG005).
    make(tmp_path, {"Dockerfile": "FROM alpine\n", "Dockerfile.rego": "package docker\n",
                    "api.Dockerfile": "FROM alpine\n"})
    found = discover(tmp_path, SKIP, environ={})
    assert sorted(row[2] for row in rows(tmp_path, found)) == ["Dockerfile", "api.Dockerfile"]
    assert problems(tmp_path, found) == []
