"""Plain-text output for ``ls`` and ``explain``.

Paths are bytes on POSIX: a name that holds a newline, another control character or a
byte that is not UTF-8 is written C-quoted (:mod:`ignoregen.quoting`), so that each
entry is one line; ``ls -0`` asks for the exact bytes instead (``quote=False``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.records import ContextScan, Item, Kind, Totals
from ignoregen.engine.setup import Builder
from ignoregen.quoting import one_line, quoted

if TYPE_CHECKING:
    from ignoregen.commands.explain import Explanation

_UNITS = ("B", "kB", "MB", "GB", "TB")


def human_bytes(size: int) -> str:
    """Decimal units, as ``docker`` prints sizes: 999 B, 1.2 kB, 34.5 MB."""
    value = float(size)
    for unit in _UNITS:
        if value < 1000 or unit == _UNITS[-1]:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def rule_text(rule: Rule | None) -> str:
    if rule is None:
        return ""
    return f"{rule.location}: {rule.text.strip()}" if rule.line else f"{rule.source}: {rule}"


def entry_name(item: Item, quote: bool = True) -> str:
    name = item.path + "/" if item.kind is Kind.DIR else item.path
    return quoted(name) if quote else name


def long_line(scan: ContextScan, item: Item, quote: bool = True) -> str:
    """``SIZE  PATH  [entries]  RULE`` for ``ls --long``."""
    parts = [f"{item.size:>12}", entry_name(item, quote)]
    if item.kind is Kind.DIR and item.files:
        parts.append(f"({item.files:,} files)")
    rule = scan.rule(item)
    if rule is not None:
        reason = one_line(rule_text(rule))
        parts.append(f"[{reason}, via a parent]" if item.inherited else f"[{reason}]")
    return "  ".join(parts)


def _totals_line(label: str, totals: Totals) -> str:
    return (
        f"{label + ':':<10}{totals.files:>9,} files {human_bytes(totals.bytes):>10}"
        f"  ({totals.bytes:,} bytes)"
    )


def summary_lines(scan: ContextScan) -> Iterator[str]:
    setup = scan.setup
    ignore = "none" if setup.ignore_file is None else str(setup.ignore_file)
    user_rules = [rule for rule in scan.rules if rule.line]
    yield f"context:  {setup.context}"
    yield f"builder:  {setup.builder.value}"
    yield f"ignore:   {ignore} ({len(user_rules)} rules)"
    if setup.shadowed is not None:
        yield f"          (BuildKit does not read {setup.shadowed}: the per-Dockerfile file wins)"
    yield _totals_line("sent", scan.sent_totals)
    yield _totals_line("not sent", scan.ignored_totals)
    all_bytes = scan.sent_totals.bytes + scan.ignored_totals.bytes
    if all_bytes:
        share = 100 * scan.ignored_totals.bytes / all_bytes
        yield f"saved:    {share:.1f}% of the bytes in the directory"
    yield f"tar:      ~{human_bytes(scan.tar_bytes)} (estimated uncompressed context stream)"
    for name in scan.removed:
        yield f"note:     {name} is sent, then deleted by the daemon because it is excluded"


def explanation_line(item: Explanation) -> str:
    """One line: PATH: sent|not sent: why."""
    name = quoted(item.path + ("/" if item.kind is Kind.DIR else ""))
    reason = rule_text(item.rule)
    if item.matched_at is not None and item.rule is not None:
        reason += f" (matches the parent directory {quoted(item.matched_at + '/')})"
    if item.kind is None:
        verdict = "would be sent" if item.sent else "would not be sent"
        head = f"{name}: no such entry; it {verdict}"
    elif item.removed_by_daemon:
        head = f"{name}: not in the context (the classic builder sends it, the daemon deletes it)"
    elif item.parent_only:
        head = f"{name}: sent as a directory entry only, because entries below it are re-included"
    else:
        head = f"{name}: {'sent' if item.sent else 'not sent'}"
    unreached = quoted(f"{item.unreached}/")
    if item.stopped is not None:
        why = (
            f"the classic CLI stops sending the context at {item.stopped}, and this comes "
            "there or after it in its walk"
        )
    elif item.unreached is not None and item.builder is Builder.BUILDAH:
        why = (
            f"Buildah does not look inside the excluded directory {unreached} (no "
            f"exception pattern starts with {item.unreached!r}; wildcards do not count)"
        )
    elif item.unreached is not None:
        why = (
            f"the classic builder does not look inside the excluded directory "
            f"{unreached} (no exception pattern starts with {item.unreached + '/'!r})"
        )
    elif item.rule is None:
        why = "no rule matches it"
    elif item.rule.exception:
        why = f"re-included by {reason}"
    else:
        why = f"excluded by {reason}"
    line = f"{head}: {why}"
    if item.build_file is not None and item.excluded:
        line += f"; the builder still reads this {item.build_file}, but COPY and ADD cannot use it"
    line = one_line(line)
    if item.secret is not None:
        line += f"\n  secret: {one_line(item.secret)}"
    if item.output is not None:
        line += f"\n  build output: {one_line(item.output)}"
    for need in item.needs:
        because = one_line(f"{need.reason} ({need.origin})")
        if need.path.rstrip("/") == item.path:
            line += f"\n  needed: {because}"
        else:
            line += f"\n  needed as part of {quoted(need.path)}: {because}"
        if need.warning:
            line += f"\n  warning: {one_line(need.warning)}"
    return line
