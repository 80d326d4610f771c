#!/usr/bin/env python3
"""Benchmark ``ignoregen`` against ``du -sb`` and docker-py on a large tree.

Usage::

    python bench/run.py [--entries N] [--repeat K] [--tree DIR] [--shape S] [--json PATH]
                        [--strict]

The first call generates a deterministic monorepo-shaped tree of at least N
entries (default 250,000) under ``bench/.tree/`` (see ``treegen.py``), in two
shapes: ``search`` (a wildcard exception makes BuildKit search every excluded
directory) and ``sized`` (no wildcard exception: excluded directories are only
sized; its root Dockerfile copies one named service), the second under
``bench/.tree/sized/``; later calls reuse them. ``ls``, ``scan``, ``check`` and
``init --dry-run`` are timed beside ``du -sb`` on both, and start-up on tiny
inputs beside ``python -c pass`` and ``python -c 'import click'``.
Each round runs every tool once, in a rotating order, as a separate process;
wall time (``time.perf_counter`` around the process) and peak RSS (``ru_maxrss``
from ``os.wait4``) are recorded for each run. The first round is a warm-up
(page, dentry and inode caches) and is not counted unless ``--warmup 0`` is given.

This is a measuring script, not a test: it exits 0 whatever the figures are,
unless ``--strict`` is given, in which case a missed target exits 1.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import treegen

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_CACHE = BENCH_DIR / ".tree"
RSS_TARGET_MB = 150.0
SHAPE_NOTES = {
    "search": "a wildcard exception (!**/.env.example) makes BuildKit search every excluded "
              "directory",
    "sized": "no wildcard exception: the excluded directories are only sized; the root "
             "Dockerfile copies services/api",
    "context": "an existing directory (--context)",
}
GNU_TIME = "/usr/bin/time"

# Run in a fresh interpreter: the .dockerignore is read exactly as
# docker.api.build.BuildApiMixin.build reads it (docker 7.x), then the paths
# are computed the way docker.utils.build.tar computes them before archiving.
DOCKER_PY_SCRIPT = """\
import os
import sys

from docker.utils.build import exclude_paths

root = os.path.abspath(sys.argv[1])
patterns = None
dockerignore = os.path.join(root, ".dockerignore")
if os.path.exists(dockerignore):
    with open(dockerignore) as f:
        patterns = list(filter(
            lambda x: x != "" and x[0] != "#",
            [line.strip() for line in f.read().splitlines()],
        ))
