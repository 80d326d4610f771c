"""Files a Go test opens by a path written in the test (hydra).

hydra's ``.docker/Dockerfile-test-hsm`` copies the repository and runs ``go test -failfast
./...``. Its ``cmd/cmd_import_jwk_test.go`` imports ``"stub/rsa.key"`` and
``"stub/ecdh.key"`` (``go test`` runs in the package's directory: ``cmd/stub/``), and
``cmd/cmd_helper_test.go`` reads ``"../test/stub/pgp.pub"``. ``init`` excluded ``**/*.key``
and ``**/test``: the tests failed in the image. A literal of a test file that names a file
of the checkout, relative to the test's directory, is a need when the image runs the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_check_cli import make, run
from test_init_exception_scope import sent_by_buildkit

from ignoregen.build.go_test_files import go_test_files
from ignoregen.knowledge.preset import PresetSet

FAKE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n"
TESTS = "FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go test -p 1 -failfast ./...\n"
BUILD_ONLY = "FROM golang:1.24\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n"
FILES = {
    "go.mod": "module example.com/app\n",
    "main.go": "package main\n\nfunc main() {}\n",
    "cmd/import.go": "package cmd\n",
    "cmd/import_test.go": (
        'package cmd\n\nvar cases = []string{"stub/rsa.key", `stub/jwk.json`}\n'
        'var pub = "../test/stub/pgp.pub"\nvar text = "stub/absent.key"\n'
    ),
    "cmd/stub/rsa.key": FAKE_KEY,
    "cmd/stub/jwk.json": "{}\n",
    "test/stub/pgp.pub": "public\n",
    "test/e2e/run.sh": "#!/bin/sh\n",
}
READ = ["cmd/stub/rsa.key", "test/stub/pgp.pub"]  # a secret's name, a tests directory


@pytest.mark.parametrize(("dockerfile", "kept"), [(TESTS, True), (BUILD_ONLY, False)])
def test_files_a_go_test_names_stay_when_the_image_runs_the_tests(
    tmp_path: Path, dockerfile: str, kept: bool
) -> None:
    make(tmp_path, {**FILES, "Dockerfile": dockerfile})
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    sent = sent_by_buildkit(tmp_path)
    for path in READ:
        assert (path in sent) is kept, path
    assert "cmd/stub/jwk.json" in sent  # nothing excludes it either way
    assert "test/e2e/run.sh" not in sent  # what no test names goes as before


class _Files:
    def __init__(self, context: Path) -> None:
        self.context = context
        self.memo: dict[tuple[str, str], object] = {}
        self.presets: PresetSet | None = None

    def text(self, path: str) -> str | None:
        return None


def test_only_literals_that_name_a_file_of_the_context(tmp_path: Path) -> None:
    make(tmp_path, {"pkg/a/data/in.txt": "x", "pkg/b.txt": "x", "top.txt": "x"})
    text = (
        'package a\nvar _ = "data/in.txt"\nvar _ = "../b.txt"\nvar _ = "data/missing.txt"\n'
        'var _ = "https://example.com/data/in.txt"\nvar _ = "data/*.txt"\n'
        'var _ = "hello world.txt"\nvar _ = "/etc/passwd"\nvar _ = "../../top.txt"\n'
        'var _ = "../../../pkg/b.txt"\nvar _ = "data/in.txt"\n'
    )
    found = list(go_test_files(_Files(tmp_path), "pkg/a/a_test.go", text))
    assert [(named, line) for named, line, _ in found] == [
        ("data/in.txt", 2), ("../b.txt", 3), ("../../top.txt", 9)]
