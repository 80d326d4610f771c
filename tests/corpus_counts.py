"""Per-repository counts of the real-repository corpus, for a closing note or a review.

    python tests/corpus_counts.py [NAME...]

For each fixture of ``tests/corpus`` (all, or those named), laid out as a developer's
machine has it: how many builds; how many needs the needs model finds (the paths a build
reads although no COPY names them: :func:`ignoregen.build.needs.find_needs`, summed over
the builds); how many paths ``expected.toml`` says the builds need; the misses of today's
code after ``init`` (dropped needs, junk and secrets still sent; the same judge as
``tests/test_corpus.py``) and how many rows ``known_gaps.toml`` lists; the bytes the
builds were sent before and after ``init``. Nothing here is asserted: the numbers are
measured each time.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Fixture, lay_out, load, names, scratch_dir
from test_corpus import examine, known_gaps

from ignoregen.build.discover import project_files
from ignoregen.build.dockerfile import analyse
from ignoregen.build.needs import find_needs
from ignoregen.errors import IgnoregenError
from ignoregen.knowledge.preset import load_presets


def needs_found(fixture: Fixture, root: Path) -> int:
    """The needs the model finds, summed over the fixture's builds (before ``init``)."""
    presets = load_presets()
    total = 0
    for build in fixture.builds:
        context = root / build.context
        try:
            reads = analyse(root / build.dockerfile, build.target)
        except (IgnoregenError, OSError, ValueError):
            continue  # an unreadable build: init reports it, the model has nothing to read
        files = [
            p.relative_to(context).as_posix() for p in project_files(context, presets.skip_dirs)
        ]
        manifests = [p for p in files if p.rsplit("/", 1)[-1] in presets.manifests]
        go_files = [p for p in files if p.endswith(".go") and "/vendor/" not in p]
        total += len(find_needs(context, [reads], manifests, go_files, files=files, root=root))
    return total


def _human(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return str(size)


def main(argv: list[str]) -> int:
    chosen = argv or names()
    gaps = known_gaps()
    header = (
        f"{'repository':<48} {'builds':>6} {'needs':>6} {'expected':>8} {'misses':>6} "
        f"{'gaps':>5}  sent before -> after"
    )
    print(header)
    totals: Counter[str] = Counter()
    for name in chosen:
        fixture = load(name)
        with tempfile.TemporaryDirectory(prefix="ignoregen-counts-", dir=scratch_dir()) as tmp:
            root = lay_out(fixture, Path(tmp) / name.replace("__", "-"), laptop=True,
                           git=fixture.checkout)
            found = needs_found(fixture, root)
            misses, _, stats = examine(fixture, root)
        expected = sum(len(build.needs) for build in fixture.builds)
        missed = sum(not miss.debatable for miss in misses)
        listed = len(gaps.get(name, {}))
        row = {
            "builds": len(fixture.builds), "needs": found, "expected": expected,
            "misses": missed, "gaps": listed, "before": stats.before_bytes,
            "after": stats.after_bytes,
        }
        totals.update(row)
        print(
            f"{name:<48} {row['builds']:>6} {found:>6} {expected:>8} {missed:>6} {listed:>5}  "
            f"{_human(stats.before_bytes)} -> {_human(stats.after_bytes)}"
        )
    print(
        f"{'total (' + str(len(chosen)) + ' repositories)':<48} {totals['builds']:>6} "
        f"{totals['needs']:>6} {totals['expected']:>8} {totals['misses']:>6} "
        f"{totals['gaps']:>5}  {_human(totals['before'])} -> {_human(totals['after'])}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
