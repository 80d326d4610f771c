"""With no ignore file, a context's findings (IG001, IG103...) stand on a build file. They
stood on the first Dockerfile found, even one that reads nothing from the context: radicale
has a Dockerfile that pip-installs a release from the network, and a Dockerfile.dev whose
'COPY . /app' is what sends the whole directory; IG001 named the first. They now stand on
the build that sends the context."""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, tree

_FROM_NETWORK = ("FROM python:3-alpine\n"
                 "RUN pip install --no-cache-dir 'app @ https://example.org/app-1.0.tar.gz'\n")
_FROM_CONTEXT = "FROM python:3-alpine\nCOPY . /app\nRUN pip install --no-cache-dir /app\n"


def _anchors(root: Path) -> dict[str, str]:
    code, output = run_in(root, "check", "--format", "json")
    assert code == 1, output
    return {item["id"]: item["file"] for item in json.loads(output)["findings"]}


def test_the_build_that_sends_the_context_carries_its_findings(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": _FROM_NETWORK, "Dockerfile.dev": _FROM_CONTEXT,
        "pyproject.toml": '[project]\nname = "app"\nversion = "1.0"\n',
        "app/__init__.py": "", ".git/HEAD": "ref: refs/heads/main\n",
    })
    anchors = _anchors(tmp_path)
    assert anchors["IG001"] == "Dockerfile.dev"
    assert anchors["IG103"] == "Dockerfile.dev"


def test_the_first_one_when_both_send_it(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": _FROM_CONTEXT, "Dockerfile.dev": _FROM_CONTEXT,
        "pyproject.toml": '[project]\nname = "app"\nversion = "1.0"\n',
        "app/__init__.py": "", ".git/HEAD": "ref: refs/heads/main\n",
    })
    assert _anchors(tmp_path)["IG001"] == "Dockerfile"
