"""``go build`` compiles every package of the module that the built code imports, wherever
it lives: a package directory named ``test`` or ``tests`` is code when a built package
imports it (gno's ``gnovm/pkg/test``, imported by its ``gno`` command), though the test
category excludes such directories; init excluded it and the build failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

from ignoregen.build.go_imports import go_imports

FILES = {
    "go.mod": "module example.com/vm\n\ngo 1.22\n",
    "cmd/vm/main.go": (
        'package main\n\nimport (\n\t"fmt"\n\n\trunner "example.com/vm/pkg/test"\n)\n\n'
        "func main() { fmt.Println(runner.Run()) }\n"
    ),
    "cmd/vm/main_test.go": 'package main\n\nimport _ "example.com/vm/tests/helpers"\n',
    "pkg/test/run.go": 'package test\n\nimport "example.com/vm/tests/natives"\n\n'
                       "func Run() string { return natives.Name }\n",
    "pkg/test/run_test.go": "package test\n",
    "tests/natives/natives.go": 'package natives\n\nconst Name = "n"\n',
    "tests/helpers/helpers.go": "package helpers\n",  # only a test imports it
    "tests/e2e/script.sh": "#!/bin/sh\n",
    "Dockerfile": (
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN go build -o /out/vm ./cmd/vm\n"
        "FROM scratch\nCOPY --from=build /out/vm /vm\n"
    ),
}


class _Files:
    def __init__(self, root: Path) -> None:
        self.context = root
        self.memo: dict[tuple[str, str], object] = {}

    def text(self, path: str) -> str | None:
        try:
            return (self.context / path).read_text()
        except OSError:
            return None


def test_the_module_packages_a_source_imports(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    files = _Files(tmp_path)
    found = list(go_imports(files, "cmd/vm/main.go", FILES["cmd/vm/main.go"]))  # type: ignore[arg-type]
    assert found == [
        ("/pkg/test/run.go", 6, 'import "example.com/vm/pkg/test"'),
        # what that package imports in turn, into what the test categories take away
        ("/tests/natives/natives.go", 3,
         'import "example.com/vm/tests/natives" in pkg/test/run.go'),
    ]
    # A source the test categories take away is compiled by no build of its own.
    assert list(go_imports(files, "pkg/test/run.go", FILES["pkg/test/run.go"])) == []  # type: ignore[arg-type]
    # A test source is not compiled by go build: what it imports is no need.
    assert list(go_imports(files, "cmd/vm/main_test.go", FILES["cmd/vm/main_test.go"])) == []  # type: ignore[arg-type]


def test_init_keeps_imported_packages_in_test_directories(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"pkg/test/run.go", "tests/natives/natives.go", "cmd/vm/main.go"} <= sent
    assert not {"pkg/test/run_test.go", "tests/e2e/script.sh", "cmd/vm/main_test.go",
                "tests/helpers/helpers.go"} & sent


@pytest.mark.parametrize("text", [
    'import "example.com/m/a"\n\nfunc main() {}\n',  # the first line
    'package main\n\nimport (\n\t"fmt"\n\t"example.com/m/b"\n)\n\nimport "example.com/m/c"\n',
    'package main\n\nimport (\n"example.com/m/d"\nimport "x"\n)\n',  # inside a block: one match
    'package main\n\n// import "not/at/the/start"\n  import "indented"\nvar importer = 1\n',
    "package main\n\nimport",  # the file ends in the word
    "package main\n\nfunc f() {}\n",
    "",
])
def test_import_blocks_are_those_the_regex_finds_anywhere(text: str) -> None:
    """The import declarations are looked for only at lines that start with ``import``
    (a regex tried at every character took most of a second of CPU on grafana/loki's 15,000
    sources): the same matches as searching the whole text."""
    from ignoregen.build.go_imports import _IMPORTS, _import_blocks

    assert [m.span() for m in _import_blocks(text)] == [m.span() for m in _IMPORTS.finditer(text)]


DOCS_PACKAGE = {
    "go.mod": "module example.com/sync\n\ngo 1.22\n",
    "main.go": 'package main\n\nimport "example.com/sync/backend/overview"\n\n'
               "func main() { _ = overview.All() }\n",
    "backend/overview/overview.go": (
        'package overview\n\nimport "example.com/sync/docs/data/backends"\n\n'
        "func All() int { return len(backends.FS) }\n"
    ),
    "docs/data/backends/embed.go": (
        'package backends\n\nimport "embed"\n\n//go:embed *.yaml\nvar FS embed.FS\n'
    ),
    "docs/data/backends/s3.yaml": "name: s3\n",
    "docs/content/install.md": "# Install\n",
    "Dockerfile": (
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN go build -o /out/sync .\n"
        "FROM scratch\nCOPY --from=build /out/sync /sync\n"
    ),
}


def test_init_keeps_an_imported_package_below_docs(tmp_path: Path) -> None:
    """rclone's backend/overview imports docs/data/backends, whose embed.go embeds the
    backends' YAML: init kept the YAML (go:embed) but the docs category took embed.go, and
    go build found no Go files in the package."""
    tree(tmp_path, DOCS_PACKAGE)
    files = _Files(tmp_path)
    source = "backend/overview/overview.go"
    found = list(go_imports(files, source, DOCS_PACKAGE[source]))  # type: ignore[arg-type]
    assert found == [("/docs/data/backends/embed.go", 3,
                      'import "example.com/sync/docs/data/backends"')]
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {"docs/data/backends/embed.go", "docs/data/backends/s3.yaml", "main.go"} <= sent
    assert "docs/content/install.md" not in sent
