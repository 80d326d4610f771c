"""The real-repository corpus through a real BuildKit: ``init`` never breaks a build.

:mod:`test_corpus` judges what each build is sent with ignoregen's own engine (exact, and
proven so against Docker elsewhere). This test asks the real thing the question a user
cares about most: after ``ignoregen init``, does every build of every fixture still find
each file it copies from the context?

Each build's Dockerfile is reduced to what touches the context: the stages its target
reaches (through ``FROM <stage>``, ``COPY --from`` and ``RUN --mount=from=``), and of
those, the ``ARG``/``ENV`` lines (for variables in paths) and every ``COPY``/``ADD`` from
the context, all on one ``FROM scratch`` stage. No base image, no ``RUN``. The reduction
reads the Dockerfile with BuildKit's own parser (the ``dockerfile`` package), not ours.
A per-Dockerfile ignore file (``<Dockerfile>.dockerignore``) goes beside the reduced
Dockerfile under the same rule, so that BuildKit applies the same file the real build
would. Before building, the fixture's sparse stand-in files are truncated to nothing:
sizes do not change what a copy finds, and it keeps the exported trees small.

A build that already fails before ``init`` (a path that only CI generates, a variable
that only compose sets) is skipped with BuildKit's message: only a failure that ``init``
caused is a failure here. A failure that ``known_gaps.toml`` explains (a ``need`` row of
that build, a path the build needs and ``init`` drops today) is an expected failure.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dockerfile as buildkit_parser
import pytest
from corpus import BuildSpec, Fixture, lay_out, load, names, scratch_dir
from docker_engine import Engine
from test_corpus import known_gaps, run_cli

pytestmark = pytest.mark.docker

_URL_PREFIXES = ("http://", "https://", "git@", "git://")


@dataclass
class _Stage:
    name: str
    base: str
    lines: list[str]
    deps: set[str]


def _from_flags(flags: tuple[str, ...]) -> Iterator[str]:
    """The stage names a COPY's ``--from`` or a RUN's ``--mount=...from=`` refer to."""
    for flag in flags:
        if flag.startswith("--from="):
            yield flag.split("=", 1)[1]
        elif flag.startswith("--mount="):
            for part in flag.split("=", 1)[1].split(","):
                if part.startswith("from="):
                    yield part.split("=", 1)[1]


def _context_copy(command: buildkit_parser.Command, workdir: str) -> str | None:
    """A ``COPY``/``ADD`` from the context as a JSON-form instruction with an absolute
    destination, or None when it copies nothing from the context."""
    if any(flag.startswith("--from") for flag in command.flags) or len(command.value) < 2:
        return None
    *sources, dest = command.value
    sources = [s for s in sources if not s.startswith(("<<", *_URL_PREFIXES))]
    if not sources:
        return None
    directory = dest.endswith("/") or dest in (".", "..") or len(sources) > 1
    dest = posixpath.normpath(posixpath.join(workdir, dest))
    if directory:
        dest = dest.rstrip("/") + "/"
    return f"{command.cmd.upper()} {json.dumps([*sources, dest])}"


def reduce_for_target(path: Path, target: str | None) -> str:
    """The reduced Dockerfile of ``path`` built for ``target`` (None: the last stage)."""
    global_args: list[str] = []
    stages: list[_Stage] = []
    workdir = "/"
    for command in buildkit_parser.parse_file(str(path)):
        name = command.cmd.upper()
        if name == "FROM":
            value = command.value
            alias = value[2] if len(value) >= 3 and value[1].lower() == "as" else ""
            stage = _Stage(alias.lower() or str(len(stages)), value[0].lower(), [], set())
            if any(stage.base == earlier.name for earlier in stages):
                stage.deps.add(stage.base)
            stages.append(stage)
            workdir = "/"
            continue
        if not stages:
            if name == "ARG":
                global_args.append(command.original)
            continue
        stage = stages[-1]
        stage.deps.update(ref.lower() for ref in _from_flags(command.flags))
        if name in ("ARG", "ENV"):
            stage.lines.append(command.original)
        elif name == "WORKDIR":
            workdir = posixpath.join(workdir, command.value[0])
            # Kept: the real build makes the directory, so `COPY requirements.txt /app`
            # after `WORKDIR /app` lands in it; without it /app would become that file.
            stage.lines.append(f"WORKDIR {workdir}")
        elif name in ("COPY", "ADD"):
            line = _context_copy(command, workdir)
            if line is not None:
                stage.lines.append(line)
    by_name = {stage.name: stage for stage in stages}
    wanted = [(target or "").lower() or (stages[-1].name if stages else "")]
    reached: set[str] = set()
    while wanted:
        current = wanted.pop()
        if current in reached or current not in by_name:
            continue
        reached.add(current)
        wanted.extend(by_name[current].deps)
    body = [line for stage in stages if stage.name in reached for line in stage.lines]
    return "\n".join([*global_args, "FROM scratch", *body]) + "\n"


@dataclass(frozen=True)
class Built:
    ok: bool
    message: str


def _truncate_stand_ins(root: Path) -> None:
    """Empty the sparse stand-ins of the fixture (files with next to no blocks on disk)."""
    for top, _, files in os.walk(root):
        for name in files:
            path = os.path.join(top, name)
            info = os.lstat(path)
            if info.st_size > 4096 and info.st_blocks * 512 < info.st_size // 2:
                os.truncate(path, 0)


def _build(engine: Engine, root: Path, build: BuildSpec, scratch: Path) -> Built:
    dockerfile = root / build.dockerfile
    scratch.mkdir(parents=True)
    reduced = scratch / "Dockerfile"
    try:
        reduced.write_text(reduce_for_target(dockerfile, build.target))
    except (OSError, buildkit_parser.GoParseError, buildkit_parser.GoIOError) as exc:
        return Built(False, f"cannot reduce {build.dockerfile}: {exc}")
    own = dockerfile.parent / (dockerfile.name + ".dockerignore")
    if own.is_file():
        shutil.copyfile(own, scratch / "Dockerfile.dockerignore")
    out = scratch / "out"
    proc = engine.run(
        ["build", "-q", "-o", f"type=local,dest={out}", "-f", str(reduced),
         str(root / build.context)],
        check=False,
    )
    shutil.rmtree(out, ignore_errors=True)
    message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return Built(proc.returncode == 0, " | ".join(message[-3:]))


def _buildable(fixture: Fixture) -> list[BuildSpec]:
    return [build for build in fixture.builds if not build.unreadable]


CASES = [(name, build.name) for name in names() for build in _buildable(load(name))]


@pytest.fixture(scope="module")
def results(docker_engine: Engine) -> Iterator[dict[tuple[str, str], tuple[Built, Built | None]]]:
    """For every build: the reduced build after ``init`` and, only where that fails, the
    same build on an untouched copy of the fixture."""
    out: dict[tuple[str, str], tuple[Built, Built | None]] = {}
    with tempfile.TemporaryDirectory(prefix="ignoregen-corpus-docker-", dir=scratch_dir()) as tmp:
        base = Path(tmp)
        jobs: list[tuple[str, BuildSpec, Path, Path]] = []
        for name in names():
            fixture = load(name)
            root = lay_out(fixture, base / "after" / name, laptop=True)
            code, _, err = run_cli(["init", "-C", str(root)])
            assert code in (0, 1, 2), f"{name}: init exited {code}: {err[-400:]}"
            assert "Traceback" not in err, f"{name}: init: {err[-400:]}"
            _truncate_stand_ins(root)
            jobs.extend((name, build, root, base / "builds" / name / build.name)
                        for build in _buildable(fixture))
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            after = {
                (name, build.name): pool.submit(_build, docker_engine, root, build, scratch)
                for name, build, root, scratch in jobs
            }
            done = {key: future.result() for key, future in after.items()}
        for name, build, _, _ in jobs:
            built = done[(name, build.name)]
            before = None
            if not built.ok:
                untouched = base / "before" / name
                if not untouched.exists():
                    lay_out(load(name), untouched, laptop=True)
                    _truncate_stand_ins(untouched)
                before = _build(docker_engine, untouched, build,
                                base / "builds-before" / name / build.name)
            out[(name, build.name)] = (built, before)
        yield out


@pytest.mark.parametrize(("name", "build"), CASES)
def test_init_keeps_every_copy_source(
    name: str, build: str, results: dict[tuple[str, str], tuple[Built, Built | None]]
) -> None:
    after, before = results[(name, build)]
    if after.ok:
        return
    assert before is not None
    if not before.ok:
        pytest.skip(f"fails before init too: {before.message[:300]}")
    known = sorted(path for row_build, check, path in known_gaps().get(name, {})
                   if row_build == build and check == "need")
    if known:
        pytest.xfail(f"known gap ({', '.join(known)}): {after.message[-200:]}")
    pytest.fail(f"init broke the build: {after.message}")


def test_reduction_follows_the_target(tmp_path: Path) -> None:
    """The reduction keeps the stages the target reaches and no other."""
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "ARG VERSION=1\n"
        "FROM golang AS build\nWORKDIR /src\nCOPY go.mod ./\nCOPY . .\n"
        "FROM node AS web\nCOPY web/ /web\n"
        "FROM build AS test\nCOPY testdata /t\n"
        "FROM alpine AS final\nARG VERSION\nCOPY --from=build /out /bin/app\n"
        "ADD https://example.com/x.tgz /x\nCOPY config/app-${VERSION}.yml conf/\n"
    )
    final = reduce_for_target(dockerfile, None)
    assert final.splitlines() == [
        "ARG VERSION=1",
        "FROM scratch",
        "WORKDIR /src",
        'COPY ["go.mod", "/src/"]',
        'COPY [".", "/src/"]',
        "ARG VERSION",
        'COPY ["config/app-${VERSION}.yml", "/conf/"]',
    ]
    assert 'COPY ["testdata", "/t"]' in reduce_for_target(dockerfile, "test")
    assert reduce_for_target(dockerfile, "web").splitlines()[-1] == 'COPY ["web/", "/web"]'
