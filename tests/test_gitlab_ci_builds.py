"""The builds a GitLab CI pipeline runs (build/gitlab_ci.py): kaniko and ``docker build``
in a job's script, with ``$CI_PROJECT_DIR`` the clone's root.

A Dockerfile kept in ``docker/`` and built from the root by the pipeline was judged with
``docker/`` as its context: ``check`` said nothing of the root that kaniko sends, and
``init`` wrote ``docker/.dockerignore``, which no build reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import init_here
from trees import tree

from ignoregen.build.discover import discover
from ignoregen.build.gitlab_ci import kaniko_arguments
from ignoregen.build.scripts import moves
from ignoregen.knowledge.preset import load_presets

SKIP = load_presets().skip_dirs

KANIKO_JOB = """\
stages: [package]

package:
  stage: package
  image:
    name: gcr.io/kaniko-project/executor:v1.23.2-debug
    entrypoint: [""]
  script:
    - mkdir -p /kaniko/.docker
    - /kaniko/executor
      --context "${CI_PROJECT_DIR}"
      --dockerfile "${CI_PROJECT_DIR}/docker/Dockerfile"
      --destination "${CI_REGISTRY_IMAGE}:${CI_COMMIT_SHA}"
"""

DIND_JOB = """\
package:
  image: docker:27
  services: [docker:27-dind]
  script:
    - docker build -f docker/Dockerfile -t "$CI_REGISTRY_IMAGE" .
"""


def _repo(root: Path, pipeline: str) -> Path:
    tree(root, {
        "docker/Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
                             "RUN pip install --no-cache-dir .\n",
        "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
        "app/__init__.py": "",
        ".gitlab-ci.yml": pipeline,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.mark.parametrize("pipeline", [KANIKO_JOB, DIND_JOB], ids=["kaniko", "dind"])
def test_init_writes_the_ignore_file_the_pipeline_reads(tmp_path: Path, pipeline: str) -> None:
    root = _repo(tmp_path, pipeline)
    init_here(root)
    assert (root / ".dockerignore").is_file()
    assert not (root / "docker/.dockerignore").exists()
    assert "**/.git" in (root / ".dockerignore").read_text()


def test_a_template_job_is_no_build(tmp_path: Path) -> None:
    # A hidden job ('.name') runs only where a job extends it; this one nobody extends.
    root = _repo(tmp_path, KANIKO_JOB.replace("\npackage:", "\n.package:"))
    init_here(root)
    assert not (root / ".dockerignore").exists()


@pytest.mark.parametrize(("line", "expected"), [
    ("/kaniko/executor --context . --dockerfile docker/Dockerfile",
     (".", "docker/Dockerfile", None)),
    ("/kaniko/executor --context=sub --dockerfile=Dockerfile.prod --target=run",
     ("sub", "Dockerfile.prod", "run")),
    ("executor -c dir://./web -f web/Dockerfile", ("./web", "web/Dockerfile", None)),
    ("/kaniko/executor --destination x", (".", None, None)),
    ("/kaniko/executor --context $BUILD_DIR", None),  # a variable: not read
    ("/kaniko/executor --context gs://bucket/ctx.tgz", None),  # not this checkout
    ("/kaniko/executor --context git://github.com/o/r.git", None),
    ("echo /kaniko/executor-debug", None),
])
def test_kaniko_arguments(line: str, expected: object) -> None:
    assert kaniko_arguments(line) == expected


@pytest.mark.parametrize("script", [
    "    - cd web && docker build -t site .\n",
    "    - cd web\n    - docker build -t site .\n",  # one shell: the cd holds for later lines
])
def test_a_build_after_cd_is_not_taken_for_the_root(tmp_path: Path, script: str) -> None:
    # The job builds web/Dockerfile from web/; the root's own Dockerfile (a different
    # image) was taken as built from the root by that job, and web/ as built by nobody.
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nCOPY app.py /\n",
        "app.py": "print(1)\n",
        "web/Dockerfile": "FROM nginx:1.27\nCOPY index.html /usr/share/nginx/html/\n",
        "web/index.html": "<p>hi</p>\n",
        ".gitlab-ci.yml": "site:\n  image: docker:27\n  script:\n" + script,
    })
    root = tmp_path.resolve()
    found = discover(root, frozenset())
    builds = {build.dockerfile.relative_to(root).as_posix(): build for build in found.builds}
    assert sorted(builds) == ["Dockerfile", "web/Dockerfile"]
    assert builds["Dockerfile"].origin == "Dockerfile"  # found by its name only
    assert builds["web/Dockerfile"].context == root / "web"


@pytest.mark.parametrize(("text", "moved"), [
    ("cd web && make", True),
    ("(cd web; ls)", True),
    ("cd", True),
    ("cd . && ls", False),
    ("echo cd web", False),
    ("abcd web", False),
    ("if true; then cd web; fi", True),
])
def test_moves(text: str, moved: bool) -> None:
    assert moves(text) is moved


def test_the_jobs_variables_are_put_in(tmp_path: Path) -> None:
    # A template job names the Dockerfile and the context in 'variables'; the kaniko line
    # says only $CONTEXT and $DOCKERFILE_PATH, and was not read.
    pipeline = (
        "variables:\n  CONTEXT: $CI_PROJECT_DIR\n\n"
        ".kaniko:\n  image:\n    name: gcr.io/kaniko-project/executor:debug\n"
        "    entrypoint: ['']\n  script:\n"
        "    - /kaniko/executor --context $CONTEXT --dockerfile ${DOCKERFILE_PATH}"
        " --destination $CI_REGISTRY_IMAGE\n\n"
        "package:\n  extends: .kaniko\n  variables:\n"
        "    DOCKERFILE_PATH:\n      value: ./docker/Dockerfile\n      description: which\n"
    )
    root = _repo(tmp_path, pipeline)
    init_here(root)
    assert (root / ".dockerignore").is_file()
    assert not (root / "docker/.dockerignore").exists()


BUILDAH_JOBS = """\
image-root:
  image: quay.io/buildah/stable:v1.37
  script:
    - buildah bud --format docker -f docker/Containerfile -t "$CI_REGISTRY_IMAGE" .
