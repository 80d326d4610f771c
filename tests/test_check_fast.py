"""``check`` takes short cuts at monorepo scale (issue #13): fix verification starts from the
check's own walk and reading of the builds and decides an edit that only adds exclusions
on the paths sent before; pulled paths are looked up per level; IG201 searches the sorted
sent paths; excluded trees whose category is settled are not listed. Each must give what
the slow path gives: every path recorded, every fix verified by walks of its own, every
source tested against every sent path. Compared on generated monorepos of a few thousand
entries (both benchmark shapes) and on every sample."""

from __future__ import annotations

import fnmatch
import importlib.util
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from slow_planner import use_slow_check

from ignoregen.build import discover as discovery
from ignoregen.build.discover import project_entries, project_files
from ignoregen.build.dockerfile import Source
from ignoregen.cli import cli
from ignoregen.commands import fix, fix_rules
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, find_setup
from ignoregen.lint import findings, pulled, root_only
from ignoregen.lint.findings import ContextFacts

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    path
    for path in [*(REPO / "samples").iterdir(), *(REPO / "samples" / "init").iterdir()]
    if path.is_dir() and path.name != "init"
)


def _treegen() -> Any:
    spec = importlib.util.spec_from_file_location("treegen", REPO / "bench" / "treegen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("treegen", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", params=["search", "sized"])
def tree(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp(f"bench-{request.param}")
    info = _treegen().ensure_tree(cache, entries=4000, log=lambda _: None, shape=request.param)
    return Path(info.root)


# -- the slow path ---------------------------------------------------------------------------


class WalkingVerifier(fix.Verifier):
    """Verification as it was: it finds and reads the builds itself, walks each context
    with a classifier, and walks again for every edit."""

    def __init__(self, root: Path, presets: Any, options: Any, *_: Any) -> None:
        super().__init__(root, presets, options)
        self.shortcut = False


def _slow_covering(sources: Iterable[Source]) -> Callable[[str], bool]:
    kept = tuple(sources)
    return lambda path: any(source.covers(path) for source in kept)


def _slow_sends(facts: ContextFacts, source: Source) -> bool:
    return any(source.covers(item.path) for item in facts.scan.sent)


def use_slow_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    use_slow_check(monkeypatch)  # every path recorded, excluded trees listed and sized
    monkeypatch.setattr(fix, "Verifier", WalkingVerifier)
    monkeypatch.setattr(pulled, "covering", _slow_covering)
    monkeypatch.setattr(findings, "_sends", _slow_sends)
    monkeypatch.setattr(
        discovery, "_DOCKERFILE_NAME",
        lambda name: any(fnmatch.fnmatchcase(name, g) for g in discovery.DOCKERFILE_GLOBS) or None,
    )
    monkeypatch.setattr(
        discovery, "_COMPOSE_NAME",
        lambda name: any(fnmatch.fnmatchcase(name, g) for g in discovery.COMPOSE_GLOBS) or None,
    )


def _both(monkeypatch: pytest.MonkeyPatch, root: Path) -> tuple[Any, Any]:
    args = ["check", "--format", "json", str(root)]
    fast = CliRunner().invoke(cli, args)
    with monkeypatch.context() as patch:
        use_slow_paths(patch)
        slow = CliRunner().invoke(cli, args)
    return (fast.exit_code, fast.stdout), (slow.exit_code, slow.stdout)


# -- the comparisons -------------------------------------------------------------------------


def test_check_on_generated_tree_same_as_slow_path(
    monkeypatch: pytest.MonkeyPatch, tree: Path
) -> None:
    fast, slow = _both(monkeypatch, tree)
    assert fast == slow
    assert fast[0] in (0, 1)


def test_check_with_fixes_same_as_slow_path(
    monkeypatch: pytest.MonkeyPatch, tree: Path, tmp_path: Path
) -> None:
    """A context that sends what fixes would stop sending: the fixes are verified (and
    some narrowed) both ways."""
    root = tree
    ignore = root / ".dockerignore"
    before = ignore.read_bytes()
    dockerfile = root / "Dockerfile"
    copies = dockerfile.read_bytes()
    # Send the dependency trees and logs again: IG104, IG301 with fixes to verify.
    kept = [line for line in before.decode().splitlines()
            if line.strip() not in ("**/node_modules", "*.log", ".venv")]
    try:
        ignore.write_text("\n".join([*kept, "node_modules", "*.log"]) + "\n")
        dockerfile.write_text("FROM scratch\nCOPY . /app\n")  # every path pulled
        fast, slow = _both(monkeypatch, root)
    finally:
        ignore.write_bytes(before)
        dockerfile.write_bytes(copies)
    assert fast == slow
    assert '"IG104"' in fast[1] or '"IG301"' in fast[1]


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.name for p in SAMPLES])
def test_check_on_samples_same_as_slow_path(
    monkeypatch: pytest.MonkeyPatch, sample: Path
) -> None:
    fast, slow = _both(monkeypatch, sample)
    assert fast == slow


