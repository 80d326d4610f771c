"""IG301 on '*.pyc' beside '**/__pycache__/' (docling-serve): Python 3 writes byte-code only
in __pycache__ (PEP 3147; no .pyo since 3.5), so a root-only '*.pyc' lets nothing through
that the '**/__pycache__' line does not already stop. check said 'docling_serve/x.pyc would
be sent', a path no developer's machine holds. The bytecode category now says where its
files appear (presets/python.toml ``written_in``), and IG301 looks for them there."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import _repository, init_here, sent_by_buildkit
from trees import run_in

from ignoregen.errors import ConfigError
from ignoregen.knowledge.preset import parse_preset

PROJECT = {
    "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
    "app/__init__.py": "", "app/main.py": "print(1)\n",
    "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
}


def test_no_ig301_on_pyc_lines_beside_pycache(tmp_path: Path) -> None:
    _repository(tmp_path, {
        **PROJECT, ".dockerignore": "**/.git\n**/__pycache__/\n*.pyc\n*.pyo\n",
    })
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out


def test_pyc_line_alone_names_the_pycache_path(tmp_path: Path) -> None:
    _repository(tmp_path, {**PROJECT, ".dockerignore": "**/.git\n*.pyc\n"})
    _, out = run_in(tmp_path, "check")
    assert "and app/__pycache__/x.pyc would be sent" in out, out


def test_a_root_only_pycache_line_is_still_reported(tmp_path: Path) -> None:
    _repository(tmp_path, {**PROJECT, ".dockerignore": "**/.git\n__pycache__\n**/*.pyc\n"})
    _, out = run_in(tmp_path, "check")
    assert "'__pycache__' matches only at the context root" in out, out
    assert "app/__pycache__ would be sent" in out, out


def test_written_in_names_a_directory_rule_of_the_category() -> None:
    text = (
        '[preset]\nname = "demo"\ndescription = "d"\n[detect]\nmarkers = ["**/x.demo"]\n'
        '[categories.bytecode]\ndescription = "d"\nrole = "bytecode"\n'
        'exclude_by_default = true\nrules = ["**/*.o"]\nwritten_in = ["objects"]\n'
    )
    with pytest.raises(ConfigError, match=r"written_in\[0\].*no rule '\*\*/objects'"):
        parse_preset(text, "demo.toml")


def test_init_writes_no_twin_that_check_would_not_ask_for(tmp_path: Path) -> None:
    # init wrote '**/*.pyc' and '**/*.pyo' for the user's root-only lines (the twins IG301
    # asked for) although their '**/__pycache__/' already stops every byte-code file.
    _repository(tmp_path, {**PROJECT, ".dockerignore": "**/__pycache__/\n*.pyc\n*.pyo\n"})
    init_here(tmp_path)
    lines = (tmp_path / ".dockerignore").read_text().splitlines()
    assert "**/*.pyc" not in lines, lines
    assert "**/*.pyo" not in lines, lines
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out
    (tmp_path / "app/__pycache__").mkdir()
    (tmp_path / "app/__pycache__/main.cpython-312.pyc").write_bytes(b"\x00")
    assert "app/__pycache__/main.cpython-312.pyc" not in sent_by_buildkit(tmp_path)


def test_init_still_writes_the_twin_without_a_pycache_line(tmp_path: Path) -> None:
    _repository(tmp_path, {**PROJECT, ".dockerignore": "*.pyc\n"})
    init_here(tmp_path)
    assert "**/*.pyc" in (tmp_path / ".dockerignore").read_text().splitlines()
    _, out = run_in(tmp_path, "check")
    assert "IG301" not in out, out


def test_check_fix_writes_the_any_depth_line_of_a_root_only_bytecode_line(
    tmp_path: Path,
) -> None:
    # wger: '__pycache__/' and '*.pyo' are root-only; check warned (IG301) with a hint to
    # write '**/...', and `check --fix` left both, so check still failed after it.
    _repository(tmp_path, {**PROJECT, ".dockerignore": "**/.git\n__pycache__/\n"})
    code, out = run_in(tmp_path, "check")
    assert code == 1, out
    assert "IG301" in out, out
    code, out = run_in(tmp_path, "check", "--fix")
    assert code == 0, out
    assert "**/__pycache__" in (tmp_path / ".dockerignore").read_text().splitlines()
    code, out = run_in(tmp_path, "check")
    assert code == 0, out
    assert "IG301" not in out, out


def test_no_ig301_on_a_pyo_line(tmp_path: Path) -> None:
    # presidio's .dockerignore: '__pycache__/', '*.pyc' and '*.pyo', each root-only. The first
    # two let deeper byte-code through; no Python since 3.5 writes a .pyo (PEP 488), so the
    # third lets nothing through, and check said '__pycache__/x.pyo would be sent'.
    _repository(tmp_path, {**PROJECT, ".dockerignore": "**/.git\n__pycache__/\n*.pyc\n*.pyo\n"})
    _, out = run_in(tmp_path, "check")
    assert "'__pycache__/' matches only at the context root" in out, out
    assert "'*.pyc' matches only at the context root" in out, out
    assert "IG301 '*.pyo'" not in out, out
