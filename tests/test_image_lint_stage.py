"""A stage named for linting is a development image: its linters and test requirements are
what it is for.

esphome's docker/Dockerfile ends with ``FROM base AS lint``, which docker/build.py builds
(``--target lint``) for the project's CI: it installs clang-tidy, build-essential and
requirements_test.txt. IG704 said the test requirements reach "the shipped stage 'lint'",
and IG703 that it ships build tools. DefectDojo's ``django-unittests`` target (its
docker-compose.override.unit_tests.yml) is the same kind: the unit tests run in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

DOCKERFILE = """\
FROM python:3.12-slim AS base
COPY requirements.txt /
RUN pip3 install --no-cache-dir -r /requirements.txt

FROM base AS docker
COPY . /app
CMD ["python", "-m", "app"]

FROM base AS {name}
RUN apt-get update && apt-get install -y --no-install-recommends build-essential clang-tidy \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements_test.txt /
RUN pip3 install --no-cache-dir -r /requirements_test.txt
"""


def ids(root: Path, target: str | None, name: str = "lint") -> set[str]:
    tree(root, {"Dockerfile": DOCKERFILE.replace("{name}", name),
                "requirements.txt": "aioesphomeapi==30.0\n",
                "requirements_test.txt": "pylint==3.3\npytest==8.3\nruff==0.8\n",
                "app/__init__.py": ""})
    report = advise(root / "Dockerfile", root, "Dockerfile", target)
    return {item.id for item in report.findings}


def test_the_lint_target_is_not_judged_as_shipped(tmp_path: Path) -> None:
    assert not ids(tmp_path, "lint") & {"IG703", "IG704"}


def test_nor_the_last_stage_when_it_is_lint(tmp_path: Path) -> None:
    assert not ids(tmp_path, None) & {"IG703", "IG704"}


@pytest.mark.parametrize("name", ["django-unittests", "unittest"])
def test_a_unit_test_stage_is_not_either(tmp_path: Path, name: str) -> None:
    assert not ids(tmp_path, name, name) & {"IG703", "IG704"}
