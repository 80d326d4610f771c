"""Ask a real Docker engine which files of a build context a build receives.

The probe is always the same Dockerfile, ``FROM scratch`` + ``COPY . /ctx/``:

* BuildKit: ``docker build -o type=local,dest=OUT`` writes the image's file
  system to ``OUT``, so ``OUT/ctx`` is exactly what the context held after
  ``.dockerignore`` was applied.
* Classic builder (``DOCKER_BUILDKIT=0``): the image is read back with
  ``docker create`` + ``docker export`` (a tar of the container's file system),
  keeping the entries under ``ctx/``. Nothing is ever run: ``scratch`` has no
  shell.

Both results, and ``ignoregen ls``, are reduced to the same "leaves": every
non-directory entry plus every directory with nothing below it (written with a
trailing ``/``), as raw ``bytes`` paths relative to the context, sorted. The
leaves determine the tree exactly; permissions, owners and contents are not
compared (BuildKit's local exporter does not keep them faithfully anyway).

A test case on disk is laid out under one case directory::

    CASE/ctx/          the build context (``Case.tree``)
    CASE/Dockerfile    the probe Dockerfile, outside the context by default
    CASE/<path>        ``Case.files``: files with a given text anywhere in the
                       case, e.g. a per-Dockerfile ignore file
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BUILDKIT = "buildkit"
CLASSIC = "classic"
BUILDERS = (BUILDKIT, CLASSIC)

PROBE_DOCKERFILE = b"FROM scratch\nCOPY . /ctx/\n"
# Where .ci/run unpacks and runs its private engine (its IGNOREGEN_CI_ENGINE), so that a plain
# `python -m pytest` after .ci/run finds the same engine.
PRIVATE_ENGINE = Path(
    os.environ.get("IGNOREGEN_CI_ENGINE") or Path.home() / ".cache" / "ignoregen-ci-engine"
)

# Each docker command is small; anything slower than this is a stuck engine.
COMMAND_TIMEOUT = 120.0

# How many cases the differential tests compared, reported at the end of the session.
FUZZ_STATS: Counter[str] = Counter()


# --- leaves ------------------------------------------------------------------------------------


RANDOM_DOCKERFILE = re.compile(rb"^\.dockerfile\.[0-9a-f]{20}$")


def leaves_from_entries(entries: Iterable[tuple[bytes, bool]]) -> tuple[bytes, ...]:
    """Leaves of a tree given as (relative path, is_directory) pairs.

    Ancestors need not be listed: a path implies its parent directories, the
    way a tar archive may omit them.
    """
    files: set[bytes] = set()
    dirs: set[bytes] = set()
    for path, is_dir in entries:
        path = path.strip(b"/")
        if not path:
            continue
        # The classic CLI's copy of an outside Dockerfile has a random name; ignoregen ls
        # names it .dockerfile.<random> when the daemon fails to delete it.
        path = RANDOM_DOCKERFILE.sub(b".dockerfile.<random>", path)
        (dirs if is_dir else files).add(path)
        parts = path.split(b"/")
        for depth in range(1, len(parts)):
            dirs.add(b"/".join(parts[:depth]))
    parents = {path.rsplit(b"/", 1)[0] for path in files | dirs if b"/" in path}
    empty_dirs = {path + b"/" for path in dirs - parents}
    return tuple(sorted(files | empty_dirs))


def leaves_of_directory(root: Path) -> tuple[bytes, ...]:
    """Leaves of the tree under ``root`` (symbolic links are not followed)."""
    base = os.fsencode(root)

    def walk(directory: bytes, rel: bytes) -> Iterator[tuple[bytes, bool]]:
        with os.scandir(directory) as entries:
            for entry in entries:
                path = rel + entry.name
                if entry.is_dir(follow_symlinks=False):
                    yield path, True
                    yield from walk(entry.path, path + b"/")
                else:
                    yield path, False

    return leaves_from_entries(walk(base, b""))


def leaves_of_tar(data: bytes, prefix: bytes) -> tuple[bytes, ...]:
    """Leaves of the members of a tar archive that lie below ``prefix`` (e.g. ``b"ctx/"``)."""
    entries: list[tuple[bytes, bool]] = []
    with tarfile.open(fileobj=io.BytesIO(data), encoding="utf-8", errors="surrogateescape") as tar:
        for member in tar:
            name = member.name.encode("utf-8", "surrogateescape").removeprefix(b"./")
            if name.startswith(prefix):
                entries.append((name[len(prefix) :], member.isdir()))
    return leaves_from_entries(entries)


def show_path(path: bytes) -> str:
    """A path as a readable, unambiguous string (non-UTF-8 bytes as ``\\xNN``)."""
    text = path.decode("utf-8", "backslashreplace")
    return text if text.isprintable() else repr(text)[1:-1]


# --- cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One entry of a context tree.

    ``kind`` is ``f`` (regular file), ``d`` (directory), ``l`` (symbolic link
    to ``target``), ``h`` (hard link to the file ``target``, a context path),
    ``p`` (named pipe) or ``s`` (unix socket). Paths are ``/``-separated and
    relative; a name that is not UTF-8 is a ``str`` with surrogate escapes.
    """

    kind: str
    path: str
    target: str = ""
    mode: int | None = None

    def to_json(self) -> list[str | int]:
        row: list[str | int] = [self.kind, self.path]
        if self.target or self.mode is not None:
            row.append(self.target)
        if self.mode is not None:
            row.append(self.mode)
        return row

    @classmethod
    def from_json(cls, row: Sequence[str | int]) -> Entry:
        # [kind, path], [kind, path, target] or [kind, path, target, mode]
        if not 2 <= len(row) <= 4:
            raise TypeError(f"bad tree entry {row!r}")
        kind, path, target, mode = (*row, "", None)[:4] if len(row) == 2 else (*row, None)[:4]
        if not (isinstance(kind, str) and isinstance(path, str) and isinstance(target, str)):
            raise TypeError(f"bad tree entry {row!r}")
        if mode is not None and not isinstance(mode, int):
            raise TypeError(f"bad mode in tree entry {row!r}")
        return cls(kind, path, target, mode)


