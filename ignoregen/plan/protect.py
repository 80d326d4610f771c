"""The paths a plan must keep sent: the needs, with a glob need's matches limited to what
a build reads.

A glob need (``go test`` needs ``**/*_test.go``) is written for the whole context, but a
build only reads what its COPY, ADD and bind mounts name: remark42's ``ADD backend`` then
``go test ./...`` needs ``backend/**/*_test.go``, never the ``e2e/`` suite beside it that
its own ``.dockerignore`` leaves out. A match no source covers is not protected. When a
source depends on a build argument (what it reads is unknown), every match is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from ignoregen.build.dockerfile import DockerfileReads, Source
from ignoregen.build.guards import Guard
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.engine.matcher import Matcher, Pattern, literal_prefix
from ignoregen.engine.records import Item, Kind
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.local import gitignored
from ignoregen.knowledge.preset import PresetSet
from ignoregen.lint.laptop import bundled_below


def protected_paths(
    context: Path, guards: Sequence[Guard], reads: Sequence[DockerfileReads],
    presets: PresetSet | None = None, globs: Callable[[str], list[Path]] | None = None,
) -> dict[str, str]:
    """Context-relative path -> why it is needed (reason and origin). A glob's match below
    a directory named in the presets' ``skip_dirs`` (what a tool installs or makes:
    ``.venv``, ``node_modules``) is not the project's: Django's ``**/tests`` is not a
    package's tests inside the host's virtual environment. What the configuration's
    ``keep`` names is protected too, wherever it lies: the user said never to exclude it
    (``docs/openapi.yaml`` inside the excluded ``docs``). ``globs``: what a glob matches
    in the context, sorted (the run's memo; ``context.glob`` by default)."""
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    unknown = not reads or any(dockerfile.unknown for dockerfile in reads)
    skip_dirs = presets.skip_dirs if presets is not None else frozenset()
    protected = configured_keeps(context, presets) if presets is not None else {}
    for guard in guards:
        why = f"{guard.reason} ({guard.origin})"
        if any(c in guard.path for c in "*?["):
            for match in (globs or _globbed(context))(guard.path):
                path = match.relative_to(context).as_posix()
                if skip_dirs.intersection(path.split("/")[:-1]):
                    continue
                if unknown or any(source.covers(path) for source in sources):
                    protected[path] = why
        else:
            protected[guard.path] = why
    return protected


def read_by_kept_files(
    guards: Sequence[Guard], user_rules: Sequence[Rule], presets: PresetSet | None,
    globs: Callable[[str], list[Path]] | None = None, context: Path | None = None,
) -> list[Guard]:
    """The guards less those that a preset's extractor of imports found in a module the
    user's own lines keep out: that module never reaches the image, and neither does its
    import (pgadmin's web/regression/__init__.py imports test utilities below web/pgadmin;
    'web/regression' is the user's line). What a Go source kept out embeds goes only while
    some other Go source is sent (see :data:`~ignoregen.build.extractors.OF_GO_PACKAGES`);
    ``globs`` finds them below ``context`` (without them, it stays)."""
    from ignoregen.build.extractors import OF_GO_PACKAGES, OF_SENT_FILES

    if not user_rules or presets is None:
        return list(guards)
    extracted = {f"{source.preset}.toml: {source.key}": source.extract in OF_GO_PACKAGES
                 for source in presets.needs
                 if source.files and source.extract in OF_SENT_FILES}
    theirs = Matcher(list(user_rules))
    go_sent: list[bool] = []  # asked once, and only when a Go source is kept out

    def other_go_sent() -> bool:
        if not go_sent:
            found = (globs or _globbed(context))("**/*.go") if context is not None else []
            go_sent.append(any(
                not path.name.endswith("_test.go")
                and not theirs.decide(path.relative_to(context).as_posix()).excluded
                for path in found
            ) if context is not None else False)
        return go_sent[0]

    return [guard for guard in guards if not (
        guard.source in extracted and guard.file and theirs.decide(guard.file).excluded
        and (not extracted[guard.source] or other_go_sent())
    )]


def _globbed(context: Path) -> Callable[[str], list[Path]]:
    return lambda pattern: sorted(context.glob(pattern))


def configured_keeps(context: Path, presets: PresetSet) -> dict[str, str]:
    """The context's paths that the configuration's ``keep`` names (its globs matched),
    each with why: never to be excluded, by init or by a fix of check."""
    kept: dict[str, str] = {}
    for keep in presets.keep:
        pattern, why = keep.rule.pattern, f"{KEPT} ({keep.source}: {keep.key})"
        if any(c in pattern for c in "*?["):
            for match in sorted(context.glob(pattern)):
                kept[match.relative_to(context).as_posix()] = why
        elif os.path.lexists(context / pattern):
            kept[pattern] = why
    return kept


def absent(context: Path, protected: dict[str, str]) -> dict[str, str]:
    """The needed paths (no globs) that the checkout lacks: solidtime's release job writes
    ``.env`` before it builds, and the Dockerfile reads it, so the guard ``**/.env`` needs
    ``!.env`` though no walk sees the file."""
    return {path: why for path, why in protected.items()
            if not any(c in path for c in "*?[") and not os.path.lexists(context / path)}


def absent_sources(context: Path, reads: Sequence[DockerfileReads]) -> dict[str, str]:
    """What a ``COPY`` or ``ADD`` names literally (no glob, no build argument) that the
    checkout lacks, each with why: lago's ``docker/Dockerfile`` copies
    ``./front/.env.sh`` out of the git submodule ``front/``, which a clean clone has not
    fetched; the release job checks the submodule out, and a guard written whatever it
    matches (``**/.env.*``) must not take the file from that build."""
    out: dict[str, str] = {}
    for dockerfile in reads:
        for source in dockerfile.sources:
            pattern = source.pattern
            if not source.known or source.has_glob or source.whole_context \
                    or source.instruction not in ("COPY", "ADD") or pattern in out \
                    or pattern.startswith("../") or os.path.lexists(context / pattern):
                continue
            out[pattern] = copied(source, copiers(context, reads))
    return out


def absent_bundled(
    context: Path, reads: Sequence[DockerfileReads], presets: PresetSet
) -> dict[str, str]:
    """The installed trees held by build output that a COPY or ADD names and the checkout
    lacks (a category's ``bundled_in``: ajnart/homarr's CI runs ``next build``, then its
    Dockerfile copies ``.next/standalone``, whose server runs with the
    ``.next/standalone/node_modules`` beside it; ``COPY .output`` holds Nuxt's
    ``.output/server/node_modules``), each with why. A category's any-depth rule
    (``**/node_modules``) written for a developer's machine would take them from the image:
    the plan gives them back. The names are those of the category's ``**/NAME`` rules that
    appear in each package (not a ``top_only`` store), as IG301 has them."""
    held: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for preset in presets.presets:
        for category in preset.categories:
            names = tuple(
                rule.pattern[3:] for rule in (item.rule for item in category.rules)
                if not rule.exception and rule.pattern.startswith("**/")
                and not any(char in rule.pattern[3:] for char in "*?[\\/")
                and rule.pattern[3:] not in category.top_only
            )
            if category.bundled_in and names:
                held.append((category.bundled_in, names))
    out: dict[str, str] = {}
    if not held:
        return out
    who = copiers(context, reads)
    for dockerfile in reads:
        for source in dockerfile.sources:
            path = source.pattern.strip("/")
            if not source.known or source.has_glob or source.whole_context or not path \
                    or path.startswith("../") or os.path.lexists(context / path):
                continue
            for bundled, names in held:
                for inner in bundled_below(path, bundled):
                    for name in names:
                        out.setdefault(f"{inner}/{name}", (
                            f"{copied(source, who)}, in output built before the image: the "
                            "packages its server runs with"))
    return out


def bundled_last(lines: list[_Line], bundled: Collection[str]) -> list[_Line]:
    """``lines`` (an ignore file's, in order) with each exception for a path of ``bundled``
    moved after the last rule that may exclude something inside that path: a rule at any
    depth (``**/dist``, written after ``**/node_modules``, would take
    ``.output/server/node_modules/@vue/shared/dist``, which the server loads), or one that
    excludes the path itself. Docker's last match wins, so the packages come back whole."""
    out = list(lines)
    for path in bundled:
        line = next((item for item in out if item.pattern == "!" + path), None)
        if line is None:
            continue
        out.remove(line)
        at = max((i + 1 for i, item in enumerate(out) if _reaches(item.pattern, path)),
                 default=len(out))
        out.insert(at, line)
    return out


def taken_back_last(lines: list[_Line]) -> list[_Line]:
    """``lines`` with each exception that a later rule takes back (the path it keeps is
    excluded again by that rule, itself or through a directory above it) moved after the
    last such rule. The exception was found for an earlier rule's sake, whose walk decided
    the whole directory above (kyverno: '**/test' with '!test/integration/gpol/testdata'
    for a test's fixtures, then go.tests' '**/testdata', which took them back: the plan
    failed its own check, "would be excluded although the build needs it"). A file whose
    exceptions no later rule takes back is left as it is."""
    out = list(lines)
    for line in [item for item in lines if item.pattern.startswith("!")]:
        path = line.pattern[1:]
        if any(char in path for char in "*?[\\"):
            continue  # (a glob's matches are not one path)
        at = out.index(line)
        later = [i for i in range(at + 1, len(out)) if _excludes(out[i].pattern, path)]
        if later:
            out.remove(line)
            out.insert(later[-1], line)  # (after the removal: just after that rule)
    return out


def _excludes(pattern: str, path: str) -> bool:
    """Does the ignore line ``pattern`` exclude ``path`` (or a directory above it)?"""
    rule = parse_line(pattern, "", 0)
    return rule is not None and not rule.exception and Matcher([rule]).decide(path).excluded


class _Pattern(Protocol):
    @property
    def pattern(self) -> str: ...


_Line = TypeVar("_Line", bound=_Pattern)


def _reaches(pattern: str, path: str) -> bool:
    """May the ignore line ``pattern`` exclude ``path`` or something below it?"""
    rule = parse_line(pattern, "", 0)
    if rule is None or rule.exception:
        return False
    return rule.pattern.startswith("**/") or Matcher([rule]).decide(path).excluded


def copiers(context: Path, reads: Sequence[DockerfileReads]) -> dict[Source, str]:
    """Which Dockerfile reads each source, by its path from the context, when the builds
    of this context read more than one (a root Dockerfile and a dev container's
    ``.devcontainer/Dockerfile`` built from ``..``); empty for one Dockerfile."""
    if len({dockerfile.path for dockerfile in reads}) < 2:
        return {}
    out: dict[Source, list[str]] = {}
    for dockerfile in reads:
        name = os.path.relpath(dockerfile.path, context).replace(os.sep, "/")
        for source in dockerfile.sources:
            names = out.setdefault(source, [])
            if name not in names:
                names.append(name)
    return {source: " and ".join(names) for source, names in out.items()}


def copied(source: Source, who: Mapping[Source, str] | None = None) -> str:
    """Why a path stays: the Dockerfile copies it, at this line; named (:func:`copiers`)
    when several Dockerfiles read the context."""
    name = (who or {}).get(source)
    if name is None:
        return f"the Dockerfile copies it (line {source.line}: {source.text})"
    verb = "copy" if " and " in name else "copies"
    return f"{name} {verb} it (line {source.line}: {source.text})"


def absent_under(rule: Rule, absent: dict[str, str], kept: Collection[str]) -> dict[str, str]:
    """Those of ``absent`` that ``rule`` (a guard, written whatever it matches) excludes."""
    if not absent:
        return {}
    matcher = Matcher([rule])
    return {path: why for path, why in absent.items()
            if path not in kept and matcher.decide(path).excluded}


def needed_fixture(context: Path, path: str, classifier: Classifier) -> bool:
    """Is ``path``, named like a secret, committed test data (remark42's
    ``backend/app/cmd/testdata/key.pem``, which ``go test`` reads)? Inside a directory the
    build needs, such a file is kept: excluding it fails the tests run in the image. What
    .gitignore lists stays a developer's own, and goes."""
    from ignoregen.knowledge.local import gitignored
    from ignoregen.lint.maybe import repository_root
    from ignoregen.lint.secrets import committed_fixture

    if committed_fixture(path, classifier) is None:
        return False
    if not os.path.lexists(repository_root(context, context) / ".git"):
        return False
    return path not in gitignored(context, [(path, False)])


def committed_config(
    context: Path, path: str, classifier: Classifier,
    copied: Callable[[str], bool] | None = None,
) -> str | None:
    """Why ``path``, named like a secret, is committed configuration with no credential
    in it (check's judgement: :func:`ignoregen.lint.secrets.no_credentials`), or a key
    that a program the build ``copied`` opens by its path
    (:func:`ignoregen.lint.secrets.read_by_program`), or None. Not for what the presets
    always write (``**/.env``): such a file must never reach an image, whatever it holds
    today."""
    from ignoregen.engine.dockerignore import parse_line
    from ignoregen.knowledge.local import tracked
    from ignoregen.lint.secrets import no_credentials, read_by_program, source_package

    always = [rule for text in sorted(classifier.presets.always_write)
              if (rule := parse_line(text, "<always>", 0)) is not None]
    if always and Matcher(always).decide(path).excluded:
        return None
    values = classifier.presets.secret_values
    reason = no_credentials(context / path, values) or source_package(context / path, values)
    if reason is None and copied is not None and copied(path):
        reason = read_by_program(context, path, copied, values, classifier.presets.skip_dirs)
    if reason is None or path not in tracked(context, [path]):
        return None
    return reason


KEPT = "kept by the configuration's keep list"
"""Why, when no applying preset's keep matches: the classifier's other source of keeps."""


def kept_by(classifier: Classifier, path: str, literal: str) -> tuple[str, str]:
    """(why, what to write after '!') for ``path``, which an applying preset's keep (or
    the configuration's) protects. The keep pattern itself where it names its directory
    and a glob below it (Laravel's ``storage/**/.gitignore``: one line, not one per
    directory); else the path as ``literal`` writes it: a glob from anywhere
    (``**/composer.json``) would also give back copies that other categories exclude on
    purpose (a package's inside ``vendor``)."""
    active = set(classifier.active_presets())
    for preset in classifier.presets:
        if preset.name not in active:
            continue
        for keep in preset.keep:
            pattern = keep.rule.pattern
            if Pattern(keep.rule).match(path):
                anchored = not pattern.startswith("**") and any(c in pattern for c in "*?[")
                return f"kept by the {preset.name} preset ({pattern})", (
                    pattern if anchored else literal)
    return KEPT, literal


_ALL_OF_LIMIT = 200
"""At most so many files are listed to see whether the needs cover a directory."""


def all_of(context: Path, directory: str, needed: Sequence[str]) -> bool:
    """Are the files of ``directory`` (context-relative) all among ``needed``, and more than
    one? Then the directory is kept whole (one exception) rather than file by file: hoppscotch
    keeps its ``src/components/http/test`` (Vue components of the HTTP test runner, every
    one imported) under '**/test', and a component added there later is sent, not lost."""
    wanted = set(needed)
    if len(wanted) < 2:
        return False
    count = 0
    for top, dirs, files in os.walk(context / directory):
        dirs.sort()
        base = Path(top).relative_to(context).as_posix()
        for name in files:
            count += 1
            if count > _ALL_OF_LIMIT or f"{base}/{name}" not in wanted:
                return False
    return count >= 2


def copies_left_out(
    context: Path, reads: Sequence[DockerfileReads], rules: Sequence[Rule],
) -> dict[str, str]:
    """What a COPY, ADD or bind mount names by its path (no glob, inside the context) that
    the context holds and that ``rules`` leave out whole, with why it is needed: the build
    fails with 'not found'. A Quarkus project's old ``.dockerignore`` (``*``, then
    ``!target/lib/*``) and its newer Dockerfile.jvm (``COPY target/quarkus-app/lib/``): the
    developer's ``mvn package`` makes the directory, and the file sends none of it. The
    caller says whose line it is; a source the checkout lacks (CI makes it) is not judged."""
    matcher = Matcher(list(rules))
    out: dict[str, str] = {}
    for dockerfile in reads:
        for source in dockerfile.sources:
            pattern = source.pattern
            if (not source.known or source.whole_context or source.has_glob or pattern in out
                    or pattern == ".." or pattern.startswith("../")
                    or not os.path.lexists(context / pattern)
                    or not matcher.decide(pattern).excluded):
                continue
            if sent_in_part(context, pattern, rules, matcher):
                continue  # an exception sends part of it: the build finds what it finds
            out[pattern] = (f"{dockerfile.path.name}:{source.line}: {source.instruction} "
                            f"{source.text}")
    return out


def sent_in_part(
    context: Path, directory: str, rules: Sequence[Rule], matcher: Matcher | None = None,
) -> bool:
    """Is ``directory``, which ``rules`` exclude, sent in part by one of their exceptions
    that names a path at or below it (``!build-bin/maven/maven_build`` below ``build-bin``)?
    A COPY of the directory then finds it, with what the exceptions chose to send."""
    matcher = matcher if matcher is not None else Matcher(list(rules))
    heads = [literal_prefix(rule.pattern) for rule in rules if rule.exception]
    below = directory + "/"
    return any(below.startswith(head) or head.startswith(below) for head in heads) \
        and _given_back(context, directory, matcher)


def _given_back(context: Path, directory: str, matcher: Matcher) -> bool:
    """Does an exception send something below ``directory`` (excluded itself)? Walked on
    disk: the project's walk does not enter what a tool makes (``target``, ``build``)."""
    top = context / directory
    for parent, dirs, names in os.walk(top):
        base = Path(parent).relative_to(context).as_posix()
        dirs.sort()
        for name in sorted([*names, *dirs]):
            if not matcher.decide(f"{base}/{name}").excluded:
                return True
    return False


def checked_in(context: Path, item: Item, classifier: Classifier) -> bool:
    """Is the dependency-like directory ``item`` part of the sources? A package manager
    installs beside its manifest (``node_modules`` beside package.json, ``vendor/bundle``
    one level below the Gemfile); a ``vendor`` directory with no manifest there, which
    .gitignore does not list, was put there by hand (FreshRSS's ``p/scripts/vendor``,
    Laravel's ``resources/views/vendor``)."""
    if item.kind is not Kind.DIR:
        return False
    parent = item.path.rpartition("/")[0]
    homes = [parent, parent.rpartition("/")[0]] if parent else [parent]
    for home in homes:
        try:
            names = os.listdir(context / home) if home else os.listdir(context)
        except OSError:
            continue
        for name in names:
            path = f"{home}/{name}" if home else name
            # A manifest or lockfile the presets keep (package.json, composer.lock, Gemfile).
            if classifier.kept(classifier.static_key(path)) and (context / path).is_file():
                return False
    return not gitignored(context, [(item.path, True)])
