"""Shared fixtures: the real Docker engine, and ignoregen's CLI as Docker-comparable output."""

from __future__ import annotations

import importlib.util
import os

import pytest
from corpus import summary_lines as corpus_summary_lines
from docker_engine import FUZZ_STATS, Engine, EngineError, docker_binary, docker_env, probe_engine

# The corpus fixtures hold other projects' files (conftest.py, setup.py, ...): data only.
collect_ignore = ["corpus"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    """Fail in CI, where the engine must be there; skip on a developer's machine."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: .ci/run should have started it)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def docker_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A Docker engine that answers, with buildx for BuildKit's ``-o type=local``.

    DOCKER_HOST and DOCKER_CONFIG come from the environment, defaulting to the
    private engine that ``.ci/run`` starts under ``~/.cache/docker-engine``.
    """
    env = docker_env()
    docker = docker_binary()
    try:
        probe_engine(env, docker, timeout=10)
    except EngineError as exc:
        _unavailable(f"{exc}: start one as .ci/run does")
    assert docker is not None
    return Engine(env, docker, tmp_path_factory.mktemp("docker"))


@pytest.fixture(scope="session")
def ignoregen_cli() -> None:
    """``python -m ignoregen ls`` exists (the engine may not have landed yet)."""
    if importlib.util.find_spec("ignoregen.cli") is None:
        _unavailable("ignoregen.cli is not importable yet: nothing to compare Docker with")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ_STATS:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(FUZZ_STATS.items()))
        terminalreporter.write_line(f"real-Docker differential cases: {counts}")
    for line in corpus_summary_lines():
        terminalreporter.write_line(line)