def fs_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class Case:
    """A build context, its ``.dockerignore`` and where the Dockerfile lives.

    ``dockerignore`` is the exact text of ``ctx/.dockerignore`` (``None``: no
    such file). ``dockerfile`` is relative to the case directory, and so is
    every key of ``files`` (files with a given text, e.g. a
    ``Dockerfile.dockerignore``). The build is run from the case directory as
    ``docker build -f DOCKERFILE ctx``, or without ``-f`` when ``use_f`` is
    false (Docker then looks for ``ctx/Dockerfile`` itself).
    """

    tree: tuple[Entry, ...]
    dockerignore: str | None
    dockerfile: str = "Dockerfile"
    files: tuple[tuple[str, str], ...] = ()
    use_f: bool = True

    @property
    def dockerfile_arg(self) -> str | None:
        return self.dockerfile if self.use_f else None

    def describe(self) -> str:
        lines = ["tree (f file, d dir, l symlink, h hardlink, p fifo, s socket):"]
        for entry in self.tree:
            arrow = f" -> {entry.target!r}" if entry.target else ""
            mode = f" (mode {entry.mode:o})" if entry.mode is not None else ""
            lines.append(f"  {entry.kind} {entry.path!r}{arrow}{mode}")
        lines.append(f".dockerignore: {self.dockerignore!r}")
        lines.append(f"Dockerfile: {self.dockerfile!r}" + ("" if self.use_f else " (no -f)"))
        lines.extend(f"{path}: {text!r}" for path, text in self.files)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "tree": [entry.to_json() for entry in self.tree],
            "dockerignore": self.dockerignore,
        }
        if self.dockerfile != "Dockerfile":
            record["dockerfile"] = self.dockerfile
        if self.files:
            record["files"] = dict(self.files)
        if not self.use_f:
            record["use_f"] = False
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Case:
        return cls(
            tree=tuple(Entry.from_json(row) for row in record["tree"]),
            dockerignore=record["dockerignore"],
            dockerfile=record.get("dockerfile", "Dockerfile"),
            files=tuple(record.get("files", {}).items()),
            use_f=record.get("use_f", True),
        )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def materialize(case: Case, root: Path) -> tuple[Path, Path]:
    """Lay ``case`` out under ``root``; return (context directory, Dockerfile path)."""
    base = os.fsencode(root)
    context = root / "ctx"
    context.mkdir(parents=True, exist_ok=True)
    ctx = os.fsencode(context)
    links: list[Entry] = []
    for entry in case.tree:
        path = os.path.join(ctx, fs_bytes(entry.path))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if entry.kind == "f":
            with open(path, "wb") as handle:
                handle.write(fs_bytes(entry.path) + b"\n")
        elif entry.kind == "d":
            os.makedirs(path, exist_ok=True)
        elif entry.kind == "l":
            os.symlink(fs_bytes(entry.target), path)
        elif entry.kind == "p":
            os.mkfifo(path)
        elif entry.kind == "s":
            _bind_socket(path)
        elif entry.kind == "h":
            links.append(entry)
        else:
            raise ValueError(f"unknown entry kind {entry.kind!r}")
    for entry in links:
        os.link(os.path.join(ctx, fs_bytes(entry.target)), os.path.join(ctx, fs_bytes(entry.path)))
    # Permissions last, deepest first, so that a closed directory can still be filled.
    for entry in sorted(case.tree, key=lambda e: -e.path.count("/")):
        if entry.mode is not None:
            os.chmod(os.path.join(ctx, fs_bytes(entry.path)), entry.mode)
    if case.dockerignore is not None:
        _write(context / ".dockerignore", fs_bytes(case.dockerignore))
    for rel, text in case.files:
        _write(Path(os.fsdecode(os.path.join(base, fs_bytes(rel)))), fs_bytes(text))
    dockerfile = Path(os.fsdecode(os.path.join(base, fs_bytes(case.dockerfile))))
    _write(dockerfile, PROBE_DOCKERFILE)
    return context, dockerfile


