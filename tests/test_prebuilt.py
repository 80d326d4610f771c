"""Host build output that the script building the image makes just before it is a need
(uptime-kuma: ``"build-docker": "npm run build && docker build -f docker/dockerfile ."``
and ``COPY . .``, the image serves the host's ``dist/``); not where the Dockerfile builds
its own, nor where the script builds nothing first or builds another image."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

COPY_ALL = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD node server.js\n"
REBUILDS = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n"


def _project(root: Path, script: str, dockerfile: str) -> None:
    files = {
        "package.json": json.dumps(
            {"name": "app", "scripts": {"build": "vite build", "lint": "eslint .",
                                         "docker": script}}, indent=2),
        "package-lock.json": "{}",
        "server.js": "serve dist",
        "docker/dockerfile": dockerfile,
        "docker/other.dockerfile": COPY_ALL,
        "dist/index.html": "<html>",
        "dist/assets/app.js": "js",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".git").mkdir()


@pytest.mark.parametrize(
    ("script", "dockerfile", "kept"),
    [
        # The script bundles, then builds this image: dist/ is what the image serves.
        ("npm run build && docker build -f docker/dockerfile -t app .", COPY_ALL, True),
        ("vite build; docker buildx build --load -f docker/dockerfile .", COPY_ALL, True),
        # The image builds its own bundle: the host's is junk.
        ("npm run build && docker build -f docker/dockerfile -t app .", REBUILDS, False),
        # Nothing is built before the image.
        ("npm run lint && docker build -f docker/dockerfile -t app .", COPY_ALL, False),
        # A build, then an image built from another Dockerfile.
        ("npm run build && docker build -f docker/other.dockerfile .", COPY_ALL, False),
        # The image is built first, the bundle after it.
        ("docker build -f docker/dockerfile . && npm run build", COPY_ALL, False),
    ],
)
def test_output_built_by_the_script_before_the_image(
    script: str, dockerfile: str, kept: bool, tmp_path: Path
) -> None:
    _project(tmp_path, script, dockerfile)
    result = CliRunner().invoke(
        cli, ["init", "-C", str(tmp_path), "-f", str(tmp_path / "docker/dockerfile")],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    rules = parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore")
    matcher = Matcher(rules)
    assert matcher.decide("dist/index.html").excluded is not kept, result.output
    assert matcher.decide("dist/assets/app.js").excluded is not kept


def test_explain_says_why_the_output_is_kept(tmp_path: Path) -> None:
    _project(tmp_path, "npm run build && docker build -f docker/dockerfile -t app .", COPY_ALL)
    result = CliRunner().invoke(
        cli, ["explain", "-C", str(tmp_path), "-f", str(tmp_path / "docker/dockerfile"), "dist"],
        catch_exceptions=False,
    )
    assert "needed: host build output that the script building this image makes just " \
           "before (package.json:" in result.output, result.output


def test_output_the_walk_skips_is_kept_too(tmp_path: Path) -> None:
    """.next is a directory the search for build files never enters: still kept."""
    (tmp_path / "package.json").write_text(json.dumps(
        {"scripts": {"build": "next build", "image": "npm run build && docker build -t x ."}}))
    (tmp_path / "Dockerfile").write_text("FROM node:20\nWORKDIR /app\nCOPY . .\nCMD npm start\n")
    (tmp_path / ".next/server").mkdir(parents=True)
    (tmp_path / ".next/server/page.js").write_text("page")
    (tmp_path / ".git").mkdir()
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    assert not matcher.decide(".next/server/page.js").excluded, result.output
