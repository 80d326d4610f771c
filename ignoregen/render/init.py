"""Text for ``ignoregen init``: what was written and what it saves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ignoregen.commands.init import Outcome
from ignoregen.render.text import human_bytes


def _size(files: int, size: int) -> str:
    return f"{files:,} file{'' if files == 1 else 's'} {human_bytes(size)}"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def summary_lines(outcome: Outcome, root: Path, verb: str) -> Iterator[str]:
    """The summary of one ignore file: rules, bytes before and after, what was kept."""
    rules = list(outcome.plan.rules)
    categories = {rule.category.id for rule in rules if rule.category is not None}
    state = verb if outcome.changed else "unchanged"
    yield (
        f"{_shown(outcome.path, root)}: {state} ({len(rules)} rules in "
        f"{len(categories)} categories)"
    )
    before, after = outcome.before, outcome.after
    saved = before.bytes - after.bytes
    share = f" ({100 * saved / before.bytes:.1f}%)" if before.bytes else ""
    yield (
        f"  context, everything permitted (classic builder): {_size(before.files, before.bytes)}"
        f" -> {_size(after.files, after.bytes)}, {human_bytes(saved)} less{share}"
    )
    changed = [(name, old, new) for name, old, new in outcome.categories if old != new]
    if changed:
        yield "  by category, sent before -> after:"
        width = max(len(name) for name, _, _ in changed)
        for name, old, new in changed:
            yield (
                f"    {name:<{width}}  {_size(old.files, old.bytes)} -> "
                f"{_size(new.files, new.bytes)}"
            )
    for dockerfile, pulled in outcome.transferred:
        yield (
            f"  BuildKit, {_shown(dockerfile, root)}: COPY/ADD pull "
            f"{_size(pulled.files, pulled.bytes)}"
        )
    for guard in outcome.plan.guards:
        yield f"  kept: {guard.path}: {guard.reason} ({guard.origin})"
        if guard.warning:
            yield f"  warning: {guard.warning}"
    for note in outcome.plan.notes:
        yield f"  note: {note}"
    for problem in outcome.problems:
        yield f"  error: {problem}"
    for warning in outcome.warnings:
        yield f"  warning: {warning}"
