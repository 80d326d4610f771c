"""No ``<Dockerfile>.dockerignore`` for a build that pulls nothing from the context.

navidrome's Makefile builds ``release/wix/msitools.dockerfile`` (``FROM alpine``, ``RUN apk
add``) with the repository as its context. ``init`` wrote it a 79-line file of its own, as
the main Dockerfile needs test files that this one does not. Only BuildKit reads such a
file, and BuildKit sends only what COPY, ADD and bind mounts pull: nothing here, and the
same with either file for a Dockerfile that copies one file by name. The same Dockerfile
with a ``COPY . /src`` gets its file, as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run

MAIN = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm test\n"
FILES = {
    "package.json": '{"name": "app", "scripts": {"test": "jest"}}',
    "package-lock.json": "{}",
    "src/app.js": "module.exports = 1\n",
    "Makefile": "msi:\n\tdocker build -f release/msitools.dockerfile .\n",
    **{f"test/case{i}.test.js": "test('x', () => {})\n" * 50 for i in range(40)},
}


@pytest.mark.parametrize(("tools", "written"), [
    ("FROM alpine\nRUN apk add --no-cache jq msitools\n", False),
    ("FROM alpine\nCOPY . /src\nRUN apk add --no-cache jq msitools\n", True),
    # snipe-it's Dockerfile.fpm-alpine: BuildKit sends the named file with either ignore file
    ("FROM alpine\nCOPY src/app.js /app.js\nRUN apk add --no-cache jq\n", False),
])
def test_own_file_only_where_buildkit_sends_something(
    tmp_path: Path, tools: str, written: bool
) -> None:
    make(tmp_path, {**FILES, "Dockerfile": MAIN, "release/msitools.dockerfile": tools})
    code, out, err = run("init", cwd=tmp_path)
    assert code == 0, err
    assert (tmp_path / "release/msitools.dockerfile.dockerignore").exists() is written, out
