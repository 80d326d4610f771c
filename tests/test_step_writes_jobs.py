"""A file a CI ``run`` step writes counts only in a job that may build an image
(build/workflows.py ``_may_build``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_init_exception_scope import init_here
from trees import tree

from ignoregen.build.workflows import _may_build, written_by_run
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import read_file
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup

# epic-stack's deploy.yml, cut down: the lint job writes .env for its own tools; the image
# is built by the container job, whose checkout has no .env.
EPIC_WORKFLOW = """\
on: push
jobs:
  lint:
    name: Lint
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: bahmutov/npm-install@v1
      - name: Copy test env vars
        run: cp .env.example .env
      - run: npx prisma migrate deploy && npx prisma generate --sql
      - run: npm run lint
  container:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: other/Dockerfile
"""


def _epic(root: Path, workflow: str) -> None:
    tree(root, {
        "other/Dockerfile": (
            "FROM node:22-slim\nWORKDIR /myapp\nCOPY package.json ./\nRUN npm ci\n"
            "COPY . .\nRUN npm run build\nCMD [\"npm\", \"start\"]\n"
        ),
        "package.json": '{"scripts": {"build": "vite build"}, "devDependencies": {"vite": "5"}}',
        ".gitignore": ".env\nnode_modules\n",
        ".env.example": "SESSION_SECRET=\n",
        "app/root.tsx": "export default 1\n",
        ".github/workflows/deploy.yml": workflow,
    })
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    # The developer's own .env, which .gitignore lists.
    (root / ".env").write_text("SESSION_SECRET=s3cr3t-of-the-laptop\n")


def sent(root: Path) -> set[str]:
    rules = read_file(root / ".dockerignore", buildkit=True)
    setup = BuildSetup(root, Builder.BUILDKIT, root / "other/Dockerfile", None)
    return {item.path for item in scan_context(setup, rules=rules, collect=Collect.SENT).sent}


def test_a_file_a_test_job_writes_is_not_kept(tmp_path: Path) -> None:
    # The lint job's 'cp .env.example .env' made init write '!.env', and a laptop's .env
    # (the developer's secrets, gitignored) went into the image with 'COPY . .'.
    _epic(tmp_path, EPIC_WORKFLOW)
    init_here(tmp_path)
    assert "!.env\n" not in (tmp_path / ".dockerignore").read_text()
    assert ".env" not in sent(tmp_path)
    assert "app/root.tsx" in sent(tmp_path)


def test_the_same_write_in_the_job_that_builds_is_kept(tmp_path: Path) -> None:
    moved = EPIC_WORKFLOW.replace(
        "      - uses: docker/build-push-action@v6",
        "      - run: cp .env.example .env\n      - uses: docker/build-push-action@v6",
    )
    _epic(tmp_path, moved)
    init_here(tmp_path)
    assert ".env" in sent(tmp_path)  # CI's copy of .env.example: the bundler reads it


@pytest.mark.parametrize(("step", "builds"), [
    ("uses: docker/build-push-action@v6", True),
    ("uses: docker/bake-action@v5", True),
    ("run: docker compose up --build --exit-code-from api", True),
    ("run: make image", True),
    ("run: ./scripts/release.sh", True),
    ("run: flyctl deploy --build-only", True),
    ("run: podman build -t x .", True),
    ("run: gcloud builds submit --tag gcr.io/p/app", True),
    ("uses: redhat-actions/buildah-build@v2", True),
    ("run: npm run lint", False),
    ("run: npx prisma migrate deploy", False),  # a database migration, not an image
    ("uses: actions/upload-artifact@v4", False),
])
def test_may_build(step: str, builds: bool) -> None:
    key, value = step.split(": ", 1)
    document = {"jobs": {"one": {"steps": [
        {"uses": "actions/checkout@v4"}, {"run": "cp .env.example .env"}, {key: value},
    ]}}}
    assert _may_build(document, ("jobs", "one", "steps", 1)) is builds


def test_a_composite_actions_steps_may_build() -> None:
    # Its steps run in whatever job calls it.
    document = {"runs": {"using": "composite", "steps": [{"run": "cp a b"}]}}
    assert _may_build(document, ("runs", "steps", 0))


def test_written_by_run_names_the_building_job_only(tmp_path: Path) -> None:
    _epic(tmp_path / "a", EPIC_WORKFLOW)
    assert written_by_run(tmp_path / "a", ".env") is None
    _epic(tmp_path / "b", EPIC_WORKFLOW.replace(
        "      - run: npm run lint", "      - run: docker build -f other/Dockerfile ."))
    assert written_by_run(tmp_path / "b", ".env") == ".github/workflows/deploy.yml:10"
