"""Reading .dockerignore: every step of Docker's reader, and every line it rejects."""

from __future__ import annotations

import pytest

from ignoregen.engine.dockerignore import IgnoreFileError, parse_bytes
from ignoregen.engine.golang import BadPattern, check_match_syntax, clean, trim_space


def patterns(data: bytes) -> list[str]:
    return [str(rule) for rule in parse_bytes(data, ".dockerignore")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\nb\n", ["a", "b"]),
        (b"a\r\nb\r\n", ["a", "b"]),  # one CR dropped per line
        (b"a\r\r\n", ["a"]),  # then trimmed as white space
        (b"a\rb\n", ["a\rb"]),  # a lone CR inside a line is kept
        (b"last", ["last"]),  # no final newline
        (b"\xef\xbb\xbfsecret\n", ["secret"]),  # BOM on line 1
        (b"\xef\xbb\xbf#comment\nx\n", ["x"]),  # BOM removed before the comment test
        (b"a\n\xef\xbb\xbfb\n", ["a", "\ufeffb"]),  # only on line 1
        (b"# comment\nx\n", ["x"]),
        (b"  # not a comment\n", ["# not a comment"]),
        (b"x # trailing\n", ["x # trailing"]),
        (b"  spaced  \n\t\n\n", ["spaced"]),
        (b"\xc2\xa0nbsp\xc2\xa0\n", ["nbsp"]),  # Go trims U+00A0 ...
        (b"\xe2\x80\x8bzw\n", ["\u200bzw"]),  # ... but not U+200B
        (b"!keep\n", ["!keep"]),
        (b"!   keep  \n", ["!keep"]),
        (b"/foo/bar/\n", ["foo/bar"]),
        (b"./foo//bar/.\n", ["foo/bar"]),
        (b"foo/x/../bar\n", ["foo/bar"]),
        (b"../a.py\n", ["../a.py"]),
        (b"/../b.py\n", ["b.py"]),
        (b"/!foo\n", ["!foo"]),  # the leading / goes first, then ! makes an exception
        (b"/#foo\n", ["#foo"]),
        (b"/\n", ["/"]),
        (b".\n", ["."]),
        (b"*/..\n", ["."]),
        (b"!../..\n", ["."]),  # cleaned again with the ! in front: "!..", ".." -> "."
        (b"\\#x\n", ["\\#x"]),
        (b"a\\\\\n", ["a\\\\"]),
        (b"\xff\xfe\n", ["\udcff\udcfe"]),  # not UTF-8: kept byte for byte
    ],
)
def test_reading(data: bytes, expected: list[str]) -> None:
    assert patterns(data) == expected


def test_rules_keep_file_line_and_text() -> None:
    rules = parse_bytes(b"# deps\n\nnode_modules\n  !keep/  \n", "sub/.dockerignore")
    assert [(r.source, r.line, r.text, r.pattern, r.exception) for r in rules] == [
        ("sub/.dockerignore", 3, "node_modules", "node_modules", False),
        ("sub/.dockerignore", 4, "  !keep/  ", "keep", True),
    ]
    assert rules[1].location == "sub/.dockerignore:4"


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("!", 'illegal exclusion pattern "!"'),
        ("!   ", 'illegal exclusion pattern "!"'),
        ("!/", 'illegal exclusion pattern "!"'),
        ("/!", 'illegal exclusion pattern "!"'),
        ("[", "syntax error in pattern"),
        ("a[", "syntax error in pattern"),
        ("[^bc", "syntax error in pattern"),
        ("[]a]", "syntax error in pattern"),
        ("[-]", "syntax error in pattern"),
        ("[x-]", "syntax error in pattern"),
        ("[-x]", "syntax error in pattern"),
        ("[a-b-c]", "syntax error in pattern"),
        ("foo\\", "syntax error in pattern"),
        ("foo\\ ", "syntax error in pattern"),  # trimmed to a trailing backslash
        ("bin\\", "syntax error in pattern"),
        ("[a\\", "syntax error in pattern"),
        ("*.txt\n[Local-Only]/x[", "syntax error in pattern"),
    ],
)
def test_rejected_lines_name_file_and_line(line: str, fragment: str) -> None:
    data = ("ok\n" + line + "\n").encode()
    with pytest.raises(IgnoreFileError) as info:
        parse_bytes(data, "ctx/.dockerignore")
    error = info.value
    assert error.source == "ctx/.dockerignore"
    assert error.line == data.decode().splitlines().index(line.splitlines()[-1]) + 1
    assert fragment in error.message
    assert str(error).startswith(f"ctx/.dockerignore:{error.line}: ")


def test_line_length_limit() -> None:
    assert patterns(b"a" * 65535 + b"\n") == ["a" * 65535]
    for data in (b"a" * 65536, b"x\n" + b"a" * 65536 + b"\n", b"a" * 65535 + b"\r\n"):
        with pytest.raises(IgnoreFileError) as info:
            parse_bytes(data, ".dockerignore")
        assert "65,536 bytes" in info.value.message
    with pytest.raises(IgnoreFileError) as info:
        parse_bytes(b"x\n" + b"a" * 70000, ".dockerignore")
    assert info.value.line == 2


def test_reversed_range_is_accepted_when_read() -> None:
    # filepath.Match does not check ranges; the regex fails later, when first used.
    assert patterns(b"[z-a]\n") == ["[z-a]"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", "."),
        ("a//b", "a/b"),
        ("./a/./b/", "a/b"),
        ("a/../..", ".."),
        ("../../x", "../../x"),
        ("/..", "/"),
        ("/../a", "/a"),
        ("//a", "/a"),
        ("a/b/../../c", "c"),
    ],
)
def test_clean(path: str, expected: str) -> None:
    assert clean(path) == expected


def test_trim_space_is_go_white_space() -> None:
    assert trim_space("\t\v\f\r\n \x85\xa0\u2000\u3000x\u3000") == "x"
    assert trim_space("\ufeffx\u200b") == "\ufeffx\u200b"
    assert trim_space("\x1cx\x1f") == "\x1cx\x1f"


# Docker checks a pattern with filepath.Match(pattern, "."), which stops at the first
# chunk (text between stars) that cannot match ".": what follows is not checked then
# (the real engine builds with "!a*[" and fails on "a*[" only once it is used).
@pytest.mark.parametrize(
    "pattern",
    ["a[b-d]e", "[^a]bc", "[!a]bc", "a\\*b", "[[:digit:]]", "[z-a]", "a*[", "a*[b", "a*\\"],
)
def test_valid_match_syntax(pattern: str) -> None:
    check_match_syntax(pattern)


@pytest.mark.parametrize(
    "pattern", ["[", "a[", "[]a]", "[x-]", "a\\", "[a\\", "*[", "*/[", "a?/[", ".*/[", "**/["]
)
def test_invalid_match_syntax(pattern: str) -> None:
    with pytest.raises(BadPattern):
        check_match_syntax(pattern)
