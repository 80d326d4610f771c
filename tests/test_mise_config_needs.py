"""``mise install`` run in the build reads the project's mise configuration (mise.toml,
.mise.toml, .config/mise.toml...) for the tools it installs, as asdf and mise read
.tool-versions. Only .tool-versions was known: a user's ``.*`` line took .mise.toml out of the
context, the build installed nothing, and init warned about .tool-versions alone. Installing
mise (``curl https://mise.run | sh``) reads none of them."""

from __future__ import annotations

from pathlib import Path

from trees import run_in, tree

MISE = '[tools]\nnode = "22"\n'


def _project(root: Path, runs: str) -> None:
    tree(root, {
        ".mise.toml": MISE,
        ".config/mise.toml": MISE,
        "app.js": "console.log(1)\n",
        ".dockerignore": ".*\n!.dockerignore\n",
        "Dockerfile": (
            "FROM debian:12-slim\nRUN curl -fsSL https://mise.run | sh\nWORKDIR /app\n"
            f"COPY . .\n{runs}\n"
        ),
    })


def test_mise_install_needs_its_configuration(tmp_path: Path) -> None:
    _project(tmp_path, "RUN ~/.local/bin/mise trust && ~/.local/bin/mise install")
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    warning = next(line for line in output.splitlines() if "your line '.*' excludes" in line)
    assert "'!.mise.toml'" in warning, warning
    assert "'!.config/mise.toml'" in warning, warning


def test_installing_mise_reads_no_configuration(tmp_path: Path) -> None:
    _project(tmp_path, 'CMD ["node", "app.js"]')
    code, output = run_in(tmp_path, "init", "--dry-run")
    assert code == 0, output
    assert "mise reads it" not in output, output
