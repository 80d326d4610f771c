"""What the builds of one context pull from it, and what of that reaches a shipped image.

BuildKit does not send the whole context: it sends the paths that the ``COPY``/``ADD``
sources and ``RUN --mount=type=bind`` sources of the stages it builds name. A Dockerfile
that copies ``requirements.txt`` and ``app/`` never sends ``.git`` or a ``.env`` beside
them, whatever the ignore file says. The classic builder, and a build whose sources
cannot be known (a word that depends on a build argument, ``COPY . .``), send everything.

A pulled path reaches the shipped image when a ``COPY``/``ADD`` of a stage that ships
whole (the target, else the last stage, and the stages it is built ``FROM``;
:mod:`ignoregen.build.stages`) names it, or a ``COPY``/``ADD`` of another stage whose whole
destination a shipped ``COPY --from`` takes (Rails' ``COPY --from=build /rails /rails``).
Otherwise, in a stage that ships only part of what ``COPY --from`` takes from it, a
development stage, a ``RUN --mount``: the path is read, not shipped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ignoregen.build.dockerfile import DockerfileError, DockerfileReads, Source, covering
from ignoregen.engine.dockerignore import parse_line
from ignoregen.engine.matcher import Matcher
from ignoregen.errors import IgnoregenError


@dataclass(frozen=True)
class Pulled:
    """The paths the builds of one context pull, and those that ship."""

    whole: bool
    """Some build sends the whole context (``COPY . .``, unknown sources, the classic
    builder, no Dockerfile)."""
    sources: tuple[Source, ...] = ()
    """Every context source of every build."""
    shipping: tuple[Source, ...] = ()
    """The sources whose paths reach a shipped image."""
    ships_unknown: bool = False
    """The stage graph of some build could not be read: every source may ship."""
    where: Mapping[Source, str] = field(default_factory=dict)
    """The Dockerfile (as shown) of each source."""
    taken_by: Mapping[Source, int] = field(default_factory=dict)
    """For a shipping source of a stage that ships only part of itself: the line of the
    ``COPY --from`` that takes its destination whole into a shipped stage."""
    copied_by: Mapping[Source, int] = field(default_factory=dict)
    """For a path of such a stage's ``COPY . .`` that a ``RUN`` copies into what the
    ``COPY --from`` takes (:mod:`ignoregen.build.copied_out`): that RUN's line."""

    @property
    def whole_shipped(self) -> bool:
        """Does some shipped stage copy the whole context?"""
        return any(source.whole_context for source in self.shipping)

    def pulls(self, path: str) -> bool:
        """Is ``path`` sent by some build?"""
        return self.whole or self._pulling(path)

    def ships(self, path: str) -> bool:
        """Does ``path`` reach the image of some build that ships?"""
        if self.ships_unknown:
            return self.pulls(path)
        return self._shipping(path)

    def surely_ships(self, path: str) -> bool:
        """Does a shipped stage's COPY or ADD whose source is known take ``path``?
        ``COPY ${NETBOX_PATH} /opt/netbox`` (a build argument with no default: any path)
        may take a root ``.env``, or only the ``.netbox`` checkout that netbox-docker's
        build.sh passes: it may ship, which is no reason for an error."""
        if self.ships_unknown:
            return self.pulls(path)
        return self._shipping(path) and any(
            source.known and source.covers(path) and not left_out(source, path)
            for source in self.shipping)

    def fate(self, path: str) -> str:
        """What becomes of ``path``, for messages: ``, and COPY . at Dockerfile:5 puts it
        in the shipped image`` (or may), `` (RUN --mount ... reads it; ...)``, or nothing."""
        if self.copier(path) is None:
            return ""
        if self.ships(path):
            may = "puts" if self.surely_ships(path) else "may put"
            copier = self.copier(path)
            through = self.taken_by.get(copier) if copier is not None else None
            run = self.copied_by.get(copier) if copier is not None else None
            via = "" if through is None else f" (taken whole by COPY --from at line {through})" \
                if run is None else f" (the RUN at line {run} copies it where COPY --from at " \
                f"line {through} takes it)"
            return f", and {self.describe(path)}{via} {may} it in the shipped image"
        return f" ({self.describe(path)} reads it; no shipped image copies it)"

    @cached_property
    def _pulling(self) -> Callable[[str], bool]:
        return covering(self.sources)

    @cached_property
    def _shipping(self) -> Callable[[str], bool]:
        plain = covering(source for source in self.shipping if not source.excludes)
        cut = [source for source in self.shipping if source.excludes]
        if not cut:
            return plain
        return lambda path: plain(path) or any(
            source.covers(path) and not left_out(source, path) for source in cut)

    def describe(self, path: str) -> str:
        """``COPY . at Dockerfile:5``: the instruction that ships ``path`` (else one that
        pulls it), for messages."""
        source = self.copier(path)
        if source is None:
            return "the build"
        where = self.where.get(source)
        return f"{source.instruction} {source.text} at {where}:{source.line}" if where else \
            f"{source.instruction} {source.text}"

    def names(self, path: str) -> Source | None:
        """The COPY or ADD that names ``path`` itself or a path below it (``COPY dist``,
        ``COPY dist/server.js``, ``COPY authelia-${TARGETOS}-${TARGETARCH}/authelia`` for
        ``authelia-linux-amd64``; a build argument is any name), or None: a copy of a
        directory above it (``COPY . .``) names nothing in particular."""
        from ignoregen.lint.maybe import samples

        depth = path.count("/") + 1
        for source in self.sources:
            if source.whole_context:
                continue
            parts = source.pattern.split("/")
            if depth > len(parts):
                continue
            tail = samples("/".join(parts[depth:])) if depth < len(parts) else []
            if source.covers(f"{path}/{tail[0]}" if tail else path):
                return source
        return None

    def names_any(self, pattern: str) -> bool:
        """Does a COPY or ADD name something that the ignore-file ``pattern`` matches, or a
        path below it (:meth:`names` for each of the pattern's sample paths)?"""
        from ignoregen.lint.maybe import samples

        return any(self.names(sample) is not None for sample in samples(pattern))

    def copier(self, path: str) -> Source | None:
        """The instruction that takes ``path`` into a shipped image (else one that pulls it)."""
        for group in (self.shipping, self.sources):
            found = next((source for source in group if source.covers(path)
                          and not left_out(source, path)), None)
            if found is not None:
                return found
        return None


