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

import bisect
import dataclasses
import functools
import itertools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen.build.discover import Build
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Decision, Matcher, Pattern
from ignoregen.engine.records import ContextScan, Kind
from ignoregen.engine.setup import Builder, BuildSetup
from ignoregen.knowledge.local import untracked
from ignoregen.knowledge.preset import Category, Preset, PresetSet, Role
from ignoregen.knowledge.secret_values import SecretValues
from ignoregen.lint import edits
from ignoregen.lint.catalogue import Severity
from ignoregen.lint.findings import (
    ContextFacts,
    Finding,
    _examples,
    finding,
    fix_target,
    secret_matcher,
)
from ignoregen.lint.maybe import MayExist, may_exist, names_nothing, samples
from ignoregen.lint.pulled import Pulled, pulled_by

if TYPE_CHECKING:
    from ignoregen.build.needs import Need  # (imported when a finding asks for the needs)

LAPTOP_ROLES = {
    Role.SECRET: ("IG101", "a secret file", "secret files", Severity.WARNING),
    Role.DEPENDENCIES: ("IG104", "a dependency directory", "dependency directories",
                        Severity.WARNING),
    Role.VIRTUALENV: ("IG104", "a virtual environment", "virtual environments",
                      Severity.WARNING),
    Role.BUILD_OUTPUT: ("IG104", "build output", "build output", Severity.INFO),
}
"""Roles whose paths, listed in .gitignore, are reported when a laptop would send them: the
finding, what to call them, and the severity (build output is only weight: info)."""
ANY_DEPTH = frozenset({Role.BYTECODE, Role.DEPENDENCIES, Role.OS})
"""Roles whose entries appear beside the sources at any depth, whatever the checkout
holds: a root-only pattern of theirs is reported from the pattern alone. (A virtual
environment sits where its project is, not beside every source file.)"""


def _unhoused(category: Category, path: str, present: AbstractSet[str]) -> bool:
    """Is ``path`` a dependency directory that a package manager makes beside its manifest
    (``node_modules`` beside ``package.json``: the category's ``skip_dirs`` and
    ``installed_from``) where no such manifest is? AdGuardHome's root .gitignore lists
    ``node_modules/`` for its client directories; nothing installs one at the root, and the
    directories beside each package.json are looked for on their own."""
    name = path.rpartition("/")[2]
    if category.role is not Role.DEPENDENCIES or not category.installed_from \
            or name not in category.skip_dirs:
        return False
    home = path.rpartition("/")[0]
    return not any((f"{home}/{manifest}" if home else manifest) in present
                   for manifest in category.installed_from)


def _reincluded(decision: Decision) -> bool:
    """Did an exception of the ignore file name the path itself (conductor's ``**/build``,
    then ``!ui/build``)? Then it is sent on purpose, as IG103 and IG104 have it for what
    the checkout holds; an exception for a directory above it (``!src``) says nothing."""
    rule = decision.rule
    return bool(rule and rule.exception and rule.source != "<docker CLI>"
                and not decision.inherited)