_ADDED = ("**/*.log", "**/dist", "packages", "**/node_modules", "*.md", "services/*/src",
          "**/.env*", "**/tests", "**", ".", "*/*/src", "services/api", "?ackages/*i",
          "[p]ackages", "**/src/**/*.py")


@pytest.mark.parametrize("position", ["first", "last"])
def test_still_sent_is_what_a_walk_sends(tree: Path, position: str) -> None:
    """An added exclusion decided on the paths sent before, against a walk with it, on
    every context of the tree (with and without the ignore file's exceptions)."""
    setup = find_setup(tree, Builder.BUILDKIT)
    assert setup.ignore_file is not None
    base = fix._rules(setup.ignore_file.read_bytes(), ".dockerignore", Builder.BUILDKIT)
    for rules in (base, tuple(r for r in base if not r.exception), ()):
        sent = frozenset(
            item.path for item in scan_context(setup, rules=rules, collect=Collect.SENT).sent
        )
        for text in _ADDED:
            extra = Rule(text, False, ".dockerignore", 99, text)
            after = (extra, *rules) if position == "first" else (*rules, extra)
            assert fix_rules.only_excludes_more(rules, after)
            walked = frozenset(
                item.path for item in scan_context(setup, rules=after, collect=Collect.SENT).sent
            )
            assert fix_rules.still_sent(sent, after) == walked, (text, len(rules))
            changed = fix_rules.changed_by(rules, after)
            assert changed == (extra,)
            assert fix_rules.still_sent(sent, after, changed) == walked, (text, len(rules))
        for index, rule in enumerate(rules):
            if rule.exception or rule.pattern.startswith("**"):
                continue
            wider = Rule("**/" + rule.pattern, False, rule.source, rule.line, rule.text)
            after = (*rules[:index], wider, *rules[index + 1:])
            assert fix_rules.only_excludes_more(rules, after)
            walked = frozenset(
                item.path for item in scan_context(setup, rules=after, collect=Collect.SENT).sent
            )
            assert fix_rules.still_sent(sent, after) == walked, (rule.pattern, len(rules))
            changed = fix_rules.changed_by(rules, after)
            assert changed == (wider,)
            assert fix_rules.still_sent(sent, after, changed) == walked, rule.pattern
        for index, rule in enumerate(rules):  # an exception taken away
            if not rule.exception:
                continue
            after = (*rules[:index], *rules[index + 1:])
            assert fix_rules.only_excludes_more(rules, after)
            assert fix_rules.changed_by(rules, after) == (rule,)
            walked = frozenset(
                item.path for item in scan_context(setup, rules=after, collect=Collect.SENT).sent
            )
            assert fix_rules.still_sent(sent, after) == walked, (rule.pattern, len(rules))
            assert fix_rules.still_sent(sent, after, (rule,)) == walked, rule.pattern


