"""Rules that only exclude more than others, and what is still sent with them: how a fix is
verified without walking the context again, and when a developer's machine's line stands
(split from :mod:`.fix`)."""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_bytes
from ignoregen.engine.matcher import Matcher, PatternUseError

if TYPE_CHECKING:
    from ignoregen.commands.fix import Verdict, Verifier
    from ignoregen.lint.edits import Fix
    from ignoregen.lint.findings import Finding


def only_excludes_more(before: Sequence[Rule], after: Sequence[Rule]) -> bool:
    """Is ``after`` the rules ``before`` (patterns and kinds, in order) with exclusions
    (no exception) inserted anywhere, exclusions ``p`` widened to ``**/p`` (which
    matches all that ``p`` matches, at any depth), and exceptions taken away (a path one
    let back in stays as the rules before it decided: no less excluded)? The removal of an
    exception that decides nothing (IG402) is verified so: typebot's allow-list of 110 of
    them cost a walk of the monorepo each."""
    at = 0
    for rule in after:
        skip = at  # exceptions taken away before the rule that this one is
        while skip < len(before) and before[skip].exception \
                and not _same_or_wider(before[skip], rule):
            skip += 1
        if skip < len(before) and _same_or_wider(before[skip], rule):
            at = skip + 1
        elif rule.exception:
            return False
    return all(rule.exception for rule in before[at:])


def _same_or_wider(old: Rule, new: Rule) -> bool:
    if old.exception != new.exception:
        return False
    return new.pattern == old.pattern or (
        not old.exception and new.pattern == "**/" + old.pattern
    )


def changed_by(before: Sequence[Rule], after: Sequence[Rule]) -> tuple[Rule, ...] | None:
    """When :func:`only_excludes_more` holds, the rules whose matches are the only paths
    whose decision may differ: ``after``'s inserted and widened exclusions, and the
    exceptions of ``before`` it takes away. A path that none of them matches (nor any
    directory above it) meets the same rules, deciding alike, in both lists. None when
    ``after`` does not only exclude more."""
    if not only_excludes_more(before, after):
        return None
    changed: list[Rule] = []
    at = 0
    for rule in after:  # (as only_excludes_more walks them)
        skip = at
        while skip < len(before) and before[skip].exception \
                and not _same_or_wider(before[skip], rule):
            skip += 1
        if skip < len(before) and _same_or_wider(before[skip], rule):
            changed.extend(before[at:skip])  # exceptions taken away
            if rule.pattern != before[skip].pattern:
                changed.append(rule)  # widened
            at = skip + 1
        else:
            changed.append(rule)  # an inserted exclusion
    changed.extend(before[at:])
    return tuple(changed)


def still_sent(
    sent: frozenset[str], rules: Sequence[Rule], gone: Sequence[Rule] | None = None
) -> frozenset[str]:
    """What BuildKit sends with ``rules`` when ``sent`` is what it sent with rules that
    ``rules`` only exclude more than (:func:`only_excludes_more`).

    A path's decision goes through the rules in order: an exclusion that matches sets it,
    an exception that matches clears it. Both steps are monotonic in the decision before
    them, an inserted or widened exclusion can only set more, and an exception taken away
    can only leave set what it cleared; so no path excluded before is sent now. Of
    ``sent``, a path stays when the rules do not exclude it, and a directory they exclude
    stays as the parent of what stays below it, as BuildKit sends it. With ``gone``
    (what :func:`changed_by` gives): only the paths those rules
    match (as exclusions) can change, and only they are decided again.
    """
    asked = sent
    if gone is not None:
        widened = tuple(dataclasses.replace(rule, exception=False) for rule in gone)
        pieces = [_plain_pieces(rule.pattern) for rule in widened]
        if all(found is not None for found in pieces):  # (the matcher: only where it may)
            asked = frozenset(path for path in sent if any(
                all(piece in path for piece in found or ()) for found in pieces))
        asked = frozenset(Matcher(widened).excluded_many(sorted(asked))) if widened \
            else frozenset()
    excluded = frozenset(Matcher(tuple(rules)).excluded_many(sorted(asked)))
    if not excluded:
        return sent
    out = sent - excluded
    # An excluded directory is sent again when something below it stays: those paths are
    # next to each other in sorted order, after the directory's name and a slash.
    ordered = sorted(out)
    parents = []
    for path in excluded:
        below = path + "/"
        at = bisect.bisect_left(ordered, below)
        if at < len(ordered) and ordered[at].startswith(below):
            parents.append(path)
    return out.union(parents) if parents else out


def _plain_pieces(pattern: str) -> tuple[str, ...] | None:
    """The runs of plain text between the wildcards and slashes of a cleaned pattern: each
    is in every path the pattern matches, and in every path below one (a directory's path
    starts every path below it). None when that cannot be told so simply: a character
    class, an escape, or a pattern of dots (``.`` is the context itself)."""
    if "[" in pattern or "\\" in pattern:
        return None
    found = tuple(piece for piece in re.split(r"[*?/]+", pattern) if piece)
    return None if not found or any(piece in (".", "..") for piece in found) else found


def foreseen_drops(contexts: Sequence[Path], file: str, old: bytes | None, new: bytes,
             names: Sequence[str] | None) -> int:
    """How many of ``names`` lie in none of ``contexts`` (those that read ``file``) and are
    sent by the file as it is (``old``) but not by ``new``: what a fix for a developer's
    machine stops (wger's root-only '__pycache__/', and app/__pycache__ on a laptop)."""
    absent = [name for name in names or () if contexts and not any(
        os.path.lexists(context / name) for context in contexts)]
    if not absent:
        return 0
    try:
        before = Matcher(list(parse_bytes(old or b"", file)))
        after = Matcher(list(parse_bytes(new, file)))
    except (IgnoreFileError, PatternUseError):
        return 0
    return sum(1 for name in absent
               if after.decide(name).excluded and not before.decide(name).excluded)


def laptop_line(verifier: Verifier, fix: Fix, verdict: Verdict) -> bool:
    """Is ``fix`` a developer's machine's line that the check showed as it is, though it
    also stops sending paths no finding names (see :func:`.fix._settle`: ``**/.vercel`` for the
    ones a laptop would have, taking the ``.vercel`` of another app that is here), and do
    the fixes together take nothing more than it does alone? Then ``--fix`` applies what
    the check showed."""
    if verdict.lost or verdict.error is not None:
        return False
    alone = verifier.try_fix(fix)
    if alone.lost or alone.error is not None or not alone.foreseen:
        return False
    return set(verdict.unnamed) <= set(alone.unnamed)


def works(fix: Fix, verdict: Verdict) -> bool:
    """Safe, and a fix meant to stop sending something does stop sending it."""
    return verdict.safe and (not fix.names or verdict.dropped > 0 or verdict.foreseen > 0)


def applicable(item: Finding) -> str | None:
    """Why ``--fix`` leaves this finding's fix alone, or None when it applies it."""
    if item.fix is None:
        return "no safe fix"
    if item.fix.removes_lines:
        return "it removes a line of yours: remove it yourself if you agree"
    return None