def laptop_findings(
    facts: ContextFacts,
    rules: Sequence[Rule],
    pulled: Pulled,
    may: MayExist,
    needs: Callable[[Callable[[str], bool]], Sequence[Need]] | None = None,
) -> list[Finding]:
    """Paths that may exist, would be copied and are not excluded: IG101 and IG104,
    worded for the developer's machine, one finding per kind.

    Looked for: each name that a gitignore file lists literally, where that file puts it
    (``.env``, ``.venv``, ``target``, ``config/master.key``), and the dependency
    directories that the discovery never enters (``node_modules``) and the build output
    (``obj``, ``bin/Release``, ``dist``) beside every marker of the project's languages,
    when a gitignore file lists them. Build output is only weight: info.

    Build output guessed beside a marker (frp's web/shared/dist, beside a package.json
    with no scripts) is not reported when the project needs another directory of that
    name (its web/frps/dist, embedded by go build): the name alone then says nothing, and
    only the path itself could be excluded, which init does not guess at. Nor is it guessed
    beside a marker inside a package of the code, or where the preset names its manifests
    and the directory holds none (:func:`_placed`).

    ``needs`` gives what the builds need (asked only when there is something to report): a
    needed path is not reported (solidtime's image runs from the host's ``vendor``), and
    the fix names the paths themselves when ``**/name`` would exclude a need too (its
    ``resources/views/vendor``). It is told which need paths matter (those a need at
    which would change the findings); it may leave out needs at other paths."""
    scan = facts.scan
    present = {item.path for item in scan.sent} | {item.path for item in scan.ignored}
    excluded = Matcher(rules) if rules else None
    secrets = secret_matcher(facts.presets)
    found: dict[Role, list[tuple[str, Rule, str]]] = {}  # path, listing rule, name to suggest
    seen: set[str] = set()
    guessed: set[str] = set()  # build output looked for beside a marker, listed elsewhere
    packages = _Packages(present, facts.presets)
    sent_at = SentFiles(scan)  # (sorted when first asked)

    def leaks(path: str, home: str | None = None) -> bool:
        if path in present or path in seen or not pulled.pulls(path):
            return False
        if excluded is not None:
            decision = excluded.decide(path)
            if decision.excluded or _reincluded(decision):
                return False
        parent = path.rpartition("/")[0] if home is None else home
        return not parent or parent in present  # its directory is in the checkout

    def add(role: Role, path: str, listed: Rule, name: str | None = None) -> None:
        seen.add(path)  # name '': only the path itself (see _claims_name)
        found.setdefault(role, []).append(
            (path, listed, path.rsplit("/", 1)[-1] if name is None else name))

    for rule in may.listed:
        if rule.exception:
            continue
        if any(char in rule.pattern.removeprefix("**/") for char in "*?[\\"):
            continue  # a wildcard: no name to say
        path = rule.pattern.removeprefix("**/")
        if not _where_listed(_base(facts, may), path, rule):
            continue
        if not leaks(path):
            if path not in seen and _made_here(facts, path, pulled, excluded, sent_at):
                # this machine's own: what a laptop sends, named as the checkout's finding
                # names it (public/hot, not any 'hot')
                made = facts.classifier.category_of(path)
                add(Role.BUILD_OUTPUT, path, rule,
                    None if made is not None and _claims_name(made, path) else "")
            continue
        if secrets.decide(path).excluded:
            add(Role.SECRET, path, rule)
            continue
        category = facts.classifier.category_of(path)
        if category is not None and category.role in LAPTOP_ROLES and not category.local_only \
                and not _unhoused(category, path, present):
            add(category.role, path, rule, None if _claims_name(category, path) else "")
    sent_files = {item.path for item in scan.sent if item.kind is Kind.FILE}
    for path, by in template_copies(
            facts.scan.setup.context, present, secrets, may, facts.presets.secret_values,
            lambda path: _in_tests(facts, path)):
        if path not in present:
            if leaks(path):
                add(Role.SECRET, path, by)
        elif path in sent_files and not secrets.decide(path).excluded and path not in seen \
                and pulled.pulls(path) and not (excluded and excluded.decide(path).excluded):
            add(Role.SECRET, path, by)  # the developer's copy is here: nitter.conf
    active = set(facts.classifier.active_presets())
    marking = [preset for preset in facts.presets.presets
               if preset.name in active and preset.markers]
    # The files any of these presets' markers mark, found in one pass over what is sent;
    # each preset then looks only among them (markers have no exceptions, so a file one
    # preset's markers mark is marked by all of them together too).
    candidates = Matcher(
        [marker.rule for preset in marking for marker in preset.markers]
    ).excluded_many(item.path for item in scan.sent if item.kind is Kind.FILE) if marking else []
    for preset in marking:
        names = _looked_for(preset)
        if not names:
            continue
        markers = Matcher([marker.rule for marker in preset.markers])
        marked = markers.excluded_many(candidates)
        # A marker inside a directory that a gitignore file lists is no project's home
        # (Vite's dependency cache vue3/.vite/deps holds a package.json).
        homes = sorted({
            home for home in (path.rpartition("/")[0] for path in marked
                              if not _in_tests(facts, path))
            if not home or may.gitignored(home) is None
        })
        for home, kind, name, path in _beside(homes, names, present):
            listed = may.gitignored(path)
            if listed is not None and path in present and path not in seen \
                    and _made_here(facts, path, pulled, excluded, sent_at):
                # this machine's own (supavisor's native/target, which native/.gitignore
                # lists): named as the checkout's finding names it
                add(kind, path, listed, name)
            elif listed is not None and not names_nothing(listed) and leaks(path, home) \
                    and (here := _placed(kind, home, path, listed, _base(facts, may),
                                         packages, preset.manifests, present)) is not None:
                add(kind, path, listed, name)  # 'bin/Debug', not any 'Debug'
                if not here:
                    guessed.add(path)
    known: Sequence[Need] = ()
    if needs is not None and found:
        asked = [path for paths in found.values() for path, _, _ in paths]
        wanted = {name or path for paths in found.values() for path, _, name in paths}
        known = needs(_bearing_on(asked, wanted))
    out: list[Finding] = []
    for role, listed_paths in found.items():
        # What a COPY names itself (langfuse's 'COPY dist ./dist', built on the host) is
        # what the build needs, not weight to exclude.
        paths = [(path, rule, name) for path, rule, name in listed_paths
                 if not _needed(path, known) and pulled.names(path) is None
                 and not (path in guessed and _pattern(path, name, known) != f"'**/{name}'")]
        if not paths:
            continue
        rule_id, one, many, severity = LAPTOP_ROLES[role]
        what = one if len(paths) == 1 else many
        shown = [_join(facts.context, path) for path, _, _ in paths]
        sources = sorted({f"{rule.source}:{rule.line}" for _, rule, _ in paths})
        first = paths[0][0]
        taken = _sent_names(scan, {name.rsplit("/", 1)[-1] for _, _, name in paths if name},
                            may)
        patterns = sorted({_pattern(path, name, known, taken) for path, _, name in paths})
        lines = _spare_copied(patterns, paths, pulled)
        lines, held = _with_bundled(facts, pulled, lines, paths)
        item = finding(
            rule_id,
            f"{_examples(shown)}: {what} that {_examples(sources)} "
            f"{'lists' if len(sources) == 1 else 'list'}; the ignore file does not exclude "
            f"{'it' if len(paths) == 1 else 'them'}, so "
            f"{_senders(pulled, first, paths)} would send "
            f"{'it' if len(paths) == 1 else 'them'} on a developer's machine",
            facts.anchor,
            hint=f"add {', '.join(lines)} to the ignore file" + (
                f", in that order: {held} takes output built before the image, with the "
                "packages it runs with" if held else ""),
            context=facts.context,
            fix=edits.Fix(tuple(edits.Edit(edits.EditKind.ADD, fix_target(facts), line.strip("'"))
                                for line in lines), tuple(path for path, _, _ in paths)),
        )
        out.append(dataclasses.replace(item, severity=severity))
    return out


