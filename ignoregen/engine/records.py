"""The records of a walk: the kinds of entries, what a walk keeps, and its result."""

from __future__ import annotations

import enum
import os
import stat
from dataclasses import dataclass, field
from typing import NamedTuple

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.setup import BuildSetup

TAR_BLOCK = 512


class Collect(enum.Enum):
    """Which entries a walk keeps as :class:`Item` records (totals are always kept)."""

    SENT = "sent"
    IGNORED = "ignored"
    ALL = "all"
    NOTHING = "nothing"


class Kind(str, enum.Enum):
    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"
    SPECIAL = "special"


class Item(NamedTuple):
    """One entry of the context as the walk saw it."""

    path: str
    """Relative to the context root, ``/``-separated."""
    kind: Kind
    size: int
    """Content bytes; for an excluded directory that was not searched, the bytes below it."""
    files: int
    """1 for a non-directory; for an excluded directory, the non-directories below it."""
    rule: int
    """Index of the deciding rule in ``ContextScan.rules``, or -1 when no rule matched."""
    inherited: bool
    """The deciding rule matched an ancestor directory, not this path."""


@dataclass(frozen=True)
class Problem:
    """A problem with a path or an ignore file's line."""
    path: str
    message: str
    fatal: bool
    """True when Docker would fail the build on it."""




class Stop(NamedTuple):
    """Classic builder: the entry at which the CLI's tar writer meets a pattern that fails
    and ends the stream; it and every entry after it in the walk are not sent."""

    path: str
    rule: int
    """Index of the pattern that failed in ``ContextScan.rules``."""
    reason: str


@dataclass
class Totals:
    """What a walk counted."""
    files: int = 0
    """Non-directory entries."""
    dirs: int = 0
    bytes: int = 0


@dataclass
class ContextScan:
    """The result of one walk."""

    setup: BuildSetup
    rules: tuple[Rule, ...]
    """The user's rules, then any the docker CLI adds (classic builder)."""
    sent: list[Item] = field(default_factory=list)
    """Every entry that ends up in the build context, directories included (unsorted)."""
    ignored: list[Item] = field(default_factory=list)
    """The excluded entries: the top-most ones of each excluded subtree (unsorted)."""
    problems: list[Problem] = field(default_factory=list)
    sent_totals: Totals = field(default_factory=Totals)
    ignored_totals: Totals = field(default_factory=Totals)
    tar_bytes: int = 0
    """An estimate of the uncompressed tar stream of what is sent."""
    removed: list[str] = field(default_factory=list)
    """Classic builder: files sent but deleted by the daemon because they are excluded."""
    implied: list[str] = field(default_factory=list)
    """Classic builder: excluded directories with no tar entry of their own, created when
    the entries below them are unpacked."""
    stop: Stop | None = None
    """Classic builder: where the tar stream ends early (see :class:`Stop`)."""
    counted: int | None = None
    """With ``evidence`` asked of the walk: bit *i* set when rule *i* counted in the decision
    of some entry the walk decided (it is in that entry's match vector). A rule whose bit
    is clear changed no decision, and leaving it out changes none either. The entries of
    an excluded directory that the walk probed and found nothing to re-include in are not
    decided one by one: none matches an exception, so each stays excluded (and recorded as
    the directory) whatever else it matches."""
    unbarred: int | None = None
    """With ``evidence``: bit *i* set when rule *i* entered the match vector of some entry
    the walk decided (it was not in its directory's vector) and no rule after it was in
    its directory's vector. A rule whose bit is clear here decides nothing on its own:
    wherever it changed the state, a later rule that the entry inherits sets it again,
    so leaving the rule out changes no decision anywhere in the tree (see
    ``ignoregen.plan.planner._prune``). Directories only: for the other entries, see
    ``unbarred_leaves``."""
    unbarred_leaves: list[tuple[int, str]] | None = None
    """With ``evidence``: the non-directories that would set bits of ``unbarred``, each
    with those bits. Nothing is below them: only their own decisions can change."""

    def rule(self, item: Item) -> Rule | None:
        return self.rules[item.rule] if item.rule >= 0 else None


def sort_key(item: Item) -> bytes:
    """Byte order of the path, with a directory just before its contents."""
    key = os.fsencode(item.path)
    return key + b"/" if item.kind is Kind.DIR else key


def leaves(items: list[Item]) -> list[Item]:
    """The sorted entries that determine the tree: non-directories, and empty directories."""
    ordered = sorted(items, key=sort_key)
    out: list[Item] = []
    for index, item in enumerate(ordered):
        if item.kind is Kind.DIR and index + 1 < len(ordered):
            following = ordered[index + 1].path
            if following.startswith(item.path + "/"):
                continue
        out.append(item)
    return out



def file_mode_kind(mode: int) -> Kind:
    """The kind of an entry from its ``lstat`` mode."""
    if stat.S_ISDIR(mode):
        return Kind.DIR
    if stat.S_ISLNK(mode):
        return Kind.SYMLINK
    if stat.S_ISREG(mode):
        return Kind.FILE
    return Kind.SPECIAL
