"""The parallel walk: subtrees handed to forked worker processes in tasks and shares,
their results read back through pipes, progress shared through a memory map."""

from __future__ import annotations

import contextlib
import os
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from ignoregen.engine.listing import _count_subdirs, tree_size
from ignoregen.engine.records import ContextScan, Item, Problem

if TYPE_CHECKING:
    from ignoregen.engine.walk import Observer, _Walker



@dataclass(frozen=True)
class SplitPolicy:
    """How a parallel walk shares the tree out among its workers.

    The defaults are tuned on the benchmark tree; tests pass smaller numbers to make
    small trees go out in many tasks.
    """

    depth: int = 2
    """Directories this deep are handed to worker processes (shallower ones are walked in
    the parent), except that no single task should hold a large share of the tree: a
    directory with only one subdirectory is walked in place, so that a chain such as
    ``.venv/lib/python3.11/site-packages`` is shared out by what is at its end; a wide one
    (``node_modules/.pnpm``) goes out in shares; and the subdirectories of a wide one are
    tasks as they are."""
    wide: int = 64
    """That many subdirectories make a directory wide: it is walked in shares, each share a
    task that takes the subdirectories whose names hash to it (a wide excluded directory
    that is only sized is taken apart in place instead)."""
    share: int = 32
    """Subdirectories per share of a wide directory, roughly."""
    max_shares: int = 16
    """Each share lists the whole directory again: more shares balance finer, and cost
    more."""
    max_depth: int = 8
    """Below this depth, every directory is a task."""
    min_tasks: int = 16
    """Fewer subtrees than this are not worth starting workers for."""
    progress_interval: float = 0.25
    """Seconds between progress reports from the parent while workers walk."""


DEFAULT_SPLIT = SplitPolicy()

MAX_BATCHES = 4096
"""Tasks are handed out in at most this many batches (one queue entry each)."""


class _Task(NamedTuple):
    """A subtree to walk: the arguments of :meth:`_Walker._walk_dir` for its directory."""

    absolute: str
    relative: str
    vector: int
    live: int
    excluded: bool
    decider: int
    searching: bool


class _Counts(NamedTuple):
    """Totals of a subtree."""

    files: int
    dirs: int
    bytes: int


class _Result(NamedTuple):
    """A subtree's result, as a worker sends it back."""

    sent: list[Item]
    ignored: list[Item]
    problems: list[Problem]
    sent_counts: _Counts
    ignored_counts: _Counts
    tar_bytes: int
    implied: list[str]
    """Directories the classic builder creates implicitly."""
    any_sent: bool
    """Whether anything below is sent."""
    part: object
    """The observer's part (see :meth:`Observer.export`), or None."""


_NONE = _Counts(0, 0, 0)

_WALK = "walk"
_SIZE = "size"


class _Job(NamedTuple):
    """A task as handed out: walk or only size a subtree, or a share of a wide one."""

    kind: str
    """``_WALK`` or ``_SIZE``."""
    task: _Task
    share: int
    """Which share of a wide directory (-1 for a whole subtree)."""
    shares: int
    """Of how many shares (0 for a whole subtree)."""

    @property
    def key(self) -> str | tuple[str, int]:
        """Where the parent looks the result up."""
        relative = self.task.relative
        return relative if self.share < 0 else (relative, self.share)


_BATCH = struct.Struct("<I")