paths = exclude_paths(root, patterns or [], dockerfile="Dockerfile")
print(len(paths))
"""


@dataclass
class Tool:
    key: str
    label: str
    argv: list[str]
    capture: bool = False  # keep (small) stdout instead of sending it to /dev/null
    baseline: str | None = None
    ratio_target: float | None = None
    rss_target_mb: float | None = None
    optional: bool = False
    ok_codes: tuple[int, ...] = (0,)
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    stdout: str = ""
    note: str = ""
    failed: bool = False
    lines: tuple[int, int] | None = None
    """(stdout, stderr) lines of the last run, for a command whose output is bounded."""
    count_lines: bool = False
    env: dict[str, str] = field(default_factory=dict)
    """Variables set for this tool only."""


@dataclass
class Measurement:
    seconds: float
    max_rss_kb: int
    cpu_seconds: float  # user + system, of the process and what it waited for
    returncode: int
    stdout: str
    stderr: str


def rss_method() -> str:
    """``time`` when GNU time can report the peak RSS, else ``wait4``.

    ``ru_maxrss`` of a direct child is not enough on its own: Linux carries
    the high-water mark of the address space a process had before ``execve``
    over to the new program, and a child of this script starts as a copy (or,
    with vfork, a borrower) of the script's own memory. GNU time is a small C
    program, so the RSS it reports for its own child has a floor of about
    2 MB instead of this script's size.
    """
    if not Path(GNU_TIME).is_file():
        return "wait4"
    probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True,
                           check=False)
    lines = probe.stderr.strip().splitlines()
    return "time" if probe.returncode == 0 and lines and lines[-1].isdigit() else "wait4"


def child_environment(cache: Path) -> dict[str, str]:
    """The environment of the timed processes: Python may keep compiled bytecode.

    An installed ignoregen has its modules compiled (pip compiles them at install
    time); a checkout run with PYTHONDONTWRITEBYTECODE set would compile every module
    again in every run. Bytecode goes to ``cache`` (PYTHONPYCACHEPREFIX), not into the
    source tree, and the warm-up round writes it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def measure(
    argv: list[str], capture: bool, method: str, env: dict[str, str], workdir: Path
) -> Measurement:
    """Run ``argv`` once; wall time of the whole process and its peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as rss:
        if method == "time":
            argv = [GNU_TIME, "-f", "%M", "-o", rss.name, *argv]
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=out if capture else subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        max_rss_kb = usage.ru_maxrss  # KiB on Linux
        if method == "time":
            # GNU time writes "Command exited with non-zero status N" first
            # when the command fails; the figure is always the last line.
            lines = rss.read().strip().splitlines()
            max_rss_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        out.seek(0)
        err.seek(0)
        return Measurement(
            seconds=elapsed,
            max_rss_kb=max_rss_kb,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            returncode=proc.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def failure_note(tool: Tool, m: Measurement) -> str:
    if m.returncode == 2 and "No such command" in m.stderr:
        return "not available: the command does not exist yet (No such command)"
    lines = [line.strip() for line in m.stderr.splitlines() if line.strip()]
    last = lines[-1] if lines else "(no output on stderr)"
    return f"not available: exit status {m.returncode}: {last[:160]}"


def make_tools(tree: Path, skip: set[str]) -> list[Tool]:
    py = sys.executable
    ig = [py, "-m", "ignoregen"]
    ok = (0, 1)  # ignoregen exits 1 when it reports findings: still a complete run
    rss = RSS_TARGET_MB
    tools = [
        Tool("du", "du -sb", ["du", "-sb", str(tree)], capture=True),
        Tool("docker-py", "docker-py exclude_paths", [py, "-c", DOCKER_PY_SCRIPT, str(tree)],
             capture=True),
        Tool("ls", "ignoregen ls", [*ig, "ls", str(tree)], baseline="docker-py",
             ratio_target=0.8, rss_target_mb=rss, ok_codes=ok),
        Tool("ls-summary", "ignoregen ls --summary", [*ig, "ls", "--summary", str(tree)],
             baseline="du", ratio_target=1.0, rss_target_mb=rss, ok_codes=ok),
        Tool("scan", "ignoregen scan", [*ig, "scan", str(tree)], baseline="du",
             ratio_target=1.1, rss_target_mb=rss, optional=True, ok_codes=ok),
        Tool("check", "ignoregen check", [*ig, "check", str(tree)], baseline="du",
             ratio_target=1.3, rss_target_mb=rss, ok_codes=ok),
        Tool("init", "ignoregen init --dry-run", [*ig, "init", "--dry-run", "-C", str(tree)],
             baseline="du", ratio_target=1.5, rss_target_mb=rss, capture=True,
             count_lines=True),
    ]
    return [t for t in tools if t.key not in skip]


STARTUP_FILES = {
    "Dockerfile": "FROM python:3.12-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n",
    ".dockerignore": "**/__pycache__\n",
    "app.py": "print('hello')\n",
}


def make_startup_tools(workdir: Path, skip: set[str]) -> list[Tool]:
    """What pre-commit and editor tasks pay on every call: check on a three-file
    repository, ls on an empty context, beside the interpreter's own start-up."""
    small = workdir / "three-files"
    small.mkdir(parents=True, exist_ok=True)
    for name, text in STARTUP_FILES.items():
        (small / name).write_text(text)
    empty = workdir / "empty"
    empty.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    ig = [py, "-m", "ignoregen"]
    tools = [
        Tool("python", "python -c pass", [py, "-c", "pass"]),
        Tool("click", "python -c 'import click'", [py, "-c", "import click"]),
        Tool("check-small", "ignoregen check (3 files)", [*ig, "check", str(small)],
             baseline="click", ratio_target=2.0, ok_codes=(0, 1)),
        # The first run after an install or an edit of a preset: nothing cached yet.
        Tool("check-small-cold", "ignoregen check (no cache)",
             [*ig, "check", str(small)], baseline="click", ok_codes=(0, 1),
             env={"IGNOREGEN_NO_CACHE": "1"}),
        Tool("ls-empty", "ignoregen ls (empty)", [*ig, "ls", str(empty)], baseline="click",
             ok_codes=(0, 1)),
    ]
    return [t for t in tools if t.key not in skip]


