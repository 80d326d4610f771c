"""Directories sent for their weight: version-control metadata, installed packages and
virtual environments (IG103, IG104), each with the category that claims it and the rule
that a fix adds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import Kind
from ignoregen.knowledge.preset import Category, Role

if TYPE_CHECKING:
    from ignoregen.lint.findings import ContextFacts

_WEIGHT_ROLES = {Role.VCS: "IG103", Role.DEPENDENCIES: "IG104", Role.VIRTUALENV: "IG104"}
"""Roles whose directories are reported when sent, and the finding that reports them."""


def categorised(facts: ContextFacts) -> dict[str, tuple[str, str, str]]:
    """Sent directories whose category has a role of :data:`_WEIGHT_ROLES`: path ->
    (category name, finding ID, the rule to add). The rule is ``**/`` and the directory's
    name, unless the category names it with its parent: ``.yarn/cache`` gets
    ``**/.yarn/cache``, not ``**/cache`` (which takes any directory of that name, a
    project's ``src/cache`` of sources too)."""
    record = facts.classifier.record or {}
    categories = facts.classifier.presets.categories
    memo: dict[int, tuple[Category, str] | None] = {}
    out: dict[str, tuple[str, str, str]] = {}
    for item in facts.scan.sent:
        if item.kind is not Kind.DIR:
            continue
        key = record.get(item.path)
        if key is None:
            continue
        if key not in memo:
            index, _ = facts.classifier.resolve(key)
            category = categories[index] if index >= 0 else None
            # A local-only category (node_modules where no package manager is detected)
            # is init's tidying, not a finding: nothing says a build installs there.
            if category is not None and category.local_only:
                category = None
            rule_id = _WEIGHT_ROLES.get(category.role) if category is not None else None
            memo[key] = (category, rule_id) if category is not None and rule_id else None
        found = memo[key]
        if found is not None:
            category, rule_id = found
            out[item.path] = (category.name, rule_id, _name_rule(category, item.path))
    return out


def _name_rule(category: Category, path: str) -> str:
    """``**/`` and ``path``'s name, or the category's rule that names ``path`` with the
    directories above its name when the name alone is not one of its rules."""
    name = "**/" + path.rsplit("/", 1)[-1]
    rules = [preset_rule.rule for preset_rule in category.rules]
    if any(str(rule) == name for rule in rules):
        return name
    for rule in rules:
        text = str(rule)
        if not rule.exception and "/" in text.removeprefix("**/") and Matcher(
            [rule]
        ).decide(path).excluded:
            return text
    return name


def committed_store(facts: ContextFacts, directory: str) -> bool:
    """Is ``directory`` a package store that the project commits and its install reads
    (a category's ``kept_when_committed``: Yarn's zero-installs ``.yarn/cache``)? Sent on
    purpose, not weight to report."""
    if not any(category.kept_when_committed for category in facts.presets.categories):
        return False
    from ignoregen.build.installed import committed_stores

    prefix = directory + "/"
    files = [item.path for item in facts.scan.sent
             if item.kind is Kind.FILE and item.path.startswith(prefix)]
    return directory in committed_stores(facts.scan.setup.context, facts.presets, files)
