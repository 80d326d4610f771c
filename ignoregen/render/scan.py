"""Plain-text output for ``scan``, and its progress indicator.

Everything is a pure function of the report: the context is shown as the user gave
it, ties are broken by name, and nothing depends on the clock, so the output of a
given tree is the same on every machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from ignoregen.engine.dockerignore import display_path
from ignoregen.engine.setup import CONTAINERIGNORE, Builder
from ignoregen.knowledge.classification import CategoryTally, Classification, DirTally, Tally
from ignoregen.quoting import one_line, quoted
from ignoregen.render.text import human_bytes

if TYPE_CHECKING:
    from ignoregen.commands.scan import ScanReport
    from ignoregen.lint.image import ImageReport

BAR_WIDTH = 24
UNICODE_BLOCKS = " ▏▎▍▌▋▊▉█"
MARKERS_SHOWN = 3


def bar(share: float, width: int = BAR_WIDTH, *, unicode: bool = False) -> str:
    """A proportional bar: ``share`` (0..1) of ``width`` cells, in eighths with unicode."""
    share = min(max(share, 0.0), 1.0)
    if not unicode:
        cells = round(share * width)
        if cells == 0 and share > 0:
            cells = 1
        return "#" * cells
    eighths = round(share * width * 8)
    if eighths == 0 and share > 0:
        eighths = 1
    full, rest = divmod(eighths, 8)
    return UNICODE_BLOCKS[8] * full + (UNICODE_BLOCKS[rest] if rest else "")


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def percent(part: int, whole: int) -> str:
    return f"{100 * ratio(part, whole):.1f}%"


def _markers(paths: Sequence[str]) -> str:
    shown = ", ".join(quoted(path) for path in paths[:MARKERS_SHOWN])
    if len(paths) > MARKERS_SHOWN:
        shown += f" (+{len(paths) - MARKERS_SHOWN} more)"
    return shown


def preset_lines(result: Classification) -> Iterator[str]:
    width = max((len(d.preset.name) for d in result.presets), default=0)
    for detection in result.presets:
        if detection.reason == "always":
            why = "always"
        elif detection.reason == "config":
            why = "set in the config"
        elif detection.reason == "required":
            why = "required by " + ", ".join(detection.required_by)
        else:
            why = _markers(detection.markers)
        yield f"  {detection.preset.name:<{width}}  {why}"


def _category_rows(
    rows: Sequence[tuple[str, str, Tally]], total: int, unicode: bool
) -> Iterator[str]:
    if not rows:
        yield "  (no files)"
        return
    name_width = max([len("category")] + [len(name) for name, _, _ in rows])
    yield (
        f"  {'category':<{name_width}}  {'default':<7}  {'files':>9}  {'bytes':>9}  {'share':>6}"
    )
    for name, default, tally in rows:
        share = ratio(tally.bytes, total)
        line = (
            f"  {name:<{name_width}}  {default:<7}  {tally.files:>9,}  "
            f"{human_bytes(tally.bytes):>9}  {percent(tally.bytes, total):>6}  "
            f"{bar(share, unicode=unicode)}"
        )
        yield line.rstrip()


def _default(tally: CategoryTally) -> str:
    return "exclude" if tally.category.exclude_by_default else "keep"


def category_table(result: Classification, *, sent: bool, unicode: bool) -> Iterator[str]:
    def pick(tally: CategoryTally) -> Tally:
        return tally.sent if sent else tally.all

    chosen = [t for t in result.categories if pick(t).files or pick(t).bytes]
    chosen.sort(key=lambda t: (-pick(t).bytes, -pick(t).files, t.category.id))
    rows = [(t.category.id, _default(t), pick(t)) for t in chosen]
    other = result.unclassified[1 if sent else 0]
    if other.files or other.bytes:
        rows.append(("(unclassified)", "", other))
    total = result.sent.bytes if sent else result.all.bytes
    yield from _category_rows(rows, total, unicode)


def directory_table(
    directories: Sequence[DirTally], total: int, *, unicode: bool
) -> Iterator[str]:
    names = [quoted(d.path + "/") for d in directories]
    width = max([len("directory")] + [len(name) for name in names])
    yield f"  {'directory':<{width}}  {'bytes':>9}  {'share':>6}  {'sent':>9}  category"
    for name, directory in zip(names, directories, strict=True):
        category = directory.category.id if directory.category is not None else "-"
        share = ratio(directory.all.bytes, total)
        line = (
            f"  {name:<{width}}  {human_bytes(directory.all.bytes):>9}  "
            f"{percent(directory.all.bytes, total):>6}  {human_bytes(directory.sent.bytes):>9}  "
            f"{category:<{_category_width(directories)}}  {bar(share, unicode=unicode)}"
        )
        yield line.rstrip()


def _category_width(directories: Sequence[DirTally]) -> int:
    return max(
        [len("category")]
        + [len(d.category.id) for d in directories if d.category is not None]
    )


def excluded_by_default_but_sent(result: Classification) -> Tally:
    """What the ignore file lets through although the presets would exclude it."""
    parts = [t.excludable_sent for t in result.categories]
    return Tally(sum(p.files for p in parts), sum(p.bytes for p in parts))


def _totals(tally: Tally) -> str:
    noun = "file" if tally.files == 1 else "files"
    return f"{tally.files:,} {noun}, {human_bytes(tally.bytes)}"


def scan_lines(
    report: ScanReport,
    context: str,
    *,
    top: int = 10,
    unicode: bool = False,
    image: ImageReport | None = None,
) -> Iterator[str]:
    """The text report; ``context`` is the context as the user gave it; ``image``, what the
    Dockerfile ships and the advice about it."""
    setup = report.context.setup
    result = report.classification
    rules = sum(1 for rule in report.context.rules if rule.line)
    yield f"context:     {quoted(context)}"
    yield f"builder:     {setup.builder.value}"
    dockerfile = display_path(setup.dockerfile) if setup.dockerfile is not None else "none"
    yield f"dockerfile:  {quoted(dockerfile)}"
    if setup.ignore_file is None:
        yield "ignore file: none (everything is sent)"
        if setup.builder is not Builder.BUILDAH and os.path.lexists(
            setup.context / CONTAINERIGNORE
        ):
            yield (f"             (Docker does not read {CONTAINERIGNORE}: "
                   "--builder podman reads it)")
    else:
        yield f"ignore file: {quoted(display_path(setup.ignore_file))} ({rules} rules)"
    if setup.shadowed is not None:
        yield (
            f"             (BuildKit does not read {quoted(display_path(setup.shadowed))}: "
            "the per-Dockerfile file wins)"
        )
    yield f"config:      {report.config or 'none'}"
    yield ""
    yield "presets:"
    yield from preset_lines(result)
    yield ""
    yield f"in the directory: {_totals(result.all)}"
    yield from category_table(result, sent=False, unicode=unicode)
    yield ""
    sent_share = percent(result.sent.bytes, result.all.bytes)
    yield f"sent with the ignore file: {_totals(result.sent)} ({sent_share} of the bytes)"
    yield from category_table(result, sent=True, unicode=unicode)
    leak = excluded_by_default_but_sent(result)
    if leak.files:
        yield ""
        yield (
            f"sent although the presets exclude it by default: {_totals(leak)} "
            f"({percent(leak.bytes, result.sent.bytes)} of what is sent)"
        )
    if top:
        directories = result.directories[:top]
        if directories:
            yield ""
            yield f"largest directories (of {human_bytes(result.all.bytes)}):"
            yield from directory_table(directories, result.all.bytes, unicode=unicode)
    if image is not None:
        from ignoregen.render.image import image_section

        yield ""
        yield from (one_line(line) for line in image_section(image))


# -- progress --------------------------------------------------------------------------------


def progress_due(is_terminal: bool, elapsed: float, delay: float = 1.0) -> bool:
    """Show progress only on a terminal, and only once the walk has taken ``delay`` s."""
    return is_terminal and elapsed >= delay


class Progress:
    """A one-line count of the entries walked so far, on stderr, for long walks."""

    def __init__(
        self,
        stream: TextIO,
        *,
        terminal: bool | None = None,
        delay: float = 1.0,
        interval: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.terminal = stream.isatty() if terminal is None else terminal
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.start = clock()
        self.last = float("-inf")
        self.width = 0

    def __call__(self, entries: int) -> None:
        if not self.terminal:
            return
        now = self.clock()
        if not progress_due(self.terminal, now - self.start, self.delay):
            return
        if now - self.last < self.interval:
            return
        self.last = now
        text = f"ignoregen: scanning, {entries:,} entries so far..."
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()

    @property
    def shown(self) -> bool:
        return self.width > 0

    def finish(self) -> None:
        """Erase the line, if one was drawn."""
        if self.shown:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