def _bind_socket(path: bytes) -> None:
    # AF_UNIX paths are limited to ~108 bytes: bind from inside the directory
    # (this changes the working directory for a moment: call it from one thread only).
    cwd = os.getcwd()
    os.chdir(os.path.dirname(path))
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(os.path.basename(path))
    finally:
        os.chdir(cwd)


# --- outcomes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The leaves a build received, or ``leaves is None`` and why it failed."""

    leaves: tuple[bytes, ...] | None
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.leaves is None

    def summary(self) -> str:
        if self.leaves is None:
            return f"FAILED: {self.error.strip()[-600:] or '(the build fails)'}"
        return "[" + ", ".join(show_path(leaf) for leaf in self.leaves) + "]"


def same_outcome(engine: Outcome, ours: Outcome) -> bool:
    """Equal leaves, or both failed (the messages are not compared)."""
    return engine.leaves == ours.leaves


def diff_report(
    engine: Outcome, ours: Outcome, names: tuple[str, str] = ("docker", "ignoregen")
) -> str:
    """What ``ours`` (named ``names[1]``) gets wrong relative to ``engine`` (``names[0]``)."""
    first, second = names
    width = max(len(first), len(second)) + 1
    if engine.leaves is None or ours.leaves is None:
        return (
            f"  {first + ':':{width}} {engine.summary()}\n  {second + ':':{width}} {ours.summary()}"
        )
    missing = sorted(set(engine.leaves) - set(ours.leaves))
    extra = sorted(set(ours.leaves) - set(engine.leaves))
    lines = [f"  {first + ':':{width}} {engine.summary()}"]
    if missing:
        lines.append(f"  {second} lacks: " + ", ".join(show_path(p) for p in missing))
    if extra:
        lines.append(f"  {second} adds:  " + ", ".join(show_path(p) for p in extra))
    return "\n".join(lines)


# --- ignoregen -------------------------------------------------------------------------------


class IgnoregenUnavailable(RuntimeError):
    """``python -m ignoregen ls`` does not exist (yet)."""


