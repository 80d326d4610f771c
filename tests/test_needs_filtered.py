"""The triggering files' sources are filtered once per shared tuple
(build/needs_run.py ``_filtered``, used by ``RunNeeds.untested``), and ``listed_of`` shares
one tuple among the paths with the same sources: the answers are those of filtering each
path's tuple on its own."""

from __future__ import annotations

import random
from typing import Any

from ignoregen.build.needs_run import _filtered, listed_of
from ignoregen.knowledge.preset import load_presets


def _slow(triggering: Any, keep: Any) -> list[Any]:
    return [(path, kept) for path, sources in triggering
            if (kept := tuple(source for source in sources if keep(source)))]


def test_filtered_as_each_path_on_its_own() -> None:
    chance = random.Random(7)
    items = [object() for _ in range(6)]
    shared = [tuple(chance.sample(items, chance.randrange(0, 5))) for _ in range(8)]
    triggering: list[Any] = []
    for at in range(400):
        sources = chance.choice(shared)
        if chance.random() < 0.3:  # equal, not the same object (or the empty one)
            sources = tuple(source for source in sources)
        triggering.append((f"p{at}", sources))
    for dropped in ({0}, {1, 2}, set(), set(range(6))):
        def keep(source: object, dropped: set[int] = dropped) -> bool:
            return items.index(source) not in dropped
        assert _filtered(triggering, keep) == _slow(triggering, keep)


def test_listed_of_shares_equal_tuples_and_filters_the_same() -> None:
    presets = load_presets()
    paths = [f"{d}{n}" for d in ("", "a/", "scripts/", "app/config/", "x/tools/")
             for n in ("index.js", "gen.ts", "app.rb", "x.py", "main.go", "a_test.go",
                       "package.json", "vite.config.ts", "README.md", "data.csv")]
    found = listed_of(paths, [], [], presets)
    by_value: dict[tuple[Any, ...], int] = {}
    for _, sources in found.triggering:
        assert by_value.setdefault(sources, id(sources)) == id(sources)  # one object a value
    assert len(by_value) < len(found.triggering)
    keep = lambda source: source.extract is None  # noqa: E731
    assert _filtered(found.triggering, keep) == _slow(found.triggering, keep)
