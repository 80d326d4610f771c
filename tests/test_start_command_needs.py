"""What an image runs when it starts (its ``ENTRYPOINT`` and ``CMD``, and the lines of the
script they name) is run inside the image: a test runner there makes the tests needs, as
one in a ``RUN`` or a compose ``command`` does.

btcpayserver's BTCPayServer.Tests/Dockerfile (built from the root by its compose file)
copies the whole tree and starts ``./docker-entrypoint.sh``, whose ``dotnet test`` runs
the test project in the image; one of its tests reads the compose files beside it.
``init`` excluded ``**/docker-compose*.yml`` and the test run failed."""

from __future__ import annotations

import os
from pathlib import Path

from trees import run_in, sent, tree

TESTS_IMAGE = """FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR /source
COPY . .
RUN cd App.Tests && dotnet build
WORKDIR /source/App.Tests
ENTRYPOINT ["./docker-entrypoint.sh"]
"""


def test_a_test_project_run_by_the_entrypoint_keeps_its_files(tmp_path: Path) -> None:
    root = tree(tmp_path, {
        "App.Tests/Dockerfile": TESTS_IMAGE,
        "App.Tests/docker-compose.yml": (
            "services:\n  tests:\n    build:\n      context: ..\n"
            "      dockerfile: App.Tests/Dockerfile\n"
        ),
        "App.Tests/docker-entrypoint.sh": "#!/bin/sh\nset -e\ndotnet test --no-build\n",
        "App.Tests/App.Tests.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"/>\n",
        "App.Tests/ComposeTests.cs": "class ComposeTests {}\n",
        "App/App.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>\n",
        "App/Program.cs": "return;\n",
        "README.md": "# app\n",
    })
    os.chmod(root / "App.Tests/docker-entrypoint.sh", 0o755)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "App.Tests/docker-compose.yml"), (root / ".dockerignore").read_text()
    assert sent(root, "App.Tests/ComposeTests.cs")
    assert not sent(root, "README.md")  # the rest of the block stands


def test_a_test_runner_in_cmd_keeps_the_tests(tmp_path: Path) -> None:
    files = {
        "Dockerfile": 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["pytest", "-q"]\n',
        "pyproject.toml": "[project]\nname = 'a'\nversion = '1'\n",
        "a/__init__.py": "", "tests/test_a.py": "def test_a():\n    pass\n",
    }
    root = tree(tmp_path / "cmd", files)
    code, output = run_in(root, "init")
    assert code == 0, output
    assert sent(root, "tests/test_a.py"), (root / ".dockerignore").read_text()
    # An image that starts a server does not run the tests: they go.
    server = 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "a"]\n'
    served = tree(tmp_path / "served", {**files, "Dockerfile": server})
    code, output = run_in(served, "init")
    assert code == 0, output
    assert not sent(served, "tests/test_a.py")
