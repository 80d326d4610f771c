"""The builds a Cloud Build configuration at the repository's root runs
(build/cloudbuild.py): the Docker builder's ``args``, a step's shell script, each in
``/workspace`` (the source: the repository) or the step's ``dir``.

A Dockerfile kept in ``docker/`` and built from the root by ``args: [build, -f,
docker/Dockerfile, .]`` was taken with ``docker/`` as its context, and the root's
.dockerignore was said to serve no build (IG002)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover

CONFIG = """\
steps:
  - name: gcr.io/cloud-builders/docker
    id: api
    args: [build, -f, docker/Dockerfile, -t, 'gcr.io/$PROJECT_ID/api:$SHORT_SHA', .]
  - name: gcr.io/cloud-builders/docker
    dir: web
    args: [build, --target, prod, -t, 'gcr.io/$PROJECT_ID/web', .]
  - name: gcr.io/cloud-builders/docker
    entrypoint: bash
    args: [-c, 'cd tools && docker build -t tools .']
  - name: gcr.io/cloud-builders/docker
    args: [build, -f, '${_DOCKERFILE}', -t, x, .]
images: ['gcr.io/$PROJECT_ID/api:$SHORT_SHA']
"""


def _repo(root: Path, config_at: str = "cloudbuild.yaml") -> Path:
    tree(root, {
        "docker/Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n",
        "web/Dockerfile": "FROM node:22 AS prod\nCOPY . /web\n",
        "tools/Dockerfile": "FROM alpine:3.20\nCOPY . /tools\n",
        "app.py": "print(1)\n",
        ".dockerignore": "node_modules\n",
        config_at: CONFIG,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _rows(root: Path) -> list[tuple[str, str, str, str]]:
    root = root.resolve()
    found = discover(root, frozenset())
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.target or "",
                   b.origin.split(":")[1].strip() if b.defined_in else "by name")
                  for b in found.builds)


def test_steps_build(tmp_path: Path) -> None:
    assert _rows(_repo(tmp_path)) == [
        ("docker/Dockerfile", ".", "", "api"),
        ("tools/Dockerfile", "tools", "", "steps.2"),
        ("web/Dockerfile", "web", "", "by name"),  # 'docker build .' there: the last stage
        ("web/Dockerfile", "web", "prod", "steps.1"),
    ]


def test_the_root_ignore_file_serves_the_build(tmp_path: Path) -> None:
    _, output = run_in(_repo(tmp_path), "check")
    assert "IG002" not in output, output


def test_a_configuration_elsewhere_is_not_read(tmp_path: Path) -> None:
    # 'gcloud builds submit --config ops/cloudbuild.yaml' may be given any source directory
    rows = _rows(_repo(tmp_path, "ops/cloudbuild.yaml"))
    assert all(origin == "by name" for *_, origin in rows), rows
