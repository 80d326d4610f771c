"""``COPY ../poetry.lock*`` in a Dockerfile one directory below the context it is built
with (LibraryOfCongress/fetch-inventory_service keeps its Containerfiles in ``images/`` and
builds the root). BuildKit reads ``poetry.lock*`` at the context's root, which holds
``poetry.lock``: check called it an error ('the context holds nothing there'), for the
wildcard was compared with the context's paths as plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

from ignoregen.lint.findings import source_covers

WORKFLOW = (
    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - uses: docker/build-push-action@v6\n        with:\n          context: .\n"
    "          file: images/api.Containerfile\n"
)


def test_a_wildcard_above_the_context_that_matches_at_its_root_is_no_error(
    tmp_path: Path,
) -> None:
    tree(tmp_path, {
        "images/api.Containerfile": "FROM python:3.12-slim\nWORKDIR /tmp\n"
                                    "COPY pyproject.toml ../poetry.lock* /tmp/\n"
                                    "RUN pip install --no-cache-dir poetry\n",
        "pyproject.toml": '[project]\nname = "api"\nversion = "1"\n',
        "poetry.lock": "# lock\n",
        ".github/workflows/build.yml": WORKFLOW,
        ".dockerignore": ".git\n",
    })
    _, output = run_in(tmp_path, "check", "--format", "gnu")
    outside = [line for line in output.splitlines() if "IG202" in line]
    assert len(outside) == 1, output
    assert "warning" in outside[0], output
    assert "holds nothing there" not in outside[0], output


@pytest.mark.parametrize(("pattern", "path", "covers"), [
    ("poetry.lock*", "poetry.lock", True),
    ("poetry.lock*", "poetry.lock.bak", True),
    ("poetry.lock*", "app/poetry.lock", False),
    ("src/*.py", "src/a.py", True),
    ("src/*", "src/pkg/mod.py", True),  # a directory the wildcard names, copied whole
    ("*.py", "src/a.py", False),  # a wildcard stops at '/'
    ("src", "src/a.py", True),
    ("src", "srcx", False),
])
def test_source_covers(pattern: str, path: str, covers: bool) -> None:
    assert source_covers(pattern, path) is covers
