"""Files a build reads although no ``COPY`` names them: the name ``init`` and ``check``
have always used for :mod:`ignoregen.build.needs`, which holds the model.

A :class:`Guard` (a :class:`~ignoregen.build.needs.Need`) says what must stay, why, and
the evidence (file and line); :func:`find_guards` finds every one of a context.
"""

from __future__ import annotations

from ignoregen.build.needs import Need, find_needs, needs_for

Guard = Need
find_guards = find_needs

__all__ = ["Guard", "Need", "find_guards", "find_needs", "needs_for"]
