"""check reads every source file for test imports only when a finding asks about a test
file.

A test file that a kept source imports (build/ts_imports.py, build/py_imports.py) is a
need at its own path, and that path is a test file. check asks for the needs to hold back
findings about paths a build needs; when the paths it asks about are no test files, the
sources are not read for imports. The findings must be the same either way: these tests
hold a finding that only such an import changes, and count the sources read when none
does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.build import py_imports, ts_imports
from ignoregen.build.needs import needs_of
from ignoregen.build.test_paths import test_path as is_test_file
from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import config_for, effective_presets
from ignoregen.lint.findings import Finding

NEXT_APP = {
    "Dockerfile": "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n",
    "package.json": '{"scripts": {"build": "next build"}, "dependencies": {"next": "15"}}\n',
    "src/Bar.stories.tsx": 'import { rows } from "./__tests__/bar.fixtures";\nexport {};\n',
    "src/__tests__/bar.fixtures.ts": "export const rows = 1;\n",
    "src/__tests__/bar.test.ts": 'test("bar", () => {});\n',
}

PYTHON_APP = {
    "Dockerfile": (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n"
        'CMD ["python", "-m", "app.cli"]\n'
    ),
    "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
    ".gitignore": "build/\n.env\n",
    ".dockerignore": ".git\n",
    "app/__init__.py": "",
    "app/cli.py": "from tests.build.helpers import make\nprint(make())\n",
    "tests/__init__.py": "",
    "tests/build/__init__.py": "",
    "tests/build/helpers.py": "def make():\n    return 1\n",
}


def _check(root: Path) -> list[Finding]:
    return run_check(root, effective_presets(config_for(root, None)), CheckOptions()).findings


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources the import extractors are given, as they are given them."""
    read: list[str] = []
    for module in (ts_imports, py_imports):
        original = module.test_imports

        def counting(files, path, text, original=original):  # type: ignore[no-untyped-def]
            read.append(path)
            return original(files, path, text)

        monkeypatch.setattr(module, "test_imports", counting)
    return read


def test_root_only_line_kept_for_a_fixture_a_source_imports(tmp_path: Path) -> None:
    """'__tests__' matches only at the root; '**/__tests__' would also take
    src/__tests__/bar.fixtures.ts, which the stories file imports: the author's line is
    left alone (IG301 is not reported). Without the import, it is."""
    tree(tmp_path, {**NEXT_APP, ".dockerignore": "__tests__\nnode_modules\n.git\n"})
    assert [item.id for item in _check(tmp_path)] == []
    (tmp_path / "src/Bar.stories.tsx").write_text("export {};\n")
    found = [item for item in _check(tmp_path) if item.id == "IG301"]
    assert len(found) == 1
    assert found[0].fix is not None
    assert "**/__tests__" in found[0].fix.describe()


def test_laptop_line_spares_an_imported_test_module(tmp_path: Path) -> None:
    """The gitignored build/ (absent in the checkout) would be sent from a developer's
    machine; '**/build' would also take tests/build/helpers.py, which app/cli.py imports:
    the fix names the root's build only."""
    tree(tmp_path, PYTHON_APP)
    build = [item for item in _check(tmp_path) if item.id == "IG104"]
    assert len(build) == 1
    assert build[0].hint == "add 'build' to the ignore file"
    (tmp_path / "app/cli.py").write_text("print(1)\n")
    build = [item for item in _check(tmp_path) if item.id == "IG104"]
    assert [item.hint for item in build] == ["add '**/build' to the ignore file"]


def test_sources_not_read_when_no_test_file_is_asked_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """.env and dist would be sent from a developer's machine; no test file lies at,
    above, below or inside a path named like them: the findings come without reading the
    sources for test imports."""
    tree(tmp_path, {
        **NEXT_APP,
        ".gitignore": ".env\n",
        ".dockerignore": "node_modules\n.git\n",
        "src/page.tsx": 'import { mock } from "./lib";\nexport default mock;\n',
        "src/lib.ts": "export const mock = 1;\n",
    })
    read = _count_reads(monkeypatch)
    found = _check(tmp_path)
    assert [item.id for item in found if item.id == "IG101"] == ["IG101"]  # .env
    assert read == []
    # init plans with every need: there the sources are read.
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    from ignoregen.build.dockerfile import analyse

    needs = needs_of(tmp_path, [analyse(tmp_path / "Dockerfile")], files,
                     effective_presets(config_for(tmp_path, None)))
    assert "src/Bar.stories.tsx" in read
    assert "src/__tests__/bar.fixtures.ts" in {need.path.lstrip("/") for need in needs}


def test_import_needs_are_test_files(tmp_path: Path) -> None:
    """What the callers rely on: leaving the import extractors out takes away needs that
    are test files, and nothing else."""
    tree(tmp_path, {**NEXT_APP, **{k: v for k, v in PYTHON_APP.items() if k != "Dockerfile"},
                    "Dockerfile": NEXT_APP["Dockerfile"] + "RUN python -m app.cli\n"})
    from ignoregen.build.dockerfile import analyse

    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    presets = effective_presets(config_for(tmp_path, None))
    reads = [analyse(tmp_path / "Dockerfile")]
    every = needs_of(tmp_path, reads, files, presets)
    without = needs_of(tmp_path, reads, files, presets, imports=False)
    extra = [need for need in every if need not in without]
    assert {need.path.lstrip("/") for need in extra} >= {
        "src/__tests__/bar.fixtures.ts", "tests/build/helpers.py",
    }
    assert all(is_test_file(need.path.lstrip("/")) for need in extra)
    assert [need for need in every if need in without] == without


def test_files_go_tests_open_are_asked_for_whatever_the_path(tmp_path: Path) -> None:
    """A Go test opens stub/app.log beside it; the image runs go test. Such a need is no
    test file: '**/*.log' would drop it, so the root-only '*.log' is the author's choice."""
    tree(tmp_path, {
        "Dockerfile": "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go test ./...\n",
        "go.mod": "module example.com/x\n\ngo 1.22\n",
        "cmd/import_test.go": (
            'package cmd\n\nimport (\n\t"os"\n\t"testing"\n)\n\n'
            "func TestImport(t *testing.T) {\n"
            '\tif _, err := os.ReadFile("stub/app.log"); err != nil {\n\t\tt.Fatal(err)\n\t}\n}\n'
        ),
        "cmd/stub/app.log": "line\n",
        "debug.log": "line\n",
        ".dockerignore": "*.log\n.git\n",
    })
    assert [item.id for item in _check(tmp_path)] == []
    test = tmp_path / "cmd/import_test.go"
    test.write_text(test.read_text().replace("stub/app.log", "stub/other.txt"))
    assert [item.id for item in _check(tmp_path)] == ["IG301"]
