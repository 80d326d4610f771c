"""What ``init``'s measure keeps between the plans of a run (issue #13, peak memory).

measure kept, for each walk it measured, the list of (path, size) the walk sends, and held
the walk itself for the identity check: 4 MB of lists and two walks the run had let go
(82,000 records) at the peak of ``init`` on the 304k-entry bench trees (bench/README.md).
It now keeps only the totals by category, held while the walk lives
(:meth:`RunNeeds.kept_while`), and reads the paths from the walk's records when a
Dockerfile's COPY sources are measured. These tests check the short cuts against the
plain computations; tests/test_plan_walks.py compares whole plans with the slow planner."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from ignoregen.build.dockerfile import analyse_text
from ignoregen.build.needs_run import RunNeeds
from ignoregen.commands.measure import Totals, transferred


class _Walk:
    """Stands for a walk: an object the answer belongs to, compared by identity."""


def test_kept_while_makes_once_while_alive() -> None:
    run, made = RunNeeds(), []
    walk, other = _Walk(), _Walk()

    def make() -> int:
        made.append(1)
        return len(made)

    assert run.kept_while(("k",), walk, (other,), make) == 1
    assert run.kept_while(("k",), walk, (other,), make) == 1  # the same objects: kept
    assert run.kept_while(("k",), walk, (_Walk(),), make) == 2  # another object compared
    assert run.kept_while(("k",), _Walk(), (other,), make) == 3  # another walk
    assert len(made) == 3


def test_kept_while_does_not_keep_the_walk_alive() -> None:
    run = RunNeeds()
    walk = _Walk()
    gone = weakref.ref(walk)
    assert run.kept_while(("k",), walk, (), lambda: "first") == "first"
    del walk
    gc.collect()
    assert gone() is None  # kept() held it in its identity check
    # A new walk (even one given the dead walk's id) is never taken for the old one.
    for _ in range(50):
        fresh = _Walk()
        assert run.kept_while(("k",), fresh, (), lambda: "again") == "again"
        assert run.kept_while(("k",), fresh, (), lambda: "not asked") == "again"
        del fresh


def _plain(sent: list[tuple[str, int]], dockerfile_text: str) -> Totals:
    """What the build copies, each path asked of each source (no short cut)."""
    reads = analyse_text(dockerfile_text, Path("Dockerfile"))
    if reads.whole_context:
        return Totals(len(sent), sum(size for _, size in sent))
    picked = [size for path, size in sent if any(s.covers(path) for s in reads.sources)]
    return Totals(len(picked), sum(picked))


def test_transferred_reads_the_paths_once_from_an_iterator() -> None:
    sent = [("app.py", 10), ("src/a.py", 20), ("src/b/c.txt", 30), ("srcx", 5),
            ("docs/x.md", 7), ("conf.json", 3), ("lib/x.json", 4)]
    for text in ("FROM python\nCOPY . /app\n", "FROM python\nCOPY src app.py /app/\n",
                 "FROM python\nCOPY *.json src/ /app/\n", "FROM python\nCOPY docs /d\n"):
        reads = analyse_text(text, Path("Dockerfile"))
        expected = _plain(sent, text)
        assert transferred(sent, reads) == expected
        assert transferred(iter(sent), reads) == expected
        assert transferred((pair for pair in sent), reads) == expected
