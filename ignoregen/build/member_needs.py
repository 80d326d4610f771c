"""What a workspace member's manifest says the build needs, when the member is linked.

npm, pnpm, Yarn and Bun link a workspace's members into ``node_modules``: the member's
directory is used as it is, never packed, so the ``files`` of its ``package.json`` say
nothing about what a build reads. documenso's ``packages/assets`` says ``"files":
["**/*"]`` and made a laptop's ``packages/assets/.turbo`` cache a need; formbricks'
``packages/i18n-utils`` says ``"files": ["src", ...]`` and init wrote exceptions for the
test files below ``src``. Only a build that packs members (``pnpm deploy``, ``npm pack``)
reads them: an entry's ``members_packed_by`` names what does so.

A member's ``main`` (``bin``) that git does not track is not in a clean checkout: when the
build runs a build step (the entry's ``members_built_by``: ``pnpm build
--filter=@formbricks/database``), the build writes it, and a laptop's copy is an output, not
a need (formbricks was told that its ``**/dist/`` line "excludes packages/database/dist,
which the build needs"). A ``main`` that git tracks stays a need (a member that commits
its built ``dist/``), and so does every path when git cannot say what it tracks.

A manifest is a member when its directory matches a workspace glob of the context's root
(``workspaces`` of package.json, ``pnpm-workspace.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.needs import Need
    from ignoregen.knowledge.preset import NeedSource
    from ignoregen.knowledge.regex import Regex


def as_member(
    context: Path,
    source: NeedSource,
    trigger: str,
    found: Sequence[Need],
    member: bool,
    runs: Callable[[Regex, str], bool],
) -> Sequence[Need]:
    """``found`` (the needs ``source`` gives for ``trigger``) as they stand when the trigger
    is a workspace member's manifest (``member``); ``runs(pattern, trigger)`` says
    whether a build that copies the trigger runs what the pattern matches."""
    if not member or not found:
        return found
    if source.members_packed_by is not None and not runs(source.members_packed_by, trigger):
        return []
    if source.members_built_by is None or not runs(source.members_built_by, trigger):
        return found
    from ignoregen.knowledge.local import tracked

    known = tracked(context, [trigger, *(need.path for need in found)])
    if trigger not in known:  # git cannot say (or the manifest itself is not committed)
        return found
    return [need for need in found if need.path in known]
