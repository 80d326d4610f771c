"""The smallest ``.dockerignore`` that excludes what the presets call excludable and
nothing a build needs.

How a plan is made, for one build context and the Dockerfiles that use it:

1. **Candidates.** The rules of every category that is excluded by default, from the
   presets that apply to the context (detection is the classifier's), in preset order.
2. **What matches.** One walk with all candidates; each excluded entry names the rule
   that decided it. Rules that decide nothing are dropped, except the guard rules that
   are always written (the categories' ``always_write``): secrets and VCS metadata that
   may appear later. (The plans of a context share the walk of the candidates before the
   literal paths at their end, which are applied to its records: :mod:`.tail`.)
3. **Anchoring.** ``**/x`` becomes ``x`` when everything it excludes is at the root,
   unless its role puts it at any depth on a developer's machine (bytecode, packages).
4. **Protection.** Nothing a build needs may go: what a Dockerfile copies by name (its
   junk aside: categories whose role is in :data:`JUNK`), the guards
   (:mod:`ignoregen.build.guards`: pyproject's readme, ``.git`` for setuptools-scm, ...), and
   the keep lists of the presets (manifests and lockfiles). A rule whose only matches
   are protected goes; otherwise an exception follows it, only where one is needed.
5. **Check.** A final walk of the file as it will be written, the user's own lines
   included, verifies every protected path is sent and every rule does something.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileReads, Source
from ignoregen.build.guards import Guard
from ignoregen.build.outputs import output_rules
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import Collect, Item
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.local import local_rules
from ignoregen.knowledge.preset import Category, PresetSet, Role
from ignoregen.lint.edits import holdable
from ignoregen.lint.laptop import ANY_DEPTH
from ignoregen.lint.maybe import own_gitignores
from ignoregen.plan import protect
from ignoregen.plan.alone import SOURCE as SOURCE
from ignoregen.plan.alone import _gives_back, _names_ignore_file
from ignoregen.plan.alone import _rule as _rule
from ignoregen.plan.alone import holders_of as holders_of
from ignoregen.plan.conflicts import AFTER_ALLOW_LIST as AFTER_ALLOW_LIST
from ignoregen.plan.conflicts import GENERATED as GENERATED
from ignoregen.plan.conflicts import GITIGNORE as GITIGNORE
from ignoregen.plan.conflicts import JUNK as JUNK
from ignoregen.plan.conflicts import _literal
from ignoregen.plan.conflicts import conflicts as _conflicts_of
from ignoregen.plan.laptop import any_depth_twins, beside, laptop_rules, template_copy_rules
from ignoregen.plan.locked import unreadable_rules
from ignoregen.plan.repeats import without_repeats
from ignoregen.plan.resent import secrets_again, secrets_category
from ignoregen.plan.settle import Passes
from ignoregen.plan.tail import pass_records
from ignoregen.plan.unread import replaced_rules, uncopied_rules
from ignoregen.plan.walks import Walks as Walks
from ignoregen.plan.walks import _scan as _scan
from ignoregen.quoting import one_line


@dataclass(frozen=True)
class PlannedRule:
    """A line init plans to write, and why."""
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
    why: dict[str, str] = field(default_factory=dict)
    """Why each protected path is needed."""
    spared: dict[str, list[str]] = field(default_factory=dict)
    """Paths a candidate rule would exclude but the build needs, grouped by the reason
    (in the order found): the rule is left out for them."""
    locked: bool = True  # a directory no walk can open (False: the bare walk opened all)

    def lines(self) -> list[str]:
        """The block's text: rules grouped by category under column-1 comments.

        Each stays one line: a newline in a name would end it, and Docker would read the
        rest as a pattern. A comment escapes it (``\\n``), a pattern matches it with ``?``
        (only exceptions name paths: one that gives back a little more breaks no build)."""
        out: list[str] = []
        current: object = None
        for rule in self.rules:
            pattern = holdable(rule.pattern)
            if rule.category is None:
                # An exception stays under its rule's heading, with its reason above it.
                out.append(one_line(f"# keep {rule.pattern[1:]}: {rule.reason}"))
                out.append(pattern)
                continue
            if rule.category.id != current:
                if out:
                    out.append("")
                title = rule.category.description.split(". ")[0].rstrip(".")
                out.append(f"# {rule.category.id}: {title}")
                current = rule.category.id
            out.append(pattern)
        return out


def _nested_gitignores(files: Iterable[str]) -> list[str]:
    """The context's directories that hold a ``.gitignore`` (``web/`` of a monorepo lists
    its own ``node_modules``), as ``check``'s developer's-machine view reads them."""
    return sorted({
        path.rpartition("/")[0] for path in files
        if "/" in path and path.rsplit("/", 1)[-1] == ".gitignore"
    })


def make_plan(
    setup: BuildSetup,
    presets: PresetSet,
    reads: Sequence[DockerfileReads],
    guards: Sequence[Guard],
    user_rules: Sequence[Rule] = (),
    ignore_file: str = ".dockerignore",
    imported: Sequence[Rule] = (),
    also_written: Sequence[str] = (),
    walks: Walks | None = None,
    after_user: bool = False,
) -> Plan:
    """Plan the ignore file of ``setup.context`` for the given Dockerfiles.

    ``ignore_file`` (context-relative) counts as present whether or not it exists yet,
    and so do ``also_written`` (the ignore files of nested contexts that the same run
    writes), so that the plan is the same before and after they are written.
    ``walks``, when given, shares the walks with the run's other plans.

    ``after_user``: the block goes after the user's lines (their file is an allow-list, whose
    ``*`` would overrule anything above it). Only junk no one re-includes on purpose is
    planned then (:data:`AFTER_ALLOW_LIST` roles), never over a path that a user's exception
    names, and a rule stays only where it changes what the user's lines send.
    """
    # A Dockerfile's own file beside a Dockerfile outside the context is no path of it.
    virtual = tuple(p for p in (ignore_file, *also_written) if not p.startswith("../"))
    bare = BuildSetup(setup.context, Builder.BUILDKIT, setup.dockerfile, None)
    walks = walks if walks is not None else Walks()
    classifier, bare_scan = walks.classified(bare, (), presets, Collect.NOTHING)
    active = set(classifier.active_presets())
    candidates: list[tuple[Category, Rule]] = []
    for preset in presets:
        if preset.name not in active:
            continue
        for category in preset.categories:
            if category.exclude_by_default and (
                not after_user or category.role in AFTER_ALLOW_LIST
            ):
                # After an allow-list, a category's exception ('!**/.env.example') would
                # bring back, now or later, a file the '*' keeps out: what the build needs
                # is given back by its own path.
                candidates.extend(
                    (category, preset_rule.rule) for preset_rule in category.rules
                    if not (after_user and preset_rule.rule.exception)
                )
    # One machine's files that .gitignore lists (local secrets, host builds), by path.
    candidates.extend(walks.needs.kept(("local rules", setup.context), (classifier,),
                                       lambda: local_rules(setup.context, classifier)))
    if not after_user:
        candidates.extend(replaced_rules(setup.context, reads))
        candidates.extend(output_rules(setup.context, reads))
        candidates.extend(uncopied_rules(setup.context, reads, walks.gitignored))
    locked = [] if after_user else unreadable_rules(setup.context, bare_scan.problems,
                                                    walks.gitignored)
    candidates.extend(locked)  # (written even where the walk finds nothing to weigh)
    if imported and not after_user:
        candidates.extend((GITIGNORE, rule) for rule in imported)
    guards = protect.read_by_kept_files(guards, user_rules, presets,
                                        walks.needs.reader(setup.context).glob, setup.context)
    plan = Plan(context=setup.context, guards=list(guards))
    plan.locked = any(bad.fatal and bad.path not in ("", ".") for bad in bare_scan.problems)
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    who = protect.copiers(setup.context, reads)  # which Dockerfile, when several
    for dockerfile in reads:
        shapes: dict[tuple[int, str, str], list[str]] = {}  # a platform's: dist/*/*/x, ...
        for source in dockerfile.unknown:
            shapes.setdefault((source.line, source.instruction, source.text), []).append(
                repr(source.pattern))
        for (line, instruction, text), patterns in shapes.items():
            # An unknown '*' is read as COPY . (the categories still apply, and the needs
            # are kept wherever they lie): not as keeping everything.
            given = [pattern for pattern in patterns if pattern != repr("*")]
            said = [f"everything matching {' or '.join(given)} is kept"] if given else []
            if len(given) < len(patterns):
                said.insert(0, "it is read as copying the whole context (as COPY . does)")
            plan.notes.append(
                f"{dockerfile.path.name}:{line}: {instruction} {text} depends on build "
                f"arguments; {', and '.join(said)}"
            )
    protected_paths = protect.protected_paths(setup.context, guards, reads, presets,
                                              walks.needs.reader(setup.context).glob)
    if after_user:
        for rule in user_rules:
            if rule.exception and not any(char in rule.pattern for char in "*?[\\"):
                protected_paths.setdefault(
                    rule.pattern, f"your line '{rule.text.strip()}' re-includes it"
                )
    # What a developer's machine has that the checkout lacks (node_modules, .venv, dist).
    laptop: frozenset[str] = frozenset()
    nested = own_gitignores(_nested_gitignores(walks.files.get(setup.context, ())), presets)
    if not after_user:
        # A secret's name is one whatever preset applies (check's laptop view asks every
        # preset's): mattermost-data-warehouse's .gitignore lists 'secrets.yml', a name
        # only kubernetes.secrets has, in a repository without Kubernetes files.
        dormant = [(category, preset_rule.rule) for preset in presets
                   if preset.name not in active for category in preset.categories
                   if category.role is Role.SECRET and category.exclude_by_default
                   for preset_rule in category.rules if not preset_rule.rule.exception]
        laptop, narrowed = laptop_rules(
            setup.context, [*candidates, *dormant], protected_paths, sources, nested,
            plain=list(dict.fromkeys(category for category, _ in dormant)),
        )
        beside(candidates, [pair for pair in dormant if str(pair[1]) in laptop])
        beside(candidates, narrowed)
    else:  # only where the user's exceptions give the laptop's copy back (see after.py)
        from ignoregen.plan.after import laptop_after

        laptop = laptop_after(bare, candidates, protected_paths, sources, user_rules, nested,
                              walks)
    if not after_user:  # the secrets filled in from a template (nitter.conf), here or not
        copies = template_copy_rules(setup.context, walks.files.get(setup.context, ()),
                                     presets, classifier, nested, protected_paths, sources)
        at = max((i + 1 for i, (c, _) in enumerate(candidates) if copies and c is copies[0][0]),
                 default=len(candidates))
        candidates[at:at] = copies  # (one block with the category's other rules)
        laptop |= {str(rule) for _, rule in copies}
    always = presets.always_write | laptop | {str(rule) for _, rule in locked}
    always |= any_depth_twins(candidates, user_rules)  # what check's IG301 asks for
    missing = protect.absent(setup.context, protected_paths)  # needs a CI step writes
    for path, why in protect.absent_sources(setup.context, reads).items():
        missing.setdefault(path, why)  # and what a COPY names, out of an unfetched submodule
    bundled = protect.absent_bundled(setup.context, reads, presets)  # .next/standalone's
    missing.update(bundled)  # packages: given back by whatever rule takes them
    dropped: set[int] = set()
    kept: dict[int, tuple[tuple[str, str], ...]] = {}
    all_notes: dict[tuple[str, str], None] = {}
    passes = Passes()
    while True:
        # What a rule gives back for the build's sake (dropped, or re-included by an
        # exception) may be another candidate's to exclude (**/__pycache__ inside a kept
        # docs/): walk again with the file as it now stands until nothing changes.
        chosen, notes, newly, exceptions = _choose(
            setup, bare, candidates, dropped, kept, sources, protected_paths, classifier, virtual,
            always, walks, missing, who, bundled,
        )
        all_notes.update(dict.fromkeys(notes))
        if not newly and exceptions == kept:
            break
        dropped |= newly
        kept = exceptions
        for index, gave in passes.going_round(dropped, kept).items():  # see plan/settle.py
            dropped.add(index)
            kept.pop(index, None)
            all_notes.update(dict.fromkeys(gave))
    chosen = protect.bundled_last(chosen, bundled)  # after **/dist too, not just node_modules
    chosen = protect.taken_back_last(chosen)  # after a later category's rule that takes it
    if not after_user:  # what an exception for a kept directory sends again (plan/resent.py)
        chosen.extend(PlannedRule(_literal(path), heading, f"{heading.id}: {path}")
                      for path, heading in secrets_again(
                          setup.context, chosen, user_rules, classifier, protected_paths,
                          sources, secrets_category(classifier)))
    for path, why in all_notes:
        plan.spared.setdefault(why, []).append(path)
    for paths in plan.spared.values():
        paths.sort()
    if after_user:
        from ignoregen.plan.after import prune_after

        plan.rules = prune_after(bare, chosen, user_rules, virtual,
                                 presets.always_write | laptop, walks)
    else:  # an exception for a need the checkout lacks decides nothing here, and stays;
        # so does one for what a COPY names below an excluded directory that does not hold
        # it yet (sismics: a stale target/ now, target/docs-web-*.war after the next build;
        # traefik: dist/linux/arm/v7/traefik, a platform's other shape)
        named = {source.pattern for source in sources if not source.whole_context}
        absent = {f"!{keep}" for pairs in kept.values() for keep, _ in pairs
                  if keep in missing or keep in named}
        plan.rules = _prune(bare, chosen, user_rules, virtual, always | absent, walks)
    plan.rules = without_repeats(plan.rules)  # (ntfy's 'build' of two presets, too)
    _said_of_sent(plan)
    plan.protected = sorted(protected_paths)
    plan.why = dict(protected_paths)
    return plan


def _said_of_sent(plan: Plan) -> None:
    """Keep a "not excluding PATH" note only where the block as written sends PATH: a rule
    of one category left out for it does not stop another's from taking it (base.tests'
    '**/test' spared src/test below a copied src/, and java.tests' '**/src/test' took it:
    wakeupdanila/warehouse-backend)."""
    if not plan.spared:
        return
    written = Matcher([_rule(rule.pattern, i + 1) for i, rule in enumerate(plan.rules)])
    for why, paths in list(plan.spared.items()):
        left = [path for path in paths if not written.decide(path).excluded]
        if left:
            plan.spared[why] = left
        else:
            del plan.spared[why]


def _choose(
    setup: BuildSetup,
    bare: BuildSetup,
    candidates: Sequence[tuple[Category, Rule]],
    dropped: set[int],
    kept: dict[int, tuple[tuple[str, str], ...]],
    sources: Sequence[Source],
    protected_paths: dict[str, str],
    classifier: Classifier,
    virtual: Sequence[str],
    guard_rules: frozenset[str],
    walks: Walks | None = None,
    missing: dict[str, str] | None = None,
    who: Mapping[Source, str] | None = None,
    bundled: Mapping[str, str] | None = None,
) -> tuple[
    list[PlannedRule], list[tuple[str, str]], set[int], dict[int, tuple[tuple[str, str], ...]]
]:
    """One pass over the candidates, walking with the previous pass's exceptions in place:
    (rules chosen, paths spared with why, candidates newly dropped, exceptions per candidate).
    ``guard_rules`` are written even when nothing in the checkout matches them."""
    rules: list[Rule] = []
    owner: list[int] = []
    for i, (_, rule) in enumerate(candidates):
        if i in dropped:
            continue
        rules.append(rule)
        owner.append(i)
        for keep, _ in kept.get(i, ()):
            rules.append(_rule("!" + keep))
            owner.append(-2 - i)  # (negative: not a candidate; -2 - i: candidate i's)
    # Only what a rule decides is looked at: the other sent entries are counted, not recorded.
    ignored, sent = pass_records(
        rules,
        owner,
        lambda some, pin: _scan(bare, some, walks=walks, pin=pin, decided_only=True),
        walks.listings if walks is not None else None,
        [rule for _, rule in candidates],
        (lambda some, make: walks.derived(bare, some, make)) if walks is not None else None,
    )
    decided: dict[int, list[Item]] = {}
    gave: set[int] = set()  # candidates whose exceptions gave something back
    for item in [*ignored, *sent]:
        if item.rule >= 0 and owner[item.rule] >= 0:
            decided.setdefault(owner[item.rule], []).append(item)
        elif item.rule >= 0:
            gave.add(-2 - owner[item.rule])
    chosen: list[PlannedRule] = []
    notes: list[tuple[str, str]] = []
    newly: set[int] = set()
    exceptions: dict[int, tuple[tuple[str, str], ...]] = {}
    live = [i for i in range(len(candidates)) if i not in dropped]
    holders = holders_of(protected_paths)  # once a pass, not for each candidate
    for index in live:
        category, rule = candidates[index]
        items = decided.get(index, [])
        named = _names_ignore_file(rule, virtual)
        always = str(rule) in guard_rules or bool(named)
        if not items and not always:
            if index in gave:  # its exceptions give back all it excluded: drop it now, or
                newly.add(index)  # the next pass finds them again (see plan/settle.py)
                notes.extend(kept.get(index, ()))
            continue
        pattern = str(rule)
        if rule.exception:
            own = [r for c, r in candidates if c is category and not r.exception]
            chosen.extend(_exceptions_of(category, rule, own, items, always))
            continue
        if (
            pattern.startswith("**/")
            and category.role not in ANY_DEPTH  # on a laptop they appear deeper too
            and str(rule) not in guard_rules
            and all("/" not in item.path for item in items if not item.inherited)
            and all("/" not in path for path in named)
        ):
            pattern = pattern[3:]
            if pattern.startswith("#"):
                # A line starting with # is a comment; Docker drops a leading / when it
                # cleans the pattern, so /#notes matches the file #notes at the root.
                pattern = "/" + pattern
        # The ignore files this run writes are ignoregen's, not the build's: the first run
        # does not see them yet, and a second run must not keep them for a COPY of their
        # directory either (or it would change what the first one wrote).
        conflicts = _conflicts_of(
            setup.context,
            [item for item in items if item.path not in virtual],
            sources,
            protected_paths,
            category,
            classifier,
            rule,
            who,
            holders,
        )
        whole = {item.path for item, _, keep in conflicts if _gives_back(keep, item.path)}
        if items and len(whole) == len(items) and not always:
            for item, why, _ in conflicts:
                notes.append((item.path, why))
            newly.add(index)
            continue
        chosen.append(PlannedRule(pattern, category, f"{category.id}: {rule}"))
        # Exceptions found in an earlier pass stay: the walk now sees their paths as sent.
        keeps = dict(kept.get(index, ()))
        for _, reason, keep in conflicts:
            keeps.setdefault(keep, reason)
        if always:  # a need a CI step writes before it builds (solidtime's .env)
            keeps.update(protect.absent_under(rule, missing or {}, keeps))
        keeps.update(protect.absent_under(rule, dict(bundled or {}), keeps))
        if keeps:
            exceptions[index] = tuple(keeps.items())
        for keep, why in keeps.items():
            chosen.append(PlannedRule("!" + keep, None, why))
    return chosen, notes, newly, exceptions


def _exceptions_of(
    category: Category, rule: Rule, own_rules: Sequence[Rule], items: Sequence[Item],
    always: bool,
) -> list[PlannedRule]:
    """The lines for a category's exception (``!**/*.sample`` of the secrets).

    Docker has no scope: the exception gives back whatever an earlier line excluded,
    ``.git/hooks/pre-commit.sample`` under ``**/.git`` too. It is written as it stands only
    when all it gives back is its own category's (or it is always written); when it also
    gives back other categories' paths, the paths of its own are kept by name instead, and
    when it gives back only theirs, it is not written."""
    pattern = str(rule)
    if always:
        return [PlannedRule(pattern, category, f"{category.id}: keeps {pattern[1:]}")]
    own = Matcher(own_rules) if own_rules else None
    top = [item for item in items if not item.inherited]
    mine = [item for item in top if own is not None and own.decide(item.path).excluded]
    if len(mine) == len(top):
        return [PlannedRule(pattern, category, f"{category.id}: keeps {pattern[1:]}")]
    return [
        PlannedRule("!" + item.path, category, f"{category.id}: keeps {item.path} ({pattern})")
        for item in mine
    ]


def _rules_of(chosen: Sequence[PlannedRule], user_rules: Sequence[Rule]) -> list[Rule]:
    """The rules a walk of ``chosen`` then the user's lines matches with."""
    return [*(_rule(rule.pattern, i + 1) for i, rule in enumerate(chosen)), *user_rules]


