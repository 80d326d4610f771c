"""IG704 through COPY --from: a stage that copies a development install in and then prunes
it to production in the same directory passes on only the production packages
(lint/image/judge.py ``_pruned_after_copy``). epic-stack's production-deps stage copies
node_modules from the stage that ran 'npm ci --include=dev' and runs 'npm prune
--omit=dev'; the shipped stage copies its node_modules, and IG704 said the 43 development
dependencies came with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

DOCKERFILE = """\
FROM node:22-slim AS deps
WORKDIR /myapp
COPY package.json package-lock.json ./
RUN npm ci --include=dev

FROM node:22-slim AS production-deps
WORKDIR /srv
COPY --from=deps /myapp/node_modules {dest}
COPY package.json package-lock.json ./
RUN {prune}

FROM node:22-slim
WORKDIR /srv
COPY --from=production-deps /srv/node_modules /srv/node_modules
COPY index.js .
CMD ["node", "index.js"]
"""


@pytest.mark.parametrize(("dest", "prune", "reported"), [
    ("./node_modules", "npm prune --omit=dev", False),
    ("/srv/node_modules", "npm prune --production", False),
    ("./node_modules", "npm prune", True),                        # keeps the dev packages
    ("./node_modules", "cd /tmp && npm prune --omit=dev", True),  # another directory
    ("./node_modules", "mkdir -p web && cd web && npm prune --omit=dev", True),  # below
    ("./node_modules", "true", True),
])
def test_a_prune_after_the_copy_in_ships_production_only(
    tmp_path: Path, dest: str, prune: str, reported: bool
) -> None:
    tree(tmp_path, {
        "package.json": '{"dependencies": {"express": "4"}, '
                        '"devDependencies": {"vitest": "1", "eslint": "9"}}',
        "package-lock.json": "{}",
        "index.js": "",
        ".dockerignore": ".git\n",
        "Dockerfile": DOCKERFILE.format(dest=dest, prune=prune),
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG704" in output) is reported, output
