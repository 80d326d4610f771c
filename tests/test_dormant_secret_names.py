"""check's developer's-machine view reads a secret's name from every preset's secret
categories, whether or not the preset applies; init wrote laptop rules only from the
presets that apply. mattermost/mattermost-data-warehouse lists 'secrets.yml' in its
.gitignore (the credentials a developer's runs read), builds with 'COPY . .' and has no
Kubernetes files: after init, check still said "secrets.yml: a secret file that
.gitignore:1 lists; the ignore file does not exclude it". init now writes such a line too,
where a gitignore file lists the name."""

from __future__ import annotations

from pathlib import Path

from test_check_needed import commit, make
from trees import run_in

PROJECT = {
    "Dockerfile": "FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\n",
    "pyproject.toml": '[project]\nname = "warehouse"\nversion = "1.0"\n',
    "warehouse/__init__.py": "",
}


def _ignore_lines(root: Path) -> list[str]:
    return (root / ".dockerignore").read_text().splitlines()


def test_a_gitignored_secret_name_of_a_dormant_preset_is_excluded(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, ".gitignore": "secrets.yml\n.terraformrc\n"})
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    lines = _ignore_lines(tmp_path)
    assert "**/secrets.yml" in lines, lines
    assert "**/.terraformrc" in lines, lines
    code, output = run_in(tmp_path, "check")
    assert "IG101" not in output, output


def test_no_such_line_without_a_gitignore_listing(tmp_path: Path) -> None:
    make(tmp_path, {**PROJECT, ".gitignore": "__pycache__/\n"})
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not any("secrets.yml" in line for line in _ignore_lines(tmp_path))


def test_a_wildcard_gitignore_line_of_a_dormant_preset_writes_nothing(tmp_path: Path) -> None:
    """GoogleCloudPlatform/microservices-demo lists '*.tfstate' and '*.tfvars' in its root
    .gitignore for its terraform/ directory; each service's context, with no Terraform file,
    got three terraform.secrets lines. check names no secret there either (a wildcard line
    names no file), so init writes none."""
    make(tmp_path, {".gitignore": "*.tfstate\n*.tfvars\n",
                    "terraform/main.tf": 'resource "null_resource" "x" {}\n',
                    **{f"src/api/{name}": text for name, text in PROJECT.items()}})
    commit(tmp_path)
    code, output = run_in(tmp_path, "init")
    assert code == 0, output
    assert not any("tfvars" in line or "tfstate" in line
                   for line in _ignore_lines(tmp_path / "src" / "api")), output