class _Split:
    """The subtrees of a parallel walk: planned, walked by workers, then taken back.

    The walk runs twice in the parent: a planning pass over the top levels collects the
    subtrees to hand out (walking and sizing alike), workers walk them, and a second pass
    over the same top levels takes each subtree's result where it would have walked it.
    Both passes decide from the same listings, so they stop at the same directories.
    """

    def __init__(self, policy: SplitPolicy) -> None:
        self.policy = policy
        self.planning = True
        self.tasks: list[_Job] = []
        self.results: dict[str | tuple[str, int], _Result] | None = {}
        self.decided: dict[str, bool] = {}
        self.wide: dict[str, int] = {}
        """Wide directories and the number of shares each is walked in."""
        self.sized: dict[str, bool] = {}
        self.deepest = 0
        """The depth of the deepest directory decided: a plan that met none at its split
        depth would hand out nothing more one level deeper."""

    def walks_here(self, absolute: str, relative: str, siblings: int) -> bool:
        """Is directory ``relative`` walked in the parent (True) or handed out as a task?

        ``siblings`` is the number of subdirectories of its parent. Decided once, in the
        planning pass, and remembered for the second pass.
        """
        known = self.decided.get(relative)
        if known is not None:
            return known
        policy = self.policy
        depth = relative.count("/") + 1
        self.deepest = max(self.deepest, depth)
        if siblings >= policy.wide or relative.rpartition("/")[0] in self.wide:
            # The subdirectories of a crowded directory are tasks as they are: small
            # enough, and too many to look into one by one here.
            decision = False
        elif depth > policy.max_depth:
            decision = False
        else:
            subdirs = _count_subdirs(absolute)
            if subdirs >= policy.wide:
                self.wide[relative] = max(2, min(policy.max_shares, subdirs // policy.share))
            decision = depth < policy.depth or subdirs == 1 or subdirs >= policy.wide
        self.decided[relative] = decision
        return decision

    def sizes_here(self, absolute: str, relative: str, siblings: int, below: int) -> bool:
        """Is the excluded directory ``relative``, ``below`` levels under the one whose
        sizing started there, listed here (its subdirectories decided one by one, True) or
        sized whole by a worker?

        Excluded trees are shared out by their own depth, not by the context's: a
        ``node_modules`` found four levels down holds as much as one at the root, and
        sized whole it would be one worker's task while the others wait. Its top
        :attr:`SplitPolicy.depth` levels are listed here, so that what is below goes out
        in pieces (a directory without subdirectories is a task: listing it is sizing it).
        """
        known = self.sized.get(relative)
        if known is not None:
            return known
        policy = self.policy
        depth = relative.count("/") + 1
        self.deepest = max(self.deepest, depth)
        if siblings >= policy.wide or depth > policy.max_depth:
            decision = False
        else:
            subdirs = _count_subdirs(absolute)
            decision = subdirs > 0 and (
                below < policy.depth or subdirs == 1 or subdirs >= policy.wide
            )
        self.sized[relative] = decision
        return decision

    def subtree(self, walker: _Walker, task: _Task, token: object) -> bool:
        relative = task.relative
        shares = self.wide.get(relative, 0)
        if self.planning:
            if shares:
                self.tasks.extend(_Job(_WALK, task, share, shares) for share in range(shares))
            else:
                self.tasks.append(_Job(_WALK, task, -1, 0))
            return False
        keys: list[str | tuple[str, int]] = (
            [(relative, share) for share in range(shares)] if shares else [relative]
        )
        results = [self.results.get(key) for key in keys] if self.results is not None else []
        if not results or None in results:
            split, walker.split = walker.split, None
            try:
                return _walk_task(walker, task, token)
            finally:
                walker.split = split
        any_sent = False
        for result in results:
            assert result is not None
            if walker.observer is not None:
                walker.observer.absorb(token, result.part)
            any_sent = _merge(walker.scan, result) or any_sent
        return any_sent

    def size(
        self, walker: _Walker, absolute: str, relative: str, token: object
    ) -> tuple[int, int, int]:
        if self.planning:
            task = _Task(absolute, relative, 0, 0, True, -1, False)
            self.tasks.append(_Job(_SIZE, task, -1, 0))
            return 0, 0, 0
        result = self.results.get(relative) if self.results is not None else None
        if result is None:
            if walker.observer is not None:
                return walker.observer.excluded_tree(token, absolute, relative)
            return tree_size(absolute, walker.scan.problems)
        if walker.observer is not None:
            walker.observer.absorb(token, result.part)
        walker.scan.problems.extend(result.problems)
        files, dirs, size = result.ignored_counts
        return size, files, dirs

    def run(self, walker: _Walker, workers: int) -> None:
        """Walk the planned subtrees in ``workers`` forked processes.

        The tasks are numbered in walk order and split into batches; a pipe holds the batch
        numbers, and each worker reads the next one when it is free (a read of 4 bytes from
        a pipe is atomic), so the work balances itself with one system call per batch.
        Each worker sends all its results back at the end, in one pickle.
        """
        import pickle  # only parallel walks pay for the import

        tasks = self.tasks
        count = min(len(tasks), MAX_BATCHES)
        bounds = [len(tasks) * i // count for i in range(count + 1)]
        queue_read, queue_write = os.pipe()
        try:
            os.write(queue_write, b"".join(_BATCH.pack(i) for i in range(count)))
        finally:
            os.close(queue_write)
        # Each worker keeps a running count of the entries it walked here, for progress:
        # one machine word each, so that the parent never reads one half-written (packing
        # with struct writes byte by byte, and a count read mid-way can go backwards).
        import mmap  # here, as signal below: a walk too small to split (most) needs neither
        import signal

        shared = mmap.mmap(-1, 8 * workers)
        counts = memoryview(shared).cast("Q")
        children: list[tuple[int, int]] = []
        try:
            for slot in range(workers):
                result_read, result_write = os.pipe()
                pid = os.fork()
                if pid == 0:  # pragma: no cover - runs in the worker process
                    for _, other in children:
                        os.close(other)
                    os.close(result_read)
                    _worker_main(walker, tasks, bounds, queue_read, result_write, (counts, slot))
                os.close(result_write)
                children.append((pid, result_read))
            os.close(queue_read)
            queue_read = -1
            payloads = _read_results(
                [fd for _, fd in children], walker.observer, counts,
                self.policy.progress_interval,
            )
            results: dict[str | tuple[str, int], _Result] = {}
            if not all(payloads):
                # A worker died without a word (killed, out of memory): walk it all here.
                self.results = None
                return
            for payload in payloads:
                status, found = pickle.loads(payload)
                if status != "ok":
                    raise found
                results.update(found)
            self.results = results
        finally:
            if queue_read >= 0:
                os.close(queue_read)
            for pid, result_read in children:
                os.close(result_read)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)  # gone already unless something failed
                os.waitpid(pid, 0)
            counts.release()
            shared.close()


def _worker_main(  # pragma: no cover - runs in the worker process
    parent: _Walker,
    tasks: list[_Job],
    bounds: list[int],
    queue: int,
    out: int,
    shared: tuple[memoryview, int],
) -> NoReturn:
    """A worker: take batches of tasks until the queue is empty, then send the results."""
    import copy
    import pickle

    try:
        walker = copy.copy(parent)
        walker.split = None
        observer = parent.observer
        results: dict[str | tuple[str, int], _Result] = {}
        walked = 0
        while True:
            data = os.read(queue, _BATCH.size)
            if not data:
                break
            (batch,) = _BATCH.unpack(data)
            for job in tasks[bounds[batch] : bounds[batch + 1]]:
                result = results[job.key] = _run_task(walker, observer, job)
                sent, ignored = result.sent_counts, result.ignored_counts
                walked += sent.files + sent.dirs + ignored.files + ignored.dirs
                shared[0][shared[1]] = walked
        payload = pickle.dumps(("ok", results), pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # every failure goes back to the parent
        try:
            payload = pickle.dumps(("error", exc), pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle
            payload = pickle.dumps(("error", RuntimeError(f"worker failed: {exc!r}")))
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    finally:
        os._exit(0)


def _read_results(
    descriptors: list[int], observer: Observer | None, counts: memoryview, interval: float
) -> list[bytes]:
    """Read every worker's results as they come; meanwhile, tell the observer how far the
    workers got."""
    import selectors

    chunks: dict[int, list[bytes]] = {fd: [] for fd in descriptors}
    with selectors.DefaultSelector() as selector:
        for fd in descriptors:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select(interval if observer is not None else None):
                chunk = os.read(key.fd, 1 << 20)
                if chunk:
                    chunks[key.fd].append(chunk)
                else:
                    selector.unregister(key.fd)
            if observer is not None:
                walked = sum(counts)
                observer.elsewhere(walked)
    return [b"".join(chunks[fd]) for fd in descriptors]


def _run_task(walker: _Walker, observer: Observer | None, job: _Job) -> _Result:
    """In a worker: walk (or size) one subtree, or a share of one, into a scan of its own."""
    kind, task, share, shares = job
    scan = ContextScan(setup=walker.scan.setup, rules=walker.scan.rules)
    token = observer.detach(task.relative) if observer is not None else None
    if kind == _SIZE:
        if observer is not None:
            size, files, dirs = observer.excluded_tree(token, task.absolute, task.relative)
        else:
            size, files, dirs = tree_size(task.absolute, scan.problems)
        part = observer.export() if observer is not None else None
        return _Result(
            [], [], scan.problems, _NONE, _Counts(files, dirs, size), 0, [], False, part
        )
    walker.scan = scan
    if share >= 0:
        walker.slice = (task.relative, share, shares)
    try:
        any_sent = _walk_task(walker, task, token)
    finally:
        walker.slice = None
    if share > 0:
        # Each share lists the directory; the first one reports what went wrong there.
        scan.problems = [problem for problem in scan.problems if problem.path != task.relative]
    sent, ignored = scan.sent_totals, scan.ignored_totals
    return _Result(
        scan.sent,
        scan.ignored,
        scan.problems,
        _Counts(sent.files, sent.dirs, sent.bytes),
        _Counts(ignored.files, ignored.dirs, ignored.bytes),
        scan.tar_bytes,
        scan.implied,
        any_sent,
        observer.export() if observer is not None else None,
    )


def _walk_task(walker: _Walker, task: _Task, token: object) -> bool:
    return walker._walk_dir(
        task.absolute,
        task.relative,
        task.vector,
        task.live,
        task.excluded,
        task.decider,
        token,
        task.searching,
    )


def _merge(scan: ContextScan, result: _Result) -> bool:
    scan.sent.extend(result.sent)
    scan.ignored.extend(result.ignored)
    scan.problems.extend(result.problems)
    for mine, theirs in (
        (scan.sent_totals, result.sent_counts),
        (scan.ignored_totals, result.ignored_counts),
    ):
        mine.files += theirs.files
        mine.dirs += theirs.dirs
        mine.bytes += theirs.bytes
    scan.tar_bytes += result.tar_bytes
    scan.implied.extend(result.implied)
    return result.any_sent


def default_workers() -> int:
    """Worker processes for a walk: the usable cores, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))
