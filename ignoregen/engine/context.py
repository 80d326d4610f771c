"""What Docker would send: which ignore file applies, and the walk of the build context.

Two builders are modelled:

* **BuildKit** (``docker build`` since 23.0, buildx, compose v2) uses
  ``<Dockerfile>.dockerignore`` beside the Dockerfile when it exists, else
  ``<context>/.dockerignore``. It sends every entry that is not excluded, plus
  every ancestor directory of such an entry, and searches inside excluded
  directories whenever an exception could re-include something there.
* **The classic builder** (``DOCKER_BUILDKIT=0``) reads only the root file, looks
  inside an excluded directory only when some exception's text starts with that
  directory, always sends the Dockerfile and ``.dockerignore`` and lets the
  daemon delete them afterwards when they are excluded.

Buildah (and Podman) reads and matches its own way, and walks in
:mod:`ignoregen.engine.buildah_walk`.

The walk never follows symbolic links, and it prunes: inside a directory where no
pattern can match any more, nothing is matched; an excluded directory that no
exception can reach is not matched either, only sized (and only when sizes are
asked for).
"""

from __future__ import annotations

from ignoregen.engine.classic import (
    RANDOM_DOCKERFILE,
    StoppedMatcher,
    _classic_rules,
    _classic_sends,
    _outside_dockerfile_stays,
    _remove_build_files,
    stop_where_docker_stops,
)
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.listing import Listings
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.pool import DEFAULT_SPLIT, SplitPolicy
from ignoregen.engine.records import Collect, ContextScan, Item, Kind
from ignoregen.engine.setup import Builder, BuildSetup, SetupError, load_rules
from ignoregen.engine.walk import Observer, _Walker


def scan_context(
    setup: BuildSetup,
    *,
    sizes: bool = False,
    rules: tuple[Rule, ...] | None = None,
    observer: Observer | None = None,
    collect: Collect = Collect.ALL,
    workers: int = 1,
    split: SplitPolicy = DEFAULT_SPLIT,
    evidence: bool = False,
    listings: Listings | None = None,
    decided_only: bool = False,
    tar: bool = True,
) -> ContextScan:
    """Walk the context of ``setup`` and decide every entry.

    ``workers`` > 1 walks large contexts in that many processes, shared out by ``split``.
    ``evidence`` fills ``ContextScan.counted`` (BuildKit, one process, every entry
    collected: the planner's question "does this rule change anything?").
    ``decided_only`` records, of the sent entries, only those that a rule decides (BuildKit,
    one process): the planner's question "what does each rule decide?".
    ``tar``: estimate the tar stream (``ContextScan.tar_bytes``: what ``ls --summary``
    shows; nothing else reads it).
    ``listings``, for a tree that does not change between walks, answers for the file
    system in a BuildKit walk in one process with sizes (see :class:`Listings`).
    Raises :class:`IgnoreFileError` for an ignore file Docker rejects and
    :class:`PatternUseError` for a pattern that fails when first used.
    """
    user_rules = load_rules(setup) if rules is None else rules
    if setup.builder is Builder.BUILDAH:
        from ignoregen.engine.buildah_walk import scan_buildah

        return scan_buildah(setup, user_rules, sizes=sizes, observer=observer, collect=collect)
    effective = user_rules
    user_matcher = Matcher(user_rules)
    dockerfile = setup.dockerfile_in_context
    if setup.builder is Builder.CLASSIC:
        effective = _classic_rules(user_matcher, user_rules, dockerfile)
    matcher = user_matcher if effective is user_rules else Matcher(effective)
    if setup.builder is Builder.CLASSIC and matcher.has_broken:
        matcher = stop_where_docker_stops(setup.context, user_matcher, matcher)
    scan = ContextScan(setup=setup, rules=effective)
    if isinstance(matcher, StoppedMatcher):
        scan.stop = matcher.stop
        scan.problems.append(matcher.problem())
    walker = _Walker(scan, matcher, sizes, observer, collect, split)
    if evidence:
        if setup.builder is not Builder.BUILDKIT or collect is not Collect.ALL or workers > 1:
            raise ValueError("evidence needs a BuildKit walk in one process collecting all")
        walker.evidence = True
    if decided_only:
        if setup.builder is not Builder.BUILDKIT or workers > 1:
            raise ValueError("decided_only needs a BuildKit walk in one process")
        walker.decided_only = True
    walker.tar = tar
    if (
        listings is not None
        and setup.builder is Builder.BUILDKIT
        and workers <= 1
        and walker.sizes
    ):
        walker.listings = listings
    walker.walk(str(setup.context), workers)
    if evidence:
        scan.counted = walker.counted
        scan.unbarred = walker.unbarred
        scan.unbarred_leaves = walker.unbarred_leaves
    if setup.builder is Builder.CLASSIC:
        if dockerfile is not None and not _classic_sends(matcher, dockerfile):
            if isinstance(matcher, StoppedMatcher) and not matcher.sends(dockerfile):
                raise SetupError(
                    f"the classic CLI stops sending the context at {matcher.stop.path} "
                    f"({matcher.failed()}), before the Dockerfile {dockerfile}, so the "
                    "build fails with 'Cannot locate specified Dockerfile'"
                )
            raise SetupError(
                f"the classic builder does not send the Dockerfile {dockerfile} (an excluded "
                "directory on its way is not searched for wildcard exceptions), so the build "
                "fails with 'Cannot locate specified Dockerfile'"
            )
        _remove_build_files(scan, user_matcher, matcher, dockerfile, sizes or observer is not None)
        if _outside_dockerfile_stays(scan, user_matcher, matcher):
            assert setup.dockerfile is not None
            size = setup.dockerfile.stat().st_size if sizes or observer is not None else 0
            if collect is not Collect.NOTHING and collect is not Collect.IGNORED:
                scan.sent.append(Item(RANDOM_DOCKERFILE, Kind.FILE, size, 1, -1, False))
            scan.sent_totals.files += 1
            scan.sent_totals.bytes += size
    return scan
