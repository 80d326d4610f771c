"""Why a path is, or is not, in the build context."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from ignoregen.build.needs import Need, needs_for
from ignoregen.build.outputs import Output
from ignoregen.engine.buildah import BuildahMatcher, buildah_reaches
from ignoregen.engine.classic import StoppedMatcher, classic_reaches
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.golang import clean
from ignoregen.engine.matcher import Matcher
from ignoregen.engine.records import ContextScan, Kind, file_mode_kind
from ignoregen.engine.setup import Builder, BuildSetup, SetupError
from ignoregen.lint.pulled import Pulled


@dataclass(frozen=True)
class Explanation:
    """Why a path is sent or left out of a context."""
    path: str
    kind: Kind | None
    """None when nothing exists at that path."""
    sent: bool
    excluded: bool
    rule: Rule | None
    """The deciding rule, or None when no rule matched."""
    matched_at: str | None
    """Where the deciding rule matched, when that is an ancestor of ``path``."""
    unreached: str | None = None
    """Classic builder and Buildah: an excluded ancestor directory they do not look inside."""
    parent_only: bool = False
    """An excluded directory that is sent only because entries below it are."""
    removed_by_daemon: bool = False
    """Classic builder: the Dockerfile or .dockerignore, sent and then deleted."""
    build_file: str | None = None
    """"Dockerfile" or "ignore file" when the path is one of the files that drive the build."""
    builder: Builder = Builder.BUILDKIT
    needs: tuple[Need, ...] = ()
    """What the build needs at or around this path (reason and evidence), if anything."""
    secret: str | None = None
    """For a path named like a secret: why it is one, or why it is not (issue #12)."""
    output: str | None = None
    """For a path the build writes itself: what writes it, and where (issue #11)."""
    stopped: str | None = None
    """Classic builder: the path sits at or after the entry where the CLI's tar writer
    met a pattern that fails, and stopped: that entry, and what failed there."""


def context_path(context: Path, raw: str) -> str:
    """A user's PATH argument as a context-relative path."""
    candidate = Path(raw)
    if candidate.is_absolute():
        try:
            raw = candidate.relative_to(context).as_posix()
        except ValueError:
            raise SetupError(f"{raw}: outside the build context {context}") from None
    cleaned = clean(raw)
    if cleaned == ".":
        raise SetupError(f"{raw}: the context root itself is always sent; name a path inside it")
    if cleaned.startswith("../") or cleaned == ".." or cleaned.startswith("/"):
        raise SetupError(f"{raw}: outside the build context {context}")
    return cleaned


def explain(scan: ContextScan, path: str) -> Explanation:
    """Explain one context-relative path, using a finished walk for what is sent."""
    setup = scan.setup
    buildah = setup.builder is Builder.BUILDAH
    matcher: Matcher | BuildahMatcher = (
        BuildahMatcher(scan.rules) if buildah
        else Matcher(scan.rules) if scan.stop is None else StoppedMatcher(scan.rules, scan.stop)
    )
    stopped = None
    if isinstance(matcher, StoppedMatcher) and not matcher.sends(path):
        stopped = f"{matcher.stop.path} ({matcher.failed()})"
    steps = matcher.chain(path)
    last = steps[-1]
    rule = scan.rules[last.rule] if last.rule >= 0 else None
    matched_at = None
    if last.rule >= 0 and last.inherited:
        bit = 1 << last.rule
        matched_at = next(step.path for step in steps if step.vector & bit)
    try:
        kind: Kind | None = file_mode_kind(os.lstat(setup.context / path).st_mode)
    except OSError:
        kind = None
    sent_paths = {item.path: item for item in scan.sent}
    sent = path in sent_paths
    unreached = None
    narrow = {Builder.CLASSIC: classic_reaches, Builder.BUILDAH: buildah_reaches}
    reaches = narrow.get(setup.builder)
    if reaches is not None:
        for step in steps[:-1]:
            if step.excluded and not reaches(scan.rules, step.path):
                unreached = step.path
                break
    if kind is None:
        # Nothing there: say whether it would be sent if it existed.
        sent = not last.excluded and unreached is None
    build_file = None
    if path == setup.dockerfile_in_context:
        build_file = "Dockerfile"
    elif setup.ignore_file is not None and setup.context / path == setup.ignore_file:
        build_file = "ignore file"
    return Explanation(
        path=path,
        kind=kind,
        sent=sent,
        excluded=last.excluded,
        rule=rule,
        matched_at=matched_at,
        unreached=unreached,
        parent_only=sent and last.excluded and kind is Kind.DIR,
        removed_by_daemon=path in scan.removed,
        build_file=build_file,
        builder=setup.builder,
        stopped=stopped,
    )


def build_needs(setup: BuildSetup) -> list[Need]:
    """What the build of ``setup`` needs beyond what its COPY names (the model ``init``
    keeps and ``check`` respects); a Dockerfile that cannot be read counts as copying
    the whole context."""
    from ignoregen.build.dockerfile import DockerfileReads, Source, analyse
    from ignoregen.build.needs import needs_of
    from ignoregen.errors import IgnoregenError

    dockerfile = setup.dockerfile or setup.context / "Dockerfile"
    try:
        reads = analyse(dockerfile)
    except (IgnoregenError, OSError, ValueError):
        reads = DockerfileReads(path=dockerfile)
        reads.sources.append(
            Source(path=".", instruction="COPY", line=0, text=".", stage="", pattern=".")
        )
    from ignoregen.build.discover import project_files
    from ignoregen.knowledge.preset import load_presets

    presets = load_presets()
    files = [
        path.relative_to(setup.context).as_posix()
        for path in project_files(setup.context, presets.skip_dirs)
    ]
    return needs_of(setup.context, [reads], files, presets)


def build_outputs_of(setup: BuildSetup) -> list[Output]:
    """The paths the build of ``setup`` writes itself (see :mod:`ignoregen.build.outputs`)."""
    from ignoregen.build.dockerfile import analyse
    from ignoregen.build.outputs import build_outputs
    from ignoregen.errors import IgnoregenError

    try:
        reads = analyse(setup.dockerfile or setup.context / "Dockerfile")
    except (IgnoregenError, OSError, ValueError):
        return []
    return build_outputs(setup.context, [reads])


def shipped_by(setup: BuildSetup) -> Pulled | None:
    """What the build of ``setup`` pulls and ships (as ``check`` judges a secret by it), or
    None when its Dockerfile cannot be read."""
    from ignoregen.build.dockerfile import analyse
    from ignoregen.engine.dockerignore import display_path
    from ignoregen.errors import IgnoregenError
    from ignoregen.lint.pulled import pulled_by

    dockerfile = setup.dockerfile or setup.context / "Dockerfile"
    try:
        reads = analyse(dockerfile)
    except (IgnoregenError, OSError, ValueError):
        return None
    classic = setup.builder is not Builder.BUILDKIT
    return pulled_by([(reads, dockerfile, None, display_path(dockerfile))], classic=classic)


def with_output(item: Explanation, outputs: list[Output]) -> Explanation:
    """``item`` with the build output it lies in, if any."""
    for output in outputs:
        if item.path == output.path or item.path.startswith(output.path + "/"):
            return replace(item, output=f"{output.reason} ({output.origin})")
    return item


def with_needs(item: Explanation, needs: list[Need]) -> Explanation:
    """``item`` with the needs that keep its path."""
    return replace(item, needs=tuple(needs_for(item.path, needs)))


def with_secret(item: Explanation, context: Path, pulled: Pulled | None = None) -> Explanation:
    """``item`` with what check thinks of a path named like a secret: a secret, or not one
    and why (an example, public build configuration, committed configuration without a
    credential, a committed key that a COPY names or that a shipped program reads by its
    path: init keeps those). ``pulled``: what the build ships (:func:`shipped_by`); without
    it, a test fixture counts as read."""
    if item.kind is not Kind.FILE:
        return item
    from ignoregen.knowledge.classify import Classifier
    from ignoregen.knowledge.config import presets_for
    from ignoregen.lint.findings import secret_matcher
    from ignoregen.lint.maybe import may_exist
    from ignoregen.lint.secrets import not_a_secret

    presets = presets_for(context)
    decision = secret_matcher(presets).decide(item.path)
    if decision.rule is None:
        return item
    if not decision.excluded:
        text = decision.rule.text.strip() or decision.rule.pattern
        return replace(item, secret=f"named like a secret, but not one: an example or "
                       f"template ({text!r} of the presets' secret rules)")
    reason = not_a_secret(context, item.path, Classifier(presets), pulled,
                          may_exist(context, context, presets))
    if reason is None:
        return replace(item, secret="a secret by its name (check reports it when a build "
                       "sends it)")
    return replace(item, secret=f"named like a secret, but not one: {reason}")
