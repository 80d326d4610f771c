"""pixi keeps the environments of a solve group in ``.pixi/solve-group-envs/<group>`` beside
``.pixi/envs`` (its SOLVE_GROUP_ENVIRONMENTS_DIR, in the workspace's ``.pixi`` since pixi's
change #1866): a whole conda prefix for one machine's platform, made when the group has PyPI
dependencies to resolve.

pavelzw/pixi-docker-example's 4-prod-environment puts ``default`` and ``prod`` in one solve
group and builds with ``COPY . .`` then ``pixi install --locked -e prod``;
s3-school/pkoffee-solution does the same with ``pkoffee = { path = "." }`` among its PyPI
dependencies. Without the example's own ``.pixi/`` line, init excluded ``.pixi/envs`` only:
the solve group's prefix went to the builder, and check did not see it.
"""

from __future__ import annotations

from pathlib import Path

from trees import run_in, sent, tree

PIXI = """\
[project]
name = "pixi-docker-example"
channels = ["conda-forge"]
platforms = ["osx-arm64", "linux-64"]

[dependencies]
fastapi = "*"

[pypi-dependencies]
my_project = { path = ".", editable = true }

[feature.dev.dependencies]
pytest = "*"

[environments]
default = { features = ["dev"], solve-group = "prod" }
prod = { features = [], solve-group = "prod" }
"""

FILES = {
    "pixi.toml": PIXI,
    "pixi.lock": "version: 6\n",
    "pyproject.toml": '[project]\nname = "my_project"\nversion = "0.1"\n',
    "my_project/__init__.py": "",
    ".gitignore": ".pixi/\n__pycache__/\n",
    "Dockerfile": "FROM ghcr.io/prefix-dev/pixi:0.23.0 AS build\nWORKDIR /app\nCOPY . .\n"
                  "RUN pixi install --locked -e prod\n",
    # the developer's machine
    ".pixi/envs/default/bin/python": "binary\n",
    ".pixi/solve-group-envs/prod/lib/libpython3.12.dylib": "binary\n",
    ".pixi/solve-group-envs/prod/conda-meta/history": "==> 2026-01-01 <==\n",
}


def test_init_leaves_the_solve_group_out(tmp_path: Path) -> None:
    tree(tmp_path, FILES)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, ".pixi/solve-group-envs/prod/lib/libpython3.12.dylib")
    assert not sent(tmp_path, ".pixi/envs/default/bin/python")
    for kept in ("pixi.toml", "pixi.lock", "pyproject.toml", "my_project/__init__.py"):
        assert sent(tmp_path, kept), kept


def test_check_names_the_solve_group(tmp_path: Path) -> None:
    tree(tmp_path, {**FILES, ".dockerignore": "**/.pixi/envs\n"})
    code, out = run_in(tmp_path, "check")
    assert code == 1, out
    assert ".pixi/solve-group-envs" in out
