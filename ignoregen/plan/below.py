"""The second block: junk below a directory that a user's exception gives back.

In a deny-list like khoj's (``src/interface/``, then ``!src/interface/web``) the user's
exception comes after ignoregen's block, and the last matching line wins: it gives back the
whole directory, with the ``node_modules``, ``.next`` and ``.env.local`` that a developer's
machine holds there and that the block above excluded. So init writes a second block after
the user's lines, with the block's rules for such junk (the :data:`AFTER_ALLOW_LIST` roles)
each scoped to a directory given back (``src/interface/web/**/node_modules``): below those
directories they decide as the first block would have, and everywhere else the user's lines
keep the last word.

Only a literal exception counts, and only one that gives back what a line of the user's own
excluded: where ignoregen's block excludes the directory (``!build``), the user wants it on
purpose, junk and all.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence

from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.guards import Guard
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.matcher import Matcher, literal_prefix
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.knowledge.local import local_rules
from ignoregen.knowledge.preset import Category, PresetSet, Role
from ignoregen.lint.maybe import own_gitignores
from ignoregen.plan.after import prune_after
from ignoregen.plan.gitignore.render import docker_literal
from ignoregen.plan.laptop import beside, laptop_rules
from ignoregen.plan.planner import (
    AFTER_ALLOW_LIST,
    SOURCE,
    Plan,
    PlannedRule,
    Walks,
    _choose,
    _nested_gitignores,
    _rule,
)
from ignoregen.plan.protect import protected_paths

_GLOB = frozenset("*?[\\")
_BY_NAME = 8
"""At most so many paths that a user's glob gives back are kept by name (see _respecting)."""


def given_back(context: str, ours: Sequence[Rule], theirs: Sequence[Rule]) -> list[str]:
    """The directories (context-relative) that an exception of ``theirs`` gives back after
    an earlier line of theirs excluded them, where ``ours`` (ignoregen's first block)
    excludes neither them nor a directory above them; the outermost of nested ones."""
    block = Matcher(list(ours)) if ours else None
    found: list[str] = []
    for index, rule in enumerate(theirs):
        path = _whole(rule.pattern)
        if not rule.exception or not path or _GLOB & set(path) or path.startswith("../"):
            continue
        full = os.path.join(context, path)
        if not os.path.isdir(full) or os.path.islink(full):
            continue
        earlier = list(theirs[:index])
        if not earlier or not Matcher(earlier).decide(path).excluded:
            continue  # it gives back nothing of the user's own
        if block is not None and block.decide(path).excluded:
            continue  # they give back what ignoregen excludes: on purpose, junk and all
        found.append(path)
    return [p for p in found if not any(p.startswith(q + "/") for q in found if q != p)]


def _not_installed(directories: list[str], presets: PresetSet) -> list[str]:
    """``directories`` less those inside an installed package tree (what a dependency or
    virtual-environment category matches: ``node_modules``, ``.venv``). Below one, the
    names of junk are the packages' own files: homepage gives back
    ``.next/standalone/node_modules``, the standalone server's packages, where
    ``**/dist`` is most packages' code and ``**/node_modules`` pnpm's layout; guarding them
    broke the image at run time."""
    installed = Matcher([
        preset_rule.rule for category in presets.categories
        if category.role in (Role.DEPENDENCIES, Role.VIRTUALENV)
        for preset_rule in category.rules if not preset_rule.rule.exception
    ])
    return [path for path in directories if not installed.decide(path).excluded]


def _whole(pattern: str) -> str:
    """The directory that ``pattern`` names with all below it (``web/**``, ``web/**/*``: as
    an exception, the same as ``web``), else ``pattern`` itself."""
    for tail in ("/**/*", "/**"):
        if pattern.endswith(tail) and not _GLOB & set(pattern[: -len(tail)]):
            return pattern[: -len(tail)]
    return pattern


def reaches(pattern: str, directory: str) -> bool:
    """Can ``pattern`` (without its ``!``) match ``directory``, a directory above it or
    something below it? A glob answers by its literal part, conservatively."""
    head = literal_prefix(pattern)
    if head != pattern:
        head = head.rpartition("/")[0]
        return not head or directory.startswith(head) or head.startswith(directory + "/")
    head = head.rstrip("/")
    return head == directory or head.startswith(directory + "/") or directory.startswith(
        head + "/")


def scoped(pattern: str, directory: str) -> str | None:
    """``pattern`` (as written, ``!`` for an exception) as it applies below ``directory``,
    or None when it cannot match there."""
    bang, body = ("!", pattern[1:]) if pattern.startswith("!") else ("", pattern)
    if body.startswith("**/"):
        return f"{bang}{directory}/{body}"
    if body.startswith(directory + "/"):
        return pattern
    return None