def left_out(source: Source, path: str) -> bool:
    """Does an ``--exclude`` of ``source``'s instruction keep ``path`` out of the copy?
    BuildKit tests the patterns, as ``.dockerignore`` lines, against each path below the
    directory copied (``COPY --exclude=.env --exclude=node_modules . .``); the context it
    sends is not cut. Read only for a directory named without a glob: a glob's matches,
    each copied on its own, count as copied."""
    if not source.excludes or source.has_glob or not source.known:
        return False
    if source.pattern == ".":
        inside = path
    elif path.startswith(source.pattern + "/"):
        inside = path[len(source.pattern) + 1:]
    else:
        return False
    matcher = _excluding(source.excludes)
    return matcher is not None and matcher.decide(inside).excluded


@functools.lru_cache(maxsize=64)
def _excluding(patterns: tuple[str, ...]) -> Matcher | None:
    """An instruction's ``--exclude`` patterns as a matcher; None when BuildKit would
    reject one of them (the build fails there)."""
    try:
        rules = [parse_line(pattern) for pattern in patterns]
    except IgnoregenError:
        return None
    return Matcher([rule for rule in rules if rule is not None])


EVERYTHING = Pulled(True, ships_unknown=True)
"""The classic builder's view: the whole directory is sent, and may ship."""


def pulled_by(
    builds: Iterable[tuple[DockerfileReads | None, Path | None, str | None, str]],
    classic: bool = False,
) -> Pulled:
    """What builds pull: ``(reads, Dockerfile, target, Dockerfile as shown)`` for each.
    ``classic``: the builder sends the whole directory (the classic builder, Buildah);
    what ships is still what the shipped stages copy."""
    whole = classic
    sources: list[Source] = []
    shipping: list[Source] = []
    where: dict[Source, str] = {}
    taken_by: dict[Source, int] = {}
    copied_by: dict[Source, int] = {}
    unknown = False
    for reads, dockerfile, target, shown in builds:
        if reads is None and dockerfile is None:
            whole = True  # a directory checked with no Dockerfile: nothing is known to ship
            continue
        if reads is None:
            whole = unknown = True
            continue
        sources.extend(reads.sources)
        where.update(dict.fromkeys(reads.sources, shown))
        if reads.whole_context:
            whole = True
        found = None if dockerfile is None else shipped_stages(dockerfile, target, shown)
        if found is None:
            unknown = True
            continue
        stages, taken, copied = found
        for source in reads.sources:
            if source.instruction not in ("COPY", "ADD"):
                continue
            if source.stage.lower() in stages:
                shipping.append(source)
            elif (source.stage.lower(), source.line) in taken:
                shipping.append(source)
                taken_by[source] = taken[(source.stage.lower(), source.line)]
            elif source.whole_context and source.known:  # writefreely's cp -R keys /stage
                for path, run, line in copied.get((source.stage.lower(), source.line), ()):
                    part = source._replace(path=path, pattern=path)
                    shipping.append(part)
                    where[part] = shown
                    taken_by[part], copied_by[part] = line, run
    return Pulled(whole, tuple(sources), tuple(shipping), unknown, where, taken_by, copied_by)


_Copied = Mapping[tuple[str, int], tuple[tuple[str, int, int], ...]]


def shipped_stages(
    dockerfile: Path, target: str | None, shown: str
) -> tuple[frozenset[str], Mapping[tuple[str, int], int], _Copied] | None:
    """Lower-case names (and indexes) of the stages that ship whole, and the ``(stage,
    line)`` of the context copies of other stages that a shipped ``COPY --from`` takes
    whole, with that instruction's line (:func:`~ignoregen.build.stages.taken_whole`), and
    what a RUN copies out of a whole-context copy into such a take
    (:func:`~ignoregen.build.copied_out.copied_out`); None when the stage graph cannot be
    read. A development Dockerfile or target ships nothing."""
    from ignoregen.build.stages import read_graph, ship, taken_whole
    from ignoregen.knowledge.images import load
    from ignoregen.lint.image.reading import (
        _development,
        _file_development,
        _image_env,
        _words,
    )

    data = load()
    try:
        graph = read_graph(dockerfile, base_env=lambda reference: _image_env(data, reference))
        shipping = ship(
            graph, target, lambda stage: _development(data, stage),
            lambda name: bool(_words(name) & data.settings.production_words),
            _file_development(data, shown),
        )
    except (DockerfileError, OSError):
        return None
    names: set[str] = set()
    for verdict in shipping.verdicts:
        if verdict.ships == "whole":
            names.add(verdict.stage.name.lower())
            names.add(str(verdict.stage.index))
    from ignoregen.build.copied_out import copied_out

    return frozenset(names), taken_whole(shipping), copied_out(shipping)
