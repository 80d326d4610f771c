"""A planned block writes no exclusion that an earlier one already makes (plan/repeats.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ignoregen.plan.repeats import without_repeats


@dataclass(frozen=True)
class Line:
    pattern: str


@pytest.mark.parametrize(("given", "kept"), [
    (["**/build", "build", "build"], ["**/build"]),
    (["build", "build", "dist"], ["build", "dist"]),
    (["build", "**/build"], ["build", "**/build"]),  # the later one reaches deeper
    # an exception between them: the later line excludes again what it gave back
    (["build", "!build/keep", "build"], ["build", "!build/keep", "build"]),
    (["**/x", "!x/y", "x", "x"], ["**/x", "!x/y", "x"]),
    (["a/b", "**/a/b", "a/b"], ["a/b", "**/a/b"]),
    # the same exception twice with no exclusion between (mCaptcha's include_str! file)
    (["**/dist", "!d/dist/a.yaml", "!d/dist/a.yaml", "dist"],
     ["**/dist", "!d/dist/a.yaml", "dist"]),
    (["**/dist", "!a", "!b", "!a"], ["**/dist", "!a", "!b"]),
    # an exclusion between them: the second gives back what that one took again
    (["**/dist", "!a", "a", "!a"], ["**/dist", "!a", "a", "!a"]),
])
def test_without_repeats(given: list[str], kept: list[str]) -> None:
    assert [line.pattern for line in without_repeats(Line(p) for p in given)] == kept
