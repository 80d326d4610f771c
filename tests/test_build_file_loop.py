"""A CI step that builds several images in a loop names each Dockerfile through the loop's
variable (``-f cmd/$image/Dockerfile.windows``, on a Windows runner in PowerShell with a
backtick ending the line): the Dockerfiles that fit that path are built with the context the
command gives (the repository root, whose .dockerignore then applies), not each with its own
directory. A variable that could be any file (``-f $FILE``) names none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree

_BASH = (
    "      - run: |\n"
    "          for image in alpha beta; do\n"
    "            docker build -f cmd/$image/Dockerfile.windows \\\n"
    "              -t example/${image}:nightly .\n"
    "          done\n"
)
_POWERSHELL = (
    "      - run: |\n"
    '          foreach ($image in "alpha", "beta") {\n'
    "            docker build -f cmd/${image}/Dockerfile.windows `\n"
    "              -t example/${image}:nightly .\n"
    "          }\n"
)
_ANY_FILE = "      - run: docker build -f $DOCKERFILE -t example/app .\n"


def _repo(root: Path, step: str, runner: str = "ubuntu-latest") -> Path:
    dockerfile = "FROM golang:1.22\nWORKDIR /src\nCOPY . ./\nRUN go build ./cmd/...\n"
    return tree(root, {
        "go.mod": "module example.com/app\n\ngo 1.22\n",
        "cmd/alpha/main.go": "package main\n\nfunc main() {}\n",
        "cmd/beta/main.go": "package main\n\nfunc main() {}\n",
        "cmd/alpha/Dockerfile.windows": dockerfile,
        "cmd/beta/Dockerfile.windows": dockerfile,
        ".dockerignore": ".git\ndocs\n",
        "docs/guide.md": "# guide\n",
        ".github/workflows/images.yml": (
            "on: push\njobs:\n  images:\n"
            f"    runs-on: {runner}\n"
            "    steps:\n      - uses: actions/checkout@v4\n" + step
        ),
    })


def _contexts(root: Path) -> tuple[list[str], str]:
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    return json.loads(output)["contexts"], output


@pytest.mark.parametrize(("step", "runner"), [
    (_BASH, "ubuntu-latest"), (_POWERSHELL, "windows-latest"),
])
def test_a_loop_builds_each_fitting_dockerfile_from_the_root(
    tmp_path: Path, step: str, runner: str
) -> None:
    contexts, output = _contexts(_repo(tmp_path, step, runner))
    assert contexts == ["."]
    assert "IG001" not in output
    assert "IG002" not in output


def test_a_variable_for_the_whole_file_names_no_dockerfile(tmp_path: Path) -> None:
    contexts, _ = _contexts(_repo(tmp_path, _ANY_FILE))
    assert "." not in contexts
