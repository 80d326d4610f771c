"""Replay the recorded Buildah cases: each way Buildah differs from Docker, and every
disagreement the Buildah differential tests ever found.

``tests/data/buildah-regressions.json`` holds the cases with the leaves Buildah produced
(``null``: the build failed). Each is checked against ignoregen without Buildah, and, when
Buildah can build, against Buildah itself, so the record stays true for the Buildah CI
runs.
"""

from __future__ import annotations

import concurrent.futures
from pathlib import Path
from typing import Any

import pytest
from buildah_engine import Buildah, build_case, case_arguments, ignoregen_many
from docker_engine import Case, Outcome, assert_same, leaves_from_json, load_records, materialize

DATA = Path(__file__).parent / "data" / "buildah-regressions.json"
RECORDS = load_records(DATA)


def expected(record: dict[str, Any]) -> Outcome:
    return Outcome(leaves_from_json(record["expected"]))


def laid_out(tmp_path: Path) -> list[tuple[dict[str, Any], Case, Path, tuple[str, ...]]]:
    out = []
    for record in RECORDS:
        case = Case.from_json(record)
        root = tmp_path / record["id"]
        materialize(case, root)
        out.append((record, case, root, tuple(record.get("args", ()))))
    return out


def test_records_are_well_formed() -> None:
    ids = [record["id"] for record in RECORDS]
    assert len(ids) == len(set(ids)), "duplicate id"
    for record in RECORDS:
        assert record.get("note"), f"{record['id']}: say what the case shows"
        Case.from_json(record)


def test_ignoregen_matches_recorded_buildah(tmp_path: Path, ignoregen_cli: None) -> None:
    laid = laid_out(tmp_path)
    jobs = [(root, ["ctx", *case_arguments(case), *args]) for _, case, root, args in laid]
    failures = []
    for (record, case, _, _), ours in zip(laid, ignoregen_many(jobs), strict=True):
        try:
            assert_same(expected(record), ours, f"{record['id']}: {record['note']}",
                        ("buildah", "ignoregen"))
        except pytest.fail.Exception as exc:
            failures.append(f"{exc}\n{case.describe()}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.mark.buildah
def test_buildah_still_behaves_as_recorded(tmp_path: Path, buildah_engine: Buildah) -> None:
    laid = laid_out(tmp_path)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(lambda job: build_case(buildah_engine, *job[1:]), laid))
    failures = []
    for (record, case, _, _), outcome in zip(laid, got, strict=True):
        try:
            assert_same(expected(record), outcome, f"{record['id']}: Buildah changed its mind",
                        ("recorded", "buildah now"))
        except pytest.fail.Exception as exc:
            failures.append(f"{exc}\n{case.describe()}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
