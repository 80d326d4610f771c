"""Rules for what a developer's machine has and a clean checkout lacks.

``init`` writes a category's rule only where it matches something, which on a fresh clone
leaves out ``node_modules``, ``.venv`` or ``dist``: the clone has none, the laptop that
runs ``npm install`` has hundreds of megabytes of it, and ``check`` (whose laptop view
reads the gitignore files) then reports the line missing. Such a rule is written all the
same when a gitignore file lists what it excludes, its category is one ``check`` reports
on a laptop (secrets, dependencies, virtual environments, build output), and it excludes
no path the build needs or a ``COPY`` names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ignoregen.build.dockerfile import Source
from ignoregen.engine.dockerignore import Rule
from ignoregen.knowledge.preset import Category
from ignoregen.lint.laptop import LAPTOP_ROLES
from ignoregen.lint.maybe import MayExist, gitignore_rules, repository_root
from ignoregen.plan.alone import _excludes


def laptop_rules(
    context: Path,
    candidates: Iterable[tuple[Category, Rule]],
    needed: Iterable[str],
    sources: Sequence[Source],
    below: Sequence[str] = (),
) -> frozenset[str]:
    """The candidate rules (as written) to keep although the checkout gives them nothing.
    The gitignore files read are those from the repository's root down to the context and
    those in its directories ``below``."""
    chosen = [
        (category, rule) for category, rule in candidates
        if category.role in LAPTOP_ROLES and not category.local_only and not rule.exception
    ]
    if not chosen or any(source.path is None for source in sources):
        return frozenset()  # a COPY that build arguments name may name what a rule excludes
    listed = tuple(gitignore_rules(context, repository_root(context, context), below))
    if not listed:
        return frozenset()
    may = MayExist(listed)
    named = [
        *needed,
        *(source.path for source in sources if source.path and not source.whole_context),
    ]
    kept: set[str] = set()
    for _, rule in chosen:
        if str(rule) in kept or may.protected_by(rule) is None:
            continue
        if any(_excludes(rule.pattern, path) for path in named):
            continue  # the build reads it there: what the checkout has decides
        kept.add(str(rule))
    return frozenset(kept)
