"""Ask a real Buildah which files of a build context a build receives.

Buildah runs without a daemon: each build is ``buildah bud`` with its own storage
(``--root``/``--runroot`` under the test session's directory, the ``vfs`` driver) and
``--isolation chroot``. The probe build file is the one the Docker tests use,
``FROM scratch`` + ``COPY . /ctx/``; ``-o type=local,dest=OUT`` writes the image's file
system to ``OUT``, so ``OUT/ctx`` is what the context held after the ignore file was
applied (nothing is ever run: ``scratch`` has no shell). This is the same tree
``buildah from`` + ``buildah mount`` shows, without a container to clean up.

Cases, leaves and outcomes are those of :mod:`docker_engine`; a case's extra files
(``Case.files``) carry ``.containerignore`` and the ignore files beside the build file.
Builds run from the case directory as ``buildah bud -f FILE [ARGS] ctx``.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docker_engine import (
    COMMAND_TIMEOUT,
    FUZZ_STATS,
    Case,
    EngineError,
    Outcome,
    _remove_tree,
    diff_report,
    leaves_of_directory,
    leaves_to_json,
    materialize,
    same_outcome,
)

BUILDAH = "buildah"
# Messages with which Buildah rejects an ignore file (or fails to read one); any other
# failure is an EngineError.
IGNORE_FILE_ERRORS = (
    "syntax error in pattern",
    "illegal exclusion pattern",
    "is a directory",
    "no such file or directory",
    "too many levels of symbolic links",
    "no such device or address",  # the ignore file is a socket
)

RACE = "error encoding request for copier subprocess"
RACE_RETRIES = 6


class Buildah:
    """Runs ``buildah bud`` with private storage under ``workdir``."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self.storage = workdir / "storage"

    def command(self, *args: str) -> list[str]:
        return [
            self.binary,
            "--root", str(self.storage / "root"),
            "--runroot", str(self.storage / "run"),
            "--storage-driver", "vfs",
            *args,
        ]

    def version(self) -> str:
        proc = subprocess.run(
            self.command("version", "--json"), capture_output=True, timeout=COMMAND_TIMEOUT
        )
        if proc.returncode != 0:
            raise EngineError(
                "buildah cannot run: " + proc.stderr.decode("utf-8", "replace").strip()
            )
        return proc.stdout.decode().split('"version": "', 1)[-1].split('"', 1)[0]

    def build(
        self,
        context: str | Path,
        dockerfile: str | Path | None,
        *,
        cwd: Path | None = None,
        args: Sequence[str] = (),
        expect_failure_reasons: Sequence[str] = (),
    ) -> Outcome:
        """Build and return the leaves of ``/ctx``; a failure about the ignore file is a
        failed outcome, any other an :class:`EngineError`.

        When a pattern fails, Buildah's copier subprocess exits while the build still writes
        its request, and now and then the build reports that broken pipe instead of the
        pattern: such a build is run again.
        """
        for _attempt in range(RACE_RETRIES):
            outcome = self._build_once(context, dockerfile, cwd, args, expect_failure_reasons)
            if outcome.leaves is not None or RACE not in outcome.error:
                return outcome
        return outcome

    def _build_once(
        self,
        context: str | Path,
        dockerfile: str | Path | None,
        cwd: Path | None,
        args: Sequence[str],
        expect_failure_reasons: Sequence[str],
    ) -> Outcome:
        out = Path(tempfile.mkdtemp(prefix="bd-out-", dir=self.workdir))
        try:
            command = self.command("bud", "--isolation", "chroot", "-q", "--pull-never")
            command += ["-o", f"type=local,dest={out}"]
            if dockerfile is not None:
                command += ["-f", str(dockerfile)]
            command += [*args, str(context)]
            try:
                proc = subprocess.run(
                    command, cwd=cwd, capture_output=True, timeout=COMMAND_TIMEOUT,
                    stdin=subprocess.DEVNULL,
                )
            except subprocess.TimeoutExpired as exc:
                raise EngineError(f"{' '.join(command)} timed out") from exc
            if proc.returncode == 0:
                return Outcome(leaves_of_directory(out / "ctx"))
            message = proc.stderr.decode("utf-8", "replace")
            known = (*IGNORE_FILE_ERRORS, *expect_failure_reasons, RACE)
            if not any(reason in message for reason in known):
                raise EngineError(f"buildah failed for an unexpected reason:\n{message}")
            return Outcome(None, message)
        finally:
            _remove_tree(out)

    def prune(self) -> None:
        subprocess.run(self.command("rmi", "--all", "--force"), capture_output=True, check=False)

    def close(self) -> None:
        self.prune()
        shutil.rmtree(self.storage, ignore_errors=True)


