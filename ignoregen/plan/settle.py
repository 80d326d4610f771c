"""The passes of a plan settle, or are made to.

Each pass of :func:`~ignoregen.plan.planner.make_plan` walks with the exceptions the pass
before found, until a pass finds the same. A rule whose exceptions give back all it
excluded decides nothing in the next pass, so that pass writes neither it nor them; the
pass after finds them again, and so on for ever (tensorzero's ``**/test`` with
``!crates/**/test``: init never finished). The pass that sees such a rule decide nothing
while its exceptions give something back drops it at once; for any other way round, when
the passes come back to a state they were in, the rules whose exceptions changed on the
way round are dropped: the build needs what
they would exclude, or enough of it that they are no use. Dropping a rule only sends more,
so the build still gets what it reads.
"""

from __future__ import annotations

from collections.abc import Mapping

Kept = Mapping[int, tuple[tuple[str, str], ...]]
"""Exceptions by candidate index: (path or pattern to keep, why)."""


class Passes:
    """The states the passes of one plan went through."""

    def __init__(self) -> None:
        self._seen: list[tuple[frozenset[int], dict[int, tuple[tuple[str, str], ...]]]] = []

    def going_round(self, dropped: set[int], kept: Kept) -> dict[int, list[tuple[str, str]]]:
        """Record the state the next pass starts from. When it is one already seen: the
        candidates whose exceptions changed since then, each with every exception it had
        on the way (what it gave back, with why); else nothing."""
        state = (frozenset(dropped), dict(kept))
        if state not in self._seen:
            self._seen.append(state)
            return {}
        loop = self._seen[self._seen.index(state):]
        self._seen.clear()
        changed: dict[int, list[tuple[str, str]]] = {}
        for earlier, later in zip(loop, [*loop[1:], loop[0]], strict=True):
            for index in set(earlier[1]) | set(later[1]):
                if earlier[1].get(index) != later[1].get(index):
                    changed.setdefault(index, [])
        for _, each in loop:
            for index, gave in changed.items():
                gave.extend(keep for keep in each.get(index, ()) if keep not in gave)
        return changed
