"""A line two presets both write appears once (ntfy).

ntfy's .gitignore lists ``build/``; node's and Python's build output both call a root
``build`` theirs, and ``init`` wrote the line twice, under each category. The second copy
decides nothing the first does not (no exception between them).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_check_cli import make, run

from ignoregen.plan.planner import PlannedRule
from ignoregen.plan.repeats import without_repeats


def test_a_line_of_two_presets_is_written_once(tmp_path: Path) -> None:
    make(tmp_path, {
        "package.json": '{"name": "web"}\n', "requirements.txt": "flask\n",
        ".gitignore": "build/\n", "app.py": "print(1)\n",
        "Dockerfile": "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n",
    })
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "c", "--no-verify"], check=True)
    code, _, err = run("init", cwd=tmp_path)
    assert code == 0, err
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert lines.count("build") == 1, lines
    assert run("init", "--check", cwd=tmp_path)[0] == 0


def test_a_repeated_line_after_an_exception_stays() -> None:
    rules = [PlannedRule(p, None, "") for p in ("build", "dist", "build", "!build/keep", "build")]
    assert [r.pattern for r in without_repeats(rules)] == ["build", "dist", "!build/keep", "build"]
