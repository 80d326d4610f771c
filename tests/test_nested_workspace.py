"""A workspace below the context's root, copied whole, is a workspace as one at the root.

unkeyed/unkey's web/ is a pnpm workspace (web/package.json, web/pnpm-workspace.yaml); its
portal image is built from the repository's root. The deps stage copies the manifests it
installs from by name and runs ``pnpm install``; the builder stage runs ``COPY web/ .`` and
``pnpm --filter @unkey/portal build``. The user's ``/web/apps/dashboard`` line drew init's
warning that it excluded "web/apps/dashboard/package.json, which the build needs": no
install of that build reads it. A whole-workspace install after ``COPY web/ .`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_needs import needs
from trees import tree

FILES = {
    "web/package.json": '{"name": "web", "private": true}',
    "web/pnpm-workspace.yaml": 'packages:\n  - "apps/*"\n  - "internal/*"\n',
    "web/pnpm-lock.yaml": "lockfileVersion: '6.0'\n",
    "web/apps/portal/package.json": '{"name": "@x/portal", "dependencies": {"@x/ui": "*"}}',
    "web/apps/dashboard/package.json": '{"name": "@x/dashboard"}',
    "web/internal/ui/package.json": '{"name": "@x/ui"}',
}
MANIFESTS = tuple(FILES)
DEPS = ("FROM node:22-alpine AS deps\nWORKDIR /app\n"
        "COPY web/package.json web/pnpm-lock.yaml web/pnpm-workspace.yaml ./\n"
        "COPY web/apps/portal/package.json ./apps/portal/package.json\n"
        "COPY web/internal/ui/package.json ./internal/ui/package.json\n"
        "RUN pnpm install --frozen-lockfile\n"
        "FROM node:22-alpine AS builder\nWORKDIR /app\n"
        "COPY --from=deps /app/node_modules ./node_modules\nCOPY web/ .\n")
DASHBOARD = "web/apps/dashboard/package.json"


def test_a_filtered_build_after_copying_the_workspace_reads_no_other_manifest(
        tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": DEPS + "RUN pnpm --filter @x/portal build\n"})
    found = needs(tmp_path, MANIFESTS)
    assert {"web/apps/portal/package.json", "web/internal/ui/package.json"} <= set(found)
    assert DASHBOARD not in found


@pytest.mark.parametrize(("dockerfile", "why"), [
    (DEPS + "RUN pnpm install --frozen-lockfile\n", "the whole workspace installed"),
    (DEPS + "RUN pnpm --filter @x/portal build\nCOPY web/apps/dashboard /d\n",
     "a COPY that names the member"),
    ("FROM node:22-alpine\nWORKDIR /app\nCOPY web/ .\nRUN pnpm install\n",
     "one stage, the whole workspace installed"),
])
def test_the_manifest_stays_a_need_when_an_install_may_read_it(
        tmp_path: Path, dockerfile: str, why: str) -> None:
    tree(tmp_path, {**FILES, "Dockerfile": dockerfile})
    assert DASHBOARD in needs(tmp_path, MANIFESTS), why
