"""``init`` shares its walks and judges idle rules from the walk's evidence: it must say and
write exactly what the planner that walks for every question says (tests/slow_planner.py),
on a generated monorepo of a few thousand entries and on every sample."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from slow_planner import slow_prune, use_slow_check, use_slow_planner

from ignoregen.cli import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.plan import planner
from ignoregen.plan import walks as plan_walks
from ignoregen.plan.planner import PlannedRule
from ignoregen.render.init import SHOWN_CATEGORIES

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    path
    for path in [*(REPO / "samples").iterdir(), *(REPO / "samples" / "init").iterdir()]
    if path.is_dir() and path.name not in {"init", "check"}
)


def _treegen() -> Any:
    spec = importlib.util.spec_from_file_location("treegen", REPO / "bench" / "treegen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("treegen", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("bench")
    return Path(_treegen().ensure_tree(cache, entries=3000, log=lambda _: None).root)


def _outputs(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", "-C", str(root), "--dry-run", *args])
    return result.exit_code, result.stdout, result.stderr


def _compare(monkeypatch: pytest.MonkeyPatch, root: Path, *args: str) -> None:
    fast = _outputs(root, *args)
    with monkeypatch.context() as patch:
        use_slow_planner(patch)
        slow = _outputs(root, *args)
    assert fast == slow


@pytest.mark.parametrize("verbose", [(), ("--verbose",)], ids=["summary", "verbose"])
def test_monorepo_same_as_slow_planner(
    monkeypatch: pytest.MonkeyPatch, monorepo: Path, verbose: tuple[str, ...]
) -> None:
    _compare(monkeypatch, monorepo, *verbose)


def test_monorepo_written_file_is_kept(
    monkeypatch: pytest.MonkeyPatch, monorepo: Path, tmp_path: Path
) -> None:
    """After a real run, with ignoregen's block and the user's lines in the files."""
    root = tmp_path / "repo"
    shutil.copytree(monorepo, root, symlinks=True)
    assert CliRunner().invoke(cli, ["init", "-C", str(root)]).exit_code == 0
    _compare(monkeypatch, root)


@pytest.mark.parametrize("sample", SAMPLES, ids=[path.name for path in SAMPLES])
def test_sample_same_as_slow_planner(monkeypatch: pytest.MonkeyPatch, sample: Path) -> None:
    _compare(monkeypatch, sample, "--verbose")


def _tree(root: Path, *paths: str) -> BuildSetup:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x")
    return BuildSetup(root, Builder.BUILDKIT, None, None)


def _walks_counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    walks: list[int] = []
    original = scan_context

    def counting(*args: Any, **kwargs: Any) -> Any:
        walks.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(plan_walks, "scan_context", counting)
    return walks


@pytest.mark.parametrize(
    ("patterns", "expected", "walks"),
    [
        # Nothing for **/*.pyc to count in: dropped without walking again.
        (["d", "**/*.pyc", "**/*.log"], ["d", "**/*.log"], 1),
        # The exception and the last rule decide d/.env.example, but the walk folds it into
        # d: the last rule is needed (without it the file is sent: decided again, then
        # walked to be sure), the exception is not (the file, decided again without it,
        # stays excluded: no walk).
        (["d", "!**/.env.example", "**/.env.example"], ["d", "**/.env.example"], 2),
        # Without x.txt the exception decides nothing (x.txt is sent either way, but no
        # longer by the exception's decision), and then goes too: a walk tells.
        (["x.txt", "!x.txt"], [], 2),
        # a/b would be excluded by a/b, but the later a, which a/b inherits, sets the same
        # state again: a/b goes without a walk.
        (["a/b", "a"], ["a"], 1),
        # On a directory with nothing after them that it inherits, the rules are walked.
        (["d", "!**/e", "**/e"], ["d", "**/e"], 3),
    ],
)
def test_prune_truth_table(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    patterns: list[str],
    expected: list[str],
    walks: int,
) -> None:
    setup = _tree(
        tmp_path, "d/.env.example", "d/other", "d/e/f", "src/main.py", "src/debug.log", "x.txt",
        "a/b/f", "a/c",
    )
    chosen = [PlannedRule(pattern, None, "") for pattern in patterns]
    slow = slow_prune(setup, list(chosen), (), (), frozenset())
    walked = _walks_counted(monkeypatch)
    fast = planner._prune(setup, list(chosen), (), (), frozenset())
    assert [rule.pattern for rule in fast] == [rule.pattern for rule in slow] == expected
    assert len(walked) == walks


@pytest.mark.parametrize(
    ("patterns", "expected", "walks"),
    [
        # d is searched for the wildcard exception and holds no .env.example: the walk
        # probes it and decides none of its entries, so **/*.pyc (which only d/x.pyc
        # matches) counts nowhere and goes without a walk, as the exception does.
        (["d", "!**/.env.example", "**/*.pyc"], ["d"], 1),
        # Here the exception may re-include d/.env: d is walked entry by entry,
        # and the last rule, which excludes it again, is needed.
        (["d", "!**/.env", "**/.env"], ["d", "**/.env"], 2),
    ],
)
def test_prune_with_probed_directories(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    patterns: list[str],
    expected: list[str],
    walks: int,
) -> None:
    setup = _tree(tmp_path, "d/x.pyc", "d/other", "d/.env", "d/e/f.pyc", "src/main.py")
    chosen = [PlannedRule(pattern, None, "") for pattern in patterns]
    slow = slow_prune(setup, list(chosen), (), (), frozenset())
    walked = _walks_counted(monkeypatch)
    fast = planner._prune(setup, list(chosen), (), (), frozenset())
    assert [rule.pattern for rule in fast] == [rule.pattern for rule in slow] == expected
    assert len(walked) == walks


@pytest.mark.parametrize(
    ("patterns", "theirs", "expected", "walks"),
    [
        # outline: the block keeps a file for a build ('!src/a.test.ts') that the user's
        # own later '**/*.test.ts' excludes all the same. Without the exception the file
        # stays excluded, decided by the block's '**/*.test.ts' now (BuildKit then skips
        # the user's): no walk for it, and that rule decides something from then on.
        (["**/*.test.ts", "!src/a.test.ts", "!src/b.test.ts"], ["**/*.test.ts"],
         ["**/*.test.ts"], 1),
        # Where the entry's directory is excluded, the walk records that directory instead
        # of the entry without the exception (here the exception counts nowhere: it goes).
        (["src", "!src/a.test.ts"], ["**/*.test.ts"], ["src"], 1),
    ],
)
def test_prune_under_the_users_lines(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    patterns: list[str],
    theirs: list[str],
    expected: list[str],
    walks: int,
) -> None:
    setup = _tree(tmp_path, "src/a.test.ts", "src/b.test.ts", "src/main.ts", "lib/c.test.ts")
    chosen = [PlannedRule(pattern, None, "") for pattern in patterns]
    user = parse_bytes("\n".join(theirs).encode(), ".dockerignore")
    slow = slow_prune(setup, list(chosen), user, (), frozenset())
    walked = _walks_counted(monkeypatch)
    fast = planner._prune(setup, list(chosen), user, (), frozenset())
    assert [rule.pattern for rule in fast] == [rule.pattern for rule in slow] == expected
    assert len(walked) == walks


def test_summary_is_bounded_and_verbose_is_whole(monorepo: Path) -> None:
    """A line per need and at most SHOWN_CATEGORIES categories (and one line for the rest)
    per file; --verbose names every kept path and every category."""
    _, _, short = _outputs(monorepo)
    _, _, full = _outputs(monorepo, "--verbose")
    kept_short = [line for line in short.splitlines() if line.startswith("  kept: ")]
    kept_full = [line for line in full.splitlines() if line.startswith("  kept: ")]
    assert len(kept_short) < len(kept_full)
    # "  kept: <path>: <reason> (<where it is said>)"
    reasons = {line.split(": ", 2)[2].rsplit(" (", 1)[0] for line in kept_full}
    for reason in reasons:
        assert any(reason in line for line in kept_short), reason
    for block in short.split("\n  by category")[1:]:
        rows = [line for line in block.splitlines()[1:] if line.startswith("    ")]
        assert len(rows) <= SHOWN_CATEGORIES + 1
    assert "more categories" in short
    assert "more categories" not in full
    assert len(short.splitlines()) < len(full.splitlines())


HEAVY = (
    "Dockerfile", "package.json", "node_modules/left-pad/index.js", ".git/HEAD",
    ".venv/lib/site.py", "web/node_modules/react/index.js", "src/app.py",
)


@pytest.mark.parametrize(
    "sample", ["monorepo", "heavy", *SAMPLES], ids=["monorepo", "heavy", *(p.name for p in SAMPLES)]
)
def test_check_same_as_recording_every_path(
    monkeypatch: pytest.MonkeyPatch, monorepo: Path, tmp_path: Path, sample: Path | str
) -> None:
    """Also on a context that sends its dependencies, virtualenv and .git (IG103, IG104)."""
    if sample == "heavy":
        _tree(tmp_path, *HEAVY)
        (tmp_path / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    root = monorepo if sample == "monorepo" else tmp_path if sample == "heavy" else Path(sample)
    args = ["check", "--format", "json", str(root)]
    fast = CliRunner().invoke(cli, args)
    with monkeypatch.context() as patch:
        use_slow_check(patch)
        slow = CliRunner().invoke(cli, args)
    assert (fast.exit_code, fast.stdout) == (slow.exit_code, slow.stdout)
    assert fast.exit_code in (0, 1)
    if sample == "heavy":
        assert '"IG103"' in fast.stdout
        assert '"IG104"' in fast.stdout


def _same_scan(fast: Any, slow: Any) -> None:
    assert sorted(fast.sent) == sorted(slow.sent)
    assert sorted(fast.ignored) == sorted(slow.ignored)
    assert (fast.sent_totals, fast.ignored_totals, fast.tar_bytes) == (
        slow.sent_totals, slow.ignored_totals, slow.tar_bytes
    )
    assert (fast.problems, fast.counted) == (slow.problems, slow.counted)


@pytest.mark.parametrize(
    ("patterns", "searched"),
    [
        # A wildcard exception: every excluded directory is searched.
        (["**/node_modules", ".venv", ".git", "!**/.env.example", "**/__pycache__"], True),
        # Only sized: no exception reaches the excluded trees.
        (["**/node_modules", ".venv", ".git", "**/*.md", "!README.md"], False),
        # A literal exception below an excluded directory.
        (["services", "!services/api", "services/api/tests", "**/dist"], True),
    ],
)
def test_listings_answer_as_the_file_system(
    monkeypatch: pytest.MonkeyPatch, monorepo: Path, patterns: list[str], searched: bool
) -> None:
    """Walks that take the file system's answers from Listings (each directory listed and
    each excluded tree sized once per init run), and that probe the excluded directories
    they search before recording them entry by entry, record exactly what fresh walks
    that record every entry record, whatever order the walks come in and whatever they
    collect."""
    from ignoregen.engine import walk
    from ignoregen.engine.dockerignore import parse_line
    from ignoregen.engine.listing import Listings
    from ignoregen.engine.records import Collect

    probed: list[str] = []
    probe = walk._Walker._probe

    def counting(self: Any, absolute: str, relative: str, *rest: Any) -> bool:
        probed.append(relative)
        return bool(probe(self, absolute, relative, *rest))

    def every_entry(
        self: Any, absolute: str, relative: str, vector: int, live: int, decider: int
    ) -> bool:
        return bool(self._walk_dir(absolute, relative, vector, live, True, decider, None, True))

    def fresh(**kwargs: Any) -> Any:
        with monkeypatch.context() as patch:
            patch.setattr(walk._Walker, "_probe", every_entry)
            return scan_context(setup, **kwargs)

    monkeypatch.setattr(walk._Walker, "_probe", counting)
    from ignoregen.knowledge.classify import Classifier
    from ignoregen.knowledge.preset import load_presets

    setup = BuildSetup(monorepo, Builder.BUILDKIT, None, None)
    rule_sets = [
        tuple(rule for i, p in enumerate(patterns[:n]) if (rule := parse_line(p, "t", i)))
        for n in (len(patterns), 0, 2, len(patterns) - 1)
    ]
    listings = Listings()
    presets = load_presets()
    for rules in [*rule_sets, *rule_sets]:
        for collect in (Collect.ALL, Collect.SENT, Collect.NOTHING):
            evidence = collect is Collect.ALL
            fast = scan_context(setup, rules=rules, sizes=True, collect=collect,
                                evidence=evidence, listings=listings)
            slow = fresh(rules=rules, sizes=True, collect=collect, evidence=evidence)
            _same_scan(fast, slow)
            if collect is Collect.ALL:
                # Probing, as init's walks over its candidates do (no evidence there).
                fast = scan_context(setup, rules=rules, sizes=True, collect=collect,
                                    listings=listings)
                _same_scan(fast, fresh(rules=rules, sizes=True, collect=collect))
        fast_classifier, slow_classifier = Classifier(presets), Classifier(presets)
        fast_classifier.listings = listings  # as init's walks: excluded trees sized from them
        fast = scan_context(setup, rules=rules, sizes=True, observer=fast_classifier,
                            collect=Collect.SENT, listings=listings)
        slow = fresh(rules=rules, sizes=True, observer=slow_classifier, collect=Collect.SENT)
        _same_scan(fast, slow)
        assert fast_classifier.result() == slow_classifier.result()
    assert listings.listings
    assert listings.sizes
    # An excluded directory searched for what an exception may re-include is probed first.
    assert bool(probed) == searched


def test_listings_report_an_unreadable_directory_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A directory that could not be listed is reported by every walk that reads it, as
    the file system would report it each time."""
    from ignoregen.engine import walk
    from ignoregen.engine.listing import Listings
    from ignoregen.engine.records import Problem

    setup = _tree(tmp_path, "a/b/file", "c/file")
    broken = f"{tmp_path}/a/b"
    real = walk._Walker._list

    def failing(self: Any, absolute: str, relative: str, share: Any) -> Any:
        if absolute == broken:
            self.scan.problems.append(
                Problem(relative, "cannot read directory: Permission denied", True)
            )
            return None
        return real(self, absolute, relative, share)

    listings = Listings()
    with monkeypatch.context() as patch:
        patch.setattr(walk._Walker, "_list", failing)
        first = scan_context(setup, sizes=True, rules=(), listings=listings)
    second = scan_context(setup, sizes=True, rules=(), listings=listings)
    assert first.problems == second.problems == [
        Problem("a/b", "cannot read directory: Permission denied", True)
    ]
    assert sorted(first.sent) == sorted(second.sent)


