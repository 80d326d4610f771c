"""A file that a GitLab CI job writes before it builds is in the context the pipeline
sends (build/gitlab_ci.py), and a shell redirection writes a file (build/step_writes.py).

Modelled on LibraryOfCongress/fetch-vue: its build jobs write the front end's settings to a
gitignored env file and build the repository root with kaniko; the image's build reads the
file. ``init`` excluded it as a secret, and the pipeline's build failed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import init_here
from trees import sent, tree

from ignoregen.build.step_writes import written_paths
from ignoregen.build.workflows import written_by_run

PIPELINE = """\
stages: [build, deploy]

image_build:
  stage: build
  image:
    name: gcr.io/kaniko-project/executor:debug
    entrypoint: [""]
  script:
    - cp -v docker/app.Containerfile Dockerfile
    - echo "VITE_API=$API_URL" > config/.env
    - echo "VITE_MODE=$MODE" >> config/.env
    - /kaniko/executor --context $CI_PROJECT_DIR --dockerfile $CI_PROJECT_DIR/Dockerfile
"""

LINT_ONLY = """\
lint:
  image: node:22
  script:
    - echo "VITE_API=http://localhost" > config/.env
    - npm run lint
"""


def _repo(root: Path, pipeline: str) -> Path:
    tree(root, {
        "docker/app.Containerfile": (
            "FROM node:22 AS web\nWORKDIR /srv\nCOPY package.json ./\nRUN npm install\n"
            "COPY . .\nRUN test -s config/.env && npm run build\n"
            "FROM nginx:1.27\nCOPY --from=web /srv/dist /usr/share/nginx/html\n"
        ),
        "package.json": '{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "5"}}',
        "config/loader.js": "module.exports = require('dotenv').config({path: 'config/.env'})\n",
        "src/main.js": "console.log(1)\n",
        ".gitignore": "node_modules\n/config/.env\n",
        ".gitlab-ci.yml": pipeline,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def test_a_file_the_building_job_writes_is_kept(tmp_path: Path) -> None:
    root = _repo(tmp_path, PIPELINE)
    assert written_by_run(root, "config/.env") == ".gitlab-ci.yml:8"
    init_here(root)
    assert sent(root, "config/.env")  # the pipeline's own file, which the build reads
    assert not sent(root, ".env")  # a developer's own .env at the root stays out


def test_a_job_that_builds_no_image_does_not_count(tmp_path: Path) -> None:
    root = _repo(tmp_path, LINT_ONLY)
    assert written_by_run(root, "config/.env") is None
    init_here(root)
    assert not sent(root, "config/.env")


def test_a_template_counts_in_the_job_that_extends_it(tmp_path: Path) -> None:
    pipeline = (
        ".write_env:\n  before_script:\n    - echo A=1 > config/.env\n\n"
        "package:\n  extends: .write_env\n  script:\n    - docker build -t app .\n"
    )
    root = _repo(tmp_path, pipeline)
    assert written_by_run(root, "config/.env") == ".gitlab-ci.yml:7"


@pytest.mark.parametrize(("script", "expected"), [
    ('echo "A=1" > config/.env', ["config/.env"]),
    ("printf 'A=1' >>.env", [".env"]),
    ("make 2> build.log", ["build.log"]),
    ("cmd &>out.txt", ["out.txt"]),
    ("cmd > /dev/null 2>&1", []),  # outside the checkout; a descriptor
    ("echo x > $GITHUB_OUTPUT", []),  # a variable: not read
    ('echo "a > b"', []),  # quoted: no redirection
    # A cd moves what follows: the root's .env (a developer's own) is not the one written.
    ("cd web && echo A=1 > .env", ["web/.env"]),
    ("cd web\ncp a b\ncd ..\ncp c d", ["web/b", "d"]),
    ("cd $APP_DIR && echo A=1 > .env", []),  # where to: unknown
    ("(cd web && cp a b)", []),
])
def test_redirections_write(script: str, expected: list[str]) -> None:
    assert written_paths(script) == expected


def test_a_reference_tag_is_followed(tmp_path: Path) -> None:
    # GitLab's '!reference [job, key]' reuses another job's lines; the pipeline was taken
    # for YAML with an unknown tag and read not at all.
    pipeline = (
        ".env_file:\n  script:\n    - echo A=1 > config/.env\n\n"
        "package:\n  script:\n    - !reference [.env_file, script]\n"
        "    - docker build -f docker/app.Containerfile .\n"
    )
    root = _repo(tmp_path, pipeline)
    assert written_by_run(root, "config/.env") == ".gitlab-ci.yml:6"