def ignoregen_buildah(
    context: str | Path,
    dockerfile: str | Path | None,
    *,
    cwd: Path | None = None,
    args: Sequence[str] = (),
) -> Outcome:
    """``ignoregen ls CONTEXT [-f FILE] --builder buildah [ARGS] -0``: exit 2 is a failed
    outcome (Buildah would fail), any other non-zero exit a bug."""
    command = [sys.executable, "-m", "ignoregen", "ls", str(context)]
    if dockerfile is not None:
        command += ["-f", str(dockerfile)]
    command += ["--builder", BUILDAH, *args, "-0"]
    proc = subprocess.run(command, cwd=cwd, capture_output=True, timeout=COMMAND_TIMEOUT)
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode == 2 and "Traceback (most recent call last)" not in stderr:
        return Outcome(None, stderr)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {proc.returncode}:\n{stderr}")
    leaves = tuple(leaf for leaf in proc.stdout.split(b"\0") if leaf)
    if leaves != tuple(sorted(leaves)):
        raise AssertionError("ignoregen ls output is not sorted by bytes")
    return Outcome(leaves)


# Runs many ``ignoregen ls`` in one process (one Python start-up instead of one per case):
# reads [[cwd, [args...]], ...] as JSON on stdin, writes [[exit code, stdout, stderr], ...]
# with the bytes as surrogate-escaped text.
_MANY = """
import io, json, os, sys
from ignoregen.cli import main
jobs = json.load(sys.stdin)
results = []
real_out, real_err = sys.stdout, sys.stderr
for cwd, args in jobs:
    os.chdir(cwd)
    out, err = io.BytesIO(), io.BytesIO()
    # As the real streams do: paths go out as the bytes they are, messages with escapes.
    wrapped = (
        io.TextIOWrapper(out, write_through=True, errors="surrogateescape"),
        io.TextIOWrapper(err, write_through=True, errors="backslashreplace"),
    )
    sys.stdout, sys.stderr = wrapped
    try:
        code = main(args)
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        for stream in wrapped:
            stream.flush()
    decode = lambda data: data.decode("utf-8", "surrogateescape")
    results.append([code, decode(out.getvalue()), decode(err.getvalue())])
json.dump(results, sys.stdout)
"""


def ignoregen_many(jobs: Sequence[tuple[Path, Sequence[str]]]) -> list[Outcome]:
    """``ignoregen ls ARGS --builder buildah -0`` run in each directory, all in one process;
    outcomes as :func:`ignoregen_buildah` gives them."""
    if not jobs:
        return []
    request = json.dumps(
        [[str(cwd), ["ls", *args, "--builder", BUILDAH, "-0"]] for cwd, args in jobs]
    )
    proc = subprocess.run(
        [sys.executable, "-c", _MANY], input=request.encode(), capture_output=True,
        timeout=COMMAND_TIMEOUT * 4,
    )
    if proc.returncode != 0:
        raise AssertionError("ignoregen ls (batched) crashed:\n" + proc.stderr.decode(
            "utf-8", "replace"))
    outcomes = []
    for (cwd, args), (code, out, err) in zip(jobs, json.loads(proc.stdout), strict=True):
        stdout = out.encode("utf-8", "surrogateescape")
        if code == 2 and "Traceback (most recent call last)" not in err:
            outcomes.append(Outcome(None, err))
            continue
        if code != 0:
            raise AssertionError(f"ignoregen ls {' '.join(args)} in {cwd} exited {code}:\n{err}")
        leaves = tuple(leaf for leaf in stdout.split(b"\0") if leaf)
        if leaves != tuple(sorted(leaves)):
            raise AssertionError("ignoregen ls output is not sorted by bytes")
        outcomes.append(Outcome(leaves))
    return outcomes


