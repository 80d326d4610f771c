"""Which ecosystems a build uses, and the dependency directories an image runs from
because no ``RUN`` installs them.

A preset's dependencies category says, as data, beside which manifests it is installed
(``installed_from``), what installs it (``installed_by``) and what shows that an image
uses the ecosystem (``used_by``). A Dockerfile that copies the project, uses it and never
installs ships the host's tree (CI installed it before ``docker build``): that tree is a
need, not junk, and excluding it breaks the image. The same evidence says which root
manifests nothing in the image reads (:func:`unused_root_manifests`) and which builds read
a need source's trigger files (:func:`built_by`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from functools import partial
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs import (
    Command,
    Need,
    _build_commands,
    _copied,
    _installs_from,
    _scripts,
)
from ignoregen.build.needs_run import RunNeeds
from ignoregen.build.texts import ContextFiles
from ignoregen.knowledge.preset import Category, PresetSet


def built_by(
    pattern: re.Pattern[str], files: ContextFiles, reads: Sequence[DockerfileReads], known: set[str]
) -> bool:
    """Does a stage's base image or a command the build runs (a ``RUN``, a script it calls)
    match ``pattern`` (a need source's ``built_by``)? Yes when no Dockerfile could be read:
    then what the build runs is not known."""
    return BuildTexts(files, reads, known).runs(pattern)


class BuildTexts:
    """What the builds of ``reads`` run, as texts to match a need source's ``built_by``
    against (see :func:`built_by`): each list made once, when first asked for, for
    :func:`~ignoregen.build.needs.find_needs` asks for every need source and Dockerfile
    (grafana/loki: 200 questions, a few Dockerfiles). The files must not change meanwhile."""

    def __init__(
        self, files: ContextFiles, reads: Sequence[DockerfileReads], known: set[str]
    ) -> None:
        self.files, self.reads, self.known = files, reads, known
        self._commands: list[Command] | None = None
        self._scripts: tuple[object, list[str]] | None = None  # (the presets, the texts)

    def runs(self, pattern: re.Pattern[str]) -> bool:
        """:func:`built_by` for these builds."""
        reads = self.reads
        if not reads or not all(dockerfile.stages for dockerfile in reads):
            return True
        if any(pattern.search(stage.base) for dockerfile in reads for stage in dockerfile.stages):
            return True
        if self._commands is None:
            self._commands = list(_build_commands(self.files, reads, self.known))
        if any(pattern.search(command.text) for command in self._commands):
            return True
        # The named scripts those commands run: 'npm run build' runs 'next build'.
        presets = self.files.presets
        if presets is None:
            return False
        if self._scripts is None or self._scripts[0] is not presets:
            self._scripts = (presets, [
                command.text for command in
                _scripts(self._commands, presets, self.files, _roots(self.known), reads)])
        return any(pattern.search(text) for text in self._scripts[1])


def build_texts(
    run: RunNeeds, files: ContextFiles, reads: Sequence[DockerfileReads], known: set[str]
) -> list[BuildTexts]:
    """A :class:`BuildTexts` for each Dockerfile of ``reads``, the same one for the run's
    every question about that Dockerfile, these files and these paths."""
    return [run.kept(("build texts", id(dockerfile), id(files), id(known)),
                     (dockerfile, files, known), partial(BuildTexts, files, [dockerfile], known))
            for dockerfile in reads]


_ROOTS: dict[int, tuple[Collection[str], list[str]]] = {}


def _roots(known: Collection[str]) -> list[str]:
    """The paths of ``known`` at the context's root, sorted (once for each set of paths:
    :func:`built_by` is asked for every need source and Dockerfile)."""
    found = _ROOTS.get(id(known))
    if found is None or found[0] is not known:
        if len(_ROOTS) > 8:
            _ROOTS.clear()
        found = _ROOTS[id(known)] = (known, sorted(name for name in known if "/" not in name))
    return found[1]


def unused_manifests(
    files: ContextFiles,
    reads: Sequence[DockerfileReads],
    presets: PresetSet,
    listed: Sequence[str],
    known: set[str],
    named: Sequence[str],
) -> frozenset[str]:
    """The manifest names (a category's ``installed_from``) of the ecosystems that the
    builds of ``reads`` never use: no stage's base image, no ``RUN`` or script it calls, no
    ``CMD`` or ``ENTRYPOINT`` of the image built and no file those commands name (``named``)
    matches the category's ``used_by``. lnbits copies its project into a Python image that
    runs ``uv``; the ``package.json`` beside it serves the developers' front-end tooling, and
    nothing in the image reads it.

    Nothing is unused when the analysis cannot see everything: a Dockerfile not read, a
    base image given by a variable, an image that starts with its base image's command."""
    categories = [
        category for category in presets.categories
        if category.used_by and category.installed_from
        and any(name in known for name in category.installed_from)
    ]
    if not categories or not reads or not all(dockerfile.stages for dockerfile in reads):
        return frozenset()
    bases = [stage.base for dockerfile in reads for stage in dockerfile.stages]
    if any(not base or "$" in base or base == "?" for base in bases):  # "?": not resolved
        return frozenset()
    runs = [text for dockerfile in reads for _, text in dockerfile.runs]
    texts: list[str] | None = None
    unused: set[str] = set()
    for category in categories:
        assert category.used_by is not None
        used = re.compile(category.used_by)
        if any(used.search(text) for text in [*bases, *runs]):
            continue
        if texts is None:
            from ignoregen.build.named import start_commands

            started = start_commands(reads)
            if started is None:
                return frozenset()
            commands = list(_build_commands(files, reads, known))
            commands.extend(_scripts(commands, presets, files, list(listed), reads))
            texts = [*started, *(command.text for command in commands)]
            texts.extend(files.text(path) or "" for path in named)
        if not any(used.search(text) for text in texts):
            unused.update(category.installed_from)
    return frozenset(unused)


def unused_root_manifests(
    files: ContextFiles,
    reads: Sequence[DockerfileReads],
    presets: PresetSet,
    listed: Sequence[str],
    known: set[str],
    named: Sequence[Need],
) -> frozenset[str]:
    """The manifests at the context's root that no build installs from although ``COPY .``
    carries them along: their ecosystem is not used by the image (see
    :func:`~ignoregen.build.installed.unused_manifests`) and no ``COPY`` names them."""
    roots = [name for name in presets.manifests if name in known]  # at the root
    if not roots:
        return frozenset()
    names = unused_manifests(files, reads, presets, listed, known,
                             [need.path for need in named])
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    return frozenset(
        path for path in roots
        if path in names
        and not any(not source.whole_context and source.covers(path) for source in sources)
    )


def host_packages(
    files: ContextFiles,
    reads: Sequence[DockerfileReads],
    presets: PresetSet,
    listed: Sequence[str],
    known: set[str],
    workspaces: list[str],
    absent: bool,
) -> Iterator[Need]:
    """The dependency directories an image runs from because no ``RUN`` installs them: the
    image uses the ecosystem (a stage's base image or a ``RUN`` matches the category's
    ``used_by``), no command of the build matches its ``installed_by``, and the build
    copies the manifest beside them (solidtime's prod Dockerfile copies the project and
    runs no ``composer install``: CI installs ``vendor`` on the host first). The directory
    beside each manifest the build installs from is needed whether or not the checkout
    holds it (the machine that builds has it), and so is every directory of that name below
    it that the checkout holds (Laravel's ``public/vendor``, published by Composer's
    scripts with the install); with ``absent``, that is a glob."""
    if not reads or not all(dockerfile.stages for dockerfile in reads):
        # No Dockerfile was read (init's whole-context assumption): what installs is not
        # known, but a dependency directory committed to git is the project's.
        yield from committed_packages(files.context, presets, listed)
        return
    bases = [stage.base for dockerfile in reads for stage in dockerfile.stages]
    runs = [text for dockerfile in reads for _, text in dockerfile.runs]
    commands: list[Command] | None = None
    made: list[list[Command]] = []

    def build_commands() -> list[Command]:
        if not made:
            found = list(_build_commands(files, reads, known))
            found.extend(_scripts(found, presets, files, list(listed), reads))
            made.append(found)
        return made[0]

    yield from committed_packages(files.context, presets, listed,
                                  partial(_installed_here, reads, workspaces, build_commands))
    for category in presets.categories:
        if not (category.installed_by and category.used_by and category.installed_from):
            continue
        used = re.compile(category.used_by)
        if not any(used.search(text) for text in [*bases, *runs]):
            continue
        if commands is None:
            commands = build_commands()
        installs = re.compile(category.installed_by)
        if any(installs.search(command.text) for command in commands):
            continue
        names = _directory_names(category)
        manifests = [path for path in listed
                     if path.rsplit("/", 1)[-1] in category.installed_from]
        homes = {manifest.rpartition("/")[0] for manifest in manifests}
        for manifest in manifests:
            if not _copied(manifest, reads) or not _installs_from(manifest, reads, workspaces):
                continue
            home = manifest.rpartition("/")[0]
            for name in names:
                path = f"{home}/{name}" if home else name
                if not _copied(path, reads):
                    continue
                found = [path]
                if absent:
                    found.append(f"{home}/**/{name}" if home else f"**/{name}")
                else:
                    found.extend(directories_named(listed, home, name, homes))
                # The evidence: the COPY that brings the directory into the image.
                origin = next((f"{dockerfile.path.name}:{source.line}: {source.instruction} "
                               f"{source.text}" for dockerfile in reads
                               for source in dockerfile.sources if source.covers(path)),
                              reads[0].path.name)
                for need in dict.fromkeys(found):
                    yield Need(
                        need,
                        f"no RUN installs the packages ({category.id}'s installed_by "
                        f"matches none), so the image runs from the copied {name}",
                        origin, None, None, None,
                        f"{category.preset}.toml: categories.{category.name}",
                    )


def _installed_here(
    reads: Sequence[DockerfileReads],
    workspaces: list[str],
    commands: Callable[[], list[Command]],
    category: Category,
    manifest: str,
) -> bool:
    """Does a command of the build (``commands``) install ``category``'s packages (its
    ``installed_by``), and does the build install from ``manifest``? Then the directory
    beside it is made anew."""
    if not category.installed_by or not _installs_from(manifest, reads, workspaces):
        return False
    installs = re.compile(category.installed_by)
    return any(installs.search(command.text) for command in commands())


def _directory_names(category: Category) -> tuple[str, ...]:
    """The directory names a dependencies category installs: its ``skip_dirs``, else the
    plain names of its rules, at any depth (``**/vendor``) or at the top only (elixir's
    ``deps``, which only the project beside mix.exs at the context's top fetches)."""
    if category.skip_dirs:
        return category.skip_dirs
    names = (r.rule.pattern.removeprefix("**/") for r in category.rules)
    return tuple(name for name in names if not any(c in name for c in "/*?[\\!"))


def directories_named(
    listed: Sequence[str], home: str, name: str, homes: set[str]
) -> list[str]:
    """The outermost directories named ``name`` below ``home`` that hold listed files, but
    for those beside another manifest (a library's own ``vendor``: another install)."""
    out: set[str] = set()
    prefix = f"{home}/" if home else ""
    for path in listed:
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix):].split("/")[:-1]
        if name in parts:
            found = prefix + "/".join(parts[: parts.index(name) + 1])
            if found.rpartition("/")[0] in homes - {home}:
                continue
            out.add(found)
    return sorted(out)


