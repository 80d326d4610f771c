"""Findings about the developer's machine, reported from a clean checkout too.

A checkout in CI lacks what ``.gitignore`` lists; a developer's working copy has it. When
a build copies such a path (``COPY . .``, or a ``COPY app app`` over ``app/node_modules``)
and the ignore file lets it through, the checkout sends nothing wrong and the laptop sends
a ``.env`` or a dependency tree: the finding says "would be sent on a developer's machine"
(a warning: nothing leaks from CI).

Root-only patterns written the gitignore way (``__pycache__``, ``*.pyc``) are reported
from the pattern and the project's languages, without waiting for a deeper copy to exist.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from ignoregen.build.discover import Build
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher, Pattern
from ignoregen.engine.records import ContextScan, Kind
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.knowledge.preset import PresetSet, Role
from ignoregen.lint.findings import ContextFacts, Finding, Severity, finding, secret_matcher
from ignoregen.lint.maybe import MayExist, may_exist, samples
from ignoregen.lint.pulled import Pulled, pulled_by

_LAPTOP_ROLES = {
    Role.DEPENDENCIES: "IG104", Role.VIRTUALENV: "IG104", Role.BUILD_OUTPUT: "IG104",
}
"""Roles whose directories, listed in .gitignore, are reported when a laptop would send
them (with :data:`Role.SECRET`, reported as IG101)."""
_BY_MARKER = frozenset({Role.DEPENDENCIES, Role.VIRTUALENV, Role.BUILD_OUTPUT})
"""Roles whose directories appear beside the preset's marker (``node_modules`` beside
every ``package.json``): looked for there when .gitignore lists them at any depth."""

_ANY_DEPTH = frozenset({Role.BYTECODE, Role.DEPENDENCIES, Role.VIRTUALENV, Role.OS})
"""Roles whose entries appear beside the sources at any depth, whatever the checkout
holds: a root-only pattern of theirs is reported from the pattern alone."""


def laptop_findings(
    facts: ContextFacts, rules: Sequence[Rule], pulled: Pulled, may: MayExist
) -> list[Finding]:
    """Paths that may exist, would be copied and are not excluded: IG101 and IG104,
    worded for the developer's machine (warnings)."""
    scan = facts.scan
    present = {item.path for item in scan.sent} | {item.path for item in scan.ignored}
    excluded = Matcher(rules) if rules else None
    secrets = secret_matcher(facts.presets)
    out: list[Finding] = []
    seen: set[str] = set()

    def leaks(path: str, home: str | None = None) -> bool:
        if path in present or path in seen or not pulled.pulls(path):
            return False
        if excluded is not None and excluded.decide(path).excluded:
            return False
        parent = path.rpartition("/")[0] if home is None else home
        return not parent or parent in present  # its directory is in the checkout

    for rule in may.listed:
        if rule.exception:
            continue
        if any(char in rule.pattern.removeprefix("**/") for char in "*?[\\"):
            continue  # a wildcard: no name to say
        path = rule.pattern.removeprefix("**/")
        if not leaks(path):
            continue
        where = f"{rule.source}:{rule.line}"
        if secrets.decide(path).excluded:
            seen.add(path)
            out.append(_laptop(
                "IG101", facts, path, f"a secret file that {where} lists", pulled,
            ))
            continue
        category = facts.classifier.category_of(path)
        if category is not None and category.role in _LAPTOP_ROLES:
            seen.add(path)
            out.append(_laptop(
                _LAPTOP_ROLES[category.role], facts, path,
                f"{category.name} directory that {where} lists", pulled,
            ))
    active = set(facts.classifier.active_presets())
    for preset in facts.presets.presets:
        if preset.name not in active or not preset.markers:
            continue
        markers = Matcher([marker.rule for marker in preset.markers])
        homes = sorted({
            item.path.rpartition("/")[0] for item in scan.sent
            if item.kind is Kind.FILE and markers.decide(item.path).excluded
        })
        for category in preset.categories:
            if category.role not in _BY_MARKER:
                continue
            for preset_rule in category.rules:
                name = preset_rule.rule.pattern.removeprefix("**/")
                if preset_rule.rule.exception or not name or any(c in name for c in "*?["):
                    continue
                for home in homes:
                    path = f"{home}/{name}" if home else name
                    listed = may.gitignored(path)
                    if listed is not None and leaks(path, home):
                        seen.add(path)
                        out.append(_laptop(
                            "IG104", facts, path,
                            f"{category.name} directory beside its {preset.name} manifest, "
                            f"which {listed.source}:{listed.line} lists",
                            pulled,
                        ))
    return out


