"""COPY ../../bin/tool in a Dockerfile two directories below its context: BuildKit reads
bin/tool at the context's root. When that file is one a developer's machine or an earlier CI
step makes (.gitignore lists bin/), the build works with BuildKit: a warning for the classic
builder, not an error that the build fails with 'not found'. A path nothing makes stays an
error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from trees import run_in, tree


def _ig202(root: Path, gitignore: str) -> list[dict[str, object]]:
    tree(root, {
        ".gitignore": gitignore,
        ".github/workflows/image.yml": (
            "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - run: cd api && mkdir -p bin && go build -o bin/tool ./cmd/tool\n"
            "      - run: docker build -f api/images/full/Dockerfile api\n"
        ),
        "api/go.mod": "module example.com/api\n\ngo 1.22\n",
        "api/cmd/tool/main.go": "package main\n\nfunc main() {}\n",
        "api/images/full/Dockerfile": "FROM alpine:3.20\nCOPY ../../bin/tool /usr/local/bin/tool\n",
    })
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1, 3), output
    return [f for f in json.loads(output)["findings"] if f.get("rule", f.get("id")) == "IG202"]


def test_a_binary_made_before_the_build_is_a_warning(tmp_path: Path) -> None:
    found = _ig202(tmp_path, "bin/\n")
    assert found
    assert all(f["severity"] == "warning" for f in found)


@pytest.mark.parametrize("gitignore", ["", "*.log\n"])
def test_a_path_nothing_makes_stays_an_error(tmp_path: Path, gitignore: str) -> None:
    found = _ig202(tmp_path, gitignore)
    assert [f["severity"] for f in found] == ["error"]
