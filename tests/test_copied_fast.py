"""RunNeeds.copied (build/needs_run.py) tells the triggering files a Dockerfile copies
without a glob by ``startswith`` on the whole list: the same files as
:func:`~ignoregen.build.dockerfile.covering` asked of each, for plain sources that name
files, directories, the root's odd spellings and names that share a head ('a' and 'a-b').
On the 304,000-entry bench tree check asked covering() 228,000 times (6 Dockerfiles,
38,000 triggering files)."""

from __future__ import annotations

import random

import pytest

from ignoregen.build.dockerfile import DockerfileReads, Source, covering
from ignoregen.build.needs_run import Listed, RunNeeds

PARTS = ["a", "a-b", "b", "a.b", "", "c d"]


def _source(pattern: str) -> Source:
    return Source(pattern, "COPY", 1, pattern, "0", pattern=pattern)


@pytest.mark.parametrize("seed", range(4))
def test_plain_sources_copy_what_covering_covers(seed: int) -> None:
    rng = random.Random(seed)
    paths = list(dict.fromkeys(
        "/".join(rng.choice(PARTS) for _ in range(rng.randint(1, 5))) for _ in range(2000)))
    paths.extend(["/a", "a/", "a//b", "/", ""])
    found = Listed([], [], paths, set(paths), [(path, ()) for path in paths])
    run = RunNeeds()
    patterns = [*(rng.choice(paths) for _ in range(30)), "", "a", "a/", "/a", "a-b/c"]
    for count in (0, 1, 2, 5):
        for _ in range(15):
            sources = [_source(pattern) for pattern in rng.sample(patterns, count)]
            assert not any(source.has_glob or source.whole_context for source in sources)
            dockerfile = DockerfileReads(path=None, sources=sources)  # type: ignore[arg-type]
            covers = covering(sources)
            assert run.copied(dockerfile, found) == {path for path in paths if covers(path)}


def test_a_glob_or_the_whole_context_is_asked_of_covering() -> None:
    paths = ["a/x.json", "b/y.txt", "c"]
    found = Listed([], [], paths, set(paths), [(path, ()) for path in paths])
    for pattern, copied in [("*/x.json", {"a/x.json"}), (".", set(paths)),
                            ("b", {"b/y.txt"})]:
        dockerfile = DockerfileReads(path=None, sources=[_source(pattern)])  # type: ignore[arg-type]
        assert RunNeeds().copied(dockerfile, found) == copied
