"""``npm install --global`` with no package named links the project folder; it installs
none of its devDependencies (IG704 says nothing).

markdownlint-cli's image runs ``npm install --production`` and then ``npm install --global``
in the copied project, to put its program on PATH. npm (7 and later) answers the second
with a symlink in the global prefix to the folder, as it is: it reads the folder's
node_modules and adds nothing to it (tried with npm 11: a file: devDependency the folder
declares is not installed). IG704 said the second command installs the 4 development
dependencies into the shipped image, and told the user to add --omit=dev to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from trees import tree

from ignoregen.lint.image import advise

PACKAGE = """\
{"name": "lint-cli", "version": "1.0.0", "bin": {"lint-cli": "cli.js"},
 "dependencies": {"commander": "12.0.0"},
 "devDependencies": {"ava": "6.0.0", "xo": "0.58.0"}}
"""


def ig704(root: Path, runs: list[str]) -> list[str]:
    lines = "".join(f"RUN {run}\n" for run in runs)
    dockerfile = ("FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\n"
                  f"{lines}WORKDIR /work\nENTRYPOINT [\"/usr/local/bin/lint-cli\"]\n")
    tree(root, {"Dockerfile": dockerfile, "package.json": PACKAGE, "cli.js": "1\n"})
    report = advise(root / "Dockerfile", root, "Dockerfile", None)
    return [item.message for item in report.findings if item.id == "IG704"]


@pytest.mark.parametrize("flag", ["--global", "-g", "--location=global"])
def test_a_global_link_of_the_project_installs_no_dev_dependency(
    tmp_path: Path, flag: str
) -> None:
    assert ig704(tmp_path, ["npm install --production", f"npm install {flag}"]) == []


def test_the_local_install_before_it_still_counts(tmp_path: Path) -> None:
    [message] = ig704(tmp_path, ["npm install", "npm install --global"])
    assert message.startswith("npm install installs the 2 development dependencies")
