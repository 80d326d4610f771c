"""A secret that only a COPY of a build argument may ship is a warning, not an error.

netbox-docker's Dockerfile copies ``COPY ${NETBOX_PATH} /opt/netbox`` into the shipped
stage; the argument has no default, and build.sh passes ``.netbox`` (the NetBox checkout).
On a developer's machine, a root ``.env`` was an IG101 error 'COPY ${NETBOX_PATH} ... puts
it in the shipped image': any path may be the argument's, so it may ship, no more. A COPY
with a known source that takes the file is still an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run

ENV = "DATABASE_URL=postgres://app:Wq9sLp2xVbN7@db.internal:5432/app\n"


@pytest.mark.parametrize(("copy", "severity", "says"), [
    ("ARG SRC\nCOPY ${SRC} /app\n", "warning", "may put it in the shipped image"),
    ("COPY . /app\n", "error", "puts it in the shipped image"),
])
def test_secret_under_an_argument_copy(
    tmp_path: Path, copy: str, severity: str, says: str
) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM alpine\n" + copy, ".env": ENV, "app/main.py": "print(1)\n",
        ".dockerignore": "**/.git\n",
    })
    _, out, _ = run("check", cwd=tmp_path)
    line = next(line for line in out.splitlines() if "IG101" in line)
    assert f"{severity} IG101 .env" in line, out
    assert says in line, out
