"""The context on disk: its entries, git's verdicts on them and Docker's decisions."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.plan.gitignore.git import GitError, GitVerdict, Repository, check_ignore
from ignoregen.plan.gitignore.parse import path_key


@dataclass(frozen=True)
class Entry:
    """A path of a context, and whether it is a directory."""
    path: str
    """Relative to the context."""
    is_dir: bool


def walk_context(context: Path) -> list[Entry]:
    """Every entry below ``context`` a parent before its children, without ``.git``.

    Symbolic links are leaves; a nested repository is one entry (git does not look inside).
    """
    entries: list[Entry] = []
    stack = [""]
    while stack:
        relative = stack.pop()
        absolute = context / relative if relative else context
        try:
            with os.scandir(absolute) as iterator:
                children = sorted(iterator, key=lambda entry: entry.name, reverse=True)
        except OSError:
            continue
        if relative and any(child.name == ".git" for child in children):
            continue
        for child in children:
            if child.name == ".git":
                continue
            path = f"{relative}/{child.name}" if relative else child.name
            is_dir = child.is_dir(follow_symlinks=False)
            entries.append(Entry(path, is_dir))
            if is_dir:
                stack.append(path)
    entries.sort(key=lambda entry: path_key(entry.path))
    return entries


@dataclass(frozen=True)
class Decision:
    """What BuildKit's walker does with one entry."""

    excluded: bool
    rule: int
    """Index of the deciding rule, or -1 when none matched."""
    inherited: bool
    """The decision came from a rule that matched a directory above."""


def docker_decisions(rules: Sequence[Rule], entries: Sequence[Entry]) -> dict[str, Decision]:
    """The BuildKit walker's decision for every entry (entries in parent-first order)."""
    matcher = Matcher(rules)
    vectors = {"": 0}
    out: dict[str, Decision] = {}
    for entry in entries:
        parent = entry.path.rpartition("/")[0]
        excluded, vector, rule, inherited = matcher.step(
            entry.path, vectors[parent], matcher.all_mask
        )
        if entry.is_dir:
            vectors[entry.path] = vector
        out[entry.path] = Decision(excluded, rule, inherited)
    return out


def differs(entry: Entry, git_ignored: bool, docker_excluded: bool) -> bool:
    """Do Docker and git disagree on ``entry`` (as "agree" is defined in the package docstring)?"""
    if entry.is_dir:
        return git_ignored and not docker_excluded
    return git_ignored != docker_excluded


def _relative_context(root: Path, context_dir: Path) -> str:
    try:
        relative = Path(os.path.abspath(context_dir)).relative_to(os.path.abspath(root))
    except ValueError:
        raise GitError(f"{context_dir}: not inside the work tree {root}") from None
    return relative.as_posix() if relative.parts else ""


@dataclass
class Tree:
    """What translation and verification know about the context on disk."""

    root: Path
    context: str
    entries: list[Entry]
    verdicts: dict[str, GitVerdict]
    """By context-relative path."""
    ignored_above: GitVerdict | None
    """The verdict for the context directory or a parent of it, when git ignores it."""
    probes: list[Entry] = field(default_factory=list)
    """Imaginary plain files, one in each directory: what a file added later would meet."""
    probe_verdicts: dict[str, GitVerdict] = field(default_factory=dict)

    def repo_path(self, path: str) -> str:
        return f"{self.context}/{path}" if self.context else path

    def ignored_ancestor(self, path: str) -> str | None:
        """The top-most directory above ``path`` that git ignores."""
        parts = path.split("/")
        for depth in range(1, len(parts)):
            ancestor = "/".join(parts[:depth])
            if self.verdicts[ancestor].ignored:
                return ancestor
        return None


PROBE = "ignoregen-probe"


def scan(
    repo: Repository, root: Path, context_dir: Path, *, no_index: bool, probes: bool = False
) -> Tree:
    """Walk the context below ``context_dir`` and ask git about every entry in one process.

    With ``probes``, git is also asked about an imaginary plain file in each directory.
    """
    context = _relative_context(root, context_dir)
    entries = walk_context(root / context if context else root)
    parents = []
    if context:
        parts = context.split("/")
        parents = ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
    prefix = context + "/" if context else ""
    probe_entries: list[Entry] = []
    if probes:
        existing = {entry.path for entry in entries}
        base = root / context if context else root
        for entry in entries:
            probe = f"{entry.path}/{PROBE}"
            nested = os.path.lexists(base / entry.path / ".git")  # git won't look inside
            if entry.is_dir and probe not in existing and not nested:
                probe_entries.append(Entry(probe, False))
    asked = parents + [prefix + entry.path for entry in entries + probe_entries]
    answers = check_ignore(repo, asked, no_index=no_index)
    above = next((answers[p] for p in parents if answers[p].ignored), None)
    verdicts = {entry.path: answers[prefix + entry.path] for entry in entries}
    probe_verdicts = {entry.path: answers[prefix + entry.path] for entry in probe_entries}
    return Tree(root, context, entries, verdicts, above, probe_entries, probe_verdicts)
