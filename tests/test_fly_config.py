"""The build a Fly.io configuration at the repository's root defines (build/fly.py):
``fly deploy`` sends the root, ``[build] dockerfile`` names the Dockerfile relative to the
configuration, ``[build] build-target`` the stage.

A root ``fly.toml`` naming ``deploy/Dockerfile`` whose sources say only ``COPY . /app`` had
that Dockerfile taken with ``deploy/`` as its context, and the root's .dockerignore was
said to serve no build (IG002). A configuration in a subdirectory is not read:
openstatusHQ/openstatus deploys ``apps/server/fly.toml`` with ``flyctl deploy --config
apps/server/fly.toml`` from the root (.github/workflows/deploy.yml), while its
``apps/checker/fly.toml`` is deployed from ``apps/checker`` (deploy-checker.yml).
epicweb-dev/epic-stack's root ``fly.toml`` (tests/corpus) names ``/other/Dockerfile`` and
``/other/Dockerfile.dockerignore``: joined to the configuration's directory.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover

CONFIG = """\
app = "demo"
primary_region = "ams"

[build]
  dockerfile = "deploy/Dockerfile"
  build-target = "runtime"

[http_service]
  internal_port = 8080
"""


def _repo(root: Path, config: str = CONFIG) -> Path:
    tree(root, {
        "deploy/Dockerfile": "FROM python:3.12-slim AS runtime\nCOPY . /app\n",
        "apps/api/Dockerfile": "FROM node:22\nCOPY . /api\n",
        "apps/api/fly.toml": '[build]\n  dockerfile = "../../deploy/Dockerfile"\n',
        "app.py": "print(1)\n",
        ".dockerignore": ".git\n",
        "fly.toml": config,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


def _rows(root: Path) -> list[tuple[str, str, str, str]]:
    root = root.resolve()
    found = discover(root, frozenset())
    return sorted((b.dockerfile.relative_to(root).as_posix(),
                   b.context.relative_to(root).as_posix(), b.target or "",
                   b.origin if b.defined_in else "by name")
                  for b in found.builds)


def test_the_root_configuration_builds_from_the_root(tmp_path: Path) -> None:
    assert _rows(_repo(tmp_path)) == [
        ("apps/api/Dockerfile", "apps/api", "", "by name"),
        ("deploy/Dockerfile", ".", "runtime", "fly.toml: [build]"),
    ]


def test_the_root_ignore_file_serves_the_build(tmp_path: Path) -> None:
    _, output = run_in(_repo(tmp_path), "check")
    assert "IG002" not in output, output


def test_paths_are_joined_to_the_configuration_and_own_ignore_files_kept(
        tmp_path: Path) -> None:
    # epicweb-dev/epic-stack: dockerfile = "/other/Dockerfile", ignorefile =
    # "/other/Dockerfile.dockerignore" (the ignore file BuildKit reads for it anyway)
    rows = _rows(_repo(tmp_path, '[build]\n  dockerfile = "/deploy/Dockerfile"\n'
                                 '  ignorefile = "/deploy/Dockerfile.dockerignore"\n'))
    assert ("deploy/Dockerfile", ".", "", "fly.toml: [build]") in rows, rows


def test_another_ignore_file_is_left_out(tmp_path: Path) -> None:
    rows = _rows(_repo(tmp_path, '[build]\n  dockerfile = "deploy/Dockerfile"\n'
                                 '  ignorefile = "deploy/prod.ignore"\n'))
    assert all(origin == "by name" for *_, origin in rows), rows


def test_a_configuration_without_a_dockerfile_adds_nothing(tmp_path: Path) -> None:
    rows = _rows(_repo(tmp_path, 'app = "demo"\n[build]\n  image = "nginx:1.27"\n'))
    assert all(origin == "by name" for *_, origin in rows), rows


def test_a_malformed_configuration_is_reported_by_file_and_line(tmp_path: Path) -> None:
    code, output = run_in(_repo(tmp_path, 'app = "demo"\n[build\n  dockerfile = "x"\n'),
                          "check")
    assert code == 1, output
    assert "fly.toml:2: error IG004 not valid TOML" in output, output
    assert "Traceback" not in output, output
