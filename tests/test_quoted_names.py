"""A file name with a newline, another control character or a byte that is not UTF-8.

Text output is one line per entry, so such a name is C-quoted there, as git quotes it
(``"docs/a\\nb.md"``); ``ls -0`` and ``--format json`` keep the exact name. An ignore file
that ignoregen writes must never get a line broken by a name: Docker reads each line as a
pattern, so ``!docs/a<LF>b.md`` would be ``!docs/a`` and then ``b.md``, a line that
excludes. A name is legal on Linux with any byte but ``/`` and NUL; no repository was read
for this (a name made by a script or an unzip is enough).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli import make, run

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher
from ignoregen.quoting import one_line, quoted

NEWLINE_NAME = "docs/a\nb.md"


@pytest.mark.parametrize(("name", "shown"), [
    ("docs/readme.md", "docs/readme.md"),
    ("café/ünï.txt", "café/ünï.txt"),  # printable UTF-8 stays readable
    ("with space", "with space"),
    ("a\nb", '"a\\nb"'),
    ("tab\there", '"tab\\there"'),
    ("esc\x1b[31m", '"esc\\033[31m"'),
    ("q\"uote", '"q\\"uote"'),
    ("back\\slash", '"back\\\\slash"'),
    (os.fsdecode(b"caf\xe9"), '"caf\\351"'),
    ("line\u2028sep", '"line\\342\\200\\250sep"'),
    ("del\x7f", '"del\\177"'),
])
def test_quoted_as_git_quotes_a_path(name: str, shown: str) -> None:
    assert quoted(name) == shown


def test_one_line_escapes_without_quotes() -> None:
    assert one_line('COPY "a\nb": x\\y') == 'COPY "a\\nb": x\\y'
    assert one_line("plain") == "plain"


def _tree(tmp_path: Path, dockerfile: str = "FROM scratch\nCOPY . /app\n") -> Path:
    return make(tmp_path, {
        "Dockerfile": dockerfile,
        NEWLINE_NAME: "x",
        "big\ndir/f": "y" * 5000,
        "ok.txt": "",
    })


def test_ls_quotes_a_name_per_line_and_nul_keeps_it(tmp_path: Path) -> None:
    _tree(tmp_path)
    code, out, _ = run("ls", ".", cwd=tmp_path)
    assert code == 0
    assert out.decode().splitlines() == [
        "Dockerfile", '"big\\ndir/f"', '"docs/a\\nb.md"', "ok.txt",
    ]
    code, out, _ = run("ls", "-0", ".", cwd=tmp_path)
    assert out.split(b"\0")[:-1] == [b"Dockerfile", b"big\ndir/f", b"docs/a\nb.md", b"ok.txt"]


def test_explain_quotes_in_text_and_is_exact_in_json(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / ".dockerignore").write_text("docs\n")
    code, out, _ = run("explain", NEWLINE_NAME, cwd=tmp_path)
    assert code == 0
    assert out.decode().splitlines() == [
        '"docs/a\\nb.md": not sent: excluded by .dockerignore:1: docs '
        '(matches the parent directory docs/)',
    ]
    code, out, _ = run("explain", "--format", "json", NEWLINE_NAME, cwd=tmp_path)
    assert json.loads(out)["paths"][0]["path"] == NEWLINE_NAME


def test_scan_quotes_a_directory_name(tmp_path: Path) -> None:
    _tree(tmp_path)
    code, out, _ = run("scan", ".", cwd=tmp_path)
    assert code == 0
    lines = out.decode().splitlines()
    assert any(line.startswith('  "big\\ndir/"  ') for line in lines)
    assert not any(line.startswith("dir/") for line in lines)


JSON_COPY = 'FROM scratch\nCOPY ["docs/a\\nb.md", "/x"]\n'
"""A JSON-form COPY: the JSON string's \\n is a newline of the name."""


def test_check_text_is_one_line_and_the_fix_keeps_the_file(tmp_path: Path) -> None:
    _tree(tmp_path, JSON_COPY)
    (tmp_path / ".dockerignore").write_text("docs\n")
    code, out, _ = run("check", ".", cwd=tmp_path)
    assert code == 1
    lines = out.decode().splitlines()
    ig201 = [line for line in lines if "IG201" in line]
    assert ig201 == ["Dockerfile:2: error IG201 COPY docs/a\\nb.md: excluded by .dockerignore:1 "
                     "('docs'), so the build fails with 'not found'"]
    assert lines[lines.index(ig201[0]) + 1] == (
        "  fix: remove or narrow that rule, or add '!docs/a?b.md' after it")
    run("check", "--fix", ".", cwd=tmp_path)
    data = (tmp_path / ".dockerignore").read_bytes()
    assert b"!docs/a?b.md\n" in data
    matcher = Matcher(parse_bytes(data, ".dockerignore", buildkit=True))
    assert not matcher.decide(NEWLINE_NAME).excluded
    assert not matcher.decide("b.md").excluded  # no stray line 'b.md'


def test_init_writes_no_line_broken_by_a_name(tmp_path: Path) -> None:
    _tree(tmp_path, JSON_COPY)
    code, _, err = run("init", "-C", ".", cwd=tmp_path)
    assert code == 0, err
    text = (tmp_path / ".dockerignore").read_text()
    assert "# keep docs/a\\nb.md: the Dockerfile copies it (line 2: docs/a\\nb.md)\n" in text
    assert "\n!docs/a?b.md\n" in text
    assert "\nb.md" not in text
    code, out, _ = run("ls", "-0", ".", cwd=tmp_path)
    assert b"docs/a\nb.md" in out.split(b"\0")


@pytest.mark.parametrize(("name", "written"), [
    ("docs/a\nb.md", "docs/a?b.md"),
    ("cr\r", "cr?"),
    (" lead", "?lead"),
    ("trail\t", "trail?"),
    ("#notes", "[#]notes"),
    ("a*b", "a\\*b"),
])
def test_a_literal_is_one_line_docker_reads_back_as_the_name(name: str, written: str) -> None:
    """``check``'s fixes name paths with :func:`edits.literal`: Docker trims each line's
    white space, drops a line starting with ``#`` and ends one at a newline."""
    from ignoregen.engine.dockerignore import parse_line
    from ignoregen.lint.edits import literal

    assert literal(name) == written
    rule = parse_line(literal(name), ".dockerignore", 1)
    assert rule is not None
    assert Matcher([rule]).decide(name).excluded


def test_gnu_and_text_findings_stay_one_line_each() -> None:
    """An editor reads ``--format gnu`` a line per finding: a file or a message holding a
    newline or an escape sequence is escaped in place (json keeps the exact text)."""
    from ignoregen.lint.findings import finding
    from ignoregen.render.findings_text import text_lines
    from ignoregen.render.gnu import gnu_lines

    item = finding("IG201", "COPY a\nb: excluded\x1b[2J", "sub\ndir/Dockerfile", 3,
                   hint="add '!a?b'")
    assert list(gnu_lines([item])) == [
        "sub\\ndir/Dockerfile:3:1: error: COPY a b: excluded\\033[2J [IG201]"]
    assert list(text_lines([item], 1, 0))[:2] == [
        "sub\\ndir/Dockerfile:3: error IG201 COPY a\\nb: excluded\\033[2J",
        "  fix: add '!a?b'",
    ]
