"""A manifest at the context's root is a need only when the image uses its ecosystem.

lnbits copies its project into a Python image that runs ``uv``; the ``package.json``
beside ``pyproject.toml`` serves the developers' front-end tooling. Treating it as a need
made ``init`` warn about the user's own ``package.json`` line, a false alarm. kimai (a PHP
image whose assets are built on the host) had the same. The ecosystem is used when a stage's
base image, a ``RUN`` (or a script it calls), the image's ``CMD``/``ENTRYPOINT`` or a file
they name matches the preset's ``used_by``; when the analysis cannot see that (a base image
from a variable, an image started by its base image's own command), the manifest stays.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_needs import needs
from trees import tree

from ignoregen.cli import cli

PYTHON_APP = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
    "package.json": '{"name": "tooling", "main": "tools/build.js"}',
    "tools/build.js": "// bundles the front end on the host\n",
    "README.md": "Runs on node and npm for the front end; the server is Python.\n",
}


def _manifest_needs(root: Path, dockerfile: str, extra: dict[str, str] | None = None) -> set[str]:
    tree(root, {**PYTHON_APP, **(extra or {}), "Dockerfile": dockerfile})
    found = needs(root, ("pyproject.toml", "package.json"))
    return {path for path in ("package.json", "tools/build.js") if path in found}


UV = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN touch README.md && uv sync\n"


@pytest.mark.parametrize(("dockerfile", "extra", "kept"), [
    # Python image, uv, a CMD that runs Python: nothing reads package.json.
    (UV + 'CMD ["uv", "run", "app"]\n', None, False),
    # ...also when a RUN touches a README whose prose says "node": a file written, not run.
    (UV + 'CMD ["sh", "-c", "uv run app --port $PORT"]\n', None, False),
    # A RUN that installs from it.
    (UV + "RUN npm ci && npm run build\nCMD [\"uv\", \"run\", \"app\"]\n", None, True),
    # A Node base image in any stage (the front end is built there).
    ("FROM node:22 AS web\nWORKDIR /w\nCOPY . .\nFROM python:3.12\nCOPY . .\n"
     'CMD ["python", "-m", "app"]\n', None, True),
    # The entrypoint script the image starts with runs node.
    (UV + 'ENTRYPOINT ["./start.sh"]\n',
     {"start.sh": "#!/bin/sh\nnode tools/build.js && exec uv run app\n"}, True),
    # No CMD or ENTRYPOINT: the base image's own command runs, which is not known here.
    ("FROM python:3.12\nCOPY . /app\n", None, True),
    # A base image given by a variable the analysis cannot resolve.
    ("ARG BASE\nFROM ${BASE}\nCOPY . .\nCMD [\"python\", \"-m\", \"app\"]\n", None, True),
    # A COPY that names the manifest needs it whatever the image runs (missing, COPY fails).
    ("FROM python:3.12\nCOPY package.json pyproject.toml ./\nCOPY . .\n"
     'CMD ["python", "-m", "app"]\n', None, True),
])
def test_root_manifest_needed_only_when_its_ecosystem_is_used(
    tmp_path: Path, dockerfile: str, extra: dict[str, str] | None, kept: bool
) -> None:
    found = _manifest_needs(tmp_path, dockerfile, extra)
    assert ("package.json" in found) is kept
    assert ("tools/build.js" in found) is kept  # package.json's "main" follows it


def test_init_keeps_quiet_about_the_users_unused_manifest_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, {
        **PYTHON_APP,
        "Dockerfile": UV + 'CMD ["uv", "run", "app"]\n',
        ".dockerignore": ".git\npackage.json\n",
    })
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "package.json" not in result.output
    text = (tmp_path / ".dockerignore").read_text()
    assert text.splitlines()[-2:] == [".git", "package.json"]  # the user's lines stay
