"""Needs that would keep what no build reads: a developer's own secrets, installed packages.

A developer's own secret file is no need of a build, whatever reads it.

Vite and Next read ``.env`` while they build (a need of ``presets/node.toml``), and a
committed ``.env`` of public settings is kept for them. A ``.env`` that ``.gitignore``
lists and git does not track is the developer's own: a clean checkout has none, so the
build that CI runs never reads it, and on a laptop it holds the credentials of
``.env.example`` filled in (documenso's ``NEXTAUTH_SECRET``, its database URL). Keeping it
would send them to the builder and, through ``COPY . .``, into a layer. The user's own
line excluding it is then right, not a line to warn about. So is a ``.env`` that no
gitignore file lists but git does not track either (homepage lists only ``.env*.local``,
its ``.dockerignore`` says ``**/.env``): a clean checkout has none all the same. Unless a
CI workflow's ``run`` step writes the file before it builds (``cp .env.production .env``):
the build CI runs reads it then.

A committed symbolic link to such a file is the developer's own file all the same:
trigger.dev commits ``apps/webapp/.env -> ../../.env`` (the root ``.env`` is gitignored) so
that Vite finds the one ``.env`` from each app. In a clean checkout the link dangles, and
the image gets a dangling link, never the secrets, whatever the ignore file says: no need.
So is a link whose target lies outside the context. A link to a committed file stays one.

A manifest's file list names the package's files, never what is installed beside them:
documenso's ``packages/assets/package.json`` says ``"files": ["**/*"]``, and npm packs no
``node_modules`` (nor ``.git``). Kept whole, the glob gave a laptop's
``packages/assets/node_modules`` back. Such a need (``DIR/**/*``, ``DIR/**``, ``DIR/*``) is
taken as the entries of ``DIR`` less the dependency and virtual-environment directories
of the need's own preset and version control.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from ignoregen.build.needs import Need
from ignoregen.knowledge.preset import PresetSet, Role


def without_local_secrets(
    context: Path, needs: Sequence[Need], presets: PresetSet
) -> list[Need]:
    """``needs`` less the paths of a secret category that git's index does not hold, in a
    git work tree: listed by a gitignore file, or merely never added."""
    from ignoregen.engine.matcher import Matcher
    from ignoregen.knowledge.local import gitignored, untracked

    secret = Matcher([rule.rule for category in presets.with_role(Role.SECRET)
                      for rule in category.rules])
    candidates = secret.excluded_of(need.path for need in needs)
    if not candidates:
        return list(needs)
    from ignoregen.build.workflows import written_by_run

    asked = [path for path in candidates if not written_by_run(context, path)]
    local = set(gitignored(context, [(path, False) for path in asked]))
    local |= untracked(context, [path for path in asked if path not in local])
    links = {path: target for path in asked if path not in local
             and (target := _link_target(context, path)) is not False}
    if links:
        inside = [target for target in links.values()
                  if isinstance(target, str) and not written_by_run(context, target)]
        mine = set(gitignored(context, [(target, False) for target in inside]))
        mine |= untracked(context, [target for target in inside if target not in mine])
        mine |= {target for target in inside if not os.path.lexists(context / target)}
        local |= {path for path, target in links.items() if target is None or target in mine}
    return [need for need in needs if need.path not in local]


def _link_target(context: Path, path: str) -> str | bool | None:
    """What the symbolic link ``path`` points at, context-relative; None for a target
    outside the context (Docker sends the link, not what it points at: a dangling link in
    the image); False when ``path`` is no symbolic link."""
    try:
        if not os.path.islink(context / path):
            return False
        target = os.readlink(context / path)
    except OSError:
        return False
    if os.path.isabs(target):
        return None
    joined = os.path.normpath(os.path.join(os.path.dirname(path), target)).replace(os.sep, "/")
    return None if joined == ".." or joined.startswith("../") else joined


_WHOLE = ("/**/*", "/**", "/*")


def prune(context: Path, needs: Sequence[Need], presets: PresetSet) -> list[Need]:
    """``needs`` less what no build reads (see the module's docstring)."""
    return without_installed(context, without_local_secrets(context, needs, presets), presets)


def without_installed(context: Path, needs: Sequence[Need], presets: PresetSet) -> list[Need]:
    """Each need of everything below a directory, split into that directory's entries
    less the installed directories of the need's preset (``node_modules``) and ``.git``."""
    out: list[Need] = []
    for need in needs:
        base = next((need.path[: -len(end)] for end in _WHOLE if need.path.endswith(end)), None)
        preset = (need.source or "").split(".toml:", 1)[0]
        if base is None or not base or any(c in base for c in "*?[\\") or not preset:
            out.append(need)
            continue
        names = _installed_names(presets, preset)
        try:
            entries = sorted(entry.name for entry in os.scandir(context / base))
        except OSError:
            out.append(need)
            continue
        if not names.intersection(entries):
            out.append(need)
            continue
        out.extend(dataclasses.replace(need, path=f"{base}/{name}")
                   for name in entries if name not in names)
    return out


def _installed_names(presets: PresetSet, preset: str) -> frozenset[str]:
    """Directory names that ``preset``'s dependency and virtual-environment categories
    exclude at any depth (``**/node_modules``), and ``.git``."""
    names = {".git"}
    for category in presets.categories:
        if category.preset == preset and category.role in (Role.DEPENDENCIES, Role.VIRTUALENV):
            for rule in category.rules:
                pattern = rule.rule.pattern
                if pattern.startswith("**/") and not any(c in pattern[3:] for c in "*?[/\\"):
                    names.add(pattern[3:])
    return frozenset(names)
