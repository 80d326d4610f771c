"""IG703's fix when the build tools are a library's -dev package: the shared library it pulls
in (libpq5 for libpq-dev, libcurl3-gnutls for libcurl4-gnutls-dev) is what the program runs
with. "Remove them in the same RUN" with an autoremove, or a runtime stage without them,
takes the library too and the image fails when it starts (an R/Shiny image's curl package,
psycopg2). The hint says to keep the library by name; compilers alone need no such word."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise


@pytest.mark.parametrize(("install", "warned"), [
    ("apt-get install -y libpq-dev", True),
    ("apt-get install -y gcc libcurl4-gnutls-dev", True),
    ("apk add --no-cache postgresql-dev", True),
    ("dnf install -y libpq-devel", True),
    ("apt-get install -y build-essential gcc", False),
    ("apk add --no-cache build-base", False),
    # the C library's headers: the library is the system's own, always there
    ("apk add --no-cache gcc musl-dev", False),
    ("apt-get install -y gcc libc6-dev", False),
    ("apk add --no-cache gcc musl-dev postgresql-dev", True),
])
def test_the_hint_keeps_the_shared_library(tmp_path: Path, install: str, warned: bool) -> None:
    tree(tmp_path, {"Dockerfile": f"FROM debian:bookworm-slim\nRUN {install}\n"
                                  "CMD [\"/usr/local/bin/app\"]\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    hints = [item.hint or "" for item in report.findings if item.id == "IG703"]
    assert len(hints) == 1
    assert ("shared library" in hints[0]) is warned, hints[0]


@pytest.mark.parametrize(("packages", "told"), [
    ("libxslt1-dev", True),
    # a compiler beside the -dev package: building there is still the thing to move
    ("gcc libxslt1-dev", False),
])
def test_a_stage_that_builds_elsewhere_is_told_to_swap_the_dev_package(
        tmp_path: Path, packages: str, told: bool) -> None:
    # the program comes from the builder stage; a later step runs it (a web framework's
    # static-file collection), so the stage is judged, though it compiles nothing
    tree(tmp_path, {"Dockerfile": (
        "FROM python:3.12 AS deps\nRUN pip install --prefix=/out lxml\n"
        "FROM python:3.12-slim\n"
        f"RUN apt-get update && apt-get install -y {packages} && rm -rf /var/lib/apt/lists/*\n"
        "COPY --from=deps /out /usr/local\n"
        "RUN python3 manage.py collectstatic --no-input\n"
        "CMD [\"python3\", \"-m\", \"app\"]\n")})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    [hint] = [item.hint or "" for item in report.findings if item.id == "IG703"]
    assert ("builds in another stage already (COPY --from at line 5)" in hint) is told, hint
    assert ("build in a separate stage" in hint) is not told, hint
