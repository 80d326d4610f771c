"""A Dockerfile that no definition names, in a directory of Dockerfiles that are built from
above, is built from there too.

hiyouga/LLaMA-Factory's docker/docker-cuda holds Dockerfile (compose builds it with
``context: ../..``), Dockerfile.mbridge (``COPY . /app`` then ``pip install -e .``), a base
image's Dockerfile, docker-compose.yml and a README. Nothing names Dockerfile.mbridge; taken
with docker/docker-cuda as its context (which holds no pyproject.toml: ``pip install -e .``
could not run), check warned "no .dockerignore applies to context docker/docker-cuda" and
init wrote docker/docker-cuda/.dockerignore, which no real build reads. A Dockerfile whose
COPY names a file only its own directory holds, or whose directory holds sources of its own,
stays with its own directory.
"""

from __future__ import annotations

from pathlib import Path

from test_discover_made_above import contexts, tree
from trees import run_in

COMPOSE = ("services:\n  trainer:\n    build:\n      context: ../..\n"
           "      dockerfile: docker/cuda/Dockerfile\n")
MAIN = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install --no-cache-dir -e .\n"
PROJECT = {
    "pyproject.toml": ('[build-system]\nrequires = ["hatchling"]\n'
                       'build-backend = "hatchling.build"\n[project]\nname = "tuner"\n'
                       'version = "1.0"\nreadme = "README.md"\n'),
    "README.md": "# tuner\n", "src/tuner/__init__.py": "",
    "docker/cuda/Dockerfile": MAIN, "docker/cuda/docker-compose.yml": COMPOSE,
    "docker/cuda/README.md": "Build with compose.\n",
}


def test_built_from_where_its_siblings_are(tmp_path: Path) -> None:
    tree(tmp_path, {**PROJECT, "docker/cuda/Dockerfile.bridge": MAIN,
                    "docker/cuda/Dockerfile.base": "FROM ubuntu:24.04\nRUN echo base\n"})
    assert contexts(tmp_path)["docker/cuda/Dockerfile.bridge"] == "."
    code, out = run_in(tmp_path, "check")
    assert "context docker/cuda" not in out, out
    code, out = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, out
    assert "docker/cuda/.dockerignore" not in out, out


def test_a_file_only_its_directory_holds_keeps_it_there(tmp_path: Path) -> None:
    tree(tmp_path, {**PROJECT, "docker/cuda/nginx.conf": "events {}\n",
                    "docker/cuda/Dockerfile.proxy": "FROM nginx\nCOPY nginx.conf /etc/nginx/\n"})
    assert contexts(tmp_path)["docker/cuda/Dockerfile.proxy"] == "docker/cuda"


def test_a_directory_with_sources_of_its_own_keeps_it(tmp_path: Path) -> None:
    tree(tmp_path, {**PROJECT, "docker/cuda/serve.py": "print('serve')\n",
                    "docker/cuda/Dockerfile.serve": ("FROM python:3.12-slim\nCOPY . /srv\n"
                                                     "CMD [\"python\", \"/srv/serve.py\"]\n")})
    assert contexts(tmp_path)["docker/cuda/Dockerfile.serve"] == "docker/cuda"


COUSIN = ("FROM python:3.12-slim\nWORKDIR /src\nCOPY . /src\n"
          "RUN pip install --no-cache-dir -e .\n")
WORKFLOW = (
    "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
    "          file: extras/docker/production/Dockerfile\n"
)


def test_alone_among_build_files_built_where_its_cousins_are(tmp_path: Path) -> None:
    """wger-project/wger: CI builds extras/docker/production/Dockerfile (and demo/, base/)
    from the repository; extras/docker/development/ holds only its Dockerfile ('COPY .'
    then 'npm install' and 'pip install --editable .') and a README. Taken with its own
    directory as the context, check warned IG001 "Docker sends all 2 files" on every CI
    run, and init wrote an ignore file there that no real build reads."""
    tree(tmp_path, {**PROJECT, ".github/workflows/image.yml": WORKFLOW,
                    "extras/docker/production/Dockerfile": MAIN,
                    "extras/docker/production/entrypoint.sh": "#!/bin/sh\nexec \"$@\"\n",
                    "extras/docker/development/Dockerfile": COUSIN,
                    "extras/docker/development/README.md": "See the docs.\n"})
    assert contexts(tmp_path)["extras/docker/development/Dockerfile"] == "."
    code, out = run_in(tmp_path, "check")
    assert "context extras/docker/development" not in out, out
    code, out = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, out
    assert "extras/docker/development/.dockerignore" not in out, out


def test_alone_with_sources_of_its_own_keeps_its_directory(tmp_path: Path) -> None:
    """The cousins speak only for a directory of build files: one with a program of its
    own ('COPY . /srv' of serve.py) is built from there."""
    tree(tmp_path, {**PROJECT, ".github/workflows/image.yml": WORKFLOW,
                    "extras/docker/production/Dockerfile": MAIN,
                    "extras/docker/tool/serve.py": "print('serve')\n",
                    "extras/docker/tool/Dockerfile": ("FROM python:3.12-slim\nCOPY . /srv\n"
                                                      "CMD [\"python\", \"/srv/serve.py\"]\n")})
    assert contexts(tmp_path)["extras/docker/tool/Dockerfile"] == "extras/docker/tool"
