"""Compose interpolation and env files, as the compose specification describes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.build.interpolate import EnvFileError, TemplateError, interpolate, read_env_file

ENV = {"SET": "value", "EMPTY": "", "OTHER": "o"}

# (template, expected value, variables without a value)
CASES: list[tuple[str, str, tuple[str, ...]]] = [
    ("plain", "plain", ()),
    ("$SET", "value", ()),
    ("${SET}", "value", ()),
    ("${SET}-runtime", "value-runtime", ()),
    ("$SET-runtime", "value-runtime", ()),
    ("a$SET.b", "avalue.b", ()),
    ("${NOPE}", "", ("NOPE",)),
    ("$NOPE/x", "/x", ("NOPE",)),
    ("${NOPE:-dflt}", "dflt", ()),
    ("${EMPTY:-dflt}", "dflt", ()),
    ("${EMPTY-dflt}", "", ()),
    ("${NOPE-dflt}", "dflt", ()),
    ("${SET:-dflt}", "value", ()),
    ("${NOPE:-${OTHER}}", "o", ()),
    ("${NOPE:-${ALSO:-deep}}", "deep", ()),
    ("${NOPE:-${ALSO}}", "", ("ALSO",)),
    ("${SET:-${ALSO}}", "value", ()),  # an unused default is not looked at
    ("${SET:+alt}", "alt", ()),
    ("${EMPTY:+alt}", "", ()),
    ("${EMPTY+alt}", "alt", ()),
    ("${NOPE+alt}", "", ()),
    ("${SET:?needed}", "value", ()),
    ("${EMPTY?needed}", "", ()),
    ("$$", "$", ()),
    ("$${SET}", "${SET}", ()),
    ("cost $$5", "cost $5", ()),
    # compose leaves a '$' that opens no name, brace or '$' as it is (docker/compose's
    # e2e TestBuildEscaped builds an inline Dockerfile holding 'echo $(seq 10)')
    ("cost $5", "cost $5", ()),
    ("RUN echo $(date) > /t", "RUN echo $(date) > /t", ()),
    ("a $ b $", "a $ b $", ()),
    ("$(x)$SET", "$(x)value", ()),
]


@pytest.mark.parametrize(("template", "value", "unset"), CASES)
def test_interpolate(template: str, value: str, unset: tuple[str, ...]) -> None:
    result = interpolate(template, ENV)
    assert (result.value, result.unset) == (value, unset)


@pytest.mark.parametrize(
    ("template", "message", "required"),
    [
        ("${NOPE:?set it}", "required variable NOPE is missing a value: set it", "NOPE"),
        ("${EMPTY:?}", "required variable EMPTY is missing a value", "EMPTY"),
        ("${NOPE?}", "required variable NOPE is missing a value", "NOPE"),
        ("${SET} ${(x)}", "invalid interpolation format", None),
        ("${SET", "invalid interpolation format", None),
        ("${SET:-x", "missing '}'", None),
        ("${}", "invalid interpolation format", None),
        ("${SET%x}", "invalid interpolation format", None),
        # each level was a frame of Python's stack: RecursionError at 2,000
        ("${A:-" * 2000 + "x" + "}" * 2000, "nested more than 100 levels deep", None),
    ],
)
def test_interpolate_errors(template: str, message: str, required: str | None) -> None:
    with pytest.raises(TemplateError, match=message.replace("$", r"\$")) as caught:
        interpolate(template, ENV)
    assert caught.value.required == required


def test_interpolate_nested_a_hundred_levels() -> None:
    assert interpolate("${A:-" * 100 + "x" + "}" * 100, ENV).value == "x"


def test_env_file(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(
        "# a comment\n"
        "\n"
        "PLAIN=one\n"
        "export EXPORTED=two\n"
        "SPACED = three  # trailing comment\n"
        "SINGLE='${PLAIN} stays'\n"
        'DOUBLE="${PLAIN} and \\$PLAIN\\n"\n'
        "UNQUOTED=${PLAIN}-x\n"
        "FROM_ENV=${OUTSIDE}\n"
        'MULTI="first\n'
        'second"\n'
        "EMPTY=\n"
    )
    assert read_env_file(path, {"OUTSIDE": "out"}) == {
        "PLAIN": "one",
        "EXPORTED": "two",
        "SPACED": "three",
        "SINGLE": "${PLAIN} stays",
        "DOUBLE": "one and $PLAIN\n",
        "UNQUOTED": "one-x",
        "FROM_ENV": "out",
        "MULTI": "first\nsecond",
        "EMPTY": "",
    }


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"A=1\nnot a line\n", 2, "expected NAME=value"),
        (b"A=1\nB='open\n", 2, "unterminated ' quote"),
        (b"A=1\nB=\xff\xfe\n", 2, "not UTF-8 text"),
        (b"A=${NOPE:?give it}\n", 1, "required variable NOPE"),
    ],
)
def test_bad_env_file(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    path = tmp_path / ".env"
    path.write_bytes(data)
    with pytest.raises(EnvFileError, match=message) as caught:
        read_env_file(path, {})
    assert caught.value.line == line
