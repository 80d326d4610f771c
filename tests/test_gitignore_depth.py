"""What a developer's machine holds is what git ignores, decided as git decides: a
gitignore exception re-includes the name it matches, not what lies below it (remark42's
``frontend/.gitignore``: ``public`` then ``!remark42`` leaves
``apps/remark42/public`` ignored). A rule of the ignore file guarding such a path is not
"unmatched"."""

from __future__ import annotations

import subprocess
from pathlib import Path

from test_check_views import check
from test_findings import make

from ignoregen.engine.dockerignore import parse_line
from ignoregen.lint.maybe import MayExist


def test_exception_does_not_reach_below_its_name(tmp_path: Path) -> None:
    make(tmp_path, {
        "Dockerfile": "FROM node:22\nWORKDIR /srv\nCOPY frontend/ /srv/\nRUN npm ci\n",
        ".dockerignore": "/.git/\n/frontend/apps/remark42/public/\n",
        ".gitignore": "remark42\n",  # the Go binary, at any depth for git
        "frontend/.gitignore": "node_modules\npublic\ndist\n!remark42\n",
        "frontend/package.json": "{}\n",
        "frontend/apps/remark42/package.json": "{}\n",
        "frontend/apps/remark42/app/index.ts": "export {}\n",
    })
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    # git itself agrees that the path is ignored
    probe = tmp_path / "frontend/apps/remark42/public"
    probe.mkdir()
    (probe / "x.js").write_text("x")
    listed = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q",
                             "frontend/apps/remark42/public/x.js"], check=False)
    assert listed.returncode == 0
    (probe / "x.js").unlink()
    probe.rmdir()
    found = check(tmp_path)
    assert [f for f in found if f.id == "IG401"] == [], [f.message for f in found]


def _listed(*lines: str) -> MayExist:
    return MayExist(tuple(
        rule for n, line in enumerate(lines, 1)
        if (rule := parse_line(line, ".gitignore", n)) is not None
    ))


def test_git_order_from_the_root_down() -> None:
    may = _listed("**/remark42", "frontend/**/public", "!frontend/**/remark42")
    assert may.gitignored("frontend/apps/remark42") is None  # re-included by name
    assert may.gitignored("frontend/apps/remark42/src/a.ts") is None
    found = may.gitignored("frontend/apps/remark42/public/x.js")
    assert found is not None
    assert found.pattern == "frontend/**/public"
    # nothing below an excluded directory comes back
    may = _listed("build", "!build/keep.txt")
    assert may.gitignored("build/keep.txt") is not None
    assert may.gitignored("src/build.txt") is None