def plan_below(
    setup: BuildSetup,
    presets: PresetSet,
    guards: Sequence[Guard],
    reads: Sequence[DockerfileReads],
    top: Plan,
    theirs: Sequence[Rule],
    virtual: Sequence[str],
    walks: Walks,
) -> tuple[list[str], list[PlannedRule]]:
    """The directories given back and the second block's rules for them (both empty when
    the user's lines give back no directory of theirs)."""
    ours = [_rule(rule.pattern, number) for number, rule in enumerate(top.rules, 1)]
    context = str(setup.context)
    directories = _not_installed(given_back(context, ours, theirs), presets)
    if not directories:
        return [], []
    bare = BuildSetup(setup.context, Builder.BUILDKIT, setup.dockerfile, None)
    classifier, _ = walks.classified(bare, (), presets, Collect.NOTHING)
    active = set(classifier.active_presets())
    written: list[tuple[Category, str]] = [
        (category, str(preset_rule.rule))
        for preset in presets if preset.name in active
        for category in preset.categories
        if category.exclude_by_default and category.role in AFTER_ALLOW_LIST
        for preset_rule in category.rules
    ]
    written.extend((category, str(rule)) for category, rule in local_rules(setup.context,
                                                                           classifier))
    candidates: list[tuple[Category, Rule]] = []
    for directory in directories:
        for category, pattern in written:
            text = scoped(pattern, directory)
            rule = parse_line(text, SOURCE, 0) if text is not None else None
            if rule is not None and (category, rule) not in candidates:
                candidates.append((category, rule))
    candidates = _respecting(candidates, theirs, directories,
                             walks.files.get(setup.context, ()))
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    protected = protected_paths(setup.context, guards, reads, presets,
                                walks.needs.reader(setup.context).glob)
    laptop, narrowed = laptop_rules(
        setup.context, candidates, protected, sources,
        own_gitignores(_nested_gitignores(walks.files.get(setup.context, ())), presets),
        opaque=directories,
    )
    # (a gitignore line that narrows a rule may name paths anywhere: only those below stay)
    beside(candidates, [(category, rule) for category, rule in narrowed
                        if any(rule.pattern.startswith(d + "/") for d in directories)])
    # What a developer's machine has there by .gitignore's word (node_modules, .env.local),
    # though the checkout lacks it; no rule is written for what may merely appear.
    always = frozenset(laptop)
    dropped: set[int] = set()
    kept: dict[int, tuple[tuple[str, str], ...]] = {}
    while True:
        chosen, _, newly, exceptions = _choose(
            setup, bare, candidates, dropped, kept, sources, protected, classifier, virtual,
            always, walks,
        )
        if not newly and exceptions == kept:
            break
        dropped |= newly
        kept = exceptions
    rules = prune_after(bare, chosen, [*ours, *theirs], virtual, always, walks)
    return directories, rules


def _respecting(
    candidates: Sequence[tuple[Category, Rule]], theirs: Sequence[Rule],
    directories: Sequence[str], files: Sequence[str],
) -> list[tuple[Category, Rule]]:
    """The candidates, so that the second block undoes no exception of the user's below the
    directories: a rule that excludes what they give back by name ('!src/web/node_modules')
    goes; one that excludes names which a glob exception of theirs gives back ('**/.env.*'
    and their '!**/.env.example') is followed by that exception, scoped to the directory;
    where it cannot be scoped ('!src/*/.env.example'), by the files of ``files`` it gives
    back there, each by name (the rule goes when they are more than a few)."""
    wholes = [_whole(rule.pattern) for rule in theirs if rule.exception]
    named = [path for path in wholes if not _GLOB & set(path) and path not in directories]
    globs = [path for path in wholes if _GLOB & set(path)]
    out: list[tuple[Category, Rule]] = []
    for category, rule in candidates:
        if rule.exception:
            out.append((category, rule))
            continue
        if any(Matcher([rule]).decide(path).excluded for path in named):
            continue
        directory = next((d for d in directories if rule.pattern.startswith(d + "/")), None)
        last = rule.pattern.rsplit("/", 1)[-1]
        after: list[Rule] = []
        for glob in globs:
            end = glob.rsplit("/", 1)[-1]
            if directory is None or not reaches(glob, directory) or not (
                fnmatch.fnmatchcase(end, last) or fnmatch.fnmatchcase(last, end)
            ):
                continue
            if glob.startswith("**/"):
                texts = [scoped("!" + glob, directory)]
            else:  # the files it gives back now, by name
                own = Matcher([_rule(glob, 1)])
                texts = [f"!{docker_literal(path)}" for path in files
                         if path.startswith(directory + "/") and own.decide(path).excluded]
                if len(texts) > _BY_NAME:
                    break
            exceptions = [parse_line(text, SOURCE, 0) for text in texts if text is not None]
            if None in exceptions:
                break
            after.extend(exception for exception in exceptions if exception is not None)
        else:
            out.append((category, rule))
            out.extend((category, exception) for exception in after)
    return out
