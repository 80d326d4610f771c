"""ThreeMammals/Ocelot's docker/Dockerfile.build says how it is built: ``docker build -f
./docker/Dockerfile.build .`` from the repository root (``COPY ./. .``, then ``dotnet cake``).
Dockerfile.base and Dockerfile.release beside it are built from docker/ (their sources lie
there), so init wrote docker/.dockerignore for them; an ignore file beside a Dockerfile was
taken to say that its own directory is built, and the next check took docker/ as
Dockerfile.build's context too: IG002 called the root .dockerignore (the one its build
reads) unused, and init would plan Dockerfile.build against docker/. An ignore file shared
with other Dockerfiles says nothing of where this one is built; the comment does."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

from ignoregen.build.discover import discover
from ignoregen.knowledge.preset import load_presets

PRESETS = load_presets()

FILES = {
    "Ocelot.slnx": "<Solution />\n",
    "src/Ocelot/Ocelot.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\" />\n",
    "docker/Dockerfile.build": (
        "# call from ocelot repo root with\n"
        "# docker build --platform linux/amd64 -f ./docker/Dockerfile.build .\n"
        "FROM mcr.microsoft.com/dotnet/sdk:9.0\nWORKDIR /build\nCOPY ./. .\n"
        "RUN dotnet build Ocelot.slnx\n"
    ),
    "docker/Dockerfile.base": "FROM alpine:3.20\nCOPY build.sh /build.sh\n",
    "docker/build.sh": "docker build -t ocelot2/circleci-build -f Dockerfile.base .\n",
}


def _context(root: Path, dockerfile: str) -> str:
    root = root.resolve()
    found = discover(root, PRESETS.skip_dirs, script_tables=PRESETS.script_tables)
    (context,) = {build.context.relative_to(root).as_posix() for build in found.builds
                  if build.dockerfile == root / dockerfile}
    return context


def test_an_ignore_file_shared_with_other_dockerfiles_leaves_the_comment_to_say(
    tmp_path: Path,
) -> None:
    tree(tmp_path, FILES)
    assert _context(tmp_path, "docker/Dockerfile.build") == "."
    assert _context(tmp_path, "docker/Dockerfile.base") == "docker"
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert (tmp_path / "docker/.dockerignore").is_file()  # for Dockerfile.base
    assert _context(tmp_path, "docker/Dockerfile.build") == "."
    code, output = run_in(tmp_path, "check")
    assert "IG002" not in output, output


def test_an_ignore_file_of_its_own_still_says_its_directory(tmp_path: Path) -> None:
    files = {name: text for name, text in FILES.items() if name != "docker/Dockerfile.base"}
    tree(tmp_path, {**files, "docker/.dockerignore": "*.md\n"})
    assert _context(tmp_path, "docker/Dockerfile.build") == "docker"
