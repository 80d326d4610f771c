"""The short cuts of :func:`ignoregen.plan.conflicts.conflicts`, against the slow answers.

``Readers`` answers, for each path a candidate rule excludes, what
``_only_below_named_directories``, ``_copied_output`` and "does a source read it" answer
by asking every source; ``Matcher.excluder`` answers what ``Matcher.decide`` does, keeping
the directories it stepped. On the 304,000-entry bench tree the planner asks these of
52,000 test files over a run (unseen88's profile of init: 42,659 calls of the first)."""

from __future__ import annotations

import random
from typing import cast

from ignoregen.build.dockerfile import Source
from ignoregen.engine.matcher import Matcher
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import Category, Role
from ignoregen.plan.alone import _rule
from ignoregen.plan.conflicts import (
    Readers,
    _copied_output,
    _only_below_named_directories,
)

PATTERNS = ["services/api", "services/api/dist", "packages", "packages/web/dist", "a/b",
            "*.toml", "services/*/package.json", "packages/*/src", "dist", "target",
            "[a-", "x/[", "a/*/c/*", "*/b", ".", "*", "..", "services"]
NAMES = ["services", "api", "dist", "packages", "web", "src", "a", "b", "c", "x", "[",
         "target", "pyproject.toml", "package.json", "index.test.ts", "node_modules"]


class _Classifier:
    """``category_of`` alone: build output for a path whose last name is dist or target."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def category_of(self, path: str) -> Category | None:
        self.asked.append(path)
        name = path.rpartition("/")[2]
        if name in ("dist", "target"):
            return Category("p", "out", "", True, 0, (), role=Role.BUILD_OUTPUT)
        if name == "src":
            return Category("p", "src", "", True, 0, (), role=Role.OTHER)
        return None


def _paths(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        depth = rng.randint(1, 6)
        out.append("/".join(rng.choice(NAMES) for _ in range(depth)))
    return [*out, "services/api", "services/api/x", "packages/web/dist/a.js", "a/b", "x/[/y"]


def test_readers_answer_as_each_source_does() -> None:
    rng = random.Random(13)
    for _ in range(300):
        chosen = rng.sample(PATTERNS, rng.randint(0, 8))
        sources = [Source(p, "COPY", 1, p, "0", pattern=p) for p in chosen]
        classifier = cast(Classifier, _Classifier())
        readers = Readers(sources, classifier)
        for path in _paths(rng, 40):
            assert readers.only_below_named_directories(path) \
                is _only_below_named_directories(sources, path), (chosen, path)
            assert readers.copied_output(path) is _copied_output(sources, path, classifier), (
                chosen, path)
            assert readers.read(path) is any(
                not s.whole_context and s.covers(path) for s in sources), (chosen, path)


def test_excluder_decides_as_decide() -> None:
    rng = random.Random(88)
    texts = ["**/node_modules", "dist", "**/dist", "packages/*/dist", "**/*.test.ts",
             "!**/keep", "services/api/**", "!services/api/src", "target/", "**/.venv",
             "a/b/c", "**/web/**/x"]
    for _ in range(100):
        chosen = rng.sample(texts, rng.randint(1, 6))
        matcher = Matcher([_rule(t, i + 1) for i, t in enumerate(chosen)])
        excluded = matcher.excluder()
        paths = [*_paths(rng, 60), "", "node_modules", "a/b/c/d"]
        paths += rng.sample(paths, 20)  # asked again: from what it kept
        for path in paths:
            assert excluded(path) is matcher.decide(path).excluded, (chosen, path)
