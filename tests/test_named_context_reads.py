"""What a build reads from a named context stays in that directory's ignore file.

bake's ``contexts``, compose's ``additional_contexts`` and ``docker build --build-context``
give a build a directory under a name, read with ``COPY --from=NAME`` and
``RUN --mount=from=NAME``; BuildKit filters it through the directory's own
``.dockerignore``. When that directory also holds a build of its own, init planned its
``.dockerignore`` for that build alone: ``docs`` and ``tests`` went (documentation,
tests), and the other build's ``COPY --from=shared docs/`` failed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, sent, tree

APP = (
    "# syntax=docker/dockerfile:1\nFROM alpine\n"
    "COPY --from=shared docs/ /usr/share/doc/app/\n"
    "RUN --mount=type=bind,from=shared,source=tests,target=/t ls /t\n"
    "COPY main.sh /\n"
)
SHARED = {
    "shared/Dockerfile": "FROM alpine\nCOPY config.yml /etc/\n",
    "shared/config.yml": "a: 1\n", "shared/docs/index.md": "# shared\n",
    "shared/tests/test_a.py": "", "shared/README.md": "shared\n",
    "app/main.sh": "echo\n",
}
BAKE = 'target "app" {\n  context = "app"\n  contexts = {\n    shared = "./shared"\n  }\n}\n' \
    'target "shared" {\n  context = "shared"\n}\n'
MAKEFILE = "image:\n\tdocker buildx build --build-context shared=./shared -f app/Dockerfile app\n"
COMPOSE = "services:\n  app:\n    build:\n      context: app\n      additional_contexts:\n" \
    "        - shared=./shared\n  shared:\n    build: shared\n"


@pytest.mark.parametrize(("name", "definition"), [
    ("docker-bake.hcl", BAKE), ("compose.yaml", COMPOSE), ("Makefile", MAKEFILE),
])
def test_what_a_build_reads_by_name_is_kept(tmp_path: Path, name: str, definition: str) -> None:
    tree(tmp_path, {**SHARED, name: definition, "app/Dockerfile": APP})
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    shared = tmp_path / "shared"
    assert sent(shared, "docs/index.md")
    assert sent(shared, "tests/test_a.py")
    assert sent(shared, "config.yml")
    assert not sent(shared, "README.md")  # nobody reads it: still left out


def test_a_name_nobody_reads_keeps_nothing(tmp_path: Path) -> None:
    other = APP.replace("--from=shared", "--from=tools")  # an image of that name
    tree(tmp_path, {**SHARED, "docker-bake.hcl": BAKE, "app/Dockerfile": other})
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not sent(tmp_path / "shared", "docs/index.md")