def template_copies(
    context: Path, present: Iterable[str], secrets: Matcher, may: MayExist,
    values: SecretValues, in_tests: Callable[[str], bool],
) -> list[tuple[str, Rule]]:
    """The files a developer fills in from committed templates, beside each, that a
    gitignore file lists and that hold a secret: named like one (``server/.env`` from
    ``server/.env.example``), or filled in where the template has a credential's slot
    (``nitter.conf`` from ``nitter.example.conf``, whose ``hmacKey`` the developer sets).
    The template words are preset data (``template_marks``). A copy of the second kind
    may already be here (a secret by name is reported where it is sent)."""
    marks = values.template_marks
    if not marks:
        return []

    mark = re.compile(
        r"[._-](?:" + "|".join(re.escape(word) for word in marks) + r")(?=$|[._-])",
        re.IGNORECASE,
    )
    out: list[tuple[str, Rule]] = []
    present = present if isinstance(present, (set, frozenset)) else set(present)
    # (the few names with a template word, then in the order of the paths: sorting only
    # them gives the order sorting every path would)
    templates = []
    for template in present:
        home, _, name = template.rpartition("/")
        found = mark.search(name, 1)
        if found is not None:
            templates.append((template, home, name, found))
    templates.sort(key=lambda held: held[0])
    for template, home, name, found in templates:
        copy = name[:found.start()] + name[found.end():]
        path = f"{home}/{copy}" if home else copy
        if not copy or (path in present and secrets.decide(path).excluded):
            continue
        listed = may.gitignored(path)
        if listed is None or listed.exception or may.gitignored(template) is not None \
                or in_tests(template):
            continue
        if not secrets.decide(path).excluded:
            from ignoregen.lint.secrets import credential_slot  # (only where a template is)

            if credential_slot(context / template, values) is None:
                continue
        out.append((path, listed))
    return out