def _laptop(
    rule_id: str, facts: ContextFacts, path: str, what: str, pulled: Pulled
) -> Finding:
    name = path.rsplit("/", 1)[-1]
    shown = path if facts.context in ("", ".") else f"{facts.context}/{path}"
    by = pulled.describe(path)
    item = finding(
        rule_id,
        f"{shown}: {what}; the ignore file does not exclude it, so {by} would send it "
        "on a developer's machine",
        facts.anchor, hint=f"add '**/{name}' to the ignore file", context=facts.context,
    )
    return dataclasses.replace(item, severity=Severity.WARNING)


def root_only_isms(
    facts: ContextFacts, rules: Sequence[Rule], already: set[int]
) -> list[Finding]:
    """IG301 for a pattern written the gitignore way (``__pycache__``, ``*.pyc``): its
    ``**/`` form is a rule of a category of a language the project uses, so deeper copies
    appear on a developer's machine even when the checkout has none. ``already``: the
    lines reported from the walk."""
    if facts.ignore_file is None:
        return []
    active = set(facts.classifier.active_presets())
    anywhere: dict[str, str] = {}
    for preset in facts.presets.presets:
        if preset.name not in active:
            continue
        for category in preset.categories:
            if category.role not in _ANY_DEPTH:
                continue
            for preset_rule in category.rules:
                rule = preset_rule.rule
                if not rule.exception and rule.pattern.startswith("**/"):
                    anywhere.setdefault(rule.pattern, f"{preset.name} {category.name}")
    below = sorted(
        item.path for item in facts.scan.sent if item.kind is Kind.DIR and "/" not in item.path
    )
    if not below:
        return []
    out: list[Finding] = []
    for rule in rules:
        if rule.line in already or rule.exception or not rule.line:
            continue
        if rule.text.strip().startswith("/") or rule.pattern.startswith("**"):
            continue  # a leading '/': the root only, on purpose
        if "/" in rule.pattern:
            continue
        what = anywhere.get("**/" + rule.pattern)
        if what is None:
            continue
        example = next((sample for sample in samples(rule.pattern)), rule.pattern)
        deeper = f"{below[0]}/{example}"
        if Pattern(rule).match(deeper):
            continue
        out.append(finding(
            "IG301",
            f"'{rule.text.strip()}' matches only at the context root; {what} appear at any "
            f"depth on a developer's machine, and {deeper} would be sent",
            facts.ignore_file, rule.line, 1, len(rule.text),
            hint=f"write '**/{rule.pattern}' to match at any depth", context=facts.context,
        ))
    return out


def context_views(
    root: Path,
    setup: BuildSetup,
    group: Sequence[tuple[Build, BuildSetup, DockerfileReads | None]],
    scan: ContextScan,
    presets: PresetSet,
) -> tuple[Pulled, MayExist]:
    """The two views of one context: what its builds pull and ship (BuildKit; the classic
    builder and Buildah send the whole directory), and what may exist on a developer's
    machine."""
    classic = setup.builder is not Builder.BUILDKIT
    pulled = pulled_by(
        (
            (
                reads,
                member.dockerfile,
                build.target,
                _shown(root, member.dockerfile) if member.dockerfile is not None else "",
            )
            for build, member, reads in group
        ),
        classic=classic,
    )
    below = {
        item.path.rpartition("/")[0] for item in scan.sent
        if item.path.rsplit("/", 1)[-1] == ".gitignore" and "/" in item.path
    }
    return pulled, may_exist(setup.context, root, presets, sorted(below))


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")
