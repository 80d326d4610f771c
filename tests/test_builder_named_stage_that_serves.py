"""A stage named like a builder ships when it starts a program of its own
(unclecode/crawl4ai): the Dockerfile's only stage is 'build'; it copies the whole context
into /tmp/project, pip installs from there (the directory stays in the image) and starts
``bash entrypoint.sh`` (supervisord with redis and the gunicorn API server). The project's
CI publishes that image. Read as a builder, it "shipped nothing": a laptop's .env, copied
into the published image, was a warning ("no shipped image copies it"). A builder-named
stage whose own start command has a builder word (miniflux's Debian packager, ``CMD
build.sh``) or starts a build program still ships nothing (lint/image/reading.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

SETUP = "from setuptools import setup\nsetup(name='x', packages=['x'])\n"
FILES = {
    "setup.py": SETUP, "x/__init__.py": "", ".env": "OPENAI_API_KEY=sk-abcdefghijklmnop\n",
    "deploy/entrypoint.sh": "exec supervisord -c supervisord.conf\n",
    ".dockerignore": ".git\n",
}
CRAWL4AI = (
    "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY . /tmp/project/\n"
    "RUN pip install /tmp/project\nCOPY deploy/entrypoint.sh .\nEXPOSE 11235\n{start}\n"
)


@pytest.mark.parametrize("start", [
    'CMD ["bash", "entrypoint.sh"]',
    'ENTRYPOINT ["gunicorn", "server:app"]',
])
def test_a_builder_named_stage_that_starts_a_server_ships(tmp_path: Path, start: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": CRAWL4AI.format(start=start)})
    code, out = run_in(tmp_path, "check")
    assert "error IG101 .env" in out, out
    assert code == 1, out
    _, graph = run_in(tmp_path, "explain", "--image", "Dockerfile")
    assert "#0 build ships" in graph, graph


@pytest.mark.parametrize("start", [
    'CMD ["/src/packaging/debian/build.sh"]',  # miniflux: builds a package, then exits
    'CMD ["make", "dist"]',  # a toolchain image
    "",  # no start command: built from, or a base
    'CMD ["bash"]',  # a shell: a toolbox
])
def test_a_builder_named_stage_that_builds_ships_nothing(tmp_path: Path, start: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": CRAWL4AI.format(start=start)})
    _, out = run_in(tmp_path, "check")
    assert "warning IG101 .env" in out, out
    assert "error IG101" not in out, out


def test_an_angular_dev_server_is_for_development(tmp_path: Path) -> None:
    """docker/awesome-compose's angular sample: compose builds target 'builder', whose CMD
    is 'ng serve' (the Angular CLI's development server, run with its devDependencies)."""
    package = ('{"name": "a", "scripts": {"start": "ng serve"}, "dependencies": '
               '{"@angular/core": "13"}, "devDependencies": {"@angular/cli": "13"}}\n')
    tree(tmp_path, {
        "package.json": package, "package-lock.json": "{}\n", "src/main.ts": "export {}\n",
        ".dockerignore": ".git\nnode_modules\n",
        "Dockerfile": "FROM node:17-bullseye-slim AS builder\nWORKDIR /project\n"
                      "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"
                      'CMD ["ng", "serve", "--host", "0.0.0.0"]\n',
    })
    _, out = run_in(tmp_path, "check")
    assert "IG704" not in out, out
    _, graph = run_in(tmp_path, "explain", "--image", "Dockerfile")
    assert "it runs 'ng serve'" in graph, graph
