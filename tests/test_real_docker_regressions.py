"""Replay every recorded disagreement between Docker and ignoregen.

``tests/data/regressions.json`` holds minimal cases where a real engine and
ignoregen once disagreed, with the leaves the engine produced (``null``: the
build failed). Each case is checked against ignoregen without Docker, and,
when an engine answers, against Docker itself, so the record stays true for
the engine versions CI runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docker_engine import (
    Case,
    Engine,
    Outcome,
    assert_same,
    build_case,
    ignoregen_case,
    leaves_from_json,
    load_records,
    materialize,
)

DATA = Path(__file__).parent / "data" / "regressions.json"
RECORDS = load_records(DATA)


def params() -> list[Any]:
    return [pytest.param(record, id=f"{record['id']}-{record['builder']}") for record in RECORDS]


def expected(record: dict[str, Any]) -> Outcome:
    return Outcome(leaves_from_json(record["expected"]))


def test_records_are_well_formed() -> None:
    ids = [(record["id"], record["builder"]) for record in RECORDS]
    assert len(ids) == len(set(ids)), "duplicate id + builder"
    for record in RECORDS:
        assert record["builder"] in ("buildkit", "classic")
        assert record.get("note"), f"{record['id']}: say what the case shows"
        Case.from_json(record)


@pytest.mark.parametrize("record", params())
def test_ignoregen_matches_recorded_engine(
    record: dict[str, Any], tmp_path: Path, ignoregen_cli: None
) -> None:
    case = Case.from_json(record)
    materialize(case, tmp_path)
    # A failure that is not about the ignore file may be exit 1 or 2; a bad file is exit 2.
    codes = (1, 2) if "failure" in record else (2,)
    ours = ignoregen_case(case, tmp_path, record["builder"], failure_codes=codes)
    assert_same(expected(record), ours, f"{record['id']}: {record['note']}\n{case.describe()}")


@pytest.mark.docker
@pytest.mark.parametrize("record", params())
def test_engine_still_behaves_as_recorded(
    record: dict[str, Any], tmp_path: Path, docker_engine: Engine
) -> None:
    case = Case.from_json(record)
    materialize(case, tmp_path)
    reasons = (record["failure"],) if "failure" in record else ()
    got = build_case(
        docker_engine, record["builder"], case, tmp_path, expect_failure_reasons=reasons
    )
    header = f"{record['id']}: the engine changed its mind\n{case.describe()}"
    assert_same(expected(record), got, header, ("recorded", "engine now"))
