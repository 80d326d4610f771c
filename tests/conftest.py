"""Shared fixtures: the real Docker engine, and ignoregen's CLI as Docker-comparable output."""

from __future__ import annotations

import importlib.util
import os
import pickle
import tempfile
from collections.abc import Iterator

import pytest
from buildah_engine import Buildah, find_buildah
from corpus import STATS as CORPUS_STATS
from corpus import summary_lines as corpus_summary_lines
from corpus_check import RESULTS as PRECISION_RESULTS
from corpus_check import summary_lines as precision_summary_lines
from docker_engine import (
    FUZZ_STATS,
    Case,
    Engine,
    EngineError,
    Entry,
    docker_binary,
    docker_env,
    materialize,
    probe_engine,
)

# The corpus fixtures hold other projects' files (conftest.py, setup.py, ...): data only.
collect_ignore = ["corpus"]

# The cache of parsed presets (ignoregen.knowledge.cache) goes to a directory of the
# session's own, for the processes the tests start too: nothing lands in the user's cache.
_CACHE_HOME = tempfile.TemporaryDirectory(prefix="ignoregen-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME.name
# So does the bytecode of those processes when PYTHONDONTWRITEBYTECODE is set (CI machines
# set it): else each `python -m ignoregen` a test starts compiles the package again.
if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
    os.environ["PYTHONPYCACHEPREFIX"] = os.path.join(_CACHE_HOME.name, "pycache")


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
def buildah_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Buildah]:
    """Buildah (Debian's ``buildah`` package), daemonless, with storage of its own.

    Probed with one tiny build: the tests need builds to work, not just the binary.
    """
    binary = find_buildah()
    if binary is None:
        _unavailable("buildah is not installed: apt-get install -y buildah, as .ci/run does")
    assert binary is not None
    engine = Buildah(binary, tmp_path_factory.mktemp("buildah"))
    try:
        probe = tmp_path_factory.mktemp("buildah-probe")
        materialize(Case((Entry("f", "a"),), None), probe)
        outcome = engine.build("ctx", "Dockerfile", cwd=probe)
        if outcome.leaves != (b"a",):
            raise EngineError(f"a probe build sent {outcome.summary()}, not [a]")
    except (EngineError, OSError) as exc:
        engine.close()
        _unavailable(f"buildah cannot build here: {exc}")
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def ignoregen_cli() -> None:
    """``python -m ignoregen ls`` exists (the engine may not have landed yet)."""
    if importlib.util.find_spec("ignoregen.cli") is None:
        _unavailable("ignoregen.cli is not importable yet: nothing to compare Docker with")


# pytest-xdist (``-n 2`` in pyproject's addopts) runs the tests in worker processes: the
# figures they gather for the terminal summary come back to the controller, which prints them.
_WORKER_FIGURES = "ignoregen-summary-figures"


# The test files that take longest, longest first (CI's durations, 2026-12-06). Each file
# runs whole on one worker; starting these first keeps one worker from being left alone
# with a long file at the end while the other has nothing to do (xdist's own order, by
# number of tests, sent the real-engine fuzz files last). Only the files' order changes:
# the tests of a file keep theirs. A file missing here only starts later.
_LONG_FILES = (
    "test_corpus_docker.py",
    "test_real_docker_fuzz.py",
    "test_corpus_idempotence.py",
    "test_corpus_fixes.py",
    "test_deep.py",
    "test_check_precision.py",
    "test_real_buildah_fuzz.py",
    "test_plan_walks.py",
    "test_plan_tail.py",
    "test_check_precommit.py",
    "test_gitignore.py",
    "test_check_fast.py",
    "test_corpus.py",
    "test_wheel.py",
    "test_plan_changed_rules.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker: the long files first (see ``_LONG_FILES``). Each worker sorts
    the same collection alike, as xdist requires; a run in one process keeps its order."""
    if not hasattr(config, "workerinput"):
        return
    rank = {name: at for at, name in enumerate(_LONG_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker: hand this process's summary figures to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_FIGURES] = pickle.dumps(
            (dict(FUZZ_STATS), dict(CORPUS_STATS), dict(PRECISION_RESULTS))
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    """In the controller: add a finished worker's summary figures to this process's."""
    figures = getattr(node, "workeroutput", {}).get(_WORKER_FIGURES)
    if figures is None:
        return
    fuzz, corpus, precision = pickle.loads(figures)
    FUZZ_STATS.update(fuzz)
    CORPUS_STATS.update(corpus)
    PRECISION_RESULTS.update(precision)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ_STATS:
        counts = ", ".join(f"{count} {what}" for what, count in sorted(FUZZ_STATS.items()))
        terminalreporter.write_line(f"real-engine differential cases: {counts}")
    for line in [*corpus_summary_lines(), *precision_summary_lines()]:
        terminalreporter.write_line(line)
