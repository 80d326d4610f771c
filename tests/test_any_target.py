"""A Dockerfile that only its name finds may be built at any of its final stages: gotenberg's
Makefile passes ``--target`` from a variable of its ``.env`` and CI builds two targets, both
of which copy ``build/chromium-hyphen-data``; init analysed the last stage alone and excluded
it (here: a stage that copies fonts from docs/). What every final stage reads now counts; a
definition that names the target decides."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from trees import sent
from trees import tree as lay

from ignoregen.cli import cli

DOCKERFILE = (
    "FROM debian:12-slim AS base\nRUN apt-get update\n"
    "FROM base AS chromium\nCOPY docs/fonts /usr/share/fonts\n"
    "FROM base AS plain\nCOPY app /app\n"
)
FILES = {
    "Dockerfile": DOCKERFILE, "app/main.sh": "echo hi\n",
    "docs/fonts/hyphen.ttf": "x\n", "docs/guide.md": "# guide\n",
}


@pytest.mark.parametrize(("extra", "kept"), [
    ({}, True),  # found by its name: the chromium stage may be the one built
    ({"compose.yaml": "services:\n  app:\n    build:\n      context: .\n"
      "      target: plain\n"}, False),  # the definition says which stage
])
def test_every_final_stage_counts_for_a_dockerfile_found_by_name(
    extra: dict[str, str], kept: bool, tmp_path: Path
) -> None:
    root = lay(tmp_path, {**FILES, **extra})
    result = CliRunner().invoke(cli, ["init", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert sent(root, "docs/fonts/hyphen.ttf") is kept
    assert sent(root, "app/main.sh")
    assert not sent(root, "docs/guide.md")


def test_an_unnamed_last_stage_is_called_so_not_by_its_number(tmp_path: Path) -> None:
    """Two services build one Dockerfile: one names a stage, one builds the last, which
    has no name. The summary says "last stage", not "target 3" (which --target rejects)."""
    compose = ("services:\n  chromium:\n    build:\n      context: .\n      target: chromium\n"
               "  app:\n    build: .\n")
    root = lay(tmp_path, {**FILES, "Dockerfile": DOCKERFILE + "FROM plain\nRUN true\n",
                          "compose.yaml": compose})
    result = CliRunner().invoke(cli, ["init", "--dry-run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    assert "Dockerfile (target chromium): COPY/ADD pull" in result.output
    assert "Dockerfile (last stage, unnamed): COPY/ADD pull" in result.output
    assert "(target 3)" not in result.output


def test_services_building_one_target_make_one_line(tmp_path: Path) -> None:
    """tensorzero's compose files build crates/gateway/Dockerfile for several services:
    the summary said the same pull four times."""
    services = "".join(
        f"  {name}:\n    build:\n      context: .\n      target: {target}\n"
        for name, target in (("a", "plain"), ("b", "plain"), ("c", "plain"), ("d", "chromium"))
    )
    root = lay(tmp_path, {**FILES, "compose.yaml": "services:\n" + services})
    result = CliRunner().invoke(cli, ["init", "--dry-run", "-C", str(root)])
    assert result.exit_code == 0, result.output
    pulls = [line for line in result.output.splitlines() if "COPY/ADD pull" in line]
    assert len(pulls) == 2, pulls
    assert any("Dockerfile (target plain)" in line for line in pulls)
    assert any("Dockerfile (target chromium)" in line for line in pulls)
