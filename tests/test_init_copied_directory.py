"""``init`` and a directory that COPY names (``COPY services/api /app``): the directory's
sources are needed, not what a package manager or a build made inside it (its .venv,
node_modules, dist), exactly as under ``COPY . .``; what COPY names itself stays. The
summary stays short: one note per reason, every path with ``--verbose``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from trees import sent, tree

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


def test_issue_11_services_api_at_scale(tmp_path: Path) -> None:
    """Issue #11's report: ``COPY services/api /app`` over a directory holding a .venv,
    __pycache__ and node_modules printed a "not excluding" line per file (238 of them). The
    junk inside goes, the directory's sources stay, and the summary fits a screen: one
    line per reason (kept or spared), every path only with --verbose."""
    files = {
        "services/api/pyproject.toml": "[project]\nname = 'api'\nversion = '1'\n"
        "readme = 'README.md'\n",
        "services/api/README.md": "api\n",
        "services/api/pytest.ini": "[pytest]\n",
        "services/api/package.json": '{"devDependencies": {"prettier": "3"}}',
        "compose.yml": "services:\n  api:\n    build:\n      context: .\n"
        "      dockerfile: Dockerfile\n    command: pytest -q /app/tests\n",
        "Dockerfile": "FROM python:3.12\nCOPY services/api /app\nRUN pip install /app\n",
    }
    for i in range(80):
        files[f"services/api/app/m{i}.py"] = "x = 1\n"
        files[f"services/api/app/__pycache__/m{i}.cpython-312.pyc"] = "x" * 100
        files[f"services/api/tests/test_m{i}.py"] = "def test(): pass\n"
        files[f"services/api/tests/__pycache__/test_m{i}.cpython-312.pyc"] = "x" * 100
        files[f"services/api/.venv/lib/python3.12/site-packages/p{i}/__init__.py"] = "x"
        files[f"services/api/node_modules/p{i}/index.js"] = "x"
        files[f"services/api/docs/page{i}.md"] = "doc\n"
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    matcher = Matcher(parse_bytes((tmp_path / ".dockerignore").read_bytes(), ".dockerignore"))
    for path in ("services/api/app/m3.py", "services/api/tests/test_m3.py",
                 "services/api/pyproject.toml", "services/api/README.md",
                 "services/api/docs/page3.md"):
        assert not matcher.decide(path).excluded, path
    for path in ("services/api/.venv/lib/python3.12/site-packages/p3/__init__.py",
                 "services/api/app/__pycache__/m3.cpython-312.pyc",
                 "services/api/tests/__pycache__/test_m3.cpython-312.pyc",
                 "services/api/node_modules/p3/index.js"):
        assert matcher.decide(path).excluded, path
    lines = result.output.splitlines()
    assert len(lines) <= 24, result.output
    spared = [line for line in lines if "not excluding" in line]
    # Per-file notes would name one path each, and repeat their reason.
    reasons = [line.split("): ", 1)[-1] for line in spared]
    assert len(reasons) == len(set(reasons)), result.output
    # The tests that compose's pytest runs (**/tests, **/test_*.py) are one grouped line;
    # pytest.ini, which the COPY takes, is a line of its own with its own reason.
    assert [line for line in spared if "paths (" not in line] == [
        "  note: not excluding services/api/pytest.ini: the Dockerfile copies it "
        "(line 2: services/api)"
    ], result.output
    kept = [line.split(": ", 2)[-1] for line in lines if line.startswith("  kept:")]
    assert len(kept) == len(set(kept)), result.output
    verbose = CliRunner().invoke(
        cli, ["init", "--dry-run", "--verbose", "-C", str(tmp_path)], catch_exceptions=False
    )
    assert len(verbose.output.splitlines()) > len(lines)


def test_a_copied_directory_of_build_output_keeps_what_the_build_made(tmp_path: Path) -> None:
    # cdandoy/DbPop, a Micronaut application: 'COPY dbpopd/build/docker/main/layers/classes
    # /home/app/classes', made by Gradle's dockerPrepareContext. init kept the directory
    # ('!.../layers/classes' after 'build') but wrote '**/*.class' after it, as for classes
    # compiled beside the sources in a copied src/: the image ran with an empty classes/.
    tree(tmp_path, {
        ".gitignore": "build/\n",
        "build.gradle": "plugins { id 'io.micronaut.application' }\n",
        "src/main/java/app/Application.java": "class Application {}\n",
        "src/main/java/app/Stale.class": "compiled on the host\n",
        "tools/src/Tool.java": "class Tool {}\n",
        "tools/src/Tool.class": "compiled on the host\n",
        "build/docker/main/layers/classes/app/Application.class": "bytes\n",
        "build/docker/main/layers/libs/micronaut-core.jar": "jar\n",
        "build/classes/java/main/app/Application.class": "bytes\n",
        "Dockerfile": "FROM amazoncorretto:17-alpine\nWORKDIR /home/app\n"
                      "COPY build/docker/main/layers/libs /home/app/libs\n"
                      "COPY build/docker/main/layers/classes /home/app/classes\n"
                      "COPY tools/src /home/app/tools\n",
    })
    result = CliRunner().invoke(cli, ["init", "-C", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sent(tmp_path, "build/docker/main/layers/classes/app/Application.class")
    assert sent(tmp_path, "build/docker/main/layers/libs/micronaut-core.jar")
    assert not sent(tmp_path, "build/classes/java/main/app/Application.class")
    # Classes compiled beside the sources of a copied directory still go.
    assert not sent(tmp_path, "tools/src/Tool.class")