def test_only_excludes_more() -> None:
    def rules(*texts: str) -> tuple[Rule, ...]:
        return tuple(
            Rule(t.lstrip("!"), t.startswith("!"), "f", i, t) for i, t in enumerate(texts, 1)
        )

    assert fix_rules.only_excludes_more(rules("a", "!b"), rules("a", "x", "!b", "y"))
    assert fix_rules.only_excludes_more(rules(), rules("x"))
    assert not fix_rules.only_excludes_more(rules("a", "!b"), rules("a", "!b", "!c"))
    assert fix_rules.only_excludes_more(rules("a", "!b"), rules("a"))  # !b taken away
    assert fix_rules.changed_by(rules("a", "!b", "!c"), rules("a", "!c")) == rules("a", "!b")[1:]
    assert fix_rules.changed_by(rules("a", "!b"), rules("a", "x", "!b")) == rules("a", "x")[1:]
    assert fix_rules.changed_by(rules("a", "!b", "!c"), rules("a", "x")) == \
        rules("a", "x")[1:] + rules("a", "!b", "!c")[1:]
    assert fix_rules.changed_by(rules("a", "!b"), rules("**/a", "!b")) == rules("**/a")
    assert fix_rules.changed_by(rules("a", "!b"), rules("!b", "a")) is None
    assert fix_rules.only_excludes_more(rules("**", "!p", "!p/q"), rules("**", "!p", "x"))
    assert not fix_rules.only_excludes_more(rules("a", "!b", "!c"), rules("a", "x", "!c", "!b"))
    assert not fix_rules.only_excludes_more(rules("a", "!b"), rules("!b", "a"))
    assert fix_rules.only_excludes_more(rules("a", "!b"), rules("**/a", "!b"))
    assert not fix_rules.only_excludes_more(rules("a", "!b"), rules("a", "!**/b"))
    assert not fix_rules.only_excludes_more(rules("**/a"), rules("a"))
    assert not fix_rules.only_excludes_more(rules("a"), rules("b/a"))


def test_project_entries_are_project_files(tree: Path) -> None:
    skip = {"node_modules", ".git"}
    assert [Path(text) for text, _ in project_entries(tree, skip)] == list(
        project_files(tree, skip)
    )
    names = {name for _, name in project_entries(tree, ())}
    assert names
    for name in names:
        assert (discovery._DOCKERFILE_NAME(name) is not None) == any(
            fnmatch.fnmatchcase(name, g) for g in discovery.DOCKERFILE_GLOBS
        )
        assert (discovery._COMPOSE_NAME(name) is not None) == any(
            fnmatch.fnmatchcase(name, g) for g in discovery.COMPOSE_GLOBS
        )


def test_entries_below_are_what_a_listing_gives(tree: Path) -> None:
    """The files below a context, taken from the listing of the root, for every directory
    of the tree: the same, in the same order, as a listing of that directory; or None."""
    skip = {"node_modules", ".git", ".venv"}
    listing = list(project_entries(tree, skip))
    taken = 0
    for directory in [tree, *(p for p in tree.rglob("*") if p.is_dir())]:
        below = discovery.entries_below(listing, tree, directory, skip)
        if below is None:
            relative = directory.relative_to(tree).parts
            assert directory.is_symlink() or any(
                part in skip for part in relative
            ) or any(p.is_symlink() for p in directory.parents if p.is_relative_to(tree))
            continue
        taken += 1
        assert below == list(project_entries(directory, skip)), directory
    assert taken > 50
    assert discovery.entries_below(listing, tree / "services", tree.parent, skip) is None


