"""Verification: what the translated rules exclude, compared with what real git ignores."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ignoregen.plan.gitignore.git import GitError, open_repository, work_tree
from ignoregen.plan.gitignore.translate import Translation
from ignoregen.plan.gitignore.tree import differs, docker_decisions, scan


@dataclass(frozen=True)
class Difference:
    """A path that git and Docker decide differently."""
    path: str
    """Relative to the context."""
    is_dir: bool
    git_ignored: bool
    docker_excluded: bool
    git_rule: str
    """``file:line:pattern`` of git's deciding pattern, or ""."""
    docker_rule: str
    """``file:line`` of the deciding translated rule, or ""."""

    def __str__(self) -> str:
        git_says = "ignores" if self.git_ignored else "keeps"
        docker_says = "excludes" if self.docker_excluded else "sends"
        kind = "directory" if self.is_dir else "file"
        return (
            f"{self.path} ({kind}): git {git_says} it ({self.git_rule or 'no pattern'}), "
            f"Docker {docker_says} it ({self.docker_rule or 'no rule'})"
        )


@dataclass(frozen=True)
class Verification:
    """How a translation compares with git on a tree."""
    context: Path
    checked: int
    """Entries compared."""
    differences: tuple[Difference, ...]

    @property
    def ok(self) -> bool:
        return not self.differences


def verify(translation: Translation, context_dir: Path) -> Verification:
    """Compare the translation with real git on the tree below ``context_dir``."""
    repo = open_repository(context_dir)
    root = work_tree(repo)
    tree = scan(repo, root, context_dir, no_index=not translation.keep_tracked)
    if tree.context != translation.context:
        raise GitError(
            f"{context_dir}: the translation was made for the context "
            f"{translation.context or '.'!r}"
        )
    rules = translation.rules()
    decisions = docker_decisions(rules, tree.entries)
    differences = []
    for entry in tree.entries:
        verdict = tree.verdicts[entry.path]
        decision = decisions[entry.path]
        if not differs(entry, verdict.ignored, decision.excluded):
            continue
        git_rule = f"{verdict.source}:{verdict.line}:{verdict.pattern}" if verdict.source else ""
        docker_rule = rules[decision.rule].location if decision.rule >= 0 else ""
        differences.append(
            Difference(
                entry.path, entry.is_dir, verdict.ignored, decision.excluded, git_rule, docker_rule
            )
        )
    return Verification(Path(context_dir), len(tree.entries), tuple(differences))
