"""How often ``ignoregen check`` is right on real repositories (issue #12's harness).

For every fixture of ``tests/corpus``, ``check`` runs on the clean checkout and on the
developer's machine (see :mod:`corpus_check`); each warning and error must have a verdict
in the fixture's ``verdicts.toml``, written by reading the repository. The test fails on a
finding without a verdict (it prints the entries to fill in and paste) and on a verdict
that matches no finding any more (the finding went away: remove the verdict).

Precision (true / (true + false)) and the number of false errors are a ratchet: they must
equal the floor recorded in ``tests/corpus/check_precision.toml``. Worse fails; better
fails too, asking for the floor to be raised, so that a gain is never given back.
The figures are printed in the terminal summary, beside issue #12's target.

``IGNOREGEN_VERDICTS=append`` appends the entries of unjudged findings to each fixture's
verdicts.toml, with ``TODO`` in place of the verdict and the reason: the test then fails
until each is judged (by reading the repository) and filled in.
"""

from __future__ import annotations

import os

import pytest
from corpus import CORPUS, load, names
from corpus_check import (
    FLOOR_FILE,
    HEADER,
    RESULTS,
    VERDICT_FILE,
    Found,
    Verdict,
    findings,
    judge,
    load_verdicts,
    precision,
    read_floor,
    suggestions,
    totals,
)

NAMES = names()


@pytest.mark.parametrize("name", NAMES)
def test_verdicts_are_well_formed(name: str) -> None:
    load_verdicts(name)  # raises on a bad entry


@pytest.mark.parametrize("name", NAMES)
def test_every_finding_has_a_verdict(name: str) -> None:
    found = findings(load(name))
    result = judge(name, found, load_verdicts(name))
    RESULTS[name] = result
    problems = [f"stale verdict {verdict.label()}: {how}" for verdict, how in result.stale]
    if result.unjudged and os.environ.get("IGNOREGEN_VERDICTS") == "append":
        path = CORPUS / name / VERDICT_FILE
        before = path.read_text(encoding="utf-8") if path.is_file() else HEADER
        path.write_text(before.rstrip("\n") + "\n\n" + suggestions(result), encoding="utf-8")
    if result.unjudged:
        problems.append(
            f"{len(result.unjudged)} findings without a verdict; read the repository, then "
            f"add to tests/corpus/{name}/{VERDICT_FILE}:\n\n{suggestions(result)}"
        )
    assert not problems, "\n".join(problems)


def test_precision_floor() -> None:
    """Overall precision and false errors equal the recorded floor (a ratchet)."""
    for name in NAMES:
        if name not in RESULTS:
            RESULTS[name] = judge(name, findings(load(name)), load_verdicts(name))
    results = list(RESULTS.values())
    value = precision(totals(results))
    false_errors = totals(results, severity="error")["false"]
    floor = read_floor()
    now = f"precision = {value or 0.0:.1f}\nfalse_errors = {false_errors}"
    where = FLOOR_FILE.relative_to(CORPUS.parent.parent)
    assert value is not None
    shown = round(value, 1)
    worse = shown < floor["precision"] or false_errors > floor["false_errors"]
    better = shown > floor["precision"] or false_errors < floor["false_errors"]
    assert not worse, f"check got worse on the corpus than {where} records:\n{now}"
    assert not better, f"check got better: raise the floor in {where} to\n{now}"


def _found(view: str, rule: str = "IG101", subject: str = ".env") -> Found:
    return Found(view, ".dockerignore", rule, subject, "error", f"{subject}: a secret", None)


def _verdict(view: str, verdict: str = "false", subject: str = ".env") -> Verdict:
    return Verdict(view, ".dockerignore", "IG101", subject, verdict, "a template")


def test_judge_matches_views_and_finds_stale_verdicts() -> None:
    """The harness itself: a ``both`` verdict covers each view, one view's finding that
    went away makes the verdict stale, an unjudged finding gets an entry to paste."""
    both = judge("x", [_found("checkout"), _found("laptop")], [_verdict("both")])
    assert not both.unjudged
    assert not both.stale
    assert both.counts() == {"true": 0, "false": 2, "debatable": 0}
    assert both.counts("laptop", "error") == {"true": 0, "false": 1, "debatable": 0}
    half = judge("x", [_found("laptop")], [_verdict("both")])
    assert [how for _, how in half.stale] == [
        "no longer found in the checkout view: change its view to 'laptop'"
    ]
    gone = judge("x", [], [_verdict("laptop", subject=".env.example")])
    assert [how for _, how in gone.stale] == ["matches no finding any more: remove it"]
    new = judge("x", [_found("checkout"), _found("laptop")], [])
    entry = suggestions(new)
    assert entry.count("[[finding]]") == 1
    assert 'view = "both"' in entry
    assert precision({"true": 9, "false": 1, "debatable": 5}) == 90.0
    assert precision({"true": 0, "false": 0, "debatable": 5}) is None
