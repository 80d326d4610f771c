"""``init`` and a directory that COPY names (``COPY services/api /app``): the directory's
sources are needed, not what a package manager or a build made inside it (its .venv,
node_modules, dist), exactly as under ``COPY . .``; what COPY names itself stays. The
summary stays short: one note per reason, every path with ``--verbose``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ignoregen.cli import cli
from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher

FILES = {
    "services/api/pyproject.toml": "[project]\nname = 'api'\nversion = '1'\n",
    "services/api/app/main.py": "print()\n",
    "services/api/app/__pycache__/main.cpython-312.pyc": "x" * 500,
    "services/api/.venv/lib/python3.12/site-packages/fastapi/__init__.py": "x" * 5000,
    "services/api/tests/test_main.py": "def test(): pass\n",
    "services/web/package.json": "{}",
    "services/web/src/index.js": "x\n",
    "services/web/node_modules/left-pad/index.js": "x" * 2000,
    "services/web/dist/bundle.js": "x" * 3000,
}
FILES.update(
    {f"services/web/src/c{i}.test.js": "t\n" for i in range(12)}
)


@pytest.mark.parametrize(
    ("copies", "sent", "excluded"),
    [
        ("COPY services/api /app",
         ["services/api/app/main.py", "services/api/pyproject.toml",
          "services/api/tests/test_main.py"],
         ["services/api/.venv/lib/python3.12/site-packages/fastapi/__init__.py",
          "services/api/app/__pycache__/main.cpython-312.pyc"]),
        ("COPY services/web /web",
         ["services/web/src/index.js", "services/web/package.json"],
         ["services/web/node_modules/left-pad/index.js", "services/web/dist/bundle.js"]),
        # Named itself: kept, whatever its category.
        ("COPY services/web/dist /srv\nCOPY services/web/src /src",
         ["services/web/dist/bundle.js", "services/web/src/index.js"],
         ["services/web/node_modules/left-pad/index.js"]),
        ("COPY services/web/node_modules /nm", ["services/web/node_modules/left-pad/index.js"],
         ["services/web/dist/bundle.js"]),
    ],
)
def test_a_copied_directory_sends_its_sources_not_its_generated_files(
    copies: str, sent: list[str], excluded: list[str], tmp_path: Path
) -> None:
    for name, text in {**FILES, "Dockerfile": f"FROM python:3.12\n{copies}\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    for path in sent:
        assert not matcher.decide(path).excluded, path
    for path in excluded:
        assert matcher.decide(path).excluded, path
    assert len(result.output.splitlines()) < 25, result.output
    again = CliRunner().invoke(cli, ["init", "--check", "-C", str(tmp_path)])
    assert again.exit_code == 0, again.output


def test_one_note_per_reason_and_every_path_with_verbose(tmp_path: Path) -> None:
    for name, text in {**FILES, "Dockerfile": "FROM node:20\nCOPY services/web /web\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    short = CliRunner().invoke(cli, ["init", "--dry-run", "-C", str(tmp_path)])
    notes = [line for line in short.stderr.splitlines() if "not excluding" in line]
    assert notes == [
        "  note: not excluding 12 paths (services/web/src/c0.test.js, services/web/src/"
        "c1.test.js, services/web/src/c10.test.js, ...): the Dockerfile copies it (line 2: "
        "services/web); --verbose lists them"
    ]
    full = CliRunner().invoke(cli, ["init", "--dry-run", "--verbose", "-C", str(tmp_path)])
    listed = [line for line in full.stderr.splitlines() if "not excluding" in line]
    assert len(listed) == 12
    assert listed[0] == (
        "  note: not excluding services/web/src/c0.test.js: the Dockerfile copies it "
        "(line 2: services/web)"
    )
