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
