"""Candidates of a plan: the directories this machine cannot read that .gitignore lists.

A database container's data directory bind-mounted into the project (``data/postgres``,
owned by the container's user, mode 0700) stops ``docker build`` on the developer's machine:
BuildKit opens it to send it ("error from sender: open data/postgres: permission
denied"). When a gitignore file lists it and git does not track it, it is that machine's
alone: no clean checkout has it, and no build can have read it. init then excludes it by
its path (unless a build needs something there: the plan's protection decides). A directory
no gitignore file lists may be the repository's, sent in CI: it is left to the user, with
init's warning and check's IG007.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.records import Problem
from ignoregen.knowledge.preset import Category, Role
from ignoregen.plan.alone import SOURCE

UNREADABLE = Category(
    preset="dockerfile",
    name="unreadable",
    description="Directories this machine cannot read that .gitignore lists (a database "
    "container's data): a build would stop at them, and a clean checkout has none",
    exclude_by_default=True,
    priority=0,
    rules=(),
    role=Role.LOCAL,
)


def unreadable_rules(
    context: Path,
    problems: Sequence[Problem],
    ask: Callable[[Path, Sequence[tuple[str, bool]]], dict[str, str]],
) -> list[tuple[Category, Rule]]:
    """A rule excluding each directory of ``problems`` (a walk's, with no rule: every
    directory opened) that could not be read and that ``ask`` (gitignored, and not in
    git's index) says is listed."""
    paths = [
        (problem.path, True) for problem in problems
        if problem.fatal and problem.path not in ("", ".")
        and problem.message.startswith("cannot read directory")
    ]
    if not paths:
        return []
    from ignoregen.plan.gitignore.render import docker_literal

    listed = ask(context, paths)
    out: list[tuple[Category, Rule]] = []
    for path, _ in paths:
        rule = parse_line(docker_literal(path), SOURCE, 0) if path in listed else None
        if rule is not None:
            out.append((UNREADABLE, rule))
    return out
