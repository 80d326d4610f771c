"""Blacksmith's build-push-action is docker/build-push-action run on Blacksmith's builders:
same inputs, same build. polar's deploy.yml builds server/ with it (``context: ./server``,
``target: production``); the build was not found, so the Dockerfile counted as found by its
name alone and the image advice judged its last stage (``lambda``), not ``production``."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.build.discover import discover

DOCKERFILE = """\
FROM python:3.12-slim AS production
COPY . /app
CMD ["python", "-m", "app"]

FROM public.ecr.aws/lambda/python:3.12 AS lambda
COPY . /var/task
"""

WORKFLOW = """\
name: deploy
on: push
jobs:
  server:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: {action}@v2
        with:
          context: ./server
          target: production
          push: true
"""


@pytest.mark.parametrize("action", ["useblacksmith/build-push-action",
                                    "docker/build-push-action"])
def test_the_step_builds_its_target(tmp_path: Path, action: str) -> None:
    tree(tmp_path, {"server/Dockerfile": DOCKERFILE, "server/app/__init__.py": "",
                    ".github/workflows/deploy.yml": WORKFLOW.replace("{action}", action)})
    found = discover(tmp_path, skip_dirs=())
    targets = {build.target for build in found.builds
               if build.dockerfile == (tmp_path / "server/Dockerfile").resolve()}
    assert "production" in targets
