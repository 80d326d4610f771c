"""A build copies a directory that holds other builds' contexts: the ignore files that
``init`` writes there are ignoregen's, not the build's, so a second run keeps nothing for
them and changes nothing (vaultwarden: playwright's Dockerfile copies compose/, where
compose/warden and compose/keycloak are contexts of their own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli

FILES = {
    "compose.yaml": (
        "services:\n  runner:\n    build:\n      context: .\n"
        "      dockerfile: compose/runner/Dockerfile\n"
        "  warden:\n    build: compose/warden\n  keycloak:\n    build: compose/keycloak\n"
    ),
    "compose/runner/Dockerfile": "FROM node:20\nCOPY package.json ./\nCOPY compose /compose\n",
    "compose/warden/Dockerfile": "FROM scratch\nCOPY start.sh /\n",
    "compose/warden/start.sh": "#!/bin/sh\n",
    "compose/keycloak/Dockerfile": "FROM scratch\nCOPY . /kc\n",
    "package.json": "{}",
}


@pytest.mark.parametrize("existing", [None, "# mine\n*.log\n"])
def test_ignore_files_written_inside_a_copied_directory(
    existing: str | None, tmp_path: Path
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    if existing is not None:
        (tmp_path / "compose/warden/.dockerignore").write_text(existing)
    first = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    written = {p: p.read_bytes() for p in tmp_path.rglob("*.dockerignore")}
    assert tmp_path / "compose/warden/.dockerignore" in written
    root = (tmp_path / ".dockerignore").read_text()
    assert "!compose" not in root  # nothing kept for the nested ignore files
    again = CliRunner().invoke(cli, ["init", "--check", "-C", str(tmp_path)])
    assert again.exit_code == 0, again.output
    CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.dockerignore")} == written