def _outcome(
    setup: BuildSetup,
    chosen: Sequence[PlannedRule],
    user_rules: Sequence[Rule],
    walks: Walks | None = None,
) -> tuple[frozenset[str], frozenset[str], Counter[int], int, int, list[tuple[int, str]]]:
    """(sent paths, excluded paths, the rules that decide something (how many recorded
    entries each decides, by index), and the
    evidence: bit *i* set when rule *i* counted in some decision, see
    ``ContextScan.counted``; bit *i* set when it did so unbarred in a directory, see
    ``ContextScan.unbarred``; the non-directories where rules did so, see
    ``ContextScan.unbarred_leaves``)."""
    scan = _scan(setup, _rules_of(chosen, user_rules), walks=walks, evidence=True)
    used = Counter(item.rule for item in [*scan.ignored, *scan.sent]
                   if 0 <= item.rule < len(chosen))
    assert scan.counted is not None
    assert scan.unbarred is not None
    assert scan.unbarred_leaves is not None
    unbarred = scan.unbarred
    if Matcher(scan.rules).has_broken:
        # The walk then searches where Docker searches, not where a rule may match: no
        # shortcut, every rule that counted is tried.
        unbarred = scan.counted
    return (
        frozenset(item.path for item in scan.sent),
        frozenset(item.path for item in scan.ignored),
        used,
        scan.counted,
        unbarred,
        scan.unbarred_leaves,
    )


