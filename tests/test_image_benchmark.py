"""A benchmark harness ships nothing. DependencyTrack/dependency-track's
dex/benchmark/src/main/docker/Dockerfile runs its JMH-style benchmark jar on
eclipse-temurin:25-alpine (a JDK); its compose file builds it as
dependencytrack/dex-benchmark:local to load a local database. IG702 told it to ship on the
JRE: advice for a production image that does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

BENCH = ("FROM eclipse-temurin:25-alpine\nWORKDIR /\nCOPY ./target/dex-benchmark.jar /app.jar\n"
         'ENTRYPOINT ["java", "-jar", "/app.jar"]\n')


@pytest.mark.parametrize("path", ["dex/benchmark/src/main/docker/Dockerfile",
                                  "benchmarks/Dockerfile"])
def test_a_benchmark_image_is_not_judged(tmp_path: Path, path: str) -> None:
    tree(tmp_path, {path: BENCH})
    report = advise(tmp_path / path, tmp_path, path, relative=path)
    assert report.shipping.shipped is None
    assert not report.findings


def test_the_same_image_elsewhere_is_judged(tmp_path: Path) -> None:
    path = "server/src/main/docker/Dockerfile"
    tree(tmp_path, {path: BENCH})
    report = advise(tmp_path / path, tmp_path, path, relative=path)
    assert {item.id for item in report.findings} == {"IG702"}