def run_rounds(
    tools: list[Tool],
    repeat: int,
    warmup: int,
    method: str,
    log: TextIO,
    env: dict[str, str],
    workdir: Path,
) -> None:
    total = warmup + repeat
    for r in range(total):
        kind = "warm-up" if r < warmup else "measured"
        shift = r % len(tools)
        order = tools[shift:] + tools[:shift]  # rotate so no tool always runs first
        parts: list[str] = []
        for tool in order:
            if tool.failed:
                continue
            m = measure(tool.argv, tool.capture, method, {**env, **tool.env}, workdir)
            if m.returncode not in tool.ok_codes or "Traceback (most recent call last)" in m.stderr:
                tool.failed = True
                tool.note = failure_note(tool, m)
                parts.append(f"{tool.key}: failed")
                continue
            tool.stdout = m.stdout
            if tool.count_lines:
                tool.lines = (len(m.stdout.splitlines()), len(m.stderr.splitlines()))
            if r >= warmup:
                tool.times.append(m.seconds)
                tool.rss_kb.append(m.max_rss_kb)
                tool.cpu.append(m.cpu_seconds)
            parts.append(f"{tool.key} {m.seconds:.2f}s")
        print(f"  round {r + 1}/{total} ({kind}): " + ", ".join(parts), file=log, flush=True)


def tree_stats(root: Path) -> dict[str, int]:
    """Count what is under ``root`` without following symlinks."""
    files = dirs = symlinks = other = file_bytes = 0
    apparent = root.lstat().st_size  # what du -sb adds up: every entry's st_size
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as it:
            for entry in it:
                st = entry.stat(follow_symlinks=False)
                apparent += st.st_size
                if entry.is_symlink():
                    symlinks += 1
                elif entry.is_dir(follow_symlinks=False):
                    dirs += 1
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    files += 1
                    file_bytes += st.st_size
                else:
                    other += 1
    return {
        "entries": files + dirs + symlinks + other,
        "files": files,
        "dirs": dirs,
        "symlinks": symlinks,
        "other": other,
        "file_bytes": file_bytes,
        "apparent_bytes": apparent,
    }


