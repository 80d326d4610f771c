"""``mage`` runs the magefile of the directory it runs in (vikunja).

vikunja's image runs ``mage build:clean && (cd build && mage release:xgo ...)``; the
release magefile asks ``git describe`` for the version when no ``RELEASE_VERSION`` is
given. ``init`` read neither magefile, excluded ``.git``, and a plain ``docker build .``
failed. A magefile that a ``RUN``'s mage runs is read as the build's own script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

DOCKERFILE = (
    "FROM golang:1.24\nWORKDIR /src\nCOPY . ./\n"
    "RUN go install github.com/magefile/mage@latest && mage build:clean"
    " && (cd tools && mage release:xgo app)\n"
)
RELEASE = (
    "//go:build mage\npackage main\n\nimport \"os/exec\"\n\n"
    "func version() ([]byte, error) {\n"
    '\treturn exec.Command("git", "describe", "--tags").Output()\n}\n'
)


@pytest.mark.parametrize(("magefile", "kept"), [
    (RELEASE, True),
    (RELEASE.replace('"git", "describe", "--tags"', '"go", "env", "GOOS"'), False),
])
def test_a_magefile_that_asks_git_keeps_the_repository(
    tmp_path: Path, magefile: str, kept: bool
) -> None:
    make(tmp_path, {
        "Dockerfile": DOCKERFILE, "go.mod": "module app\n", "main.go": "package main\n",
        "magefile.go": "//go:build mage\npackage main\n\nfunc Clean() {}\n",
        "tools/magefile.go": magefile, "tools/go.mod": "module tools\n",
        ".git/HEAD": "ref: refs/heads/main\n", ".git/config": "[core]\n",
    })
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    assert (".git/HEAD" in sent) is kept
    assert {"magefile.go", "tools/magefile.go"} <= sent