image-web:
  image: quay.io/buildah/stable:v1.37
  script:
    - buildah build --file docker/Containerfile.web --tag "$CI_REGISTRY_IMAGE/web" web
"""


def test_buildah_lines_are_builds(tmp_path: Path) -> None:
    # 'buildah bud' / 'buildah build' (Podman's build, run without Podman): the web image
    # is built from web/, the other from the root; each was judged from docker/
    tree(tmp_path, {
        "docker/Containerfile": "FROM alpine:3.20\nCOPY . /src\n",
        "docker/Containerfile.web": "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n",
        "web/index.html": "<p>hi</p>\n",
        ".gitlab-ci.yml": BUILDAH_JOBS,
    })
    found = discover(tmp_path, SKIP, environ={})
    root = tmp_path.resolve()
    rows = sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.podman,
                   b.origin.rsplit(" (", 1)[-1]) for b in found.builds)
    assert rows == [
        ("docker/Containerfile", ".", True, "buildah build)"),
        ("docker/Containerfile.web", "web", True, "buildah build)"),
    ]


def test_a_variable_that_names_another_is_put_in(tmp_path: Path) -> None:
    # The pipeline names each Dockerfile once; the job's variable refers to it, and GitLab
    # expands the reference before the script runs.
    pipeline = (
        "variables:\n  API_DOCKERFILE: $CI_PROJECT_DIR/docker/Dockerfile\n"
        "  LITERAL_DOCKERFILE:\n    value: $CI_PROJECT_DIR/docker/Dockerfile\n"
        "    expand: false\n\n"
        ".image:\n  image: docker:27\n  script:\n"
        "    - docker build -f $DOCKERFILE_PATH -t app .\n\n"
        "api-image:\n  extends: .image\n  variables:\n    DOCKERFILE_PATH: $API_DOCKERFILE\n\n"
        "literal-image:\n  extends: .image\n  variables:\n"
        "    DOCKERFILE_PATH: $LITERAL_DOCKERFILE\n"
    )
    root = _repo(tmp_path, pipeline)
    found = discover(root, frozenset())
    origins = sorted(b.origin.split(":")[1] for b in found.builds
                     if b.context == root.resolve())
    assert origins == [" api-image"], origins  # the literal one stays unread


def test_an_inherited_script_is_placed_where_it_is_written(tmp_path: Path) -> None:
    # The job's script comes from a template in an included file: the build's line is the
    # template's, there, not a line of .gitlab-ci.yml counted on from the job.
    root = _repo(tmp_path, (
        "include: /ci/templates.yml\n\n"
        "api-image:\n  extends: .image\n  variables:\n    DOCKERFILE_PATH: docker/Dockerfile\n"
    ))
    tree(root, {"ci/templates.yml": (
        ".image:\n  image: docker:27\n  script:\n    - echo building\n"
        "    - docker build -f $DOCKERFILE_PATH -t app .\n"
    )})
    found = discover(root, frozenset())
    builds = [b for b in found.builds if b.context == root.resolve()]
    assert [(b.defined_in.relative_to(root.resolve()).as_posix() if b.defined_in else None,
             b.lines) for b in builds] == [("ci/templates.yml", (("build", 3),))]  # its script: key
