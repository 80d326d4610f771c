"""Ignore lines that repeat a wildcard ('**/**/**/x', '!****...*y'): Docker's RE2 matches
them in linear time, Python's backtracking in time exponential in the repeats. A 265-byte
.dockerignore of two such lines (the unseen82 hostile-file probes) kept check walking past a
two-minute limit on a tree of twenty files. Two of the same wildcard in a row match what one
matches, so one is written: the decisions stay Docker's."""

from __future__ import annotations

import pytest

from ignoregen.engine.dockerignore import parse_line
from ignoregen.engine.matcher import Matcher, _translate

PATHS = ["x", "a/x", "a/b/c/x", "ax", "a/xb", "y", "a/y", "ay", "a/b/zy", "a/b/y", "x/y", "y/x"]


def _decisions(line: str) -> list[bool]:
    rule = parse_line(line, ".dockerignore", 1)
    assert rule is not None
    return [Matcher([rule]).decide(path).excluded for path in PATHS]


@pytest.mark.parametrize(("repeated", "once"), [
    ("**/**/**/**/x", "**/x"),
    ("a/**/**/x", "a/**/x"),
    ("a/********y", "a/**y"),
])
def test_repeats_decide_as_one_does(repeated: str, once: str) -> None:
    assert _decisions(repeated) == _decisions(once)
    assert _translate(repeated)[1] == _translate(once)[1]


def test_a_hundred_repeats_are_written_once() -> None:
    source = _translate("**/" * 25 + "x")[1]
    assert source.count("(.*/)?") == 1, source
    source = _translate("*" * 200 + "y")[1]
    assert source.count("(.*/)?") == 1, source
