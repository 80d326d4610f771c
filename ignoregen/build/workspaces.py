"""The workspaces of a context: the member globs its root manifests declare, and those of a
workspace whose root directory a build copies whole.

unkeyed/unkey's web/ is a pnpm workspace of its own (web/package.json,
web/pnpm-workspace.yaml), built from the repository's root: its portal image runs ``COPY
web/ .`` and then ``pnpm --filter @unkey/portal build``, which installs nothing. That COPY
is the whole workspace, as ``COPY . .`` is for a workspace at the context's root: it names
no member in particular, and web/apps/dashboard's manifest is read only by an install of
the whole workspace (build/member_installs.py). init had warned that the user's line
``/web/apps/dashboard`` excluded "web/apps/dashboard/package.json, which the build needs".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.texts import parse_data, read_text


def workspace_globs(directory: Path) -> list[str]:
    """The workspace globs the manifests of ``directory`` declare (npm/yarn ``workspaces``,
    ``pnpm-workspace.yaml``, uv's ``tool.uv.workspace.members``), relative to it."""
    from ignoregen.build.needs import _lookup, _names

    globs: list[str] = []
    try:
        text = fileio.read_text(directory / "package.json", encoding="utf-8")
        import json  # here: a context without package.json needs none

        data: Any = json.loads(text)
    except (OSError, ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        spaces = data.get("workspaces")
        if isinstance(spaces, dict):
            spaces = spaces.get("packages")
        if isinstance(spaces, list):  # not a number or true, as a hand-edited file may say
            globs.extend(item for item in spaces if isinstance(item, str))
    text = read_text(directory / "pnpm-workspace.yaml") or ""
    globs.extend(re.findall(r"""^\s*-\s*["']?([^"'#\s]+)""", text, re.MULTILINE))
    uv = parse_data("pyproject.toml", read_text(directory / "pyproject.toml"))
    for _, members in _lookup(uv, "tool.uv.workspace.members"):
        globs.extend(_names(members))
    return [glob.removeprefix("./").rstrip("/") for glob in globs]


def nested_workspaces(
    context: Path, reads: Sequence[DockerfileReads]
) -> tuple[list[str], frozenset[str]]:
    """The context's workspace globs (context-relative), with those of each directory below
    its root that a COPY or ADD of ``reads`` copies whole and that declares a workspace;
    and those directories."""
    globs = workspace_globs(context)
    roots: set[str] = set()
    for dockerfile in reads:
        for source in dockerfile.sources:
            directory = source.pattern
            if not source.known or source.whole_context or source.has_glob \
                    or directory in roots or directory.startswith("../") \
                    or not (context / directory).is_dir():
                continue
            found = workspace_globs(context / directory)
            if found:
                roots.add(directory)
                globs.extend(f"{directory}/{glob}" for glob in found)
    return globs, frozenset(roots)
