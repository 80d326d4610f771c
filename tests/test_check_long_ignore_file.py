"""An ignore file of thousands of lines that match nothing: each line's finding (IG401)
offers a fix that deletes the line, and verifying each one split the whole file into
lines again, so check took the square of the file's length (5,000 lines: over a minute,
20,000: no end in sight). The file is split once now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from trees import run_in, tree

from ignoregen.commands import fix
from ignoregen.engine.dockerignore import split_lines


def test_each_line_of_a_long_ignore_file_does_not_split_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = 400
    tree(tmp_path, {
        "Dockerfile": "FROM alpine\nCOPY app /app\n", "app/x": "1\n",
        ".dockerignore": "".join(f"path{i}/**/x{i}*.tmp\n" for i in range(lines)),
    })
    calls = 0

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        return split_lines(*args, **kwargs)

    monkeypatch.setattr(fix, "split_lines", counted)
    code, out = run_in(tmp_path, "check", ".")
    assert out.count(": info IG401 ") == lines
    assert code == 0
    assert calls < 5