COMMITTED = ("dependencies committed to the repository: with no "
             "Dockerfile to show an install, the image may run from them")
NOT_INSTALLED = ("dependencies committed to the repository beside a manifest that no RUN "
                 "installs from: the image runs from them")
_SAMPLE = 50
"""How many files of a dependency directory are asked of git's index, at most."""


def committed_packages(
    context: Path,
    presets: PresetSet,
    listed: Sequence[str],
    installed: Callable[[Category, str], bool] | None = None,
) -> Iterator[Need]:
    """The dependency directories beside their manifest (a category's ``installed_from``)
    that git tracks files in, but those beside a manifest that the build installs from
    (``installed``, given when the Dockerfiles were read). freescout commits ``vendor``
    (installed on shared hosting without Composer): excluding it, with no ``RUN composer
    install`` known, would give an image without its libraries. A WordPress site that
    copies itself into the official image (avioralm/woocomerce) commits its plugins, some
    with their own ``composer.json`` and ``vendor``: no ``RUN`` installs from those
    manifests, so the committed trees are all the plugins have. None when git cannot say; a
    placeholder such as ``.gitkeep`` does not count."""
    from ignoregen.knowledge.local import PLACEHOLDERS, tracked

    samples: dict[str, tuple[str, list[str]]] = {}
    installers = [category for category in presets.categories
                  if category.installed_by and category.installed_from]
    # (the files named like some category's manifest, picked once for all the categories)
    bases = {base for category in installers for base in category.installed_from}
    manifests = [(manifest, *manifest.rpartition("/")[::2]) for manifest in listed
                 if manifest.rpartition("/")[2] in bases]
    for category in installers:
        names = _directory_names(category)
        for manifest, home, base in manifests:
            if base not in category.installed_from:
                continue
            if installed is not None and installed(category, manifest):
                continue
            for name in names:
                samples.setdefault(f"{home}/{name}" if home else name,
                                   (f"{category.preset}.toml: categories.{category.name}", []))
    if not samples:
        return
    below = tuple(directory + "/" for directory in samples)  # (a file below none is in none)
    for path in listed:
        if not path.startswith(below):
            continue
        parent, _, name = path.rpartition("/")
        if name in PLACEHOLDERS:
            continue
        while parent:
            if parent in samples:
                sample = samples[parent][1]
                if len(sample) < _SAMPLE:
                    sample.append(path)
                break
            parent = parent.rpartition("/")[0]
    known = tracked(context, [path for _, sample in samples.values() for path in sample])
    for directory, (category_id, sample) in samples.items():
        hits = sorted(known.intersection(sample))
        if hits:
            yield Need(directory, COMMITTED if installed is None else NOT_INSTALLED,
                       f"git tracks {hits[0]}",
                       None, None, None, category_id)


