"""A developer's own secret file is no need of a build, whatever reads it.

Vite and Next read ``.env`` while they build (a need of ``presets/node.toml``), and a
committed ``.env`` of public settings is kept for them. A ``.env`` that ``.gitignore``
lists and git does not track is the developer's own: a clean checkout has none, so the
build that CI runs never reads it, and on a laptop it holds the credentials of
``.env.example`` filled in (documenso's ``NEXTAUTH_SECRET``, its database URL). Keeping it
would send them to the builder and, through ``COPY . .``, into a layer. The user's own
line excluding it is then right, not a line to warn about.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ignoregen.build.needs import Need
from ignoregen.knowledge.preset import PresetSet, Role


def without_local_secrets(
    context: Path, needs: Sequence[Need], presets: PresetSet
) -> list[Need]:
    """``needs`` less the paths of a secret category that a gitignore file lists and git's
    index does not hold."""
    from ignoregen.engine.matcher import Matcher
    from ignoregen.knowledge.local import gitignored

    secret = Matcher([rule.rule for category in presets.with_role(Role.SECRET)
                      for rule in category.rules])
    candidates = [need.path for need in needs if secret.decide(need.path).excluded]
    if not candidates:
        return list(needs)
    local = gitignored(context, [(path, False) for path in candidates])
    return [need for need in needs if need.path not in local]
