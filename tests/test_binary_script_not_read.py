"""A program the build names is read for the commands it runs only when it is a script:
processone/ejabberd's Dockerfile removes rebar3 with ``rm -f $(which rebar3)``, and the
repository's rebar3 (an escript: a text line, then a zip archive) was read as a script.
Its bytes held a word the test-runner need matched, so init kept the tests and printed the
binary line as the reason. A NUL byte says binary; ``which`` and ``command -v`` only look
a name up."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

BINARY = b"#!/usr/bin/env escript\n\x00\x01PK\x03\x04\npytest tests\n\xff\xfe\n"


@pytest.mark.parametrize(("run", "content"), [
    ("RUN rm -f $(which runner)", BINARY),
    ("RUN chmod +x runner && ./runner", BINARY),
    ("RUN rm -f $(which runner)", b"#!/bin/sh\npytest tests\n"),
    ("RUN command -v runner", b"#!/bin/sh\npytest tests\n"),
])
def test_a_binary_or_a_looked_up_name_runs_no_tests(
    tmp_path: Path, run: str, content: bytes
) -> None:
    tree(tmp_path, {
        "Dockerfile": f"FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n{run}\n"
                      "CMD [\"python\", \"app.py\"]\n",
        "app.py": "print(1)\n",
        "requirements.txt": "flask\n",
        "tests/test_app.py": "def test_app():\n    pass\n",
    })
    (tmp_path / "runner").write_bytes(content)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert "pytest tests" not in output, output
    assert not sent(tmp_path, "tests/test_app.py")


def test_a_script_run_by_name_still_counts(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN ./runner\n"
                      "CMD [\"python\", \"app.py\"]\n",
        "app.py": "print(1)\n",
        "requirements.txt": "flask\n",
        "runner": "#!/bin/sh\npytest tests\n",
        "tests/test_app.py": "def test_app():\n    pass\n",
    })
    (tmp_path / "runner").chmod(0o755)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert sent(tmp_path, "tests/test_app.py")