@pytest.mark.parametrize(
    "patterns",
    [
        ["**/node_modules", ".venv", ".git", "!**/.env.example", "**/__pycache__", "**/*.md"],
        ["services", "!services/api", "services/api/tests", "**/dist", "!**/dist/keep"],
        ["*", "!services", "!packages/*/src", "**/*.test.ts"],
        [],
    ],
)
def test_walk_recording_only_what_rules_decide(monorepo: Path, patterns: list[str]) -> None:
    """init's passes over its candidates record, of the sent entries, only those a rule
    decides: the same entries, in the same order, as a walk recording everything, with the
    same totals."""
    from ignoregen.engine.dockerignore import parse_line
    from ignoregen.engine.listing import Listings
    from ignoregen.engine.records import Collect

    setup = BuildSetup(monorepo, Builder.BUILDKIT, None, None)
    rules = tuple(rule for i, p in enumerate(patterns) if (rule := parse_line(p, "t", i)))
    full = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL)
    for listings in (None, Listings(), Listings()):
        lean = scan_context(setup, rules=rules, sizes=True, collect=Collect.ALL,
                            decided_only=True, listings=listings)
        assert lean.sent == [item for item in full.sent if item.rule >= 0]
        assert lean.ignored == full.ignored
        assert (lean.sent_totals, lean.ignored_totals, lean.tar_bytes, lean.problems) == (
            full.sent_totals, full.ignored_totals, full.tar_bytes, full.problems
        )
    if patterns[:1] == ["services"]:  # most of the context is sent by no rule
        assert any(item.rule >= 0 for item in full.sent)  # re-included by the exception
        assert len(lean.sent) < len(full.sent)
    with pytest.raises(ValueError, match="decided_only"):
        scan_context(setup, rules=rules, collect=Collect.ALL, decided_only=True, workers=2)