def _beside(
    homes: Iterable[str], names: Sequence[tuple[Role, str, tuple[str, ...]]],
    present: AbstractSet[str],
) -> Iterable[tuple[str, Role, str, str]]:
    """``(home, role, name, path)`` for each name looked for beside each marker's home, but
    not in a workspace member's home: Cargo writes target beside Cargo.lock, above it."""
    for home in homes:
        for kind, name, beside in names:
            if not (beside and _above(home, beside, present)):
                yield home, kind, name, (f"{home}/{name}" if home else name)


def _looked_for(preset: Preset) -> list[tuple[Role, str, tuple[str, ...]]]:
    """What is looked for beside the markers of ``preset``: its dependency directories and
    the build output that its rules name at any depth (``**/target``), each with its role
    and the category's ``beside`` (the files it is written beside, above a member)."""
    return [
        (category.role, name, category.beside) for category in preset.categories
        if category.role is Role.DEPENDENCIES for name in category.skip_dirs
    ] + [
        (category.role, rule.pattern.removeprefix("**/"), category.beside)
        for category in preset.categories if category.role is Role.BUILD_OUTPUT
        for rule in (preset_rule.rule for preset_rule in category.rules)
        if not rule.exception and rule.pattern.startswith("**/")
        and not any(char in rule.pattern[3:] for char in "*?[\\")
    ]


def _bearing_on(asked: Sequence[str], names: Iterable[str]) -> Callable[[str], bool]:
    """Could a need at a path change the findings about the ``asked`` paths, whose lines
    would be ``**/name`` for the ``names``? When it is one of them, lies below or above one
    (:func:`_needed`), or holds one of the names (:func:`_pattern`)."""
    exact = set(asked)
    below = tuple(path + "/" for path in asked)
    above = {path[:at] for path in asked for at, char in enumerate(path) if char == "/"}
    shown = sorted(names)
    holding = re.compile(
        "(?:^|/)(?:" + "|".join(re.escape(name) for name in shown) + ")(?:/|$)"
    ) if shown else None

    def bears(path: str) -> bool:
        return path in exact or path in above or path.startswith(below) \
            or (holding is not None and holding.search(path) is not None)

    return bears


def _senders(pulled: Pulled, first: str, paths: Sequence[tuple[Any, ...]]) -> str:
    """The COPY that sends ``first``, then those that send the other ``paths`` (hyperdx: two
    Dockerfiles copy two packages, and each sends its own ``node_modules``)."""
    said = dict.fromkeys([pulled.describe(first), *(pulled.describe(p[0]) for p in paths)])
    return _examples(list(said))


def _needed(path: str, needs: Sequence[Need]) -> bool:
    """``needs_for(path, needs)``: imported only when there are needs to look through."""
    if not needs:
        return False
    from ignoregen.build.needs import needs_for

    return bool(needs_for(path, needs))


def _sent_names(scan: ContextScan, names: set[str], may: MayExist) -> set[str]:
    """Which of ``names`` a path sent from the checkout holds as one of its parts: Laravel
    commits ``storage/`` (which its image needs) while a laptop adds ``public/storage``;
    Rails commits ``app/assets`` beside the host's precompiled ``public/assets``. A
    directory of that name that a gitignore file lists is a developer's own copy, not the
    checkout's: eShopOnWeb's laptop holds some projects' ``obj`` and lacks others', and
    the hint stays ``**/obj``."""
    found: set[str] = set()
    for item in scan.sent:
        prefix = ""
        for part in item.path.split("/"):
            prefix = f"{prefix}/{part}" if prefix else part
            if part in names:
                if may.gitignored(prefix) is not None:
                    break  # the laptop's own copy, and what lies below it
                found.add(part)
        if found == names:
            break
    return found


