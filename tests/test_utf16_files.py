"""Dockerfiles and ignore files saved as UTF-16, as Windows PowerShell 5 writes them with
``echo ... > .dockerignore`` (a byte-order mark, then two bytes a character).

Docker reads both as UTF-8 bytes. An ignore file so written decides nothing: every line
holds NUL bytes, so none names a path. ``check`` used to give one IG401 per line with the
NUL bytes in the message, and ``init`` wrote its UTF-8 block above the UTF-16 lines, a
file of two encodings. A Dockerfile so written fails on its first line, an instruction
BuildKit does not know; ``check`` said it had no FROM instruction.
"""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree


def _utf16(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-16"))  # with its byte-order mark, as PowerShell writes


def test_check_names_a_utf16_ignore_file_once(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY app /app\n", "app/main.py": "x = 1\n",
                    "notes.log": "old\n"})
    _utf16(tmp_path / ".dockerignore", "*.log\nnotes/\nbuild/\n")
    code, out = run_in(tmp_path, "check", ".")
    assert "\0" not in out
    assert out.count("IG401") == 1
    assert ".dockerignore:1: info IG401 the file is UTF-16 text" in out
    assert "none of its lines matches anything" in out
    assert code == 0  # info only


def test_init_leaves_a_utf16_ignore_file_as_it_is(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY app /app\n", "app/main.py": "x = 1\n"})
    ignore = tmp_path / ".dockerignore"
    _utf16(ignore, ".git\n*.log\n")
    before = ignore.read_bytes()
    code, out = run_in(tmp_path, "init")
    assert code == 2
    assert ".dockerignore:1: the file is UTF-16 text" in out
    assert "save it as UTF-8" in out
    assert ignore.read_bytes() == before


def test_init_writes_the_other_contexts_beside_a_utf16_ignore_file(tmp_path: Path) -> None:
    tree(tmp_path, {
        "one/Dockerfile": "FROM alpine\nCOPY . /src\n", "one/a.py": "x = 1\n",
        "two/Dockerfile": "FROM alpine\nCOPY . /src\n", "two/b.py": "y = 2\n",
        "two/.env": "TOKEN=x\n",
    })
    _utf16(tmp_path / "one" / ".dockerignore", ".env\n")
    code, _ = run_in(tmp_path, "init")
    assert code == 2
    assert "**/.env" in (tmp_path / "two" / ".dockerignore").read_text()


def test_check_says_a_utf16_dockerfile_is_utf16(tmp_path: Path) -> None:
    tree(tmp_path, {"app/main.py": "x = 1\n"})
    _utf16(tmp_path / "Dockerfile", "FROM alpine\nCOPY app /app\n")
    code, out = run_in(tmp_path, "check", ".")
    assert code == 1
    assert "Dockerfile: error IG004 cannot read the Dockerfile: it is UTF-16 text" in out
    assert "no FROM instruction" not in out


def test_scan_says_a_utf16_dockerfile_is_utf16(tmp_path: Path) -> None:
    tree(tmp_path, {"app/main.py": "x = 1\n"})
    _utf16(tmp_path / "Dockerfile", "FROM alpine\nCOPY app /app\n")
    code, out = run_in(tmp_path, "scan", ".")
    assert code == 2
    assert "Dockerfile: it is UTF-16 text" in out
    assert "no FROM" not in out


def test_a_utf16_compose_file_loads(tmp_path: Path) -> None:
    """YAML readers take UTF-16 after a byte-order mark (go-yaml, which compose uses, so):
    the file was reported as one compose cannot load (IG004), its services unread."""
    from ignoregen.build.discover import discover
    from ignoregen.knowledge.preset import load_presets

    tree(tmp_path, {"docker/web.Dockerfile": "FROM alpine AS web\nCOPY app /app\n",
                    "app/main.py": "x = 1\n"})
    _utf16(tmp_path / "compose.yaml",
           "services:\n  web:\n    build:\n      context: .\n"
           "      dockerfile: docker/web.Dockerfile\n      target: web\n")
    found = discover(tmp_path.resolve(), load_presets().skip_dirs)
    assert not found.problems
    assert [(b.dockerfile.name, b.target) for b in found.builds] == [("web.Dockerfile", "web")]
    _, out = run_in(tmp_path, "check", ".")
    assert "IG004" not in out


def test_a_compose_file_with_a_utf16_mark_and_odd_bytes_is_named(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM alpine\n"})
    (tmp_path / "compose.yaml").write_bytes(b"\xff\xfes\x00e\x00r")
    code, out = run_in(tmp_path, "check", ".")
    assert code == 1
    assert "compose.yaml: error IG004 not UTF-16 text" in out


def test_check_fix_leaves_a_utf16_ignore_file_as_it_is(tmp_path: Path) -> None:
    """--fix wrote its UTF-8 block above the UTF-16 lines, as init did."""
    tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n",
                    ".env": "TOKEN=sk_live_abcdefghijklmnop1234\n"})
    ignore = tmp_path / ".dockerignore"
    _utf16(ignore, "*.log\n")
    before = ignore.read_bytes()
    code, out = run_in(tmp_path, "check", "--fix", ".")
    assert ignore.read_bytes() == before
    assert "error IG101" in out
    assert "the file is UTF-16 text, which Docker does not read" in out
    assert code == 1
