"""A need found in a RUN names the Dockerfile by its path from the context: a dev container's
``.devcontainer/Dockerfile`` built with the repository as its context (``"context": ".."``)
was shown as ``Dockerfile:3``, which sent the reader to the root's Dockerfile, where line 3
says something else."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree


def test_a_devcontainer_run_is_named_by_its_path(tmp_path: Path) -> None:
    tree(tmp_path, {
        ".devcontainer/devcontainer.json": (
            '{"build": {"dockerfile": "Dockerfile", "context": ".."}}\n'
        ),
        ".devcontainer/Dockerfile": (
            "FROM debian:12-slim\nCOPY . /src\n"
            "RUN curl https://mise.run | sh && ~/.local/bin/mise install\n"
        ),
        ".tool-versions": "python 3.12.4\n",
        "Dockerfile": "FROM python:3.12-slim\nCOPY app.py /app/\n",
        "app.py": "print(1)\n",
    })
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    kept = next(line for line in output.splitlines() if "kept: .tool-versions" in line)
    assert "(.devcontainer/Dockerfile:3: RUN" in kept, kept
