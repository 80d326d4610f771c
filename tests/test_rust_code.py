"""Rust sources with their comments blanked out (build/extractors.py's ``_rust_code``, what
``include_str!`` is looked for in): literals stay, nested block comments go, lines keep
their numbers."""

from __future__ import annotations

import pytest

from ignoregen.build.extractors import _rust_code


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("a // b\nc", "a     \nc"),
        ("a /* b /* c */ d */ e", "a                   e"),
        ("a /* b\nc */ d", "a     \n     d"),
        ('s = "// not a comment"; // one', 's = "// not a comment";       '),
        ('s = r#"/* raw " */"#; /* x */', 's = r#"/* raw " */"#;        '),
        ("s = br\"//\"; c = '\"'; // x", "s = br\"//\"; c = '\"';     "),
        ("fn f<'a>(x: &'a str) {} // c", "fn f<'a>(x: &'a str) {}     "),
        ('s = "a \\" // b"; /* c', 's = "a \\" // b";     '),
        ("/* never closed\nx", "               \n "),
        ('bar"x" // y', 'bar"x"     '),  # an identifier ending in r: no raw string
        ("x / y /z", "x / y /z"),
    ],
)
def test_comments_are_blanked_and_literals_kept(source: str, code: str) -> None:
    assert _rust_code(source) == code
    assert len(_rust_code(source)) == len(source)
