"""The smallest ``.dockerignore`` that excludes what the presets call excludable and
nothing a build needs.

How a plan is made, for one build context and the Dockerfiles that use it:

1. **Candidates.** The rules of every category that is excluded by default, from the
   presets that apply to the context (detection is the classifier's), in preset order.
2. **What matches.** One walk with all candidates; each excluded entry names the rule
   that decided it. Rules that decide nothing are dropped, except the guard rules that
   are always written (:data:`ALWAYS`): secrets and VCS metadata that may appear later.
3. **Anchoring.** ``**/x`` becomes ``x`` when everything it excludes is at the root.
4. **Protection.** Nothing a build needs may go: what a Dockerfile copies by name (its
   junk aside: caches, byte-code, editor and OS files, logs, secrets), the guards
   (:mod:`ignoregen.guards`: pyproject's readme, ``.git`` for setuptools-scm, ...), and
   the keep lists of the presets (manifests and lockfiles). A rule whose only matches
   are protected goes; otherwise an exception follows it, only where one is needed.
5. **Check.** A final walk of the file as it will be written, the user's own lines
   included, verifies every protected path is sent and every rule does something.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ignoregen.classify import Classifier
from ignoregen.context import Builder, BuildSetup, Collect, ContextScan, Item, Kind, scan_context
from ignoregen.dockerfile import DockerfileReads, Source
from ignoregen.dockerignore import Rule, parse_line
from ignoregen.guards import Guard
from ignoregen.matcher import Matcher
from ignoregen.preset import Category, PresetSet

ALWAYS = frozenset({"**/.git", "**/.env", "**/.env.*", "!**/.env.example"})
"""Guard rules written even when nothing matches them yet: a secret or a repository that
appears later must not reach an image by default."""
JUNK = frozenset({"vcs", "secrets", "editor", "os", "logs", "caches", "bytecode", "coverage"})
"""Categories excluded even inside what a Dockerfile copies by name: no build reads them."""
SOURCE = "ignoregen"
GITIGNORE = Category(
    preset="gitignore",
    name="imported",
    description="Imported from the repository's gitignore files, in Docker's dialect",
    exclude_by_default=True,
    priority=0,
    rules=(),
)


@dataclass(frozen=True)
class PlannedRule:
    pattern: str
    """As written in the file (``!`` for an exception)."""
    category: Category | None
    reason: str
    """Why it is there: the preset rule, or what the exception protects."""


@dataclass
class Plan:
    """A proposed ignore file for one context, and why it looks the way it does."""

    context: Path
    rules: list[PlannedRule] = field(default_factory=list)
    guards: list[Guard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    """Context paths the plan must keep, each with the reason in ``notes``."""

    def lines(self) -> list[str]:
        """The block's text: rules grouped by category under column-1 comments."""
        out: list[str] = []
        current: object = None
        for rule in self.rules:
            heading = rule.category.id if rule.category is not None else "protected"
            if heading != current:
                if out:
                    out.append("")
                description = rule.category.description if rule.category else ""
                title = description.split(".")[0] if description else "kept for the build"
                out.append(f"# {heading}: {title}")
                current = heading
            out.append(rule.pattern)
        return out


def _rule(pattern: str, line: int = 0) -> Rule:
    rule = parse_line(pattern, SOURCE, line)
    if rule is None:  # pragma: no cover - presets never hold blank rules
        raise ValueError(pattern)
    return rule


def _scan(setup: BuildSetup, rules: Sequence[Rule], collect: Collect = Collect.ALL) -> ContextScan:
    return scan_context(setup, rules=tuple(rules), sizes=True, collect=collect)


def _protects(sources: Iterable[Source], item: Item) -> Source | None:
    """The Dockerfile source that reads ``item`` (or something below it), if any."""
    for source in sources:
        if source.whole_context:
            continue
        if source.covers(item.path):
            return source
        prefix = source.pattern.split("*")[0].split("?")[0].split("[")[0]
        if item.kind is Kind.DIR and prefix.startswith(item.path + "/"):
            return source
    return None


