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

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ignoregen.build.dockerfile import Source
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.matcher import Matcher
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.local import SOURCE
from ignoregen.knowledge.preset import Category, PresetSet, Role
from ignoregen.lint.laptop import ANY_DEPTH, LAPTOP_ROLES
from ignoregen.lint.maybe import (
    MayExist,
    gitignore_rules,
    names_nothing,
    repository_root,
    samples,
)
from ignoregen.plan.alone import _excludes, _excluding, _rule

_PROTECTED: dict[tuple[Rule, ...], dict[Rule, bool]] = {}
"""Whether the gitignore rules (the key) make a candidate protective, by candidate: asked
again by each plan of a context, with the same gitignore files."""


def laptop_rules(
    context: Path,
    candidates: Iterable[tuple[Category, Rule]],
    needed: Iterable[str],
    sources: Sequence[Source],
    below: Sequence[str] = (),
    opaque: Sequence[str] = (),
    plain: Sequence[Category] = (),
) -> tuple[frozenset[str], list[tuple[Category, Rule]]]:
    """The candidate rules (as written) to keep although the checkout gives them nothing,
    and narrower rules to add for those that would exclude a path the build reads (the
    gitignore line itself, written as a rule of the category). The gitignore files read
    are those from the repository's root down to the context and those in its directories
    ``below``. A line that lists a directory of ``opaque`` whole (or one above it) is no
    evidence of what lies inside: prometheus's ``/.build`` says the build output is local,
    not that ``node_modules`` or an ``.env`` may appear in ``.build/linux-amd64``. A rule
    of a category of ``plain`` counts only where a line without a wildcard names what it
    excludes ('secrets.yml', not '*.tfvars'): check's developer's-machine view names such a
    file, and a wildcard line far from the files it means (microservices-demo's '*.tfvars',
    for its terraform/, in every service's context) is no evidence."""
    chosen = [
        (category, rule) for category, rule in candidates
        if category.role in LAPTOP_ROLES and not category.local_only and not rule.exception
    ]
    # A COPY that build arguments name may name what a rule excludes: its pattern's samples
    # count as named (woodpecker's dist/server/${TARGETOS}_${TARGETARCH}/woodpecker-server),
    # and so does its path on each platform when the platform is all it depends on (netbird's
    # ${TARGETPLATFORM}/netbird-proxy); one whose first part is another argument
    # (${NETBOX_PATH}) may name anything.
    argued = [source.pattern for source in sources if source.path is None]
    shaped = [shape for source in sources if source.path is None for shape in source.shapes]
    if not chosen or any(source.pattern.split("/")[0] in ("", ".", "*", "**")
                         and not source.shapes for source in sources if source.path is None):
        return frozenset(), []
    repo = repository_root(context, context)
    # (a line for a whole class of names, '.*', is no evidence of any one of them)
    listed = tuple(rule for rule in gitignore_rules(context, repo, below)
                   if rule.exception or not names_nothing(rule))
    if opaque and listed:
        probe = MayExist(listed)
        whole = {probe.gitignored(directory) for directory in opaque}
        listed = tuple(rule for rule in listed if rule not in whole)
    if not listed:
        return frozenset(), []
    base = context.relative_to(repo).as_posix() if context.is_relative_to(repo) else None
    may = MayExist(listed)
    known = _PROTECTED.get(listed)
    if known is None:
        if len(_PROTECTED) >= 64:
            _PROTECTED.clear()
        known = _PROTECTED[listed] = {}
    named = [
        *needed,
        *(source.path for source in sources if source.path and not source.whole_context),
        *(sample for pattern in argued for sample in samples(pattern)),
        *shaped,
    ]
    kept: set[str] = set()
    narrowed: list[tuple[Category, Rule]] = []
    names: list[str] | None = None  # what the lines without a wildcard name (for ``plain``)
    for category, rule in chosen:
        if str(rule) in kept:
            continue
        if rule not in known:
            known[rule] = may.protected_by(rule) is not None
        if not known[rule]:
            continue
        if any(category is each for each in plain):
            if names is None:
                names = [line.pattern.removeprefix("**/") for line in listed
                         if not line.exception and not any(
                             char in line.pattern.removeprefix("**/") for char in "*?[\\")]
            if not Matcher([rule]).excluded_many(names):
                continue
        reached = _excluding(rule.pattern, named)
        if reached:
            # The build reads it there (what the checkout has decides), but a gitignore
            # line of the category's may name the laptop's copy alone: pterodactyl's
            # '/vendor' where '**/vendor' would take resources/views/vendor too.
            for other in _narrower(rule, listed, named, reached, base):
                if str(other) not in kept:
                    kept.add(str(other))
                    narrowed.append((category, other))
            continue
        kept.add(str(rule))
    return frozenset(kept), narrowed


def beside(candidates: list[tuple[Category, Rule]],
           extra: Iterable[tuple[Category, Rule]]) -> None:
    """Put each of ``extra`` after the last candidate of its category (at the end when it
    has none), so that the block shows one heading per category: anything-llm's narrowed
    '.env.development' lines, appended at the end, opened a second 'base.secrets' group."""
    for category, rule in extra:
        at = max((i + 1 for i, (c, _) in enumerate(candidates) if c is category),
                 default=len(candidates))
        candidates.insert(at, (category, rule))