LEAVES_CHECKED = 2000
"""Above this many non-directories to decide again without a rule, walk without it."""


def _leaves_stay(
    chosen: Sequence[PlannedRule],
    user_rules: Sequence[Rule],
    index: int,
    leaves: Sequence[str],
    recorded: Callable[[str], bool],
) -> list[tuple[int, int]] | None:
    """Do the non-directories ``leaves`` keep their decisions without rule ``index`` of
    ``chosen``? None when one does not; else, of those the walk records (``recorded``),
    each whose deciding rule changes: (before, after), numbered as without the rule, -1
    for none of ``chosen``. Each is decided from the root down, as the walk decides it.
    A decider may change only where no directory above the entry is excluded either way
    (the walk records the entry itself both times): outline's block kept 375 exceptions
    ('!a.test.ts') that the user's later '**/*.test.ts' decides, and without each, the
    block's '**/*.test.ts' decides first (BuildKit skips the user's then)."""
    rules = [_rule(rule.pattern, i + 1) for i, rule in enumerate(chosen)]
    full = Matcher([*rules, *user_rules])
    trial = Matcher([*rules[:index], *rules[index + 1 :], *user_rules])
    count = len(chosen)
    changes: list[tuple[int, int]] = []
    for path in leaves:
        *above, before = full.chain(path)
        *above_after, after = trial.chain(path)
        if before.excluded != after.excluded:
            return None
        if recorded(path):
            old = before.rule if 0 <= before.rule < count else -1
            old = old - 1 if old > index else old
            new = after.rule if 0 <= after.rule < count - 1 else -1
            if old != new:
                if any(step.excluded for step in (*above, *above_after)):
                    return None
                changes.append((old, new))
    return changes