def ignoregen_ls(
    context: Path | str,
    dockerfile: Path | str | None,
    builder: str,
    *,
    cwd: Path | None = None,
    prefix: Sequence[str] = (),
    failure_codes: Sequence[int] = (2,),
) -> Outcome:
    """Run ``ignoregen ls CONTEXT [-f DOCKERFILE] --builder BUILDER -0``.

    An exit code in ``failure_codes`` (by default 2: a bad ``.dockerignore``)
    is a failure outcome; any other non-zero exit, or a traceback, is a bug and
    raises. ``prefix`` wraps the command (e.g. ``setpriv``).
    """
    command = [*prefix, sys.executable, "-m", "ignoregen", "ls", str(context)]
    if dockerfile is not None:
        command += ["-f", str(dockerfile)]
    command += ["--builder", builder, "-0"]
    proc = subprocess.run(command, cwd=cwd, capture_output=True, timeout=COMMAND_TIMEOUT)
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode in failure_codes and "Traceback (most recent call last)" not in stderr:
        return Outcome(None, stderr)
    if proc.returncode != 0:
        if "No module named" in stderr and "ignoregen" in stderr:
            raise IgnoregenUnavailable(stderr.strip().splitlines()[-1])
        raise AssertionError(f"{' '.join(command)} exited {proc.returncode}:\n{stderr}")
    leaves = [leaf for leaf in proc.stdout.split(b"\0") if leaf]
    if not proc.stdout.endswith(b"\0") and proc.stdout:
        raise AssertionError(f"ignoregen ls -0 output is not NUL-terminated: {proc.stdout[-80:]!r}")
    if leaves != sorted(leaves):
        raise AssertionError("ignoregen ls output is not sorted by bytes")
    return Outcome(tuple(leaves))


# --- the engine --------------------------------------------------------------------------------


class EngineError(RuntimeError):
    """The engine misbehaved in a way that says nothing about the context."""


