"""A secret file that a committed template stands beside: the developer copies
``server/.env.example`` to ``server/.env`` (or ``config/app.key.sample`` to
``config/app.key``), and a root ``.gitignore`` line ``.env`` lists the copy at every depth.
A clean checkout lacks the copy; ``check`` predicts it where the template is, as it does
for a name at the gitignore file's own directory."""

from __future__ import annotations

from pathlib import Path

from test_findings import make

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.catalogue import Severity


def laptop_secrets(root: Path) -> list[tuple[Severity, str, str]]:
    found = run_check(root, presets_for(root), CheckOptions()).findings
    return [(item.severity, item.message, item.hint) for item in found if item.id == "IG101"]


MONOREPO = {
    "Dockerfile": "FROM node:22-slim\nCOPY . /app\nRUN cd /app/server && npm ci\n",
    ".gitignore": ".env\nnode_modules/\n",
    # Docker reads '.env' at the context root only: server/.env is not excluded.
    ".dockerignore": ".env\nnode_modules\n**/node_modules\n",
    "server/package.json": "{}",
    "server/.env.example": "DATABASE_URL=\nSESSION_SECRET=\n",
}


def test_a_copy_of_a_deeper_template_is_predicted(tmp_path: Path) -> None:
    make(tmp_path, MONOREPO)
    assert laptop_secrets(tmp_path) == [(
        Severity.WARNING,
        "server/.env: a secret file that .gitignore:1 lists; the ignore file does not exclude "
        "it, so COPY . at Dockerfile:2 would send it on a developer's machine",
        "add '**/.env' to the ignore file",
    )]


def test_a_template_marked_in_the_middle_or_with_a_dash(tmp_path: Path) -> None:
    files = {**MONOREPO, ".gitignore": "*.key\n.env.local\n",
             "config/app.key.sample": "", "web/.env.local-sample": ""}
    del files["server/.env.example"]
    make(tmp_path, files)
    assert [message.split(":")[0] for _, message, _ in laptop_secrets(tmp_path)] == [
        ".env.local, config/app.key, web/.env.local"]  # the first where .gitignore puts it


def test_nothing_when_the_copy_is_excluded_or_not_gitignored(tmp_path: Path) -> None:
    make(tmp_path, {**MONOREPO, ".dockerignore": "**/.env\n**/node_modules\n"})
    assert laptop_secrets(tmp_path) == []
    make(tmp_path, {".dockerignore": ".env\n**/node_modules\n", ".gitignore": "/.env\n"})
    assert laptop_secrets(tmp_path) == []  # git would show server/.env: not one machine's


def test_a_template_whose_copy_is_no_secret_predicts_nothing(tmp_path: Path) -> None:
    files = {**MONOREPO, ".gitignore": "config.yml\n", "server/config.example.yml": "port: 80\n"}
    del files["server/.env.example"]
    make(tmp_path, files)
    assert laptop_secrets(tmp_path) == []
