"""Image advice and a compose service that runs a development server in the image:
pythondotorg's Dockerfile is built only by docker-compose.yml, whose web service runs
`manage.py runserver` (and the Makefile runs the tests and ruff in it). IG704 told it to
install production-only and IG701 to take a slim base: advice for an image that is not
shipped, and the first would break `make test`. Dockerfile.cabotage, the production image,
is judged as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

PYPROJECT = """[project]
name = "site"
version = "1"
dependencies = ["django"]

[dependency-groups]
dev = ["factory-boy", "ruff"]
"""
DOCKERFILE = """FROM python:3.12-bookworm
WORKDIR /code
COPY pyproject.toml uv.lock /code/
RUN uv sync --frozen --no-install-project
COPY . /code/
"""
WORKFLOW = """on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: Dockerfile
          push: true
"""


def compose(web: str) -> str:
    return (
        "services:\n"
        f"  web:\n    build: .\n    command: {web}\n"
        "  worker:\n    build: .\n    command: uv run celery -A site worker -l INFO\n"
    )


@pytest.mark.parametrize(("files", "judged"), [
    ({"docker-compose.yml": compose("uv run python manage.py runserver 0.0.0.0:8000")}, False),
    ({"docker-compose.yml": compose("uvicorn site.asgi:app --reload")}, False),
    ({"docker-compose.yml": compose("uv run gunicorn site.wsgi")}, True),
    # a CI job builds and pushes the same image: it ships, whatever compose runs
    ({"docker-compose.yml": compose("uv run python manage.py runserver 0.0.0.0:8000"),
      ".github/workflows/image.yml": WORKFLOW}, True),
])
def test_a_compose_service_that_runs_a_development_server(
    tmp_path: Path, files: dict[str, str], judged: bool
) -> None:
    tree(tmp_path, {
        "pyproject.toml": PYPROJECT, "uv.lock": "version = 1\n", "manage.py": "",
        ".dockerignore": ".git\n", "Dockerfile": DOCKERFILE, **files,
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG704" in output) is judged, output
    assert ("IG701" in output) is judged, output


GEMFILE = """source "https://rubygems.org"
gem "rails"
group :development, :test do
  gem "rspec-rails"
end
"""
RAILS_DOCKERFILE = """FROM ruby:3.4-slim
WORKDIR /app
COPY Gemfile* ./
RUN bundle install
COPY . .
CMD ["bin/rails", "s", "-b", "0.0.0.0"]
"""


@pytest.mark.parametrize(("command", "judged"), [
    # Rails' development launcher: foreman with Procfile.dev (the server and the watchers);
    # a legal-aid app's CI then runs rspec in the same container
    ("bin/dev", False),
    ("./bin/dev", False),
    ("bin/rails server -b 0.0.0.0", True),
    ("bin/devise-setup", True),
])
def test_a_compose_service_that_runs_bin_dev(tmp_path: Path, command: str, judged: bool) -> None:
    tree(tmp_path, {
        "Gemfile": GEMFILE, "Gemfile.lock": "", "bin/rails": "", ".dockerignore": ".git\n",
        "Dockerfile": RAILS_DOCKERFILE,
        "docker-compose.yml": f"services:\n  web:\n    build: .\n    command: {command}\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG704" in output) is judged, output
