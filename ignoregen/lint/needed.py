"""IG201 for a path that a build reads although no COPY names it, when the ignore file
excludes it while a COPY sends the file that names it: a ``[[needs]]`` entry marked
``checked``. Yarn run in the image hands over to the release that ``.yarnrc.yml``'s
``yarnPath`` names and stops when it is not there; a ``.dockerignore`` that leaves out
``.yarn`` under a ``COPY . .`` makes that build fail (dagster-io/dagster pull request 27063
took such a line out). The other needs only keep init and the fixes from excluding what
they find: whether a build stops without them is less sure."""

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
    sources = [source for source in facts.presets.needs if source.checked]
    scan = facts.scan
    if not sources or not scan.ignored or not builds:
        return []
    # (one regex for the name globs, one for the path globs, as the needs read them)
    by_name, by_path = trigger_regexes(tuple(name for source in sources for name in source.files))
    if not any((by_name is not None and by_name.match(item.path.rpartition("/")[2]))
               or (by_path is not None and by_path.match(item.path)) for item in scan.sent):
        return []
    sent = {item.path for item in scan.sent}
    labels = {f"{source.preset}.toml: {source.key}" for source in sources}
    out: list[Finding] = []
    seen: set[str] = set()
    for need in needs():
        if need.source not in labels or need.file not in sent or need.path in sent \
                or need.path in seen:
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
        out.append(finding(
            "IG201",
            f"{source.instruction} {source.text}: {need.path} is excluded by {by}, but "
            f"{need.origin} names it ({need.reason}), so the build fails without it",
            shown, source.line, context=facts.context,
            hint=f"remove or narrow that rule, or add '!{edits.holdable(need.path)}' after it",
            fix=edits.exception_after(fix_target(facts), rule.line, need.path)
            if rule is not None and rule.line else None,
        ))
    return out