def any_depth_twins(
    candidates: Iterable[tuple[Category, Rule]], user_rules: Sequence[Rule]
) -> frozenset[str]:
    """The candidates ``**/x`` of a role found at any depth (bytecode, dependencies) whose
    root-only form ``x`` is a line of the user's (``__pycache__/``, ``*.pyc``): check reports
    such a line (IG301) from the pattern alone, so init writes the rule that covers it
    although the checkout holds nothing yet (prefect, warehouse, ArchiveBox)."""
    mine = {
        rule.pattern for rule in user_rules
        if not rule.exception and "/" not in rule.pattern
        and not rule.text.strip().startswith(("/", "./"))
    }
    theirs = Matcher(user_rules) if user_rules else None

    def stopped(category: Category, rule: Rule) -> bool:
        # Where the category's files appear, the user's lines already exclude them
        # (docling-serve's '**/__pycache__/' beside '*.pyc'): check asks for nothing.
        if not category.written_in or rule.pattern[3:] in category.written_in:
            return False
        deep = f"x/{category.written_in[0]}/{next(iter(samples(rule.pattern[3:])), 'x')}"
        return theirs is not None and theirs.decide(deep).excluded

    return frozenset(
        str(rule) for category, rule in candidates
        if category.role in ANY_DEPTH and not category.local_only and not rule.exception
        and rule.pattern.startswith("**/") and rule.pattern[3:] in mine
        and rule.pattern[3:] not in category.top_only and not stopped(category, rule)
    )


def _narrower(
    rule: Rule, listed: Sequence[Rule], named: Sequence[str], reached: Sequence[str],
    base: str | None = None,
) -> Iterator[Rule]:
    """The gitignore lines (in Docker's dialect) whose every sample ``rule`` excludes and
    that exclude no path in ``named``, nor any below a path of ``reached`` (those ``rule``
    excludes): a COPY of a directory reads what it holds (locust's 'COPY ./dist dist',
    where the line 'dist/**' would send the directory empty). A bare name's line is tried
    at any depth, then in its gitignore file's own directory (``base``: the context's,
    relative to the repository), where check looks for it: mCaptcha's root 'dist', whose
    any-depth form takes docs/openapi/dist, which the compiler includes."""
    for line in listed:
        if line.exception:
            continue
        for other in (line.pattern, _at_home(line, base)):
            if other is None or other == rule.pattern:
                continue
            examples = samples(other)
            if not examples or not all(_excludes(rule.pattern, sample) for sample in examples):
                continue
            if _excluding(other, named) or any(
                sample.startswith(path.rstrip("/") + "/")
                for sample in examples for path in reached
            ):
                continue
            yield _rule(other)
            break


def _at_home(line: Rule, base: str | None) -> str | None:
    """A gitignore line naming no directory (``dist``, ``dist/``), as a Docker pattern for
    its gitignore file's own directory, relative to the context (``base``, relative to the
    repository); None for another line, or a file outside the context."""
    text = line.text.strip().rstrip("/")
    if base is None or not text or "/" in text or line.source.startswith(".git/"):
        return None
    home = line.source.rpartition("/")[0]
    base = "" if base == "." else base
    if base and home != base and not home.startswith(base + "/"):
        return None
    inside = home[len(base):].lstrip("/")
    tail = line.pattern.rpartition("**/")[2]
    if "/" in tail or not line.pattern.endswith(tail):
        return None
    return f"{inside}/{tail}" if inside else tail


def template_copy_rules(
    context: Path,
    files: Iterable[str],
    presets: PresetSet,
    classifier: Classifier,
    below: Sequence[str],
    needed: Iterable[str],
    sources: Sequence[Source],
) -> list[tuple[Category, Rule]]:
    """A rule excluding, by its path, each secret a developer fills in from a committed
    template that no category's rule names (``nitter.conf`` from ``nitter.example.conf``,
    whose ``hmacKey`` is to be set; see :func:`ignoregen.lint.laptop.template_copies`),
    with the secrets' category: written whether or not the copy is here, as check asks.
    Not for a path the build needs or a COPY names: a build may read the copy on purpose."""
    from ignoregen.lint.findings import secret_matcher
    from ignoregen.lint.laptop import template_copies
    from ignoregen.plan.gitignore.render import docker_literal

    # The secrets' category of a preset that applies everywhere (base's, not aws's).
    secret = next((category for preset in presets.presets if preset.always
                   for category in preset.categories if category.role is Role.SECRET), None)
    repo = repository_root(context, context)
    if secret is None or repo is None:
        return []
    listed = tuple(rule for rule in gitignore_rules(context, repo, below)
                   if rule.exception or not names_nothing(rule))
    if not listed:
        return []
    secrets = secret_matcher(presets)
    copies = template_copies(context, files, secrets, MayExist(listed),
                             presets.secret_values, lambda path: _in_tests(classifier, path))
    named = [*needed, *(source.path for source in sources
                        if source.path and not source.whole_context)]
    out: list[tuple[Category, Rule]] = []
    for path, _ in copies:
        if secrets.decide(path).excluded or _excluding(path, named):
            continue  # (a copy named like a secret: the category's own rule is written)
        rule = parse_line(docker_literal(path), SOURCE, 0)
        if rule is not None:
            out.append((secret, rule))
    return out


def _in_tests(classifier: Classifier, path: str) -> bool:
    parts = path.split("/")
    return any(
        (category := classifier.category_of("/".join(parts[:end]))) is not None
        and category.role in (Role.TESTS, Role.DOCS)
        for end in range(1, len(parts))
    )
