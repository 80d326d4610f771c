"""IG705 and a cache removed by a script of the context that the same RUN runs afterwards:
photoprism/photoprism's docker/photoprism/*/Dockerfile copy ``/scripts/dist/`` to /scripts/
and run ``apt-get update && apt-get -qq dist-upgrade && /scripts/cleanup.sh``; cleanup.sh
ends with ``rm -rf /var/lib/apt/lists/*``. IG705 said the package lists stayed in the layer,
on twelve Dockerfiles."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import run_in, tree

CLEANUP = "#!/usr/bin/env bash\nset -e\napt-get -y autoclean\nrm -rf /var/lib/apt/lists/*\n"
ELSEWHERE = "#!/usr/bin/env bash\nset -e\nrm -rf /tmp/*\n"


@pytest.mark.parametrize(("run", "script", "reported"), [
    ("apt-get update && apt-get -qq dist-upgrade && /scripts/cleanup.sh", CLEANUP, False),
    ("apt-get update && apt-get install -y curl && bash /scripts/cleanup.sh", CLEANUP, False),
    # the script removes something else: the lists stay
    ("apt-get update && apt-get -qq dist-upgrade && /scripts/cleanup.sh", ELSEWHERE, True),
    # the script runs before the update: the lists are made after it
    ("/scripts/cleanup.sh && apt-get update && apt-get install -y curl", CLEANUP, True),
])
def test_a_cache_removed_by_a_script_the_run_calls(
    tmp_path: Path, run: str, script: str, reported: bool
) -> None:
    tree(tmp_path, {
        "scripts/dist/cleanup.sh": script,
        ".dockerignore": ".git\n",
        "Dockerfile": "FROM debian:bookworm-slim\n"
                      "COPY --chown=root:root --chmod=755 /scripts/dist/ /scripts/\n"
                      f"RUN {run}\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert ("IG705" in output) is reported, output


def test_a_script_copied_after_the_run_cleans_nothing(tmp_path: Path) -> None:
    """The RUN runs what the image had at that point: a COPY after it does not count."""
    tree(tmp_path, {
        "scripts/dist/cleanup.sh": CLEANUP,
        ".dockerignore": ".git\n",
        "Dockerfile": "FROM debian:bookworm-slim\n"
                      "RUN apt-get update && apt-get install -y curl && /scripts/cleanup.sh\n"
                      "COPY /scripts/dist/ /scripts/\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert "IG705" in output, output
