"""Committed build output and the stage that rebuilds it.

vikunja commits ``build/`` (its release magefile and go.mod; node's root ``build`` pattern
calls it build output). Its front-end stage copies ``frontend/`` alone and runs ``pnpm run
build``; the Go stage copies the whole context and runs ``cd build && mage release:xgo``.
``init`` took the pnpm build for a rebuild of ``build/``, excluded it, and mage found no
magefile. A build step counts against a committed directory only in a stage that has it
(a COPY of it, of a directory above it or of the whole context, or a stage it starts
FROM).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_committed_output import _commit
from test_init_exception_scope import init_here, sent_by_buildkit

FILES = {
    "go.mod": "module app\n", "main.go": "package main\n",
    "frontend/package.json": '{"name": "web", "scripts": {"build": "vite build"}}',
    "frontend/src/main.ts": "export {}\n",
    "build/magefile.go": "//go:build mage\npackage main\n",
    "build/go.mod": "module build\n",
}
FRONT_ALONE = (
    "FROM node:22 AS front\nWORKDIR /web\nCOPY frontend/ ./\nRUN pnpm install && pnpm run build\n"
    "FROM golang:1.24 AS api\nWORKDIR /src\nCOPY . ./\n"
    "COPY --from=front /web/dist ./frontend/dist\n"
    "RUN go build -o /app . && (cd build && go run mage.go release)\n"
    "FROM scratch\nCOPY --from=api /app /app\n"
)
FRONT_WHOLE = FRONT_ALONE.replace("COPY frontend/ ./", "COPY . ./")
FRONT_INHERITED = (  # the whole context comes in a stage the builder starts FROM
    "FROM node:22 AS base\nWORKDIR /src\nCOPY . ./\n"
    "FROM base AS front\nRUN npm ci && npm run build\n"
    "FROM scratch\nCOPY --from=front /src/dist /dist\n"
)


@pytest.mark.parametrize(("dockerfile", "kept"), [
    (FRONT_ALONE, True),  # pnpm builds frontend/ only; the Go stage needs build/
    (FRONT_WHOLE, False),  # the Node stage has build/ too: it makes its own
    (FRONT_INHERITED, False),
])
def test_committed_output_rebuilt_only_where_copied(
    tmp_path: Path, dockerfile: str, kept: bool
) -> None:
    _commit(tmp_path, {**FILES, "Dockerfile": dockerfile}, {})
    init_here(tmp_path)
    sent = sent_by_buildkit(tmp_path)
    assert ("build/magefile.go" in sent) is kept
    assert ("build/go.mod" in sent) is kept