@dataclass(frozen=True)
class Mismatch:
    """Buildah and ignoregen disagree on one case."""

    case: Case
    args: tuple[str, ...]
    engine: Outcome
    ours: Outcome

    def record(self) -> dict[str, Any]:
        """The case as a record for ``tests/data/buildah-regressions.json``."""
        record = {"id": "CHANGE-ME", **self.case.to_json()}
        if self.args:
            record["args"] = list(self.args)
        record["expected"] = leaves_to_json(self.engine.leaves)
        record["note"] = "found by the differential tests; ignoregen said " + self.ours.summary()[
            :300
        ]
        return record

    def report(self) -> str:
        return "\n".join(
            [
                "Buildah and ignoregen ls --builder buildah disagree.",
                self.case.describe(),
                f"arguments: {list(self.args)!r}",
                diff_report(self.engine, self.ours, ("buildah", "ignoregen")),
                "As a regression record:",
                json.dumps(self.record(), ensure_ascii=True),
            ]
        )


def build_case(engine: Buildah, case: Case, root: Path, args: Sequence[str] = ()) -> Outcome:
    """Build a materialized case from its directory, ``-f`` as the case gives it."""
    return engine.build("ctx", case.dockerfile_arg, cwd=root, args=args)


def ignoregen_case(case: Case, root: Path, args: Sequence[str] = ()) -> Outcome:
    return ignoregen_buildah("ctx", case.dockerfile_arg, cwd=root, args=args)


def compare_cases(
    engine: Buildah,
    cases: Sequence[tuple[Case, Sequence[str]]],
    root: Path,
    workers: int = 2,
) -> list[Mismatch]:
    """Lay the cases out under ``root``, build each (with its extra arguments) and ask
    ignoregen; return the disagreements. Builds run ``workers`` at a time (the machine's
    cores are few); ignoregen answers for all cases in one process, beside them."""
    laid = []
    for index, (case, _) in enumerate(cases):
        directory = root / f"case{index}"
        materialize(case, directory)
        laid.append(directory)

    def build(job: tuple[tuple[Case, Sequence[str]], Path]) -> Outcome:
        (case, args), directory = job
        try:
            return build_case(engine, case, directory, args)
        except EngineError as exc:
            raise EngineError(f"{exc}\n{case.describe()}\narguments: {list(args)!r}") from None

    jobs = [
        (directory, ["ctx", *case_arguments(case), *args])
        for (case, args), directory in zip(cases, laid, strict=True)
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers + 1) as pool:
        asked = pool.submit(ignoregen_many, jobs)
        theirs = list(pool.map(build, zip(cases, laid, strict=True)))
        ours = asked.result()
    FUZZ_STATS["buildah cases"] += len(cases)
    return [
        Mismatch(case, tuple(args), engine_says, we_say)
        for (case, args), engine_says, we_say in zip(cases, theirs, ours, strict=True)
        if not same_outcome(engine_says, we_say)
    ]


def case_arguments(case: Case) -> list[str]:
    return [] if case.dockerfile_arg is None else ["-f", case.dockerfile_arg]


def find_buildah() -> str | None:
    """``$IGNOREGEN_BUILDAH`` when set (a path that does not exist means none), else
    ``buildah`` on PATH or in /usr/bin."""
    chosen = os.environ.get("IGNOREGEN_BUILDAH")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return shutil.which(BUILDAH) or (
        "/usr/bin/buildah" if os.access("/usr/bin/buildah", os.X_OK) else None
    )
