"""check run from a subdirectory of the repository (ROOT below the directory the builds
run from) judges a Dockerfile found there with the context its sources name, even when that
context lies above ROOT: the same committed content gives the same findings from the top
and from the subdirectory."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from trees import run_in, tree

# hedgedoc's backend/docker/Dockerfile, built from the repository's top
# (`docker buildx build -f backend/docker/Dockerfile .`): it copies the workspace's
# manifests by their paths from the top, and the top's .dockerignore keeps the committed
# development backend/.env out.
DOCKERFILE = (
    "FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package.json\n"
    "COPY backend/package.json backend/package.json\n"
    "COPY commons/package.json commons/package.json\nCOPY . .\nRUN yarn install\n"
)


def _repository(root: Path) -> Path:
    tree(root, {
        "package.json": '{"workspaces": ["backend", "commons"]}\n',
        ".dockerignore": "**/.git\n**/.env\n**/node_modules\n",
        "backend/package.json": '{"name": "backend"}\n', "backend/src/main.ts": "",
        "backend/.env": "HD_SESSION_SECRET=3b1f0c9e8d7a6b5c4d3e2f1a0b9c8d7e\n",
        "backend/docker/Dockerfile": DOCKERFILE,
        "commons/package.json": '{"name": "commons"}\n', "commons/index.ts": "",
    })
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": "/dev/null",
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)
    return root


def test_a_build_whose_sources_lie_above_root_is_judged_in_that_context(
    tmp_path: Path,
) -> None:
    root = _repository(tmp_path)
    code, top = run_in(root, "check", "--format", "json")
    assert code == 0, top
    code, below = run_in(root / "backend", "check", "--format", "json")
    report = json.loads(below)
    # Not "no .dockerignore applies to context ." and "backend/.env is sent": backend/ is
    # not the context, and the top's ignore file keeps the .env out.
    assert [item["id"] for item in report["findings"]] == \
        [item["id"] for item in json.loads(top)["findings"]], below
    assert report["contexts"] == [".."]
    assert code == 0


def test_a_dockerfile_in_root_itself_whose_sources_lie_above(tmp_path: Path) -> None:
    # The same layout with the Dockerfile directly in the directory checked
    # (`check services/api`, services/api/Dockerfile copying services/api/... from the top).
    root = _repository(tmp_path)
    tree(root, {"backend/Dockerfile": DOCKERFILE})
    code, below = run_in(root / "backend", "check", "--format", "json")
    report = json.loads(below)
    assert [item["id"] for item in report["findings"]
            if item["severity"] != "info"] == [], below
    assert report["contexts"] == [".."]
    assert code == 0
