"""Hugo with enableGitInfo reads the repository's history: .git is part of its build."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_init_exception_scope import init_here, sent_by_buildkit
from trees import tree

from ignoregen.cli import cli

DOCKERFILE = ("FROM hugomods/hugo AS build\nWORKDIR /docs\nCOPY . /docs\n"
              "RUN hugo --minify --source src --destination /public\n"
              "FROM nginx\nCOPY --from=build /public /usr/share/nginx/html\n")


def _site(root: Path, git_info: str) -> Path:
    return tree(root, {
        "Dockerfile": DOCKERFILE,
        "src/config.yaml": f"baseURL: https://docs.example.org/\nenableGitInfo: {git_info}\n",
        "src/content/_index.md": "# docs\n",
        ".git/HEAD": "ref: refs/heads/main\n",
    })


def test_enable_git_info_keeps_git(tmp_path: Path) -> None:
    """giantswarm/docs: `COPY . /docs`, `hugo --source src`, src/config.yaml has
    enableGitInfo: true; without .git hugo logs "Failed to read Git log" as an error and the
    build fails. init excluded .git and check told the user to add '**/.git'."""
    root = _site(tmp_path, "true")
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert "IG103" not in result.output, result.output
    init_here(root)
    assert ".git/HEAD" in sent_by_buildkit(root)


def test_without_git_info_git_stays_out(tmp_path: Path) -> None:
    root = _site(tmp_path, "false")
    result = CliRunner().invoke(cli, ["check", str(root)])
    assert "IG103" in result.output, result.output
    init_here(root)
    assert ".git/HEAD" not in sent_by_buildkit(root)
