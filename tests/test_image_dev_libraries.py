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