def make_plan(
    setup: BuildSetup,
    presets: PresetSet,
    reads: Sequence[DockerfileReads],
    guards: Sequence[Guard],
    user_rules: Sequence[Rule] = (),
    ignore_file: str = ".dockerignore",
    imported: Sequence[Rule] = (),
) -> Plan:
    """Plan the ignore file of ``setup.context`` for the given Dockerfiles.

    ``ignore_file`` (context-relative) counts as present whether or not it exists yet,
    so that the plan is the same before and after it is written.
    """
    bare = BuildSetup(setup.context, Builder.BUILDKIT, setup.dockerfile, None)
    classifier = Classifier(presets)
    scan_context(bare, rules=(), sizes=True, observer=classifier, collect=Collect.NOTHING)
    active = set(classifier.active_presets())
    candidates: list[tuple[Category, Rule]] = []
    for preset in presets:
        if preset.name not in active:
            continue
        for category in preset.categories:
            if category.exclude_by_default:
                candidates.extend((category, preset_rule.rule) for preset_rule in category.rules)
    if imported:
        candidates.extend((GITIGNORE, rule) for rule in imported)
    plan = Plan(context=setup.context, guards=list(guards))
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    for dockerfile in reads:
        for source in dockerfile.unknown:
            plan.notes.append(
                f"{dockerfile.path.name}:{source.line}: {source.instruction} {source.text} depends "
                f"on build arguments; everything matching {source.pattern!r} is kept"
            )
    rules = [rule for _, rule in candidates]
    first = _scan(bare, rules)
    decided: dict[int, list[Item]] = {}
    for item in [*first.ignored, *first.sent]:
        if item.rule >= 0:
            decided.setdefault(item.rule, []).append(item)
    chosen: list[PlannedRule] = []
    protected_paths = _protected_paths(setup.context, guards)
    for index, (category, rule) in enumerate(candidates):
        items = decided.get(index, [])
        always = str(rule) in ALWAYS or _names_ignore_file(rule, ignore_file)
        if not items and not always:
            continue
        pattern = str(rule)
        if rule.exception:
            chosen.append(PlannedRule(pattern, category, f"{category.id}: keeps {pattern[1:]}"))
            continue
        if (
            pattern.startswith("**/")
            and str(rule) not in ALWAYS
            and all("/" not in item.path for item in items)
        ):
            pattern = pattern[3:]
        conflicts = _conflicts(items, sources, protected_paths, category, classifier)
        if items and len(conflicts) == len(items) and not always:
            for item, why in conflicts:
                plan.notes.append(f"not excluding {item.path}: {why}")
            continue
        chosen.append(PlannedRule(pattern, category, f"{category.id}: {rule}"))
        for item, why in conflicts:
            chosen.append(PlannedRule("!" + item.path, None, why))
    plan.rules = _prune(bare, chosen, user_rules, ignore_file)
    plan.protected = sorted(protected_paths)
    return plan


def _protected_paths(context: Path, guards: Sequence[Guard]) -> dict[str, str]:
    protected: dict[str, str] = {}
    for guard in guards:
        if any(c in guard.path for c in "*?["):
            for match in sorted(context.glob(guard.path)):
                protected[match.relative_to(context).as_posix()] = (
                    f"{guard.reason} ({guard.origin})"
                )
        else:
            protected[guard.path] = f"{guard.reason} ({guard.origin})"
    return protected


def _conflicts(
    items: Sequence[Item],
    sources: Sequence[Source],
    protected: dict[str, str],
    category: Category,
    classifier: Classifier,
) -> list[tuple[Item, str]]:
    """The entries a rule excludes that the build needs, with the reason."""
    out: list[tuple[Item, str]] = []
    for item in items:
        reason = protected.get(item.path)
        if reason is None:
            inside = [path for path in protected if path.startswith(item.path + "/")]
            if inside:
                reason = protected[inside[0]]
        if reason is None and classifier.kept(classifier.static_key(item.path)):
            reason = "a manifest or lockfile the presets keep"
        if reason is None and category.name not in JUNK:
            source = _protects(sources, item)
            if source is not None:
                reason = f"the Dockerfile copies it (line {source.line}: {source.text})"
        if reason is not None:
            out.append((item, reason))
    return out


def _outcome(
    setup: BuildSetup, chosen: Sequence[PlannedRule], user_rules: Sequence[Rule]
) -> tuple[frozenset[str], frozenset[str], set[int]]:
    """(sent paths, excluded paths, indexes of the rules that decide something)."""
    rules = [_rule(rule.pattern, i + 1) for i, rule in enumerate(chosen)]
    scan = _scan(setup, [*rules, *user_rules])
    used = {item.rule for item in [*scan.ignored, *scan.sent] if 0 <= item.rule < len(chosen)}
    return (
        frozenset(item.path for item in scan.sent),
        frozenset(item.path for item in scan.ignored),
        used,
    )


def _names_ignore_file(rule: Rule, ignore_file: str) -> bool:
    return not rule.exception and Matcher([rule]).decide(ignore_file).excluded


def _prune(
    setup: BuildSetup, chosen: list[PlannedRule], user_rules: Sequence[Rule], ignore_file: str
) -> list[PlannedRule]:
    """Drop rules that decide nothing, as long as the context stays exactly the same."""
    sent, excluded, used = _outcome(setup, chosen, user_rules)
    needed: set[int] = set()
    while True:
        idle = [
            i
            for i, rule in enumerate(chosen)
            if i not in used
            and rule.pattern not in ALWAYS
            and id(rule) not in needed
            and not _names_ignore_file(_rule(rule.pattern), ignore_file)
        ]
        if not idle:
            return chosen
        trial = chosen[: idle[-1]] + chosen[idle[-1] + 1 :]
        trial_sent, trial_excluded, trial_used = _outcome(setup, trial, user_rules)
        if (trial_sent, trial_excluded) == (sent, excluded):
            chosen, used = trial, trial_used
        else:
            needed.add(id(chosen[idle[-1]]))


def check_plan(setup: BuildSetup, rules: Sequence[Rule], protected: Iterable[str]) -> list[str]:
    """Protected paths that the finished file would exclude (it should be none)."""
    matcher = Matcher(rules)
    return [
        path
        for path in protected
        if (setup.context / path).exists() and matcher.decide(path).excluded
    ]
