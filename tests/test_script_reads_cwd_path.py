"""A build script that lists a directory below the working directory (``process.cwd() +
"/tests/..."``) needs that directory in the context even when a test category would take it
away: CyberChef's production build generates an index of its operation tests and stops with
ENOENT when tests/ is missing."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = "FROM node:22\nWORKDIR /src\nCOPY . .\nRUN npm ci && npm run build\n"


def _project(root: Path, script: str) -> Path:
    return tree(root, {
        "Dockerfile": DOCKERFILE,
        "package.json": '{"name": "p", "scripts": {"build": "node tools/index.mjs"}}\n',
        "package-lock.json": "{}\n",
        "tools/index.mjs": script,
        "src/main.mjs": "export const x = 1;\n",
        "tests/cases/one.mjs": "import '../../src/main.mjs';\n",
        "tests/cases/two.mjs": "import '../../src/main.mjs';\n",
    })


def test_a_directory_the_build_script_lists_is_kept(tmp_path: Path) -> None:
    root = _project(tmp_path, (
        'import fs from "fs";\n'
        'const dir = process.cwd() + "/tests/cases/";\n'
        "for (const f of fs.readdirSync(dir)) console.log(f);\n"
    ))
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "tests/cases/one.mjs"), (root / ".dockerignore").read_text()
    assert sent(root, "tests/cases/two.mjs")


def test_without_such_a_read_the_tests_stay_out(tmp_path: Path) -> None:
    root = _project(tmp_path, 'console.log("index");\n')
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, "tests/cases/one.mjs"), (root / ".dockerignore").read_text()
