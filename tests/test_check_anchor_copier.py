"""With no ignore file and no build that sends the whole context, a context-wide finding
stands on a Dockerfile that copies something, not on one that copies nothing.

sequinstream/sequin: docker-compose.yaml builds Dockerfile.postgres (FROM postgres, apt-get,
no COPY) from the root, beside the app's Dockerfile (COPY assets, then npm install). check's
IG104 about assets/node_modules said "COPY assets at Dockerfile:66" but was filed on
Dockerfile.postgres, where an editor or a SARIF annotation then showed it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_findings import make

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for


def test_a_context_finding_stands_on_the_dockerfile_that_copies(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile.postgres": "FROM postgres:17\nRUN apt-get update\n",
        "Dockerfile": (
            "FROM node:22 AS build\nWORKDIR /app\nCOPY mix.exs ./\nCOPY assets assets\n"
            "RUN cd assets && npm install\n"
        ),
        "docker-compose.yaml": (
            "services:\n  db:\n    build:\n      context: .\n"
            "      dockerfile: Dockerfile.postgres\n"
            "  app:\n    build: .\n"
        ),
        "mix.exs": "", "assets/package.json": "{}\n", ".gitignore": "assets/node_modules\n",
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    report = run_check(tmp_path, presets_for(tmp_path), CheckOptions())
    found = [(item.id, item.file) for item in report.findings if item.id == "IG104"]
    assert found == [("IG104", "Dockerfile")], report.findings