def docker_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for docker commands.

    DOCKER_HOST and DOCKER_CONFIG come from the environment; where unset, the
    private engine that ``.ci/run`` starts is used if its socket exists.
    """
    env = dict(os.environ if base is None else base)
    socket_path = PRIVATE_ENGINE / "docker.sock"
    if "DOCKER_HOST" not in env and socket_path.exists():
        env["DOCKER_HOST"] = f"unix://{socket_path}"
    if "DOCKER_CONFIG" not in env and (PRIVATE_ENGINE / "cfg").is_dir():
        env["DOCKER_CONFIG"] = str(PRIVATE_ENGINE / "cfg")
    env.pop("DOCKER_BUILDKIT", None)
    env["BUILDX_NO_DEFAULT_ATTESTATIONS"] = "1"
    return env


def docker_binary() -> str | None:
    found = shutil.which("docker")
    if found:
        return found
    bundled = PRIVATE_ENGINE / "root" / "usr" / "bin" / "docker"
    return str(bundled) if bundled.exists() else None


# Messages with which a build rejects a .dockerignore; any other failure is an EngineError.
IGNORE_FILE_ERRORS = (
    "syntax error in pattern",
    "illegal exclusion pattern",
    "token too long",
    # BuildKit sends the patterns in a gRPC header: a control character inside one fails.
    "non-printable ASCII characters",
)


# BuildKit transfers the context, the Dockerfile and the ignore file concurrently; when
# one transfer fails, the build may report the cancelled sibling instead of the cause.
CANCELED = b"context canceled"
CANCELED_RETRIES = 4


class Engine:
    """Runs builds on one Docker engine through the docker CLI."""

    def __init__(self, env: dict[str, str], docker: str, workdir: Path) -> None:
        self.env = env
        self.docker = docker
        self.workdir = workdir

    def run(
        self,
        args: Sequence[str],
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        prefix: Sequence[str] = (),
        check: bool = True,
    ) -> subprocess.CompletedProcess[bytes]:
        command = [*prefix, self.docker, *args]
        try:
            proc = subprocess.run(
                command,
                cwd=cwd,
                env=self.env | (env or {}),
                capture_output=True,
                timeout=COMMAND_TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise EngineError(f"{' '.join(command)} timed out") from exc
        if check and proc.returncode != 0:
            raise EngineError(
                f"{' '.join(command)} exited {proc.returncode}:\n"
                + proc.stderr.decode("utf-8", "replace")
            )
        return proc

    def _scratch(self, label: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{label}-", dir=self.workdir))

    def _build_failed(self, proc: subprocess.CompletedProcess[bytes]) -> Outcome:
        message = proc.stderr.decode("utf-8", "replace")
        if not any(known in message for known in IGNORE_FILE_ERRORS):
            raise EngineError(f"build failed for an unexpected reason:\n{message}")
        return Outcome(None, message)

    def buildkit(
        self,
        context: Path | str,
        dockerfile: Path | str | None,
        *,
        cwd: Path | None = None,
        prefix: Sequence[str] = (),
        expect_failure_reasons: Sequence[str] = (),
    ) -> Outcome:
        """Build through BuildKit and return the leaves of ``/ctx``."""
        for _attempt in range(CANCELED_RETRIES):
            out = self._scratch("bk-out")
            try:
                args = ["build", "-q", "-o", f"type=local,dest={out}"]
                if dockerfile is not None:
                    args += ["-f", str(dockerfile)]
                proc = self.run([*args, str(context)], cwd=cwd, prefix=prefix, check=False)
                if proc.returncode == 0:
                    return Outcome(leaves_of_directory(out / "ctx"))
                if CANCELED not in proc.stderr:
                    return self._check_reason(proc, expect_failure_reasons)
            finally:
                _remove_tree(out)
        return self._check_reason(proc, expect_failure_reasons)

    def _check_reason(
        self, proc: subprocess.CompletedProcess[bytes], reasons: Sequence[str]
    ) -> Outcome:
        message = proc.stderr.decode("utf-8", "replace")
        if any(reason in message for reason in reasons):
            return Outcome(None, message)
        return self._build_failed(proc)

    def buildkit_many(self, contexts: Sequence[Path]) -> list[Outcome]:
        """Build many contexts at once as BuildKit named contexts.

        Each directory becomes ``--build-context cN=DIR`` (which applies
        ``DIR/.dockerignore``) copied by ``COPY --from=cN . /cN/``. When the
        build fails (a bad ignore file in one of them), the batch is split in
        halves until each failure is pinned to its context.
        """
        if not contexts:
            return []
        if len(contexts) == 1:
            return [self.buildkit(contexts[0], self._dockerfile_for(1)[1])]
        out = self._scratch("bk-many")
        try:
            main, dockerfile = self._dockerfile_for(len(contexts))
            args = ["build", "-q", "-o", f"type=local,dest={out}", "-f", str(dockerfile)]
            for index, context in enumerate(contexts):
                args += ["--build-context", f"c{index}={context}"]
            proc = self.run([*args, str(main)], check=False)
            if proc.returncode == 0:
                return [Outcome(leaves_of_directory(out / f"c{i}")) for i in range(len(contexts))]
            # No reason check here: when one context fails, BuildKit cancels the others
            # and may report "context canceled" instead. Single builds check the reason.
        finally:
            _remove_tree(out)
        half = len(contexts) // 2
        return self.buildkit_many(contexts[:half]) + self.buildkit_many(contexts[half:])

    def _dockerfile_for(self, count: int) -> tuple[Path, Path]:
        """An empty main context and a Dockerfile copying ``count`` named contexts."""
        directory = self.workdir / f"many-{count}"
        dockerfile = directory / "Dockerfile"
        if not dockerfile.exists():
            (directory / "main").mkdir(parents=True, exist_ok=True)
            if count == 1:
                text = PROBE_DOCKERFILE
            else:
                copies = "".join(f"COPY --from=c{i} . /c{i}/\n" for i in range(count))
                text = f"FROM scratch\n{copies}".encode()
            _write(dockerfile, text)
        return directory / "main", dockerfile

    def classic(
        self,
        context: Path | str,
        dockerfile: Path | str | None,
        *,
        cwd: Path | None = None,
        prefix: Sequence[str] = (),
        expect_failure_reasons: Sequence[str] = (),
    ) -> Outcome:
        """Build with the classic builder and return the leaves of ``/ctx``."""
        args = ["build", "-q", "--no-cache"]
        if dockerfile is not None:
            args += ["-f", str(dockerfile)]
        proc = self.run(
            [*args, str(context)],
            cwd=cwd,
            prefix=prefix,
            env={"DOCKER_BUILDKIT": "0"},
            check=False,
        )
        if proc.returncode != 0:
            return self._check_reason(proc, expect_failure_reasons)
        image = proc.stdout.decode().split()[-1]
        try:
            return Outcome(leaves_of_tar(self.export_image(image), b"ctx/"))
        finally:
            self.run(["rmi", "-f", image], check=False)

    def export_image(self, image: str) -> bytes:
        container = self.run(["create", image, "x"]).stdout.decode().strip()
        try:
            return self.run(["export", container]).stdout
        finally:
            self.run(["rm", "-f", container], check=False)

    def classic_many(self, jobs: Sequence[tuple[Path, Path]], workers: int = 3) -> list[Outcome]:
        """Classic builds of (context, Dockerfile) pairs, a few at a time."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda job: self.classic(*job), jobs))

    def build(
        self, builder: str, context: Path | str, dockerfile: Path | str | None, **kwargs: Any
    ) -> Outcome:
        if builder == BUILDKIT:
            return self.buildkit(context, dockerfile, **kwargs)
        if builder == CLASSIC:
            return self.classic(context, dockerfile, **kwargs)
        raise ValueError(builder)