def test_decide_many_is_decide(tree: Path) -> None:
    """decide_many lets a name no quick test lets a pattern match inherit its directory's
    decision: the same decisions as :meth:`Matcher.decide` one path at a time, for the
    presets' matchers (secrets, markers) and ignore rules with exceptions and globs."""
    from ignoregen.engine.matcher import Matcher
    from ignoregen.knowledge.preset import load_presets

    presets = load_presets()
    paths = sorted(
        path.relative_to(tree).as_posix() for path in tree.rglob("*")
    )
    assert len(paths) > 3000
    base = fix._rules((tree / ".dockerignore").read_bytes(), ".dockerignore", Builder.BUILDKIT)
    extra = [Rule(t.lstrip("!"), t.startswith("!"), "f", i, t) for i, t in enumerate(
        ["**/*.log", "services/*/src", "!services/api/src/**", "packages/**/dist", "*/.env*",
         "!**/README.md", "**/x[0-9]*.py", "**/tests/**/*.json"], 1)]
    matchers = [
        findings.secret_matcher(presets),
        Matcher(base),
        Matcher([*base, *extra]),
        Matcher(extra),
        *(Matcher([marker.rule for marker in preset.markers])
          for preset in presets.presets if preset.markers),
    ]
    for matcher in matchers:
        many = matcher.decide_many(paths)
        for path in paths:
            assert many[path] == matcher.decide(path), (path, matcher.rules)
        assert matcher.excluded_many(paths) == [p for p in paths if many[p].excluded]
        assert matcher.decide_many(reversed(paths)) == many
        assert matcher.decide_many(p for p in paths if p.count("/") > 2) == {
            p: many[p] for p in paths if p.count("/") > 2
        }
        assert matcher.excluded_many([*paths[:50], *paths[:50]]) == [
            p for p in [*paths[:50], *paths[:50]] if many[p].excluded
        ]


@pytest.mark.parametrize("split", [(1, 64, 32), (2, 4, 2), (3, 3, 1)])
def test_parallel_check_same_as_one_process(
    monkeypatch: pytest.MonkeyPatch, tree: Path, split: tuple[int, int, int]
) -> None:
    """check's walk shared out over worker processes (subtrees, shares of wide directories,
    excluded trees sized in workers): the same findings, fixes and hints as in one process,
    in every format, with and without the fixes to verify of the test above."""
    from ignoregen.commands import check
    from ignoregen.engine.pool import SplitPolicy

    policy = SplitPolicy(depth=split[0], wide=split[1], share=split[2], min_tasks=1)
    walked: list[int] = []

    def scan_split(*args: Any, **kwargs: Any) -> Any:
        walked.append(kwargs.get("workers", 1))
        return scan_context(*args, **kwargs, split=policy)

    monkeypatch.setattr(check, "scan_context", scan_split)
    ignore = tree / ".dockerignore"
    before = ignore.read_bytes()
    kept = [line for line in before.decode().splitlines()
            if line.strip() not in ("**/node_modules", "*.log", ".venv")]
    try:
        for text in (before, ("\n".join([*kept, "node_modules", "*.log"]) + "\n").encode()):
            ignore.write_bytes(text)
            for fmt in ("json", "text", "sarif"):
                args = ["check", "--format", fmt, str(tree)]
                one = CliRunner().invoke(cli, [*args, "-j", "1"])
                two = CliRunner().invoke(cli, [*args, "-j", "2"])
                assert (two.exit_code, two.stdout) == (one.exit_code, one.stdout)
                assert one.exit_code in (0, 1)
    finally:
        ignore.write_bytes(before)
    assert 2 in walked
    assert 1 in walked


def test_root_only_by_name_is_root_only(tree: Path) -> None:
    """IG301's search visits only the entries whose names a widened pattern's quick tests
    admit: the same paths as visiting every sent entry, for root-only patterns of names,
    suffixes, prefixes and globs, in both shapes of the tree and with every path sent."""
    from ignoregen.knowledge.classify import Classifier
    from ignoregen.knowledge.preset import load_presets

    presets = load_presets()
    setup = find_setup(tree, Builder.BUILDKIT)
    texts = ["dist", "coverage", "*.md", "*.log", "node_modules", "README*", "*.py[co]",
             "__pycache__", ".env*", "*/tests", "src", "index.?s", "*", "x"]
    rules = tuple(Rule(t, False, ".dockerignore", i, t) for i, t in enumerate(texts, 1))
    for ignore in (rules[:2], ()):
        scan = scan_context(setup, rules=ignore, collect=Collect.ALL, sizes=True)
        facts = ContextFacts(".", None, ".", scan, Classifier(presets), presets)
        assert len(scan.sent) > 1000
        for rule in rules:
            slow = root_only._root_only(rule, scan, None, facts.sent_ordered)
            assert root_only._root_only(rule, scan, None, facts.sent_ordered, facts) == slow
