"""IG703 and images that start nothing of their own. rstudio/shiny-server's
docker/jenkins/Dockerfile.ubuntu-20.04 and .centos8 are Jenkins build agents: they install
compilers and -devel packages for the pipeline to build packages in, and have no CMD or
ENTRYPOINT. Telling them to build in a separate stage is wrong: the tools are what the
image is for. An image a compose service runs a command in is an application all the same,
CMD or not."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

AGENT = ("FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y build-essential "
         "libpam0g-dev cmake && rm -rf /var/lib/apt/lists/*\nRUN useradd -m jenkins\n")


def test_a_build_agent_is_not_told(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": AGENT, ".dockerignore": "**/.git\n"})
    _, output = run_in(tmp_path, "check", ".")
    assert "IG703" not in output, output


def test_an_image_compose_runs_is_told(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": AGENT,
        ".dockerignore": "**/.git\n",
        "compose.yaml": "services:\n  app:\n    build: .\n    command: /srv/app --port 80\n",
    })
    _, output = run_in(tmp_path, "check", ".")
    assert "IG703" in output, output
