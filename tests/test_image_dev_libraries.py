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


@pytest.mark.parametrize(("base", "install", "named", "not_named"), [
    ("debian:bookworm-slim", "apt-get install -y libxslt1-dev", "libxslt1.1", "libxslt for"),
    # Alpine's runtime package has no soname in its name; apt-mark is Debian's
    ("alpine:3.20", "apk add --no-cache libxslt-dev", "libxslt for libxslt-dev", "libxslt1.1"),
    ("fedora:40", "dnf install -y libxslt-devel", "libxslt for libxslt-devel", "libxslt1.1"),
])
def test_the_library_is_named_as_the_stage_s_package_manager_names_it(
        tmp_path: Path, base: str, install: str, named: str, not_named: str) -> None:
    # as kimai's fpm-base stage: the extension is compiled in another stage and copied in,
    # the shipped stage keeps the -dev package for the shared library it pulls in
    tree(tmp_path, {"Dockerfile": (
        f"FROM {base} AS ext\nRUN mkdir -p /out && touch /out/xsl.so\n"
        f"FROM {base}\nRUN {install}\nCOPY --from=ext /out /usr/lib/ext\n"
        "RUN /usr/local/bin/app --warm-cache\nCMD [\"/usr/local/bin/app\"]\n")})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    [hint] = [item.hint or "" for item in report.findings if item.id == "IG703"]
    assert named in hint, hint
    assert not_named not in hint, hint


def test_the_removal_hint_names_apt_mark_only_for_apt(tmp_path: Path) -> None:
    hints = {}
    for base, install in (("debian:bookworm-slim", "apt-get install -y gcc libpq-dev"),
                          ("alpine:3.20", "apk add --no-cache gcc libpq-dev")):
        tree(tmp_path, {"Dockerfile": f"FROM {base}\nRUN {install}\n"
                                      "CMD [\"/usr/local/bin/app\"]\n"})
        report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
        [hints[base]] = [item.hint or "" for item in report.findings if item.id == "IG703"]
    assert "(libpq5 for libpq-dev" in hints["debian:bookworm-slim"]
    assert "(apt-mark manual)" in hints["debian:bookworm-slim"]
    assert "(libpq for libpq-dev" in hints["alpine:3.20"]
    assert "apt-mark" not in hints["alpine:3.20"]
