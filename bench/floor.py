#!/usr/bin/env python3
"""A lower bound for ``ignoregen check`` on a tree, beside ``du -sb`` and ``ls --summary``.

Usage::

    python bench/floor.py TREE [--repeat K]

What any CPython ``check`` must do at least: walk the whole tree (``os.scandir`` and an
``lstat`` of every entry, sizes summed, as ``du -sb`` does) and read the head of each file
that ``check`` reads for private keys (IG102). The bound does only that, in two processes,
with the work split in advance by entry counts: a split no real tool knows before it walks,
so the figure is a floor, not a design. The files to read are the ones a run of ``check``
(in this process, one worker) opens for IG102.

Each round runs ``du -sb``, the bound, ``ignoregen ls --summary`` and ``ignoregen check`` as
separate processes in a rotating order; the first round is a warm-up. Medians of wall time
and of user + system CPU are printed, with each wall time as a multiple of ``du -sb``'s.
A measuring script, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def _size_of(top: str) -> int:
    total = 0
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            entries = os.scandir(directory)
        except OSError:
            continue
        with entries:
            for entry in entries:
                total += entry.stat(follow_symlinks=False).st_size
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return total


def _count(top: str) -> int:
    return sum(len(dirs) + len(files) for _, dirs, files in os.walk(top))


def _read_heads(paths: Sequence[str], size: int) -> None:
    for path in paths:
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            os.read(descriptor, size)
        finally:
            os.close(descriptor)


def bound(plan_file: str) -> None:
    """The bound itself: the plan's two shares of the walk and of the reads, one per process."""
    plan = json.loads(Path(plan_file).read_text())
    size = plan["head"]
    pid = os.fork()
    share = plan["shares"][0 if pid == 0 else 1]
    for top in share["walk"]:
        _size_of(top)
    _read_heads(share["read"], size)
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def _read_by_check(tree: Path) -> list[str]:
    """The files ``check`` opens for IG102 on ``tree``, found by running it here."""
    from ignoregen.cli import main
    from ignoregen.lint import content

    opened: list[str] = []
    original = content.DirectoryReader.secret_content

    def recording(self: content.DirectoryReader, path: str, size: int) -> str | None:
        name = path.rpartition("/")[2]
        if size >= content.SHORTEST_KEY or name in content._TOKEN_FILES:
            opened.append(f"{self.context}/{path}")
        return original(self, path, size)

    content.DirectoryReader.secret_content = recording  # type: ignore[method-assign]
    cwd = os.getcwd()
    saved = sys.stdout
    try:
        os.chdir(tree)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (closed below)
        main(["check", "-j", "1", "."])
    finally:
        sys.stdout.close()
        sys.stdout = saved
        os.chdir(cwd)
        content.DirectoryReader.secret_content = original  # type: ignore[method-assign]
    return sorted(set(opened))


def _plan(tree: Path, reads: list[str]) -> dict[str, object]:
    from ignoregen.lint import content

    units: list[tuple[str, int]] = []
    for top in os.scandir(tree):
        if top.is_dir(follow_symlinks=False):
            for entry in os.scandir(top.path):
                deep = entry.is_dir(follow_symlinks=False)
                units.append((entry.path, 1 + (_count(entry.path) if deep else 0)))
    shares: list[dict[str, list[str]]] = [{"walk": [], "read": []}, {"walk": [], "read": []}]
    loads = [0, 0]
    for path, weight in sorted(units, key=lambda unit: -unit[1]):
        at = 0 if loads[0] <= loads[1] else 1
        shares[at]["walk"].append(path)
        loads[at] += weight
    half = len(reads) // 2
    shares[0]["read"], shares[1]["read"] = reads[:half], reads[half:]
    return {"head": content.HEAD, "shares": shares}


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--repeat", type=int, default=5, help="measured rounds (default 5)")
    parser.add_argument("--bound", help=argparse.SUPPRESS)  # (the bound's own process)
    args = parser.parse_args(argv)
    if args.bound:
        bound(args.bound)
        return 0
    tree = args.tree.resolve()
    reads = _read_by_check(tree)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(_plan(tree, reads), handle)
    py = sys.executable
    tools = {
        "du -sb": ["du", "-sb", "."],
        "walk + head reads (the bound)": [py, __file__, str(tree), "--bound", handle.name],
        "ignoregen ls --summary": [py, "-m", "ignoregen", "ls", "--summary", "."],
        "ignoregen check": [py, "-m", "ignoregen", "check", "."],
    }
    walls: dict[str, list[float]] = {name: [] for name in tools}
    cpus: dict[str, list[float]] = {name: [] for name in tools}
    names = list(tools)
    try:
        for round_ in range(args.repeat + 1):
            for name in names[round_ % len(names):] + names[:round_ % len(names)]:
                wall, cpu = _run(tools[name], tree)
                if round_:
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    finally:
        os.unlink(handle.name)
    base = statistics.median(walls["du -sb"])
    print(f"{tree}: {len(reads):,} files read for IG102; {args.repeat} rounds, medians")
    print(f"{'command':<32} {'wall s':>8} {'cpu s':>8} {'x du -sb':>9}")
    for name in names:
        wall = statistics.median(walls[name])
        print(f"{name:<32} {wall:8.2f} {statistics.median(cpus[name]):8.2f} {wall / base:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