class SentFiles:
    """The sent files of a scan, looked up by the path they are at or below (a laptop
    check asks for dozens of build output directories among 40,000 files)."""

    def __init__(self, scan: ContextScan) -> None:
        self._scan = scan

    @functools.cached_property
    def _sorted(self) -> tuple[list[str], list[str], list[int]]:
        files = [item.path for item in self._scan.sent if item.kind is Kind.FILE]
        order = sorted(range(len(files)), key=files.__getitem__)
        return files, [files[at] for at in order], order

    def within(self, path: str) -> list[str]:
        """``[file for file in files if file == path or file.startswith(path + "/")]``,
        in the walk's order, by bisection: the paths below ``path`` sort together, from
        ``path + "/"`` up to ``path + "0"`` (the character after ``/``)."""
        files, paths, order = self._sorted
        at = order[bisect.bisect_left(paths, path):bisect.bisect_right(paths, path)]
        at += order[bisect.bisect_left(paths, path + "/"):bisect.bisect_left(paths, path + "0")]
        return [files[index] for index in sorted(at)]


def _made_here(
    facts: ContextFacts, path: str, pulled: Pulled, excluded: Matcher | None,
    sent: SentFiles | None = None,
) -> bool:
    """Is ``path`` build output that is here, sent, and git's index holds none of: the
    checkout lacks it and this working copy has it (opengist's ``build``, or one file such
    as monica's ``public/hot``), so what the check says of a clean checkout holds of this
    one too. ``sent``: the scan's files, looked up (else the scan is gone through)."""
    category = facts.classifier.category_of(path)
    if category is None or category.role is not Role.BUILD_OUTPUT or category.local_only \
            or not pulled.pulls(path):
        return False
    if excluded is not None and excluded.decide(path).excluded:
        return False
    inside = (sent or SentFiles(facts.scan)).within(path)[:20]
    return bool(inside) and untracked(facts.scan.setup.context, inside) == set(inside)


def _pattern(
    path: str, name: str, needs: Sequence[Need], taken: AbstractSet[str] = frozenset()
) -> str:
    """The line to suggest for ``path``: ``name`` (its last part, or the preset's
    ``bin/Debug``) at any depth, unless that excludes a need as well, or a directory or file
    of that name the checkout sends (``taken``: :func:`_sent_names`); then the path itself."""
    from ignoregen.plan.gitignore.render import docker_literal

    if not name or name.rsplit("/", 1)[-1] in taken:
        return f"'{docker_literal(path)}'"
    anywhere = Matcher([Rule(f"**/{name}", False, "", 0, f"**/{name}")])
    if any(not any(c in need.path for c in "*?[")
           and anywhere.decide(need.path.rstrip("/")).excluded for need in needs):
        return f"'{docker_literal(path)}'"
    return f"'**/{name}'"


def _claims_name(category: Category, path: str) -> bool:
    """Does ``category`` claim ``path`` by its last name (``**/dist`` for ``ui/dist``),
    rather than through a directory above it? apache/answer's .gitignore lists
    ``build/tools/``, which Node's build output claims only as part of the root ``build``:
    ``**/tools`` would take any directory named tools (a Go module's tools package), so the
    line to suggest is the path itself."""
    name = path.rsplit("/", 1)[-1]
    return name == path or Matcher([rule.rule for rule in category.rules
                                    if not rule.rule.exception]).decide(name).excluded


def _base(facts: ContextFacts, may: MayExist) -> str:
    """The context's directory as the gitignore files' ``source`` names are written:
    relative to the work tree, not to the checked root (from ``apps/web`` the top's
    ``.gitignore`` is still the top's)."""
    return facts.context if may.base is None else may.base


def _where_listed(context: str, path: str, rule: Rule) -> bool:
    """Is ``path`` (relative to ``context``, a directory of the work tree) where the
    gitignore line puts it? A line with a ``/`` names its path; a bare name (``.env``)
    matches at any depth, and is taken to mean the gitignore file's own directory, not every
    directory below it."""
    line = rule.text.strip().removeprefix("!").rstrip("/")
    if "/" in line:
        return True
    source = rule.source
    home = "" if "/" not in source or source.startswith(".git/") else source.rsplit("/", 1)[0]
    full = _join(context, path)
    return full.rpartition("/")[0] == home


