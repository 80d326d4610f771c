"""``init``'s walks share their records and the matcher its candidates (issue #13, peak RSS):
what is shared must equal what each walk makes on its own."""

from __future__ import annotations

import random
from pathlib import Path

from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.listing import Listings
from ignoregen.engine.matcher import NameIndex, Pattern
from ignoregen.engine.records import Collect, Kind
from ignoregen.engine.setup import Builder, BuildSetup

RULE_SETS = [
    b"",
    b"**/node_modules\n*.log\n",
    b"**/*.ts\n!src/**/*.ts\n",
    b"src\n!src/keep\n",
    b"**/node_modules\n*.log\n**/*.md\n",
    b"*\n!src\n",
]


def _tree(root: Path) -> None:
    rng = random.Random(7)
    for index in range(120):
        top = rng.choice(["src", "src/keep", "node_modules/a", "docs", "lib/deep/er", ""])
        name = f"f{index}" + rng.choice([".ts", ".log", ".md", ".py", ""])
        path = root / top / name if top else root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * rng.randrange(0, 600))


def test_walks_with_listings_record_what_each_walk_alone_records(tmp_path: Path) -> None:
    _tree(tmp_path)
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    listings = Listings()
    kept = []
    for text in RULE_SETS * 2:
        rules = tuple(parse_bytes(text, ".dockerignore"))
        alone = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL, tar=False)
        shared = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL, tar=False,
                              listings=listings)
        assert shared.sent == alone.sent
        assert shared.ignored == alone.ignored
        assert shared.sent_totals == alone.sent_totals
        kept.append(shared)
    # The same rules walked again give the very records of the walk before.
    rules = tuple(parse_bytes(RULE_SETS[-1], ".dockerignore"))
    first = kept[-1]
    again = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL, tar=False,
                         listings=listings)
    assert first.sent
    assert all(a is b for a, b in zip(first.sent, again.sent, strict=True))
    # Every walk's records of the files it sends (decided alike or not) share one string
    # per path.
    files = [item for scan in kept for item in scan.sent if item.files]
    assert len({id(item.path) for item in files}) == len({item.path for item in files})


def test_listings_item_gives_an_equal_record() -> None:
    listings = Listings()
    scan = scan_context(BuildSetup(Path(__file__).parent / "corpus", Builder.BUILDKIT, None,
                                   None), rules=(), sizes=True, tar=False)
    items = scan.sent[:50]
    kept = [listings.item(*item) for item in items]
    assert kept == items
    for item, first in zip(items, kept, strict=True):
        assert listings.item(*item) is first
        for changed in (item._replace(rule=item.rule + 1), item._replace(size=item.size + 1),
                        item._replace(inherited=not item.inherited),
                        item._replace(files=item.files + 1), item._replace(kind=Kind.SPECIAL)):
            got = listings.item(*changed)
            assert got == changed
            assert got.path is first.path
            assert listings.item(*first) == first


def test_matcher_candidates_shared_by_names_alike() -> None:
    lines = b"**/*.ts\n**/*.test.ts\nfoo*\n**/fo*.ts\nsrc/*.md\n**/index.*\n*.tfstate.*\nx\n"
    patterns = [Pattern(rule) for rule in parse_bytes(lines, ".dockerignore")]
    fresh = NameIndex(patterns)
    names = ["a.ts", "b.ts", "a.test.ts", "foo.ts", "index.js", "x", "y", "a.tfstate.1",
             "food", "b.test.ts", "foo.ts"]
    shared = NameIndex(patterns)
    for name in names:
        mine = shared._candidates(name)
        # what a matcher that has seen no other name gives
        assert mine == NameIndex(patterns)._candidates(name)
        assert {bit for bit, _ in mine} == {bit for bit, _ in fresh._candidates(name)}
    assert shared._candidates("a.ts") is shared._candidates("b.ts")
    assert shared._candidates("a.test.ts") is shared._candidates("b.test.ts")
