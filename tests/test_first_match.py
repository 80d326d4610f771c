"""FirstMatch answers as testing every entry of the walk in order does (IG402's example)."""

from __future__ import annotations

import random

import pytest

from ignoregen.engine.dockerignore import parse_line
from ignoregen.engine.matcher import Pattern
from ignoregen.engine.records import Item, Kind
from ignoregen.lint.first_match import FirstMatch

PATTERNS = [
    "**/CHANGES*", "**/.git", "**/b", "**/a?", "**/*.md", "a/**/b", "a/*.md", "a*", "b?a",
    "**/a[bc]", "[ab]*", "**/a/b", "**/b**", "a/b", "a", "b/**", "**", "**/a\\*", "c/*/a",
    "**/a[!b]", "**/*", "*/*",
]
NAMES = ["a", "b", "ab", "ba", "a.md", "CHANGES", "CHANGES.md", ".git", "a*", "c", "a/"]


def _walk(seed: int) -> list[Item]:
    """Entries in a made-up walk order (not sorted: the order is what must be kept)."""
    chance = random.Random(seed)
    paths: set[str] = set()
    while len(paths) < 60:
        depth = chance.randint(1, 4)
        paths.add("/".join(chance.choice(NAMES[:-1]) for _ in range(depth)))
    order = list(paths)
    chance.shuffle(order)
    return [Item(path, Kind.FILE, 1, 1, -1, False) for path in order]


@pytest.mark.parametrize("seed", range(8))
def test_first_match_is_the_first_in_walk_order(seed: int) -> None:
    walked = _walk(seed)
    index = FirstMatch(walked)
    for text in PATTERNS:
        rule = parse_line(text)
        assert rule is not None
        pattern = Pattern(rule)
        expected = next((item for item in walked if pattern.match(item.path)), None)
        assert index.first(pattern) == expected, text


def test_no_entries() -> None:
    rule = parse_line("**/x")
    assert rule is not None
    assert FirstMatch([]).first(Pattern(rule)) is None
