"""Differential tests: random contexts built by a real Docker engine versus ``ignoregen ls``.

Each example is a small batch of random cases (tree + ``.dockerignore``, the
Dockerfile outside the context). Docker's result and ignoregen's must be the
same leaves, or both must fail. A fresh seed is used on every run, so each CI
run explores new cases (about 200 per builder); a failure prints the case
(shrunk, outside CI), a ready-made regression record for
``tests/data/regressions.json`` and the ``@reproduce_failure`` blob. Re-run
with ``--hypothesis-seed=N`` to repeat a run, and set ``IGNOREGEN_FUZZ_SCALE``
(default 1) to run more or fewer examples.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from docker_engine import (
    BUILDKIT,
    CLASSIC,
    Case,
    Engine,
    assert_same,
    compare_cases,
    materialize,
)
from docker_strategies import cases
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("IGNOREGEN_FUZZ_SCALE", "1"))
# Shrinking costs a Docker build per step (minutes): off in CI, where the raw
# failing case is printed, on elsewhere unless IGNOREGEN_FUZZ_SHRINK=0.
_CI = os.environ.get("CI", "").lower() == "true"
SHRINK = os.environ.get("IGNOREGEN_FUZZ_SHRINK", "0" if _CI else "1") != "0"
BATCH = (3, 12)  # cases per example, at least and at most


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        derandomize=False,
        database=None,
        print_blob=True,
        phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def check(engine: Engine, builder: str, batch: list[Case]) -> None:
    root = Path(tempfile.mkdtemp(prefix=f"fuzz-{builder}-", dir=engine.workdir))
    mismatches = compare_cases(engine, builder, batch, root)
    if mismatches:
        pytest.fail("\n\n".join(mismatch.report() for mismatch in mismatches[:3]), pytrace=False)


@pytest.mark.docker
@fuzz_settings(examples=40)
@given(batch=st.lists(cases(), min_size=BATCH[0], max_size=BATCH[1]))
def test_buildkit_sends_what_ignoregen_lists(
    batch: list[Case], docker_engine: Engine, ignoregen_cli: None
) -> None:
    check(docker_engine, BUILDKIT, batch)


@pytest.mark.docker
@fuzz_settings(examples=34)
@given(batch=st.lists(cases(), min_size=BATCH[0], max_size=BATCH[1]))
def test_classic_builder_sends_what_ignoregen_lists(
    batch: list[Case], docker_engine: Engine, ignoregen_cli: None
) -> None:
    check(docker_engine, CLASSIC, batch)


@pytest.mark.docker
@fuzz_settings(examples=3)
@given(batch=st.lists(cases(), min_size=2, max_size=8))
def test_named_context_batches_equal_single_builds(
    batch: list[Case], docker_engine: Engine
) -> None:
    """The batching trick itself: ``--build-context cN=DIR`` sees what ``docker build DIR`` sees."""
    root = Path(tempfile.mkdtemp(prefix="batch-", dir=docker_engine.workdir))
    laid = [materialize(case, root / f"case{i}") for i, case in enumerate(batch)]
    together = docker_engine.buildkit_many([context for context, _ in laid])
    for case, (context, dockerfile), batched in zip(batch, laid, together, strict=True):
        alone = docker_engine.buildkit(context, dockerfile)
        assert_same(alone, batched, case.describe(), ("alone", "batched"))
