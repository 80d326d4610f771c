"""The go command loads every module a ``go.work`` uses before it builds any package: a used
directory whose ``go.mod`` is missing fails ``go build`` ("cannot load module ... listed in
go.work file"), and a package imported from a used module is compiled from its directory.
Workspaces list end-to-end suites and doc generators below ``tests/`` and ``docs/``, which
init's test and docs categories exclude."""

from __future__ import annotations

from pathlib import Path

from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

from ignoregen.build.go_work import go_work_uses

WORKSPACE = {
    "go.work": (
        "go 1.22\n\n// the service and what it imports\nuse ./svc\nuse (\n"
        "\t./docs/schema // generates the API reference\n\t\"./tests/smoke\"\n"
        "\t../outside\n)\n"
    ),
    "svc/go.mod": "module example.org/svc\n\ngo 1.22\n",
    "svc/main.go": 'package main\n\nimport "example.org/schema"\n\nfunc main() { schema.Load() }\n',
    "svc/main_test.go": "package main\n",
    "docs/schema/go.mod": "module example.org/schema\n\ngo 1.22\n",
    "docs/schema/schema.go": "package schema\n\nfunc Load() {}\n",
    "docs/schema/schema_test.go": "package schema\n",
    "docs/guide.md": "# Guide\n",
    "tests/smoke/go.mod": "module example.org/smoke\n\ngo 1.22\n",
    "tests/smoke/smoke.go": "package smoke\n",
    "tests/load/script.js": "// not a module of the workspace\n",
    "Dockerfile": (
        "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN go build -o /out/svc ./svc\n"
        "FROM scratch\nCOPY --from=build /out/svc /svc\n"
    ),
}


class _Context:
    def __init__(self, root: Path) -> None:
        self.context = root


def test_what_each_used_module_gives_with_its_line(tmp_path: Path) -> None:
    tree(tmp_path, WORKSPACE)
    found = list(go_work_uses(_Context(tmp_path), "go.work", WORKSPACE["go.work"]))  # type: ignore[arg-type]
    assert found == [
        ("svc/go.mod", 4, "use ./svc"),
        ("svc/main.go", 4, "use ./svc"),
        ("docs/schema/go.mod", 6, "use ./docs/schema"),
        ("docs/schema/schema.go", 6, "use ./docs/schema"),
        ("tests/smoke/go.mod", 7, "use ./tests/smoke"),
        ("tests/smoke/smoke.go", 7, "use ./tests/smoke"),
    ]


def test_a_commented_use_names_nothing(tmp_path: Path) -> None:
    tree(tmp_path, {"x/go.mod": "module x\n"})
    text = "go 1.22\n// use ./x\n"
    assert list(go_work_uses(_Context(tmp_path), "go.work", text)) == []  # type: ignore[arg-type]


def test_init_keeps_every_module_the_workspace_uses(tmp_path: Path) -> None:
    tree(tmp_path, WORKSPACE)
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert {
        "go.work", "svc/go.mod", "svc/main.go",
        "docs/schema/go.mod", "docs/schema/schema.go",  # imported by the service
        "tests/smoke/go.mod", "tests/smoke/smoke.go",  # loaded, though nothing imports it
    } <= sent
    # What no go command reads for this build stays out.
    assert not {
        "docs/guide.md", "tests/load/script.js", "svc/main_test.go", "docs/schema/schema_test.go",
    } & sent
