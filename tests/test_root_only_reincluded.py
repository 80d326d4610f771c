"""IG301 says nothing of a deeper directory that is sent only for what exceptions re-include.

qdrant, after ``init``: the block writes ``**/tests`` and re-includes the shaders that
``include_str!`` compiles in (``lib/segment/.../gpu/shaders/tests/test_heuristic.comp``);
the user's own ``tests/`` below the block was then reported as matching only at the root
while ``.../shaders/tests/`` is sent, with no fix: ``**/tests/`` would change nothing, for
the directory is already excluded and is sent only as the parent of the needed files.
A deeper directory that no rule decides is still reported.
"""

from __future__ import annotations

from pathlib import Path

from test_check_cli import make, run

DOCKERFILE = "FROM scratch\nCOPY . /src/\n"


def test_reincluded_directory_is_not_root_only(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": DOCKERFILE,
        ".dockerignore": "**/.git\n**/.env\n**/tests\n!lib/shaders/tests/heap.comp\ntests/\n",
        "lib/shaders/tests/heap.comp": "void main() {}\n",
        "lib/shaders/tests/other.txt": "x\n",
        "tests/test_a.txt": "x\n",
    })
    _, out, _ = run("check", "--format", "gnu", cwd=tmp_path)
    assert "IG301" not in out, out


def test_unexcluded_deeper_directory_is_root_only(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": DOCKERFILE,
        ".dockerignore": "**/.git\n**/.env\ntests/\n",
        "lib/shaders/tests/heap.comp": "void main() {}\n",
        "tests/test_a.txt": "x\n",
    })
    _, out, _ = run("check", "--format", "gnu", cwd=tmp_path)
    assert ".dockerignore:3:1: warning: 'tests/' matches only at the context root" in out, out
