"""The builds a Render Blueprint (``render.yaml`` at the root) defines (build/render.py):
``dockerfilePath`` and ``dockerContext``, both relative to the repository's root, the root
being the context when none is given.

render-examples/voice-agent-template builds ``agent/Dockerfile`` from the root
(``dockerfilePath: ./agent/Dockerfile``, ``dockerContext: .``) in a project environment's
``services``. Its Dockerfile names root files (``COPY package.json ...``), so it was found
with the right context by its sources; one that only says ``COPY . /app`` was taken with
``agent/`` as its context, and the root's .dockerignore was said to serve no build (IG002).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover

BLUEPRINT = """\
projects:
  - name: demo
    environments:
      - name: production
        services:
          - type: pserv
            name: agent
            runtime: docker
            dockerfilePath: ./agent/Dockerfile
            dockerContext: .
services:
  - type: worker
    name: jobs
    env: docker
    dockerfilePath: ./jobs/Dockerfile
  - type: web
    name: site
    runtime: docker
    dockerfilePath: ./site/Dockerfile
    dockerContext: ./site
  - type: web
    name: prebuilt
    runtime: image
    image: {url: docker.io/library/nginx:1.27}
  - type: web
    name: elsewhere
    runtime: docker
    repo: https://github.com/example/other
    dockerfilePath: ./other/Dockerfile
  - type: web
    name: rooted
    runtime: docker
    rootDir: tools
    dockerfilePath: ./Dockerfile
"""


def _repo(root: Path, blueprint: str = BLUEPRINT) -> Path:
    tree(root, {
        "agent/Dockerfile": "FROM node:20-slim\nWORKDIR /app\nCOPY . /app\n"
                            "RUN cd agent && npm ci\n",
        "jobs/Dockerfile": "FROM python:3.12-slim\nCOPY . /src\n",
        "site/Dockerfile": "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n",
        "tools/Dockerfile": "FROM alpine:3.20\nCOPY . /tools\n",
        "other/Dockerfile": "FROM alpine:3.20\nCOPY . /other\n",
        "package.json": "{}\n",
        ".dockerignore": "node_modules\n.git\n",
        "render.yaml": blueprint,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _rows(root: Path) -> list[tuple[str, str, str]]:
    root = root.resolve()
    found = discover(root, frozenset())
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(),
                   b.origin.split(":")[1].strip() if b.defined_in else "by name")
                  for b in found.builds)


def test_docker_services_build_from_their_context(tmp_path: Path) -> None:
    assert _rows(_repo(tmp_path)) == [
        ("agent/Dockerfile", ".", "agent"),
        ("jobs/Dockerfile", ".", "jobs"),  # no dockerContext: the repository's root
        ("other/Dockerfile", "other", "by name"),  # 'repo:' builds another repository
        ("site/Dockerfile", "site", "site"),
        ("tools/Dockerfile", "tools", "by name"),  # rootDir: left to its name
    ]


def test_the_root_ignore_file_serves_the_builds(tmp_path: Path) -> None:
    _, output = run_in(_repo(tmp_path), "check")
    assert "IG002" not in output, output


def test_a_blueprint_elsewhere_is_not_read(tmp_path: Path) -> None:
    _repo(tmp_path)
    (tmp_path / "render.yaml").rename(tmp_path / "agent" / "render.yaml")
    rows = _rows(tmp_path)
    assert all(origin == "by name" for *_, origin in rows), rows


def test_a_malformed_blueprint_is_reported_by_file_and_line(tmp_path: Path) -> None:
    root = _repo(tmp_path, "services:\n  - type: web\n    runtime: [docker\n")
    code, output = run_in(root, "check")
    assert code == 1, output
    assert "render.yaml:4: error IG004 not valid YAML" in output, output
    assert "Traceback" not in output, output
