"""init's summary calls a need "kept" only when the written file sends it. A need that the
user's own line excludes is left as the user wrote it, with a warning: the summary said
"kept: tests" (and "note: not excluding tests/test_a.py") above that warning, which is
false (seen on polar's tests/__init__.py and onyx's lib/opal/dist, session 26)."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit
from trees import run_in, tree

FILES = {
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
                  "RUN pip install -r requirements.txt\nRUN python -m pytest\n"
                  'CMD ["python", "-m", "app"]\n',
    "requirements.txt": "pytest\n",
    "app/__init__.py": "x = 1\n",
    "tests/__init__.py": "",
    "tests/test_a.py": "def test_a():\n    pass\n",
    ".dockerignore": "tests\n",
}


def _summary(root: Path) -> list[str]:
    code, output = run_in(root, "init", "--dry-run")
    assert code == 0, output
    return output.splitlines()


def test_a_need_the_users_line_excludes_is_not_called_kept(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    commit(tmp_path)
    lines = _summary(tmp_path)
    warned = [line for line in lines if "your line 'tests' excludes tests," in line]
    assert len(warned) == 1, lines
    kept = [line for line in lines if line.startswith("  kept: ")]
    assert kept, lines  # the tests below other directories are still kept by the block
    for line in kept:
        named = line.removeprefix("  kept: ").split(": ", 1)[0].split(", ")
        assert "tests" not in named, line
    assert not [line for line in lines if line.startswith("  note: not excluding tests/")], lines


def test_the_same_need_is_kept_when_no_line_of_the_users_excludes_it(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": "docs\n"})
    commit(tmp_path)
    kept = [line for line in _summary(tmp_path) if line.startswith("  kept: ")]
    assert any("tests" in line.removeprefix("  kept: ").split(": ", 1)[0].split(", ")
               for line in kept), kept


def test_a_need_that_does_not_exist_yet_is_not_kept_under_the_users_exclusion(
    tmp_path: Path,
) -> None:
    # excalidraw's allow-list ('*', then '!package.json', ...): the image runs from the
    # copied node_modules, a laptop's only. The summary said "kept: node_modules", which
    # the user's '*' excludes (so does symfony-docker's 'var/' for var/cache and var/log).
    tree(tmp_path, {
        "package.json": '{"name": "a", "dependencies": {"left-pad": "1.0.0"}}\n',
        "Dockerfile": 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "app.js"]\n',
        "app.js": "console.log(1)\n", ".gitignore": "node_modules\n",
        ".dockerignore": "*\n!package.json\n!app.js\n",
    })
    commit(tmp_path)
    kept = [line for line in _summary(tmp_path) if line.startswith("  kept: ")]
    assert any(line.startswith("  kept: app.js: ") for line in kept), kept
    assert not [line for line in kept if "node_modules" in line], kept