def _without_bit(mask: int, index: int) -> int:
    """``mask`` of a rule list, for the same list without rule ``index``."""
    low = mask & ((1 << index) - 1)
    return low | (mask >> (index + 1) << index)


def _prune(
    setup: BuildSetup,
    chosen: list[PlannedRule],
    user_rules: Sequence[Rule],
    virtual: Sequence[str],
    guard_rules: frozenset[str],
    walks: Walks | None = None,
) -> list[PlannedRule]:
    """Drop rules that decide nothing, as long as the context stays exactly the same;
    ``guard_rules`` stay whatever they decide.

    A rule that counted in no decision of the walk (see ``ContextScan.counted``) changes
    nothing when it goes: it is dropped without walking again. Nor does one that counted
    only where a later rule, inherited from the entry's directory, sets the state again
    (``ContextScan.unbarred``): Docker's state after that rule is the same with it or
    without it, at that entry and below. Only one that counted unbarred, but decides
    nothing that the walk kept (its paths were folded into an excluded directory), is
    tried: the context is walked without it.

    Where a rule counted unbarred only in non-directories (``ContextScan.unbarred_leaves``),
    nothing is below them: those are decided again without it, and if each keeps its
    decision (and, if the walk records it, its deciding rule), the rule goes without a walk.

    Leaving such a rule out may change the vectors of those entries above it in the rule
    list (rules after it that the state no longer skips), but not below it, nor any
    decision or decider: the rules tried next are all below it (they are tried from the
    last up), so the evidence holds for them; ``exact`` guards that.
    """
    sent, excluded, used, counted, unbarred, leaves = _outcome(
        setup, chosen, user_rules, walks
    )
    walked = chosen  # the rules of the last walk
    exact = len(chosen)
    """The evidence holds for the rules below this index."""
    needed: set[int] = set()
    while True:
        idle = [
            i
            for i, rule in enumerate(chosen)
            if i not in used
            and rule.pattern not in guard_rules
            and id(rule) not in needed
            and not _names_ignore_file(_rule(rule.pattern), virtual)
        ]
        if not idle:
            if walks is not None and walked is not chosen:  # (for measure: Walks.sending)
                left = {id(rule) for rule in chosen}
                walks.pruned(setup, _rules_of(walked, user_rules), frozenset(
                    index for index, rule in enumerate(walked) if id(rule) not in left))
            return chosen
        last = idle[-1]
        trial = chosen[:last] + chosen[last + 1 :]
        bit = 1 << last
        changes: list[tuple[int, int]] | None = None
        if counted & bit and last < exact and not unbarred & bit:
            mine = [path for mask, path in leaves if mask & bit]
            if len(mine) <= LEAVES_CHECKED:
                changes = _leaves_stay(
                    chosen, user_rules, last, mine, lambda p: p in sent or p in excluded
                )
        if not counted & bit or changes is not None:
            if counted & bit:
                exact = last
            elif exact > last:
                exact -= 1
            chosen = trial
            used = Counter({i - 1 if i > last else i: n for i, n in used.items()})
            for old, new in changes or ():
                if old >= 0:
                    used[old] -= 1
                if new >= 0:
                    used[new] += 1
            used = +used  # (the rules that decide nothing any more go)
            counted = _without_bit(counted, last)
            unbarred = _without_bit(unbarred, last)
            leaves = [(_without_bit(mask, last), path) for mask, path in leaves]
            continue
        trial_sent, trial_excluded, trial_used, trial_counted, trial_unbarred, trial_leaves = (
            _outcome(setup, trial, user_rules, walks)
        )
        if (trial_sent, trial_excluded) == (sent, excluded):
            chosen, used, counted = trial, trial_used, trial_counted
            walked = trial
            unbarred, leaves = trial_unbarred, trial_leaves
            exact = len(chosen)
        else:
            needed.add(id(chosen[last]))


def check_plan(setup: BuildSetup, rules: Sequence[Rule], protected: Iterable[str]) -> list[str]:
    """Protected paths that the finished file would exclude (it should be none)."""
    return Matcher(rules).excluded_of(path for path in protected
                                      if (setup.context / path).exists())