def read_first(path: str, prefix: str) -> str | None:
    try:
        with Path(path).open() as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def filesystem_of(path: Path) -> str:
    best, fstype = "", "unknown"
    target = str(path.resolve())
    try:
        lines = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return fstype
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount = fields[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, fstype = mount, fields[2]
    return fstype


def version_of(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info(tree: Path) -> dict[str, Any]:
    mem_kb = read_first("/proc/meminfo", "MemTotal")
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 0
    du_version = subprocess.run(["du", "--version"], capture_output=True, text=True,
                                check=False).stdout.splitlines()
    return {
        "cpu": read_first("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": round(int(mem_kb.split()[0]) / 1024 / 1024, 1) if mem_kb else None,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "python_executable": sys.executable,
        "kernel": f"{platform.system()} {platform.release()}",
        "tree_filesystem": filesystem_of(tree),
        "du": du_version[0] if du_version else "unknown",
        "docker_py": version_of("docker"),
        "ignoregen": version_of("ignoregen"),
    }


def summarize(tools: list[Tool]) -> list[dict[str, Any]]:
    by_key = {t.key: t for t in tools}
    rows: list[dict[str, Any]] = []
    for t in tools:
        median = statistics.median(t.times) if t.times else None
        row: dict[str, Any] = {
            "key": t.key,
            "tool": t.label,
            "argv": t.argv,
            "runs": len(t.times),
            "median_s": median,
            "min_s": min(t.times) if t.times else None,
            "max_s": max(t.times) if t.times else None,
            "times_s": [round(x, 4) for x in t.times],
            "median_cpu_s": statistics.median(t.cpu) if t.cpu else None,
            "cpu_s": [round(x, 4) for x in t.cpu],
            "peak_rss_mb": max(t.rss_kb) / 1024 if t.rss_kb else None,
            "baseline": t.baseline,
            "ratio": None,
            "min_ratio": None,
            "ratio_target": t.ratio_target,
            "time_verdict": None,
            "rss_target_mb": t.rss_target_mb,
            "rss_verdict": None,
            "optional": t.optional,
            "available": not t.failed and bool(t.times),
            "note": t.note,
            "output_lines": list(t.lines) if t.lines is not None else None,
        }
        base = by_key.get(t.baseline) if t.baseline else None
        if t.baseline and (base is None or not base.times):
            row["note"] = row["note"] or f"no ratio: baseline {t.baseline} was not measured"
        if median is not None and base is not None and base.times:
            row["ratio"] = median / statistics.median(base.times)
            row["min_ratio"] = min(t.times) / min(base.times)
            if t.ratio_target is not None:
                row["time_verdict"] = "PASS" if row["ratio"] <= t.ratio_target else "MISS"
        if row["peak_rss_mb"] is not None and t.rss_target_mb is not None:
            row["rss_verdict"] = "PASS" if row["peak_rss_mb"] < t.rss_target_mb else "MISS"
        rows.append(row)
    return rows


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_report(report: dict[str, Any], out: TextIO) -> None:
    m = report["machine"]
    p = report["params"]
    print(file=out)
    print("Machine", file=out)
    print(f"  CPU        {m['cpu']} ({m['cores']} cores, {m['usable_cores']} usable), "
          f"{m['memory_gb']} GB RAM", file=out)
    print(f"  Python     {m['python']} ({m['python_executable']})", file=out)
    print(f"  Kernel     {m['kernel']}; tree on {m['tree_filesystem']}", file=out)
    print(f"  Load       {' '.join(map(str, m['load_average']))} (1, 5, 15 min, before timing; "
          "other work on the machine makes the wall times noisy)", file=out)
    print(f"  Tools      {m['du']}; docker-py {m['docker_py']}; ignoregen {m['ignoregen']}",
          file=out)
    for shape in report["shapes"]:
        _print_shape(shape, p, out)
    if report["startup"]:
        print(file=out)
        print("Start-up (small inputs; what pre-commit and editor tasks pay on each call)",
              file=out)
        _print_table(report["startup"], out)
        print("Target: check on a three-file repository <= 2 x python -c 'import click'.",
              file=out)


def _print_shape(shape: dict[str, Any], p: dict[str, Any], out: TextIO) -> None:
    s = shape["tree"]
    g = shape["generation"]
    print(file=out)
    print(f"Tree, shape {shape['shape']!r}: {SHAPE_NOTES.get(shape['shape'], '')}", file=out)
    print(f"  path       {s['path']}", file=out)
    print(f"  entries    {s['entries']:,} = {s['files']:,} files + {s['dirs']:,} dirs + "
          f"{s['symlinks']:,} symlinks" + (f" + {s['other']:,} other" if s["other"] else ""),
          file=out)
    print(f"  bytes      {s['file_bytes']:,} in regular files "
          f"({s['file_bytes'] / 2**20:,.1f} MiB); {s['apparent_bytes']:,} apparent, as du -sb "
          "counts", file=out)
    if g is not None:
        how = "reused from cache" if g["reused"] else "generated now"
        print(f"  generation {how}: {g['seconds']:.1f} s (at {g['generated_at']}), "
              f"seed {g['seed']}, --entries {g['entries']:,}", file=out)
    if s.get("docker_py_paths") is not None:
        print(f"  docker-py  {s['docker_py_paths']:,} paths (files, dirs, symlinks) left in the "
              "context by the .dockerignore", file=out)
    warm = (f"after {p['warmup']} uncounted warm-up round(s) that fill the page, dentry and "
            "inode caches" if p["warmup"] else "with no warm-up round (caches may be cold)")
    print(f"Timing: {p['repeat']} measured round(s) {warm}; each round runs every tool once, "
          "in a rotating order. Python tools run with their bytecode compiled, as installed "
          "ones are.", file=out)
    if p["rss_method"] == "time":
        rss_how = f"ru_maxrss as reported by {GNU_TIME} -f %M"
    else:
        rss_how = (f"ru_maxrss from os.wait4, which includes this script's own peak "
                   f"({p['rss_floor_mb']:.0f} MB) as a floor")
    print("Wall time of the whole process (interpreter start-up included for Python tools); "
          f"cpu s = median user + system CPU time; peak RSS = the largest over the runs, "
          f"{rss_how}. Ratios compare median wall times; 'min ratio' compares the fastest "
          "runs.", file=out)
    print(file=out)
    _print_table(shape["results"], out)
    print(file=out)
    print("Targets: ls <= 0.8 x docker-py; ls --summary <= 1.0 x du -sb; scan <= 1.1 x du -sb; "
          "check <= 1.3 x du -sb; init --dry-run <= 1.5 x du -sb; "
          f"peak RSS < {RSS_TARGET_MB:.0f} MB for each ignoregen command.", file=out)


def _print_table(results: list[dict[str, Any]], out: TextIO) -> None:
    header = (f"{'tool':<26}{'median s':>9}{'min s':>9}{'cpu s':>8}  {'vs':<10}{'ratio':>6}"
              f"{'target':>8}"
              f"{'time':>6}{'min ratio':>10}{'RSS MB':>8}{'<150':>6}")
    print(header, file=out)
    print("-" * len(header), file=out)
    for r in results:
        if not r["available"]:
            print(f"{r['tool']:<26}  {r['note'] or 'not measured'}", file=out)
            continue
        target = f"<={r['ratio_target']:.2f}" if r["ratio_target"] is not None else "-"
        print(f"{r['tool']:<26}{fmt(r['median_s'], '.3f'):>9}{fmt(r['min_s'], '.3f'):>9}"
              f"{fmt(r['median_cpu_s'], '.2f'):>8}  "
              f"{r['baseline'] or '-':<10}{fmt(r['ratio'], '.2f'):>6}{target:>8}"
              f"{r['time_verdict'] or '-':>6}{fmt(r['min_ratio'], '.2f'):>10}"
              f"{fmt(r['peak_rss_mb'], '.1f'):>8}"
              f"{r['rss_verdict'] or '-':>6}", file=out)
    for r in results:
        if r["available"] and r["note"]:
            print(f"  note: {r['tool']}: {r['note']}", file=out)
        if r["available"] and r["output_lines"] is not None:
            files, summary = r["output_lines"]
            print(f"  note: {r['tool']}: {files} lines of files (stdout), {summary} lines of "
                  "summary (stderr)", file=out)


def strict_failures(rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    for r in rows:
        if r["ratio_target"] is None and r["rss_target_mb"] is None:
            continue
        if not r["available"]:
            if not r["optional"]:
                problems.append(f"{r['tool']}: {r['note'] or 'not measured'}")
            continue
        for verdict in ("time_verdict", "rss_verdict"):
            if r[verdict] == "MISS":
                problems.append(f"{r['tool']}: {verdict.split('_')[0]} target missed")
            elif r[verdict] is None and verdict == "time_verdict" and r["ratio_target"]:
                problems.append(f"{r['tool']}: no ratio ({r['note']})")
    return problems


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time ignoregen against du -sb and docker-py on a large generated tree.")
    parser.add_argument("--entries", type=int, default=treegen.DEFAULT_ENTRIES,
                        help="minimum entries in the generated tree (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="measured rounds (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="uncounted warm-up rounds before them (default %(default)s)")
    parser.add_argument("--tree", type=Path, default=DEFAULT_CACHE,
                        help="cache directory of the generated tree (default bench/.tree); "
                             "the tree is DIR/repo, its marker DIR/tree.json")
    parser.add_argument("--seed", type=int, default=treegen.DEFAULT_SEED,
                        help="generator seed (default %(default)s)")
    parser.add_argument("--regenerate", action="store_true",
                        help="generate the tree again even if the cached one matches")
    parser.add_argument("--generate-only", action="store_true",
                        help="make sure the tree exists, print its figures, time nothing")
    parser.add_argument("--startup-only", action="store_true",
                        help="time only the start-up rows (no tree is generated or timed)")
    parser.add_argument("--context", type=Path,
                        help="benchmark this existing directory (with its own .dockerignore) "
                             "instead of the generated tree")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["du", "docker-py", "ls", "ls-summary", "scan", "check", "init",
                                 "python", "click", "check-small", "check-small-cold",
                                 "ls-empty"],
                        help="leave a tool out (repeatable)")
    parser.add_argument("--shape", action="append", choices=treegen.SHAPES, dest="shapes",
                        help="tree shape to time (repeatable; default: both). The "
                             "'sized' tree is cached in DIR/sized (DIR of --tree)")
    parser.add_argument("--json", metavar="PATH",
                        help="also write the figures as JSON to PATH ('-' for stdout, "
                             "the report then goes to stderr)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a target is missed or a required command fails")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be >= 1 and --warmup >= 0")
    if args.entries < 1_000:
        parser.error("--entries must be at least 1000")
    return args


def time_tree(
    tree: Path, shape: str, generation: dict[str, Any] | None, args: argparse.Namespace,
    method: str, env: dict[str, str], workdir: Path, log: TextIO,
) -> dict[str, Any]:
    """Count one tree and time every tool on it."""
    print(f"counting entries under {tree} ...", file=log, flush=True)
    started = time.perf_counter()
    stats: dict[str, Any] = {"path": str(tree), **tree_stats(tree)}
    print(f"  {stats['entries']:,} entries, counted in {time.perf_counter() - started:.1f} s",
          file=log, flush=True)
    tools: list[Tool] = []
    if not args.generate_only:
        tools = make_tools(tree, set(args.skip))
        print(f"timing {len(tools)} tools on the {shape!r} tree, {args.warmup} warm-up + "
              f"{args.repeat} measured round(s) ...", file=log, flush=True)
        run_rounds(tools, args.repeat, args.warmup, method, log, env, workdir)
        for t in tools:
            if t.key == "docker-py" and t.stdout.strip().isdigit():
                stats["docker_py_paths"] = int(t.stdout.strip())
            if t.key == "du" and t.stdout.split():
                stats["du_bytes"] = int(t.stdout.split()[0])
    return {"shape": shape, "tree": stats, "generation": generation,
            "results": summarize(tools)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = sys.stderr if args.json == "-" else sys.stdout
    log = sys.stderr

    trees: list[tuple[Path, str, dict[str, Any] | None]] = []
    if args.context is not None:
        tree = args.context.resolve()
        if not tree.is_dir():
            print(f"--context {tree}: not a directory", file=log)
            return 2
        trees.append((tree, "context", None))
    elif not args.startup_only:
        for shape in args.shapes or list(treegen.SHAPES):
            cache = args.tree.resolve()
            if shape != "search":
                cache = cache / shape
            info = treegen.ensure_tree(cache, args.entries, args.seed, force=args.regenerate,
                                       log=lambda msg: print(msg, file=log, flush=True),
                                       shape=shape)
            trees.append((info.root, shape, {
                "reused": info.reused, "seconds": info.generation_seconds,
                "generated_at": info.generated_at, "seed": args.seed,
                "entries": args.entries,
            }))
    method = rss_method()
    env = child_environment(args.tree.resolve() / "pycache")
    # Not the checkout: there, `python -m ignoregen` would import the source tree
    # rather than the package the interpreter has installed.
    workdir = args.tree.resolve() / "run"
    workdir.mkdir(parents=True, exist_ok=True)
    shapes = [time_tree(tree, shape, generation, args, method, env, workdir, log)
              for tree, shape, generation in trees]
    startup: list[dict[str, Any]] = []
    if not args.generate_only:
        tools = make_startup_tools(args.tree.resolve() / "startup", set(args.skip))
        if tools:
            print(f"timing start-up, {args.warmup} warm-up + {args.repeat} measured "
                  "round(s) ...", file=log, flush=True)
            run_rounds(tools, args.repeat, args.warmup, method, log, env, workdir)
            startup = summarize(tools)

    report: dict[str, Any] = {
        "machine": machine_info(trees[0][0] if trees else args.tree.resolve()),
        "shapes": shapes,
        "startup": startup,
        "params": {
            "repeat": args.repeat,
            "warmup": args.warmup,
            "rss_method": method,
            "rss_floor_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        },
    }
    print_report(report, out)
    if args.json:
        text = json.dumps(report, indent=2) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            Path(args.json).write_text(text)
    problems = [
        f"{shape['shape']}: {problem}"
        for shape in shapes
        for problem in strict_failures(shape["results"])
    ] + strict_failures(startup)
    if args.strict and problems:
        for problem in problems:
            print(f"strict: {problem}", file=log)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
