"""check reports a Yarn release that ``.yarnrc.yml``'s ``yarnPath`` names when the ignore
file excludes it under a ``COPY . .`` and the image runs Yarn (node.toml's ``[[needs]]``
entry marked ``checked``; lint/needed.py). Yarn hands over to that release and stops when it
is missing. Evidence: dagster-io/dagster's root .yarnrc.yml names
.yarn/releases/yarn-1.22.21.cjs, and its pull request 27063 ("dont dockerignore .yarn")
took the '.yarn' line out of .dockerignore because the image needs that file. check said
nothing about such a file before."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

RELEASE = ".yarn/releases/yarn-4.5.0.cjs"


def _repo(root: Path, dockerfile: str, yarnrc: str = f"yarnPath: {RELEASE}\n",
          ignore: str = "node_modules\n.yarn\n.git\n") -> Path:
    tree(root, {
        "package.json": '{"name": "app", "packageManager": "yarn@4.5.0"}\n',
        "yarn.lock": "# yarn lockfile\n",
        ".yarnrc.yml": "nodeLinker: node-modules\n" + yarnrc,
        RELEASE: "// the committed Yarn release\n",
        "index.js": "console.log(1)\n",
        "Dockerfile": "FROM node:22-slim\nWORKDIR /app\n" + dockerfile,
        ".dockerignore": ignore,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return root


@pytest.mark.parametrize("run", [
    "RUN yarn install --immutable && yarn build\n",
    'RUN ["yarn", "install"]\n',
    "RUN corepack enable && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn\n",
])
def test_an_excluded_release_that_yarn_runs_is_an_error(tmp_path: Path, run: str) -> None:
    root = _repo(tmp_path, "COPY . .\n" + run)
    code, output = run_in(root, "check")
    assert code == 1, output
    assert (f"Dockerfile:3: error IG201 COPY .: {RELEASE} is excluded by .dockerignore:2 "
            "('.yarn')") in output, output
    assert ".yarnrc.yml:2: yarnPath names it" in output, output


def test_the_fix_gives_the_release_back(tmp_path: Path) -> None:
    root = _repo(tmp_path, "COPY . .\nRUN yarn install\n")
    run_in(root, "check", "--fix")
    assert sent(root, RELEASE)
    assert not sent(root, ".yarn/install-state.gz")
    _, output = run_in(root, "check")
    assert "IG201" not in output, output


@pytest.mark.parametrize(("dockerfile", "yarnrc", "ignore"), [
    ("COPY . .\nRUN npm ci\n", None, None),  # no Yarn run
    ("COPY . .\nRUN npm install -g yarn && cp yarn.lock /tmp/\n", None, None),  # named only
    ("COPY . .\nRUN yarn install\n", "", None),  # no yarnPath
    ("COPY package.json yarn.lock ./\nRUN yarn install\n", None, None),  # .yarnrc.yml not sent
    ("COPY . .\nRUN yarn install\n", None, ".yarn\n.yarnrc.yml\n"),  # nor here
    ("COPY . .\nRUN yarn install\n", None, ".yarn\n!.yarn/releases\n"),  # given back
])
def test_no_error_where_yarn_does_not_run_that_release(
    tmp_path: Path, dockerfile: str, yarnrc: str | None, ignore: str | None
) -> None:
    root = _repo(tmp_path, dockerfile,
                 *([] if yarnrc is None else [yarnrc]),
                 **({} if ignore is None else {"ignore": ignore}))
    _, output = run_in(root, "check")
    assert "IG201" not in output, output


def test_a_copy_of_the_excluded_directory_itself_is_reported_once(tmp_path: Path) -> None:
    """'COPY .yarn ./.yarn' under '.yarn' is IG201 for the COPY's own source already; the
    release under it is not reported again, at that line or at a later 'COPY . .'."""
    root = _repo(tmp_path, "COPY package.json yarn.lock .yarnrc.yml ./\nCOPY .yarn ./.yarn\n"
                           "RUN yarn install\nCOPY . .\n")
    _, output = run_in(root, "check")
    assert output.count("IG201") == 1, output
    assert "Dockerfile:4: error IG201 COPY .yarn: excluded by .dockerignore:2" in output


def test_a_copy_that_sends_the_directory_without_the_release(tmp_path: Path) -> None:
    root = _repo(tmp_path, "COPY package.json yarn.lock .yarnrc.yml ./\nCOPY .yarn ./.yarn\n"
                           "RUN yarn install\n", ignore=".yarn/releases\n")
    code, output = run_in(root, "check")
    assert code == 1, output
    assert f"Dockerfile:4: error IG201 COPY .yarn: {RELEASE} is excluded by .dockerignore:1" \
        in output, output