STORE = ("git tracks it: the project's own package store, which the install reads "
         "instead of the network")


def store_needs(context: Path, presets: PresetSet, listed: Sequence[str]) -> Iterator[Need]:
    """The committed package stores of :func:`committed_stores`, as needs."""
    for directory, (category_id, file) in committed_stores(context, presets, listed).items():
        preset, _, name = category_id.partition(".")
        yield Need(directory, STORE, f"git tracks {file}", None, None, None,
                   f"{preset}.toml: categories.{name}")


def committed_stores(
    context: Path, presets: PresetSet, listed: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """The directories that a category's ``kept_when_committed`` rule matches (the
    outermost, holding files of ``listed``) and in which git tracks a file: directory ->
    (the category, a tracked file). kubev2v/migration-planner-ui commits Yarn's
    ``.yarn/cache`` (252 archives, zero-installs); excluding it sends ``yarn install``
    to the network, which a hermetic build does not have."""
    from ignoregen.engine.matcher import Matcher
    from ignoregen.knowledge.local import PLACEHOLDERS, tracked

    stores = [(category, Matcher([rule.rule for rule in category.rules
                                  if str(rule.rule) in category.kept_when_committed]))
              for category in presets.categories if category.kept_when_committed]
    if not stores:
        return {}
    # (a path holds the literal tail of a rule to lie below it: '.yarn/cache' of
    # '**/.yarn/cache'; a monorepo lists 100,000 files, few of them there)
    tails = [text.removeprefix("**/") for category in presets.categories
             for text in category.kept_when_committed]
    plain = [tail for tail in tails if not any(char in tail for char in "*?[\\")]
    # (one search for all the tails: whether the path holds one of them)
    holds = re.compile("|".join(map(re.escape, plain))).search \
        if plain and len(plain) == len(tails) else None
    samples: dict[str, tuple[str, list[str]]] = {}
    for path in listed:
        if holds is not None and holds(path) is None:
            continue
        parts = path.split("/")
        if parts[-1] in PLACEHOLDERS:
            continue
        for end in range(1, len(parts)):
            directory = "/".join(parts[:end])
            found = next((category for category, rules in stores
                          if rules.decide(directory).excluded), None)
            if found is not None:
                sample = samples.setdefault(directory, (found.id, []))[1]
                if len(sample) < _SAMPLE:
                    sample.append(path)
                break
    if not samples:
        return {}
    known = tracked(context, [path for _, sample in samples.values() for path in sample])
    out: dict[str, tuple[str, str]] = {}
    for directory, (category_id, sample) in samples.items():
        hits = sorted(known.intersection(sample))
        if hits:
            out[directory] = (category_id, hits[0])
    return out
