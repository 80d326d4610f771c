"""check reports a file that a command of the image names when the ignore file excludes it
under a COPY that would send it (lint/needed.py, with build/named.py's reading of the
commands). The VS Code Docker extension's .dockerignore carried '**/bin'
(microsoft/vscode-docker issue 1219): an Express application, whose start script is
./bin/www, then builds and dies at start. init already kept such files and warned about a
user's line that excludes one; check said nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

VSCODE = "**/.git\n**/bin\n**/node_modules\n**/Dockerfile*\nREADME.md\n"


def _repo(root: Path, dockerfile: str, ignore: str = VSCODE,
          extra: dict[str, str] | None = None) -> Path:
    tree(root, {
        "package.json": '{"name": "app", "scripts": {"start": "node ./bin/www"}}\n',
        "package-lock.json": "{}\n",
        "bin/www": "#!/usr/bin/env node\nrequire('../app');\n",
        "app.js": "module.exports = 1;\n",
        "scripts/setup.sh": "echo set up\n",
        "Dockerfile": "FROM node:22-slim\nWORKDIR /usr/src/app\n" + dockerfile,
        ".dockerignore": ignore,
        **(extra or {}),
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.mark.parametrize("start", [
    'CMD ["node", "./bin/www"]\n',
    "CMD node bin/www\n",
    'ENTRYPOINT ["node", "/usr/src/app/bin/www"]\n',
])
def test_an_excluded_start_script_is_an_error(tmp_path: Path, start: str) -> None:
    root = _repo(tmp_path, "COPY . .\nRUN npm ci --omit=dev\n" + start)
    code, output = run_in(root, "check")
    assert code == 1, output
    line = next(line for line in output.splitlines() if "IG201" in line)
    assert line.startswith("Dockerfile:3: error IG201 COPY .: bin/www is excluded by "
                           ".dockerignore:2 ('**/bin'), but Dockerfile:5: "), line
    assert line.endswith(": that command fails without it"), line


@pytest.mark.parametrize("start", ["CMD npm start\n", 'CMD ["npm", "start"]\n',
                                   'CMD ["yarn", "start"]\n', "CMD npm run start\n"])
def test_the_start_script_of_package_json(tmp_path: Path, start: str) -> None:
    """The usual Express image starts with 'npm start', whose script is node ./bin/www."""
    root = _repo(tmp_path, "COPY . .\nRUN npm ci --omit=dev\n" + start)
    code, output = run_in(root, "check")
    assert code == 1, output
    line = next(line for line in output.splitlines() if "IG201" in line)
    assert "bin/www is excluded by .dockerignore:2 ('**/bin')" in line, line
    assert ": package.json script start, node ./bin/" in line, line
    code, output = run_in(root, "init", "--dry-run")
    assert "your line '**/bin' excludes bin/www" in output, output


def test_a_script_that_is_not_there_names_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path, "COPY . .\nCMD npm run serve\n")
    _, output = run_in(root, "check")
    assert "IG201" not in output, output


def test_an_excluded_script_a_run_runs(tmp_path: Path) -> None:
    root = _repo(tmp_path, "COPY . .\nRUN sh scripts/setup.sh\n",
                 ignore="**/.git\nscripts\n")
    code, output = run_in(root, "check")
    assert code == 1, output
    assert "IG201 COPY .: scripts/setup.sh is excluded by .dockerignore:2 ('scripts')" \
        in output, output


def test_the_fix_gives_it_back(tmp_path: Path) -> None:
    root = _repo(tmp_path, 'COPY . .\nCMD ["node", "./bin/www"]\n')
    run_in(root, "check", "--fix")
    assert sent(root, "bin/www")
    _, output = run_in(root, "check")
    assert "IG201" not in output, output


@pytest.mark.parametrize(("dockerfile", "ignore"), [
    # not excluded
    ('COPY . .\nCMD ["node", "./bin/www"]\n', "**/.git\n**/node_modules\n"),
    # no COPY sends it: the image copies app.js alone and runs it
    ('COPY app.js .\nCMD ["node", "app.js"]\n', VSCODE),
    # what the image takes out of a stage that copied the context in: the stage may make
    # it (symfony-docker's builder makes /app/var, which its .dockerignore leaves out)
    ('COPY . .\nRUN mkdir -p var/cache\nFROM node:22-slim\n'
     'COPY --from=0 /usr/src/app/var /app/var\n', "**/.git\nvar/\n"),
    # the stage that ships is another one: the builder's CMD never runs
    ('COPY . .\nCMD ["node", "./bin/www"]\nFROM node:22-slim\nCOPY --from=0 /usr/src/app/app.js .\n'
     'CMD ["node", "app.js"]\n', VSCODE),
])
def test_nothing_to_report(tmp_path: Path, dockerfile: str, ignore: str) -> None:
    root = _repo(tmp_path, dockerfile, ignore, {"var/cache/x": "x\n"})
    _, output = run_in(root, "check")
    assert "IG201" not in output, output
