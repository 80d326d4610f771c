"""IG703 and a build that is already multi-stage: simplex-chat/simplexmq compiles in a
'build' stage, copies the result, and its runtime stage installs ``openssl libnuma-dev``
(the -dev package for the library the binary links). Telling it to "build in a separate
stage" is false: it does. When the shipped stage takes its program with COPY --from and
nothing after the install can use the tools, IG703 says nothing; when a later command could
(pip compiling a wheel, make), or nothing is copied from another stage, it still speaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

BUILD = "FROM debian:bookworm AS build\nRUN mkdir /out && echo x > /out/app\n"


@pytest.mark.parametrize(("dockerfile", "line"), [
    # the program comes from the build stage; the -dev package is installed for its library
    (BUILD + "FROM debian:bookworm-slim\n"
     "RUN apt-get update && apt-get install -y openssl libnuma-dev\n"
     "COPY --from=build /out /usr/local/bin/\n"
     "RUN if [ -z \"$PORT\" ]; then printf 'no port\\n'; exit 1; fi\n"
     "ENTRYPOINT [\"/usr/local/bin/app\"]\n", None),
    # a later command may compile with the tools: still reported
    (BUILD + "FROM python:3.12-slim\n"
     "RUN apt-get update && apt-get install -y gcc libpq-dev\n"
     "COPY --from=build /out /srv/\nRUN pip install --no-cache-dir psycopg2\n"
     "CMD [\"python\", \"-m\", \"srv\"]\n", 4),
    # one stage, nothing copied from another: the tools ship with what they built
    ("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y libnuma-dev\n"
     "ENTRYPOINT [\"/usr/local/bin/app\"]\n", 2),
])
def test_build_tools_in_a_stage_that_builds_elsewhere(
    tmp_path: Path, dockerfile: str, line: int | None
) -> None:
    tree(tmp_path, {"Dockerfile": dockerfile})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    lines = {item.line for item in report.findings if item.id == "IG703"}
    assert lines == (set() if line is None else {line})


@pytest.mark.parametrize(("start", "reported"), [
    ('ENTRYPOINT ["/usr/bin/cmake"]', False),
    ("CMD cmake --build .", False),
    ('CMD ["gcc", "--version"]', False),
    ('CMD ["/app/server"]', True),
    ("CMD /app/server --port 80", True),
])
def test_a_toolchain_image_ships_its_tools_on_purpose(
    tmp_path: Path, start: str, reported: bool
) -> None:
    """An image that starts a compiler or build tool (a CI toolchain image) is the tools."""
    tree(tmp_path, {"Dockerfile": "FROM debian:bookworm-slim\nRUN apt-get update && "
                                  "apt-get install -y cmake gcc && rm -rf /var/lib/apt/lists/*"
                                  f"\n{start}\n"})
    report = advise(tmp_path / "Dockerfile", tmp_path, "Dockerfile")
    assert ("IG703" in {item.id for item in report.findings}) is reported
