"""A GitLab pipeline's jobs may live in files of the repository that ``.gitlab-ci.yml``
includes (``include: local``): their builds, and what they write before building, count as
the main file's do (build/gitlab_include.py). Before, the builds of an included file were
unseen: ``docker/Dockerfile`` built from the root was judged in ``docker/``, and a file
the included job writes first was excluded by ``init``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import init_here
from trees import run_in, sent, tree

from ignoregen.build.discover import ProblemKind, discover
from ignoregen.build.workflows import written_by_run

BUILD_JOB = """\
variables:
  APP_CONTEXT: web

package:
  stage: build
  image:
    name: gcr.io/kaniko-project/executor:debug
    entrypoint: [""]
  script:
    - echo "API_URL=$API_URL" > web/settings.env
    - /kaniko/executor --context $CI_PROJECT_DIR/$APP_CONTEXT
      --dockerfile $CI_PROJECT_DIR/docker/web.Dockerfile
"""


def _repo(root: Path, pipeline: str, more: dict[str, str]) -> Path:
    tree(root, {
        "docker/web.Dockerfile": "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n"
                                 "RUN test -s /usr/share/nginx/html/settings.env\n",
        "web/index.html": "<p>hi</p>\n",
        "web/.gitignore": "settings.env\n",
        ".gitlab-ci.yml": pipeline,
        **more,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _builds(root: Path) -> list[tuple[str, str, str]]:
    found = discover(root, frozenset({".git"}))
    return [(b.context.relative_to(root).as_posix() or ".",
             b.dockerfile.relative_to(root).as_posix(), b.origin) for b in found.builds]


@pytest.mark.parametrize("include", [
    "include:\n  - local: ci/build.yml\n",
    "include: '/ci/build.yml'\n",
    "include:\n  - '/ci/*.yml'\n",
    "include:\n  - local: ci/**.yml\n",
])
def test_a_build_of_an_included_file_is_found(tmp_path: Path, include: str) -> None:
    root = _repo(tmp_path, "stages: [build]\n" + include, {"ci/build.yml": BUILD_JOB})
    assert _builds(root) == [
        ("web", "docker/web.Dockerfile", "ci/build.yml:9 (package: kaniko)"),
    ]
    # What the included job writes before it builds is the pipeline's, and init keeps it.
    assert written_by_run(root, "web/settings.env") == "ci/build.yml:9"
    (root / "web/settings.env").write_text("API_URL=https://api.example.org\n")
    init_here(root)
    assert (root / "web/.dockerignore").is_file()
    assert sent(root / "web", "settings.env")


def test_the_including_file_wins_the_merge(tmp_path: Path) -> None:
    # GitLab merges the main file over its includes, key by key: the job's context
    # variable set in .gitlab-ci.yml is the one the job runs with.
    pipeline = "include:\n  - local: ci/build.yml\n\nvariables:\n  APP_CONTEXT: .\n"
    root = _repo(tmp_path, pipeline, {"ci/build.yml": BUILD_JOB})
    assert [context for context, _, _ in _builds(root)] == ["."]


def test_nested_includes_and_a_cycle(tmp_path: Path) -> None:
    root = _repo(tmp_path, "include: ci/all.yml\n", {
        "ci/all.yml": "include:\n  - local: ci/build.yml\n  - local: ci/all.yml\n",
        "ci/build.yml": "include: /.gitlab-ci.yml\n" + BUILD_JOB,
    })
    assert [origin for _, _, origin in _builds(root)] == ["ci/build.yml:10 (package: kaniko)"]


def test_includes_from_elsewhere_are_left_alone(tmp_path: Path) -> None:
    pipeline = (
        "include:\n"
        "  - template: Security/SAST.gitlab-ci.yml\n"
        "  - remote: https://example.org/ci/build.yml\n"
        "  - project: group/ci-templates\n    file: /docker.yml\n"
        "  - https://example.org/other.yml\n"
        "  - local: $CI_TEMPLATE\n"
        "  - local: ci/build.yml\n"
    )
    root = _repo(tmp_path, pipeline, {"ci/build.yml": BUILD_JOB})
    found = discover(root, frozenset({".git"}))
    assert found.problems == []
    assert len(found.builds) == 1


@pytest.mark.parametrize(("files", "message"), [
    ({}, "include: ci/build.yml does not exist (GitLab rejects the pipeline); its jobs are "
         "not read"),
    ({"ci/build.yml": "package: [unclosed\n"}, "include: ci/build.yml: not valid YAML"),
    ({"ci/build.yml": "- a list\n"}, "include: ci/build.yml holds no mapping of jobs; not read"),
    ({"ci/build.yml": "package: !secret x\n"}, "include: ci/build.yml: "),
    ({"ci/other.yml": BUILD_JOB}, "include: ci/build.yml does not exist"),
    ({"ci/build.yml/x.yml": BUILD_JOB}, "include: ci/build.yml does not exist"),
])
def test_a_bad_include_is_a_note_and_the_rest_is_read(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    pipeline = (
        "include:\n  - local: ci/build.yml\n\n"
        "image_root:\n  script:\n    - docker build -f docker/web.Dockerfile .\n"
    )
    root = _repo(tmp_path, pipeline, files)
    found = discover(root, frozenset({".git"}))
    assert [(p.kind, p.file.name, p.line) for p in found.problems] == [
        (ProblemKind.ASSUMED, ".gitlab-ci.yml", 1)]
    assert found.problems[0].message.startswith(message)
    assert [b.context for b in found.builds] == [root]  # the main file's job still counts
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    notes = [item for item in json.loads(output)["findings"] if item["id"] == "IG005"]
    assert [(item["file"], item["line"]) for item in notes] == [(".gitlab-ci.yml", 1)]


def test_an_include_outside_the_repository_is_not_read(tmp_path: Path) -> None:
    outside = tree(tmp_path / "elsewhere", {"build.yml": BUILD_JOB})
    root = _repo(tmp_path / "repo", "include:\n  - local: ../elsewhere/build.yml\n", {})
    assert (outside / "build.yml").is_file()
    found = discover(root, frozenset({".git"}))
    assert [b.defined_in for b in found.builds] == [None]  # docker/ found by its name only
    assert [p.message.split(" (")[0] for p in found.problems] == [
        "include: ../elsewhere/build.yml does not exist"]


@pytest.mark.parametrize("pattern", [
    "'***.yml'", "'**'", "'ci/[.yml'", "'/'", "'.'", "{local: 5}", "[{local: [a, b]}]",
    "'docker/web.Dockerfile'", "[{local: 'ci/*.yml', rules: [{exists: [Dockerfile]}]}]",
])
def test_odd_includes_never_fail_the_reading(tmp_path: Path, pattern: str) -> None:
    pipeline = (f"include: {pattern}\n"
                "package:\n  script: [docker build -f docker/web.Dockerfile .]\n")
    root = _repo(tmp_path, pipeline, {"ci/notes.txt": "x\n"})
    found = discover(root, frozenset({".git"}))
    assert [b.context for b in found.builds] == [root]
    assert all(p.kind is ProblemKind.ASSUMED for p in found.problems)
    code, _ = run_in(root, "check")
    assert code in (0, 1)
