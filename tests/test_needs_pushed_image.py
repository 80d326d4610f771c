"""A CI job that runs the tests in an image another job built and pushed, through a
compose service whose image is a variable the job sets.

postal: the build job pushes `ghcr.io/postalserver/postal:ci-<sha>` (build-push-action,
target ci, the repository as context); the test job sets POSTAL_IMAGE to that name and
runs `docker compose run postal sh -c 'bundle exec rspec'`, the service being
`image: ${POSTAL_IMAGE}`. The suite in spec/ is read inside that image: init must keep it.
"""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from test_needs import needs
from trees import tree

WORKFLOW = """\
on: [push]
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          push: true
          target: ci
          tags: ghcr.io/acme/mailer:ci-${{ github.sha }}
  specs:
    runs-on: ubuntu-latest
    needs: image
    steps:
      - uses: actions/checkout@v4
      - run: docker compose run mailer sh -c 'bundle exec rspec'
        env:
          MAILER_IMAGE: ghcr.io/acme/mailer:ci-${{ github.sha }}
"""

FILES = {
    "Gemfile": 'source "https://rubygems.org"\ngem "rails"\n',
    "Gemfile.lock": "GEM\n",
    "config.ru": "run Rails.application\n",
    "app/models/message.rb": "class Message; end\n",
    "spec/models/message_spec.rb": "describe Message do\nend\n",
    ".rspec": "--require spec_helper\n",
    "Dockerfile": "FROM ruby:3.4 AS base\nWORKDIR /app\nCOPY . .\nFROM base AS ci\n"
                  "FROM base AS full\nRUN rake assets:precompile\n",
    "docker-compose.yml": "services:\n  mailer:\n    image: ${MAILER_IMAGE}\n"
                          "    depends_on: [db]\n  db:\n    image: mariadb\n",
    ".github/workflows/ci.yml": WORKFLOW,
}


def test_the_pushed_image_runs_the_suite(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    found = needs(tmp_path)
    assert {"spec", ".rspec"} <= set(found), found
    assert found["spec"].file == ".github/workflows/ci.yml"


def test_init_keeps_the_suite(tmp_path: Path) -> None:
    _repository(tmp_path, FILES)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert "spec/models/message_spec.rb" in sent
    assert ".rspec" in sent


def test_another_image_in_the_variable_is_not_this_build(tmp_path: Path) -> None:
    workflow = WORKFLOW.replace("MAILER_IMAGE: ghcr.io/acme/mailer:",
                                "MAILER_IMAGE: ghcr.io/acme/other:")
    tree(tmp_path, {**FILES, ".github/workflows/ci.yml": workflow})
    assert "spec" not in needs(tmp_path)


def test_a_build_of_another_context_is_not_this_build(tmp_path: Path) -> None:
    workflow = WORKFLOW.replace("          target: ci\n",
                                "          target: ci\n          context: tools\n")
    tree(tmp_path, {**FILES, ".github/workflows/ci.yml": workflow,
                    "tools/Dockerfile": "FROM alpine\n"})
    assert "spec" not in needs(tmp_path)
