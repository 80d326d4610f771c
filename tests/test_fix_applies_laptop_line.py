"""A laptop finding's fix takes, as a line of its kind, the same output of another app that
is here already: check shows it (IG104 "add '**/.vercel'", ``.vercel`` guessed beside each
package.json of a workspace), and --fix and --diff refused it ("Would fix 0 findings") for
stopping the other app's .vercel too, which no finding names. What check shows as the fix,
--fix applies; and no more than that."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, sent, tree

_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}


def _workspace(root: Path) -> Path:
    tree(root, {
        ".gitignore": "node_modules\n.vercel\n",
        "package.json": '{"private": true, "workspaces": ["apps/*"]}\n',
        "apps/site/package.json": '{"name": "site"}\n', "apps/site/main.js": "1\n",
        "apps/shop/package.json": '{"name": "shop"}\n', "apps/shop/main.js": "1\n",
        "Dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
        ".dockerignore": "**/.git\n**/node_modules\n",
    })
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=_ENV)
    # One app was deployed from this machine: its .vercel is here, the others' are not.
    tree(root, {"apps/site/.vercel/project.json": '{"projectId": "p"}\n'})
    return root


def _shown_fix(root: Path) -> list[str]:
    code, output = run_in(root, "check", "--format", "json")
    assert code in (0, 1), output
    return [edit["text"] for item in json.loads(output)["findings"]
            if item["id"] == "IG104" and item["fix"] for edit in item["fix"]["edits"]]


def test_fix_applies_the_laptop_line_check_shows(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    assert _shown_fix(root) == ["**/.vercel"]
    code, output = run_in(root, "check", "--diff")
    assert code == 1, output
    assert "+**/.vercel" in output
    run_in(root, "check", "--fix")
    assert not sent(root, "apps/shop/.vercel")
    assert not sent(root, "apps/site/.vercel")
    code, output = run_in(root, "check", "--format", "json")
    assert [item["id"] for item in json.loads(output)["findings"]
            if item["file"] == ".dockerignore"] == [], output
    code, output = run_in(root, "check", "--diff")
    assert "Would fix 0 findings" in output


def test_a_line_that_takes_what_a_build_copies_stays_out(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    tree(root, {"Dockerfile": "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\n"
                              "COPY apps/site/.vercel/project.json /etc/site.json\n"})
    run_in(root, "check", "--fix")
    assert sent(root, "apps/site/.vercel/project.json")
