"""IG201 for a path that a build reads although no COPY names it, when the ignore file
excludes it while a COPY sends the file that names it: a ``[[needs]]`` entry marked
``checked``. Yarn run in the image hands over to the release that ``.yarnrc.yml``'s
``yarnPath`` names and stops when it is not there; a ``.dockerignore`` that leaves out
``.yarn`` under a ``COPY . .`` makes that build fail (dagster-io/dagster pull request 27063
took such a line out). The same holds, whatever the presets say, for a file that a
command of the image names (:mod:`ignoregen.build.named`): a ``RUN`` of a stage built
fails without it, and so does the ``CMD`` or ``ENTRYPOINT`` of the image at start (an
Express application's ``node ./bin/www`` under the ``**/bin`` line of the VS Code Docker
extension's .dockerignore, microsoft/vscode-docker issue 1219). The other needs only keep
init and the fixes from excluding what they find: whether a build stops without them is
less sure."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ignoregen.build.triggers import trigger_regexes
from ignoregen.lint import edits
from ignoregen.lint.findings import ContextFacts, Finding, finding, fix_target

if TYPE_CHECKING:
    from ignoregen.build.dockerfile import DockerfileReads
    from ignoregen.build.needs import Need


def excluded_needs(
    facts: ContextFacts,
    builds: Sequence[tuple[str, DockerfileReads]],
    needs: Callable[[], Sequence[Need]],
) -> list[Finding]:
    """IG201 for each need of a ``checked`` entry that the ignore file excludes, where a
    COPY of ``builds`` ((Dockerfile as shown, what it reads) pairs) would send it and the
    file that names it is sent. ``needs`` is asked only when such a file is sent."""
    scan = facts.scan
    if not scan.ignored or not builds:
        return []
    sources = [source for source in facts.presets.needs if source.checked]
    # (one regex for the name globs, one for the path globs, as the needs read them)
    by_name, by_path = trigger_regexes(tuple(name for source in sources for name in source.files))
    triggered = bool(sources) and any(
        (by_name is not None and by_name.match(item.path.rpartition("/")[2]))
        or (by_path is not None and by_path.match(item.path)) for item in scan.sent)
    sent = {item.path for item in scan.sent}
    labels = {f"{source.preset}.toml: {source.key}" for source in sources}
    out: list[Finding] = []
    seen: set[str] = set()
    for need in [*(needs() if triggered else ()), *commanded(facts, builds)]:
        if need.path in sent or need.path in seen:
            continue
        if not _commanded(need) and (need.source not in labels or need.file not in sent):
            continue
        seen.add(need.path)
        blocker = next((item for item in scan.ignored if need.path == item.path
                        or need.path.startswith(item.path + "/")), None)
        if blocker is None or not os.path.lexists(scan.setup.context / need.path):
            continue  # (not excluded, or missing: IG202's)
        copiers = [(shown, source) for shown, reads in builds for source in reads.sources
                   if source.known and source.covers(need.path)]
        if not copiers or any(
            not source.whole_context
            and not blocker.path.startswith(source.pattern.rstrip("/") + "/")
            for _, source in copiers
        ):
            continue  # (none sends it, or one names what the rule excludes: IG201 already)
        copier = copiers[0]
        shown, source = copier
        rule = scan.rule(blocker)
        by = f"{rule.location} ('{rule.text.strip()}')" if rule else "the ignore file"
        why = ": that command fails without it" if _commanded(need) else \
            f" ({need.reason}), so the build fails without it"
        out.append(finding(
            "IG201",
            f"{source.instruction} {source.text}: {need.path} is excluded by {by}, but "
            f"{need.origin} names it{why}",
            shown, source.line, context=facts.context,
            hint=f"remove or narrow that rule, or add '!{edits.holdable(need.path)}' after it",
            fix=edits.exception_after(fix_target(facts), rule.line, need.path)
            if rule is not None and rule.line else None,
        ))
    return out


def _commanded(need: Need) -> bool:
    """Is ``need`` a file that a command of the image names (a ``RUN`` of a stage built,
    the ``CMD`` or ``ENTRYPOINT`` of the stage that ships)? Without it, that command
    fails, whatever the presets say. (Not what a ``COPY --from`` takes out of a stage that
    copied the context in: the stage may have made it, as symfony-docker's builder makes
    /app/var, which its .dockerignore leaves out.)"""
    from ignoregen.build.named import REASON

    return need.source == "dockerfile: commands" and need.reason == REASON


def commanded(facts: ContextFacts, builds: Sequence[tuple[str, DockerfileReads]]) -> list[Need]:
    """The files the commands of ``builds`` name (:func:`ignoregen.build.named.named_needs`):
    Express's ``CMD ["node", "./bin/www"]`` under the ``**/bin`` line that the VS Code Docker
    extension's .dockerignore carried (microsoft/vscode-docker issue 1219)."""
    from ignoregen.build.named import named_needs

    context = facts.scan.setup.context
    return [need for need in named_needs(context, [reads for _, reads in builds], facts.presets)
            if _commanded(need) and os.path.isfile(context / need.path)]