class _Packages:
    """The directories holding a package marker (``__init__.py``), found when first asked."""

    def __init__(self, present: AbstractSet[str], presets: PresetSet) -> None:
        self._present = present
        self._presets = presets

    @functools.cached_property
    def dirs(self) -> frozenset[str]:
        names = {name for name, _ in self._presets.package_markers}
        return frozenset(path.rpartition("/")[0] for path in self._present
                         if path.rpartition("/")[2] in names)


def _placed(kind: Role, home: str, path: str, listed: Rule, context: str,
            packages: _Packages, manifests: Sequence[str] = (),
            present: AbstractSet[str] = frozenset()) -> bool | None:
    """Is ``path`` where the gitignore line ``listed`` puts it (True), build output guessed
    beside a marker in ``home`` (False), or a guess not to make (None)? Not made: beside a
    marker inside a package (:func:`_in_package`), or where the preset names the manifests
    its builds read and ``home`` holds none: setuptools writes ``.eggs`` beside setup.py, not
    beside mathesar's ``api_tests/requirements.txt`` or paperless-ngx's ``src/manage.py``."""
    if kind is not Role.BUILD_OUTPUT or _where_listed(context, path, listed):
        return True
    if manifests and not any(_join(home, name) in present for name in manifests):
        return None
    return None if _in_package(home, listed, context, packages.dirs) else False


def _in_package(home: str, listed: Rule, context: str, packages: AbstractSet[str]) -> bool:
    """Is ``home`` (a marker's directory, where build output was guessed from a bare
    gitignore line of a directory above it) at or below a package of the project's code
    (a directory holding a package marker: ``__init__.py``) that lies below the line's own
    directory? The marker is then a part of that package, not a project whose build writes
    there: localstack's ``localstack/logging/setup.py`` is a module (no ``.eggs`` beside
    it), and changedetection.io's ``changedetectionio/static/styles/package.json`` only
    compiles its stylesheets in place (no ``dist``); the root's ``.eggs/`` and ``dist/`` are
    the Python project's."""
    source = listed.source
    line_home = "" if "/" not in source or source.startswith(".git/") \
        else source.rsplit("/", 1)[0]
    parts = home.split("/") if home else []
    for depth in range(len(parts), -1, -1):
        directory = "/".join(parts[:depth])
        if directory not in packages:
            continue
        full = _join(context, directory)
        if full != line_home and (not line_home or full.startswith(line_home + "/")):
            return True
    return False


def _above(home: str, beside: Sequence[str], present: AbstractSet[str]) -> bool:
    """Does a directory above ``home`` hold one of the ``beside`` files (a workspace's
    Cargo.lock above a member's Cargo.toml), and ``home`` none?"""
    if any(_join(home, file) in present for file in beside):
        return False
    parts = home.split("/") if home else []
    return any(_join("/".join(parts[:depth]), file) in present
               for depth in range(len(parts)) for file in beside)


def _join(context: str, path: str) -> str:
    return path if context in ("", ".") else f"{context}/{path}"


def _in_tests(facts: ContextFacts, path: str) -> bool:
    """Is ``path`` below a directory of the tests role (fixtures are not projects)?"""
    parts = path.split("/")
    for end in range(1, len(parts)):
        category = facts.classifier.category_of("/".join(parts[:end]))
        if category is not None and category.role in (Role.TESTS, Role.DOCS):
            return True
    return False


