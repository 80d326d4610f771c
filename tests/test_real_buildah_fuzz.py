"""Differential tests: random contexts built by a real Buildah versus ``ignoregen ls
--builder buildah``.

Each example is a batch of random cases: a tree, ignore files in one of the places Buildah
looks (``.dockerignore``, ``.containerignore``, both, beside the build file, or
``--ignorefile``), and the probe build file. Buildah's leaves and ignoregen's must be the
same, or both must fail. A fresh seed is used on every run (204 cases); a failure
prints the case and a regression record for ``tests/data/buildah-regressions.json``.
``IGNOREGEN_FUZZ_SCALE`` scales the number of examples, as for the Docker tests.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from buildah_engine import Buildah, compare_cases
from buildah_strategies import buildah_cases
from docker_engine import Case
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

SCALE = float(os.environ.get("IGNOREGEN_FUZZ_SCALE", "1"))
_CI = os.environ.get("CI", "").lower() == "true"
SHRINK = os.environ.get("IGNOREGEN_FUZZ_SHRINK", "0" if _CI else "1") != "0"
EXAMPLES = 17
BATCH = 12  # cases per example: 204 per run


@pytest.mark.buildah
@settings(
    max_examples=max(1, round(EXAMPLES * SCALE)),
    deadline=None,
    derandomize=False,
    database=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batch=st.lists(buildah_cases(), min_size=BATCH, max_size=BATCH))
def test_buildah_sends_what_ignoregen_lists(
    batch: list[tuple[Case, tuple[str, ...]]], buildah_engine: Buildah, ignoregen_cli: None
) -> None:
    root = Path(tempfile.mkdtemp(prefix="fuzz-buildah-", dir=buildah_engine.workdir))
    mismatches = compare_cases(buildah_engine, batch, root)
    if mismatches:
        pytest.fail("\n\n".join(mismatch.report() for mismatch in mismatches[:3]), pytrace=False)
