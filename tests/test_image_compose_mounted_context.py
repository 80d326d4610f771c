"""A compose service that bind-mounts its build context into the image runs the host's
working copy: the image is a development toolbox, whose contents IG701-IG705 do not judge.

openstreetmap-website's Dockerfile (ruby:3.3-bookworm, build-essential, bundle install with
the development and test groups) is built only by docker-compose.yml, whose web service
mounts `.:/app` over the image's WORKDIR and runs `bundle exec rails s`, a command that
production runs too. check gave IG701 and two IG704 warnings for an image that ships
nowhere: its CI workflow runs `docker compose build` and the tests inside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

GEMFILE = """source "https://rubygems.org"
gem "rails"
group :development, :test do
  gem "rspec-rails"
end
"""
DOCKERFILE = """FROM ruby:3.3-bookworm
WORKDIR /app
COPY Gemfile Gemfile.lock /app/
RUN bundle install
ENTRYPOINT ["/app/bin/docker-entrypoint"]
"""
SERVICE = "services:\n  web:\n    build:\n      context: .\n    command: bundle exec rails s\n"
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


@pytest.mark.parametrize(("files", "judged"), [
    ({"docker-compose.yml": SERVICE + "    volumes:\n      - .:/app\n      - /app/tmp\n"},
     False),
    ({"docker-compose.yml": SERVICE + "    volumes:\n      - ./:/workspace:cached\n"}, False),
    ({"docker-compose.yml": SERVICE + "    volumes:\n      - type: bind\n        source: .\n"
      "        target: /app\n"}, False),
    # the compose file elsewhere, its service's context the repository: mounted from there
    ({"deploy/compose.yml": "services:\n  web:\n    build:\n      context: ..\n"
      "    volumes:\n      - ..:/app\n"}, False),
    # only part of the context, a named volume, a path from a variable: the image's own
    # copy runs
    ({"docker-compose.yml": SERVICE + "    volumes:\n      - ./config:/app/config\n"
      "      - gems:/usr/local/bundle\n      - ${PWD}:/app\n"}, True),
    # a CI job builds and pushes the same image: it ships, whatever compose mounts
    ({"docker-compose.yml": SERVICE + "    volumes:\n      - .:/app\n",
      ".github/workflows/image.yml": WORKFLOW}, True),
])
def test_a_compose_service_that_mounts_its_context(
    tmp_path: Path, files: dict[str, str], judged: bool
) -> None:
    tree(tmp_path, {
        "Gemfile": GEMFILE, "Gemfile.lock": "", "bin/docker-entrypoint": "",
        ".dockerignore": ".git\n", "Dockerfile": DOCKERFILE, **files,
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG704" in output) is judged, output
    assert ("IG701" in output) is judged, output


def test_explain_image_names_the_mount(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Gemfile": GEMFILE, "Gemfile.lock": "", "Dockerfile": DOCKERFILE,
        "docker-compose.yml": SERVICE + "    volumes:\n      - .:/app\n",
    })
    _, output = run_in(tmp_path, "explain", "--image", "Dockerfile")
    assert "a compose service mounts its build context into it" in output, output