def root_only_isms(
    facts: ContextFacts, rules: Sequence[Rule], already: set[int], pulled: Pulled | None = None
) -> list[Finding]:
    """IG301 for a pattern written the gitignore way (``__pycache__``, ``*.pyc``): its
    ``**/`` form is a rule of a category of a language the project uses, and a directory
    below the root holds that language's files (a marker: ``src/app/x.py``,
    ``web/package.json``), so deeper copies appear on a developer's machine even when the
    checkout has none. A category whose files appear only in certain directories
    (``written_in``) is looked for there: '*.pyc' beside '**/__pycache__/' sends nothing
    (docling-serve). ``already``: the lines reported from the walk."""
    if facts.ignore_file is None:
        return []
    active = set(facts.classifier.active_presets())
    anywhere: dict[str, tuple[str, Preset, tuple[str, ...], tuple[str, ...],
                              tuple[str, ...]]] = {}
    for preset in facts.presets.presets:
        if preset.name not in active:
            continue
        for category in preset.categories:
            if category.role not in ANY_DEPTH or category.local_only:
                continue  # local-only: no language says where it appears
            for preset_rule in category.rules:
                rule = preset_rule.rule
                if rule.pattern[3:] in category.top_only:
                    continue  # pnpm's store: at the top of the tree, not in each package
                if not rule.exception and rule.pattern.startswith("**/"):
                    anywhere.setdefault(rule.pattern, (f"{category.name} of {preset.name}",
                                                       preset, category.written_in,
                                                       category.bundled_in, category.beside))
    out: list[Finding] = []
    homes: dict[str, list[str]] = {}
    present = {item.path for item in facts.scan.sent} | {item.path for item in facts.scan.ignored}
    decided = Matcher(rules) if rules else None
    for rule in rules:
        if rule.line in already or rule.exception or not rule.line:
            continue
        if rule.text.strip().startswith(("/", "./")) or rule.pattern.startswith("**"):
            continue  # a leading '/': the root only, on purpose
        if "/" in rule.pattern:
            continue
        found = anywhere.get("**/" + rule.pattern)
        if found is None:
            continue
        what, preset, written_in, bundled, beside = found
        if preset.name not in homes:
            homes[preset.name] = _homes(facts, preset, pulled)
        # Written beside a manifest found looking up (Bundler's .bundle beside the Gemfile):
        # not in a directory below one that holds it (huginn's vendored gem, a .gemspec)
        places = [home for home in homes[preset.name]
                  if not (beside and _above(home, beside, present))]
        if not places:
            continue
        example = next(iter(samples(rule.pattern)), rule.pattern)
        if written_in and rule.pattern not in written_in:
            example = f"{written_in[0]}/{example}"  # Python 3's x.pyc: in __pycache__
        deeper = next((
            f"{home}/{example}" for home in places
            if decided is None or not decided.decide(f"{home}/{example}").excluded
        ), None)
        if deeper is None:
            continue  # other rules exclude it wherever it would appear
        fix = edits.replace_line(facts.ignore_file, rule.line, f"**/{rule.pattern}", [deeper])
        hint = f"write '**/{rule.pattern}' to match at any depth"
        held = _in_copied_output(facts, pulled, rule.pattern, bundled)
        if held:
            fix = edits.Fix((*fix.edits, *(
                edits.Edit(edits.EditKind.EXCEPTION, facts.ignore_file, "!" + edits.literal(path),
                           rule.line) for path, _ in held)), fix.names)
            hint += (f", and {', '.join(repr('!' + path) for path, _ in held)} after it: "
                     f"{held[0][1]} takes output built before the image, with the packages "
                     "it runs with")
        out.append(finding(
            "IG301",
            f"'{rule.text.strip()}' matches only at the context root; {what} may appear at any "
            f"depth on a developer's machine, and {deeper} would be sent",
            facts.ignore_file, rule.line, 1, len(rule.text),
            hint=hint, context=facts.context, fix=fix,
        ))
    return out


def _in_copied_output(
    facts: ContextFacts, pulled: Pulled | None, name: str, bundled: Sequence[str]
) -> list[tuple[str, str]]:
    """``<source>/<name>`` for each directory a COPY or ADD names that the checkout lacks
    and that is one of the category's ``bundled_in`` paths or holds one (below the context
    or a directory of it), with the instruction: the output of a build run before the image's
    (homarr's CI runs ``next build``, and its Dockerfile copies ``.next/standalone``, whose
    ``node_modules`` the server runs with). ``**/<name>`` would take those packages too;
    what the checkout has, the walk's own IG301 sees."""
    if pulled is None or not bundled or any(char in name for char in "*?[\\"):
        return []
    present = {item.path for item in facts.scan.sent} | {item.path for item in facts.scan.ignored}
    out: list[tuple[str, str]] = []
    for source in pulled.sources:
        path = source.pattern.strip("/")
        if not source.known or source.has_glob or source.whole_context or not path \
                or path in present or path.startswith("../"):
            continue
        for inner in bundled_below(path, bundled):
            held = f"{inner}/{name}"
            if held not in (found for found, _ in out):
                out.append((held, pulled.describe(f"{held}/x")))
    return out


