"""IG705 and a cache removed through a command substitution: presidio's Dockerfiles end the
install's RUN with ``rm -rf $(poetry config cache-dir)``, which removes poetry's cache; the
shell reader turns the substitution into an unknown word, so the removal was not seen and
IG705 said the cache stayed in the layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

PYPROJECT = '[project]\nname = "app"\nversion = "1"\ndependencies = ["flask"]\n'


POETRY = "pip install --no-cache-dir poetry && poetry install --no-root --only=main"


@pytest.mark.parametrize(("install", "reported"), [
    (f"{POETRY} && rm -rf $(poetry config cache-dir)", False),
    (POETRY, True),
    # another substitution removes something else: the cache stays
    (f"{POETRY} && rm -rf $(mktemp -d)", True),
    # the removal comes before the install: the cache is made after it
    (f"rm -rf $(poetry config cache-dir); {POETRY}", True),
    ("pip install -r requirements.txt && rm -rf $(pip cache dir)", False),
    ("yarn install --frozen-lockfile && rm -rf $(yarn cache dir)", False),
])
def test_a_cache_removed_through_a_substitution(
    tmp_path: Path, install: str, reported: bool
) -> None:
    tree(tmp_path, {
        "pyproject.toml": PYPROJECT, "requirements.txt": "flask\n", "package.json": "{}\n",
        "yarn.lock": "", ".dockerignore": ".git\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
                      f"RUN {install}\nCMD [\"python\", \"-m\", \"app\"]\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG705" in output) is reported, output
