"""measure's walk of the written file is taken from pruning's last walk when the file's
rules are that walk's without rules that decided nothing (``Walks.sending``): it must send
what a walk with the file's own rules sends, and init must say the same as when each file's
rules are walked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_plan_walks import SAMPLES, monorepo  # noqa: F401  (the fixture)

from ignoregen.cli import cli
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import Rule, parse_bytes
from ignoregen.engine.records import Collect, ContextScan
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.plan import walks as plan_walks


def _run(root: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["init", "-C", str(root), "--dry-run", "--verbose"])
    return result.exit_code, result.stdout, result.stderr


def _checked(monkeypatch: pytest.MonkeyPatch, root: Path) -> tuple[int, int]:
    """init on ``root`` with each answer of ``sending`` compared with a walk of its own
    rules; how many were answered by a walk with other rules, of how many asked."""
    taken = asked = 0
    sending = plan_walks.Walks.sending

    def checked(self: plan_walks.Walks, setup: BuildSetup, rules: Sequence[Rule]) -> ContextScan:
        nonlocal taken, asked
        asked += 1
        found = sending(self, setup, rules)
        own = scan_context(setup, rules=tuple(rules), sizes=True, collect=Collect.ALL,
                           tar=False)
        if [(r.pattern, r.exception) for r in found.rules] != \
                [(r.pattern, r.exception) for r in rules]:
            taken += 1
        assert [(i.path, i.kind, i.size, i.files) for i in found.sent] == \
            [(i.path, i.kind, i.size, i.files) for i in own.sent]
        assert found.sent_totals == own.sent_totals
        assert [(p.path, p.message) for p in found.problems] == \
            [(p.path, p.message) for p in own.problems]
        return found

    with monkeypatch.context() as patch:
        patch.setattr(plan_walks.Walks, "sending", checked)
        fast = _run(root)
    with monkeypatch.context() as patch:
        patch.setattr(plan_walks, "FROM_EVIDENCE", False)
        assert _run(root) == fast
    return taken, asked


def test_monorepo_measure_from_pruning(
    monkeypatch: pytest.MonkeyPatch, monorepo: Path  # noqa: F811
) -> None:
    taken, _ = _checked(monkeypatch, monorepo)
    assert taken > 0  # (the walk is taken, not only asked for)


@pytest.mark.parametrize("sample", SAMPLES, ids=[path.name for path in SAMPLES])
def test_sample_measure_from_pruning(monkeypatch: pytest.MonkeyPatch, sample: Path) -> None:
    _checked(monkeypatch, sample)


_LISTS = [  # (with rules that match nothing here: 'zz', '!q/zz', '**/*.zzz')
    ["docs", "zz", "!docs/keep.md", "docs", "*.md", "!q/zz", "!README.md", "*.md"],
    ["**/tests", "a", "!a/tests/x", "**/*.zzz", "**/tests", "!**/keep*", "a/b", "a", "zz"],
    ["a/*", "!a/b", "!q/zz", "**/x*", "a/*", "!a/b/**/keep*", "b", "*.log", "**/*.zzz", "b"],
]


@pytest.mark.parametrize("patterns", _LISTS, ids=["docs", "tests", "wild"])
def test_idle_between_only_when_the_walk_is_the_same(tmp_path: Path, patterns: list[str]) -> None:
    """Every list of the rules with some left out that ``_idle_between`` accepts (rules
    that counted nowhere) sends what its own walk sends. (Not so a rule that a twin
    repeats later: in ['docs', '!docs/keep.md', 'docs'] the second 'docs' is skipped at
    docs, where the state is excluded already, so it does not match docs/keep.md through
    its directory, and docs/keep.md is sent; without the first 'docs' it is not.)"""
    for path in ["README.md", "x.md", "docs/keep.md", "docs/y.md", "docs/sub/keep1",
                 "a/b/keep2", "a/b/c", "a/tests/x", "a/tests/y", "a/c/xz", "b/z.log",
                 "b/tests/keep3", "c.log", "xa"]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(path)
    setup = BuildSetup(tmp_path, Builder.BUILDKIT, None, None)
    rules = parse_bytes("\n".join(patterns).encode(), ".dockerignore")
    full = scan_context(setup, rules=tuple(rules), sizes=True, collect=Collect.ALL,
                        evidence=True, tar=False)
    accepted = 0
    for mask in range(1 << len(rules)):
        sub = [rule for i, rule in enumerate(rules) if mask >> i & 1]
        if not plan_walks._idle_between(full, sub, frozenset()):
            continue
        accepted += 1
        own = scan_context(setup, rules=tuple(sub), sizes=True, collect=Collect.ALL,
                           tar=False)
        assert [(i.path, i.size, i.files) for i in own.sent] == \
            [(i.path, i.size, i.files) for i in full.sent], sub
    twin = patterns.index(patterns[-1])  # the first of the last rule's twins
    if full.counted is not None and full.counted >> twin & 1:
        assert not plan_walks._idle_between(full, rules[:twin] + rules[twin + 1:], frozenset())
    assert accepted >= 4  # (each subset of the two that match nothing, at least)
