"""The line of an unterminated heredoc: BuildKit's parser says only 'unterminated heredoc',
and IG004's hint asks the user to fix the file and line named. BuildKit itself names the
line of the instruction that opens the heredoc (its parser's location of the instruction)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.build.dockerfile import DockerfileError, analyse
from ignoregen.build.instruction_errors import parse_error_place

CASES = [
    ("FROM scratch\nRUN <<EOF\necho hi\n", 2),
    # a closed heredoc whose body holds instruction-like lines, then one left open
    ("FROM scratch\nRUN <<EOF\nRUN x\nCOPY y z\nEOF\nCOPY . /app\nRUN <<DONE\nRUN z\n", 7),
    # the opener on a continuation line: the instruction's first line is named
    ("FROM scratch\nRUN \\\n  cat <<-A <<B\n\tx\n\tA\nRUN y\n", 2),
    # lower case instruction, leading blanks, a second heredoc of two left open
    ("FROM scratch\n\n  copy <<one <<two /x\n1\none\n2\n", 3),
]


@pytest.mark.parametrize(("text", "line"), CASES)
def test_the_opening_instruction_is_named(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    with pytest.raises(DockerfileError) as caught:
        analyse(path)
    assert str(caught.value) == (
        f"{path}: BuildKit's parser rejects it: unterminated heredoc (line {line})")


def test_other_parser_errors_name_no_line() -> None:
    assert parse_error_place("FROM scratch\nRUN <<EOF\n", "some other error") == ""


def test_a_text_that_parses_names_no_line() -> None:
    # nothing to blame: no instruction before which the text parses and after which it fails
    assert parse_error_place("FROM scratch\n", "unterminated heredoc") == ""