def _remove_tree(path: Path) -> None:
    """Remove an exported tree, which may hold directories that even its owner cannot enter."""
    for parent, dirs, _files in os.walk(path):
        for name in dirs:
            child = os.path.join(parent, name)
            if not os.path.islink(child):
                os.chmod(child, stat.S_IRWXU)
    shutil.rmtree(path)


def probe_engine(env: dict[str, str], docker: str | None, timeout: float = 10.0) -> str:
    """Return the server version; raise EngineError saying what is missing."""
    where = env.get("DOCKER_HOST", "the default socket")
    if docker is None:
        raise EngineError("no docker CLI found (PATH, or the private engine's bundled one)")
    try:
        proc = subprocess.run(
            [docker, "version", "--format", "{{.Server.Version}}"],
            env=env,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise EngineError(f"no Docker engine answers at {where} (timed out)") from exc
    version = proc.stdout.decode().strip()
    if proc.returncode != 0 or not version:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(
            f"no Docker engine answers at {where}" + (f" ({detail[-1]})" if detail else "")
        )
    buildx = subprocess.run(
        [docker, "buildx", "version"], env=env, capture_output=True, timeout=timeout
    )
    if buildx.returncode != 0:
        raise EngineError(
            f"the Docker engine at {where} answers (server {version}) but the buildx plugin "
            "is missing (BuildKit's -o type=local needs it): install it into "
            "$DOCKER_CONFIG/cli-plugins as .ci/run does"
        )
    return version


def build_case(engine: Engine, builder: str, case: Case, root: Path, **kwargs: Any) -> Outcome:
    """Build a materialized case as a user would: from its directory, ``-f`` relative."""
    return engine.build(builder, "ctx", case.dockerfile_arg, cwd=root, **kwargs)


def ignoregen_case(case: Case, root: Path, builder: str, **kwargs: Any) -> Outcome:
    """``ignoregen ls`` on a materialized case, invoked like :func:`build_case`."""
    return ignoregen_ls("ctx", case.dockerfile_arg, builder, cwd=root, **kwargs)


def load_records(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["cases"]
    return records


# --- differential comparison ---------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """Docker and ignoregen disagree on one case."""

    case: Case
    builder: str
    engine: Outcome
    ours: Outcome

    def record(self) -> dict[str, Any]:
        """The case as a regression record for ``tests/data/regressions.json``."""
        return {
            "id": "CHANGE-ME",
            "builder": self.builder,
            **self.case.to_json(),
            "expected": leaves_to_json(self.engine.leaves),
            "note": "found by the differential tests; ignoregen said " + self.ours.summary()[:300],
        }

    def report(self) -> str:
        return "\n".join(
            [
                f"Docker ({self.builder}) and ignoregen ls disagree.",
                self.case.describe(),
                diff_report(self.engine, self.ours),
                "As a regression record:",
                json.dumps(self.record(), ensure_ascii=True),
            ]
        )


def assert_same(
    expected: Outcome, got: Outcome, header: str, names: tuple[str, str] = ("docker", "ignoregen")
) -> None:
    """Fail the test, without a Python traceback, unless both outcomes are the same."""
    if not same_outcome(expected, got):
        pytest.fail(f"{header}\n{diff_report(expected, got, names)}", pytrace=False)


def leaves_to_json(leaves: tuple[bytes, ...] | None) -> list[str] | None:
    return None if leaves is None else [leaf.decode("utf-8", "surrogateescape") for leaf in leaves]


def leaves_from_json(rows: list[str] | None) -> tuple[bytes, ...] | None:
    return None if rows is None else tuple(sorted(fs_bytes(row) for row in rows))


def _buildkit_outcomes(
    engine: Engine, cases: Sequence[Case], laid: Sequence[tuple[Path, Path]], ours: list[Outcome]
) -> list[Outcome]:
    """BuildKit's outcome for each case, batched as named contexts where that is equivalent.

    Batching needs the Dockerfile outside the context and no extra files. Cases
    that will probably fail are built one by one beside the batch, so that one
    bad file does not force the batch apart: those ignoregen calls invalid, and
    those with a control character in a pattern. Docker still decides every
    outcome; the guess only decides how the builds are grouped.
    """
    batch = [
        i
        for i, case in enumerate(cases)
        if not ours[i].failed
        and not has_control_character(case.dockerignore)
        and not case.files
        and case.dockerfile == "Dockerfile"
    ]
    alone = sorted(set(range(len(cases))) - set(batch))
    theirs = [Outcome(None)] * len(cases)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        singles = {i: pool.submit(engine.buildkit, *laid[i]) for i in alone}
        batched = engine.buildkit_many([laid[i][0] for i in batch])
        for i, outcome in zip(batch, batched, strict=True):
            theirs[i] = outcome
        for i, future in singles.items():
            theirs[i] = future.result()
    return theirs


def has_control_character(dockerignore: str | None) -> bool:
    """A pattern line holds an ASCII control character, which fails a BuildKit build.

    Only used to keep such cases out of a batch (Docker still decides): the
    line need not be an exact pattern, a comment or white space at the ends is
    harmless, and over-counting merely costs a single build.
    """
    lines = (dockerignore or "").split("\n")
    return any(
        any(ord(char) < 0x20 or ord(char) == 0x7F for char in line.strip(" \t\r\v\f"))
        for line in lines
        if not line.startswith("#")
    )


def compare_cases(
    engine: Engine, builder: str, cases: Sequence[Case], root: Path
) -> list[Mismatch]:
    """Lay the cases out under ``root``, ask Docker and ignoregen, return the disagreements."""
    laid = [materialize(case, root / f"case{i}") for i, case in enumerate(cases)]

    def ask_ignoregen(job: tuple[Path, Path]) -> Outcome:
        context, dockerfile = job
        return ignoregen_ls(context, dockerfile, builder, cwd=context.parent)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        asked = pool.map(ask_ignoregen, laid)  # all submitted now, running beside the builds
        if builder == CLASSIC:
            theirs = engine.classic_many(laid)
            ours = list(asked)
        else:
            ours = list(asked)
            theirs = _buildkit_outcomes(engine, cases, laid, ours)
    FUZZ_STATS[f"{builder} cases"] += len(cases)
    return [
        Mismatch(case, builder, engine_says, we_say)
        for case, engine_says, we_say in zip(cases, theirs, ours, strict=True)
        if not same_outcome(engine_says, we_say)
    ]
