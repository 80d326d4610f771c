"""Rules that only exclude more than others, and what is still sent with them: how a fix is
verified without walking the context again (split from :mod:`.fix`)."""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher


def only_excludes_more(before: Sequence[Rule], after: Sequence[Rule]) -> bool:
    """Is ``after`` the rules ``before`` (patterns and kinds, in order) with exclusions
    (no exception) inserted anywhere, and exclusions ``p`` widened to ``**/p`` (which
    matches all that ``p`` matches, at any depth)?"""
    at = 0
    for rule in after:
        if at < len(before) and _same_or_wider(before[at], rule):
            at += 1
        elif rule.exception:
            return False
    return at == len(before)


def _same_or_wider(old: Rule, new: Rule) -> bool:
    if old.exception != new.exception:
        return False
    return new.pattern == old.pattern or (
        not old.exception and new.pattern == "**/" + old.pattern
    )


def still_sent(sent: frozenset[str], rules: Sequence[Rule]) -> frozenset[str]:
    """What BuildKit sends with ``rules`` when ``sent`` is what it sent with rules that
    ``rules`` only exclude more than (:func:`only_excludes_more`).

    A path's decision goes through the rules in order: an exclusion that matches sets it,
    an exception that matches clears it. Both steps are monotonic in the decision before
    them, and an inserted or widened exclusion can only set more; so no path excluded
    before is sent now. Of ``sent``, a path stays when the rules do not exclude it, and a
    directory they exclude stays as the parent of what stays below it, as BuildKit
    sends it.
    """
    excluded = set(Matcher(tuple(rules)).excluded_many(sorted(sent)))
    out = {path for path in sent if path not in excluded}
    for path in list(out):
        parent = path.rpartition("/")[0]
        while parent and parent not in out:
            if parent in sent:
                out.add(parent)
            parent = parent.rpartition("/")[0]
    return frozenset(out)
