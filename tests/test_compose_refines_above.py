"""An extra compose file whose service build gives no context refines a base file above.

wemake-services/wemake-django-template: ``docker/docker-compose.prod.yml`` says
``web: build: {target: production_build, args: ...}`` and is run as ``docker compose -f
docker-compose.yml -f docker/docker-compose.prod.yml``; the root's ``web`` gives the
context and the Dockerfile. Read alone, its build was ``docker/`` with ``Dockerfile``:
check reported IG004 "the Dockerfile Dockerfile does not exist; the build fails".
"""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

BASE = """services:
  web:
    build:
      target: development_build
      context: .
      dockerfile: ./docker/django/Dockerfile
"""
PROD = """services:
  web:
    build:
      target: production_build
      args:
        DJANGO_ENV: production
    command: bash ./docker/django/gunicorn.sh
"""
DOCKERFILE = """FROM python:3.12 AS development_build
COPY pyproject.toml /code/
FROM development_build AS production_build
COPY . /code
"""


def _project(root: Path, base: str) -> None:
    tree(root, {
        "docker-compose.yml": base,
        "docker/docker-compose.prod.yml": PROD,
        "docker/django/Dockerfile": DOCKERFILE,
        "pyproject.toml": "[project]\nname = 'x'\n",
    })


def test_a_build_without_a_context_refines_the_base_above(tmp_path: Path) -> None:
    _project(tmp_path, BASE)
    _, out = run_in(tmp_path, "check")
    assert "IG004" not in out, out
    assert "docker/docker-compose.prod.yml:3: info IG005 services.web" in out, out


def test_a_base_above_without_that_service_says_nothing_of_it(tmp_path: Path) -> None:
    _project(tmp_path, BASE.replace("  web:", "  api:"))
    _, out = run_in(tmp_path, "check")
    assert "IG004 services.web: the Dockerfile Dockerfile does not exist" in out, out
