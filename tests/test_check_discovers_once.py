"""check that verifies an IG001 fix (running init's plan for the context) finds the
project's builds once: the listing and the discovery are kept for the run
(build/discover.py ``discover_project``), and what check adds to its problems stays its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from trees import run_in, tree


def test_the_builds_are_discovered_once_when_an_ig001_fix_is_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ignoregen.build import discover
    from ignoregen.commands import check, init

    root = tree(tmp_path / "repo", {
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
        "pyproject.toml": '[project]\nname = "x"\nversion = "0"\n',
        "x/__init__.py": "print(1)\n",
        ".env": "TOKEN=1\n",
        # a compose file naming a Dockerfile that is not there: a problem of the discovery
        "compose.yaml": "services:\n  api:\n    build:\n      context: api\n",
    })
    counted: list[Path] = []
    real = discover.discover

    def spied(where: Path, *args: Any, **kwargs: Any) -> Any:
        counted.append(where)
        return real(where, *args, **kwargs)

    for module in (discover, check, init):  # (each has its own name for it, or had)
        monkeypatch.setattr(module, "discover", spied, raising=False)
    code, out = run_in(root, "check", "--format", "json")
    findings = json.loads(out)["findings"]
    fixed = [item for item in findings if item["id"] == "IG001" and item["context"] == "."]
    assert fixed, out
    assert fixed[0]["fix"]["edits"][0]["kind"] == "init", out
    assert ".env" in fixed[0]["fix"]["edits"][0]["text"]
    assert len(counted) == 1, counted
    assert [item["id"] for item in findings].count("IG004") == 1, out  # told once
    assert code == 1
