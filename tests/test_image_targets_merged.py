"""A stage that several shipped targets build FROM is judged once per target: hoppscotch's
prod.Dockerfile, built by compose for four targets, gave each IG705 of its shared base stage
four times, each naming one target. The advice is one line naming every target."""

from __future__ import annotations

import json
from pathlib import Path

from trees import run_in, tree

from ignoregen.lint.findings import Finding
from ignoregen.lint.image.merged import merged

DOCKERFILE = """\
FROM node:22-slim AS base
WORKDIR /app
RUN npm install -g pnpm
COPY package.json ./

FROM base AS api
COPY server.js ./
CMD ["node", "server.js"]

FROM base AS worker
COPY worker.js ./
CMD ["node", "worker.js"]
"""

COMPOSE = """\
services:
  api:
    build:
      context: .
      target: api
  worker:
    build:
      context: .
      target: worker
"""


def test_one_finding_names_every_target(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE, ".dockerignore": ".git\n",
        "package.json": '{"name": "app", "version": "1.0.0"}\n', "server.js": "",
        "worker.js": "",
    })
    _, output = run_in(tmp_path, "check", ".", "--format", "json")
    cache = [item for item in json.loads(output)["findings"] if item["id"] == "IG705"]
    assert len(cache) == 1, cache
    assert cache[0]["line"] == 3
    assert "(the shipped stages 'api' and 'worker' are built FROM it)" in cache[0]["message"]


def _advice(message: str, line: int = 3, rule: str = "IG705") -> Finding:
    return Finding(rule, "info", message, "Dockerfile", line)  # type: ignore[arg-type]


def test_merged_keeps_order_and_names_each_stage_once() -> None:
    said = "npm install leaves npm's cache in a layer of stage 'base' "
    first = _advice(said + "(the shipped stage 'a' is built FROM it)")
    out = merged([first], [
        _advice(said + "(the shipped stage 'b' is built FROM it)"),
        _advice(said + "(the shipped stage 'a' is built FROM it)"),
        _advice(said + "(the shipped stage #3 is built FROM it)"),
        _advice(said + "(the shipped stage 'c' is built FROM it)", line=4),  # another line
        _advice("the shipped stage 'd' installs gcc", rule="IG703"),  # names no FROM
    ])
    assert [item.message for item in out] == [
        said + "(the shipped stages 'a', 'b' and #3 are built FROM it)",
        said + "(the shipped stage 'c' is built FROM it)",
        "the shipped stage 'd' installs gcc",
    ]


def test_a_copy_into_several_shipped_stages_is_said_once() -> None:
    """pixelfed: three runtime targets each COPY --from the same stage (IG704)."""
    said = "COPY --from=deps /var/www brings the 7 development dependencies into "
    out = merged([], [
        _advice(said + "the shipped stage 'apache'", line=9, rule="IG704"),
        _advice(said + "the shipped stage 'fpm'", line=9, rule="IG704"),
        _advice(said + "the shipped stage 'nginx'", line=9, rule="IG704"),
        _advice(said + "the shipped stage 'other'", line=12, rule="IG704"),
    ])
    assert [item.message for item in out] == [
        said + "the shipped stages 'apache', 'fpm' and 'nginx'",
        said + "the shipped stage 'other'",
    ]


def test_a_shared_stage_that_is_shipped_itself_is_said_once() -> None:
    """frappe_docker's bake group ships 'base' and 'erpnext' (built FROM 'base'): each cache
    left by a RUN of 'base' came twice, once as the shipped stage, once as erpnext's base."""
    said = "pip3 install x leaves pip's download cache in a layer of "
    for first, second in [("stage 'base' (the shipped stage 'erpnext' is built FROM it)",
                           "the shipped stage 'base'"),
                          ("the shipped stage 'base'",
                           "stage 'base' (the shipped stage 'erpnext' is built FROM it)")]:
        out = merged([_advice(said + first)], [_advice(said + second),
                                               _advice(said + "the shipped stage 'other'")])
        assert [item.message for item in out] == [
            said + "the shipped stage 'base' (the shipped stage 'erpnext' is built FROM it)",
            said + "the shipped stage 'other'",
        ]
    tools = "installs build tools (gcc) at line 3 and ships them with the result"
    out = merged([], [
        _advice("the shipped stage 'base' " + tools, rule="IG703"),
        _advice("stage 'base' (the shipped stage 'api' is built FROM it) " + tools, rule="IG703"),
        _advice("stage 'base' (the shipped stage 'worker' is built FROM it) " + tools,
                rule="IG703"),
    ])
    assert [item.message for item in out] == [
        "the shipped stage 'base' (the shipped stages 'api' and 'worker' are built FROM it) "
        + tools,
    ]