def bundled_below(path: str, bundled: Sequence[str]) -> list[str]:
    """The ``bundled_in`` directories that the copied directory ``path`` is or holds:
    ``.next/standalone`` for ``COPY .next/standalone`` (or ``web/.next/standalone``), and
    ``.output/server`` for ``COPY .output``, Nuxt's whole build output, whose server holds
    the packages it runs with."""
    out = []
    for end in bundled:
        parts = end.split("/")
        for cut in range(len(parts), 0, -1):
            head, tail = "/".join(parts[:cut]), "/".join(parts[cut:])
            if path == head or path.endswith("/" + head):
                out.append(f"{path}/{tail}" if tail else path)
                break
    return out


def _homes(facts: ContextFacts, preset: Preset, pulled: Pulled | None) -> list[str]:
    """Directories below the root that hold a marker of ``preset`` (matched at any depth),
    outside tests, documentation and hidden directories, and that a build pulls."""
    patterns = [
        Pattern(Rule("**/" + marker.rule.pattern.removeprefix("**/"), False, "", 0, ""))
        for marker in preset.markers if not marker.rule.exception
    ]
    out: set[str] = set()
    for item in facts.scan.sent:
        if item.kind is not Kind.FILE or "/" not in item.path:
            continue
        home = item.path.rpartition("/")[0]
        if home in out or any(part.startswith(".") for part in home.split("/")):
            continue
        if pulled is not None and not pulled.pulls(item.path):
            continue
        if any(pattern.match(item.path) for pattern in patterns) and not _in_tests(
            facts, item.path
        ):
            out.add(home)
    return sorted(out)


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
    # A .gitignore says what a developer's machine holds whether or not it is sent: the
    # '**/.gitignore' that init writes must not change what check thinks may exist.
    below = {
        item.path.rpartition("/")[0] for item in itertools.chain(scan.sent, scan.ignored)
        if item.path.rsplit("/", 1)[-1] == ".gitignore" and "/" in item.path
    }
    return pulled, may_exist(setup.context, root, presets, sorted(below))


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return os.path.relpath(path, root).replace(os.sep, "/")


def _with_bundled(
    facts: ContextFacts, pulled: Pulled, lines: Sequence[str],
    paths: Sequence[tuple[str, Rule, str]],
) -> tuple[list[str], str]:
    """The suggested lines, each ``'**/NAME'`` followed by the exceptions that give back the
    ``NAME`` directories inside host-built output a COPY names (:func:`_in_copied_output`):
    ajnart/homarr's laptop sends ``cli/node_modules``, and ``**/node_modules`` alone would
    take ``.next/standalone/node_modules``, the packages its server runs with, that CI
    builds before the image. With the COPY that names the first such output, or ''."""
    out: list[str] = []
    said = ""
    for line in lines:
        out.append(line)
        text = line.strip("'")
        if not text.startswith("**/"):
            continue
        name = text[3:]
        bundled: dict[str, None] = {}
        for path, _, _ in paths:
            category = facts.classifier.category_of(path)
            if path.rsplit("/", 1)[-1] == name and category is not None:
                bundled.update(dict.fromkeys(category.bundled_in))
        for held, why in _in_copied_output(facts, pulled, name, list(bundled)):
            out.append(f"'!{edits.literal(held)}'")
            said = said or why
    return out, said


def _spare_copied(
    patterns: Sequence[str], paths: Sequence[tuple[object, ...]], pulled: Pulled
) -> list[str]:
    """The suggested lines, each ``'**/NAME'`` that would also take what a COPY names
    (locust's Dockerfile.ci 'COPY ./dist dist', for the laptop's locust/webui/dist) given as
    the paths it stands for instead."""
    from ignoregen.plan.gitignore.render import docker_literal

    out: list[str] = []
    for pattern in patterns:
        line = pattern.strip("'")
        if not line.startswith("**/") or not pulled.names_any(line):
            out.append(pattern)
            continue
        anywhere = Matcher([Rule(line, False, "", 0, line)])
        out.extend(f"'{docker_literal(str(path[0]))}'" for path in paths
                   if anywhere.decide(str(path[0])).excluded)
    return sorted(dict.fromkeys(out))
