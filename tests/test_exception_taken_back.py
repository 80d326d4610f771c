"""An exception that a later category's rule takes back is moved after that rule.

kyverno/kyverno builds no image from a Dockerfile (ko does), so init plans the root as a
guess, where the tests may run: ``test/integration/gpol/sync_test.go`` reads
``testdata/sync-modify-source/source.yaml``. base.tests' ``test`` got the exception
``!test/integration/gpol/testdata`` for it, and go.tests' ``**/testdata``, written after it,
excluded the directory again. The walk saw ``test`` excluded whole and put it down to the
first rule, which had its exception already: no pass added another, and init stopped with
"would be excluded although the build needs it" (exit 2)."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

from ignoregen.plan.protect import taken_back_last


def test_init_keeps_fixtures_a_later_rule_would_take_back(tmp_path: Path) -> None:
    tree(tmp_path, {
        "go.mod": "module example.com/k\n\ngo 1.22\n",
        "pkg/a/a.go": "package a\n\nfunc A() {}\n",
        "pkg/a/testdata/x.json": "{}\n",
        "test/integration/gpol/sync_test.go": (
            'package gpol\n\nimport "testing"\n\nfunc TestSync(t *testing.T) {\n'
            '\tload(t, "testdata/sync-modify-source/source.yaml")\n'
            '\tload(t, "testdata/sync-modify-source/policy.yaml")\n}\n'),
        "test/integration/gpol/testdata/sync-modify-source/source.yaml": "kind: Secret\n",
        "test/integration/gpol/testdata/sync-modify-source/policy.yaml": "kind: Policy\n",
    })
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    written = (tmp_path / ".dockerignore").read_text()
    assert sent(tmp_path, "test/integration/gpol/testdata/sync-modify-source/source.yaml"), \
        written
    assert sent(tmp_path, "test/integration/gpol/testdata/sync-modify-source/policy.yaml")
    assert written.index("**/testdata") < written.index("!test/integration/gpol/testdata")


class _Line:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern


def test_only_exceptions_taken_back_move() -> None:
    lines = [_Line(text) for text in ("**/test", "!test/a/testdata", "!docs/keep.md", "docs",
                                      "**/testdata", "*.log", "!b.log")]
    moved = [line.pattern for line in taken_back_last(lines)]
    assert moved == ["**/test", "docs", "!docs/keep.md", "**/testdata", "!test/a/testdata",
                     "*.log", "!b.log"]
