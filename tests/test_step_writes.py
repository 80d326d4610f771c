"""What a CI workflow's ``run`` step writes into the checkout (build/step_writes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_init_exception_scope import init_here
from trees import tree

from ignoregen.build.step_writes import written_paths
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import read_file
from ignoregen.engine.records import Collect
from ignoregen.engine.setup import Builder, BuildSetup


@pytest.mark.parametrize(("script", "workdir", "expected"), [
    ("mv next-extracted/ersatztv-channel .", ".", ["ersatztv-channel"]),
    ("cp -r dist/ build/web/", ".", ["build/web/dist"]),
    ("cp a b && mv c d/e", ".", ["b", "d/e"]),
    ("curl -fsSL -o tool https://x.invalid/t", "bin", ["bin/tool"]),
    ("wget --output-document=data.bin https://x.invalid", ".", ["data.bin"]),
    ("tar xzf a.tgz -C vendor/", ".", ["vendor"]),
    ("unzip -q a.zip -d .", ".", [""]),
    ("mv $OUT/x .", ".", ["x"]),
    ("mv x $DEST", ".", []),            # a variable: not read
    ("cp x /usr/local/bin/", ".", []),   # outside the checkout
    ("cp x ../../elsewhere", "a", []),
    ("cp -t dest a b", ".", []),
    ("echo 'unbalanced", ".", []),
    ("sudo mv x y  # comment", ".", ["y"]),
])
def test_written_paths(script: str, workdir: str, expected: list[str]) -> None:
    assert written_paths(script, workdir) == expected


SOLIDTIME_RELEASE = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Copy .env template for production
        run: |
          cp .env.production .env
          rm .env.production .env.example
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/prod/Dockerfile
"""


def _solidtime(root: Path, workflow: str | None) -> None:
    files = {
        "docker/prod/Dockerfile": (
            "FROM php:8.3\nWORKDIR /var/www/html\nCOPY . ./\nRUN cat .env\n"
            'ENTRYPOINT ["php", "artisan", "serve"]\n'
        ),
        ".gitignore": ".env\n/vendor\n",
        ".env.production": "APP_ENV=production\nAPP_KEY=\n",
        ".env.example": "APP_ENV=local\n",
        "artisan": "<?php\n",
        "app/Http/Kernel.php": "<?php\n",
    }
    if workflow is not None:
        files[".github/workflows/release.yml"] = workflow
    tree(root, files)


def test_a_file_ci_writes_before_the_build_is_kept_though_the_checkout_lacks_it(
    tmp_path: Path,
) -> None:
    # solidtime: the release job copies .env.production to .env, then builds an image whose
    # 'RUN cat .env' reads it. init wrote '**/.env' and the release build failed.
    _solidtime(tmp_path, SOLIDTIME_RELEASE)
    init_here(tmp_path)
    text = (tmp_path / ".dockerignore").read_text()
    assert "!.env\n" in text
    (tmp_path / ".env").write_text("APP_ENV=production\n")  # what the CI step writes
    assert ".env" in sent(tmp_path)
    assert "app/Http/Kernel.php" in sent(tmp_path)
    init_here(tmp_path)  # stable: a second run writes the same file
    assert (tmp_path / ".dockerignore").read_text() == text


def test_without_the_ci_step_a_gitignored_env_stays_out(tmp_path: Path) -> None:
    # The same repository without the step: a laptop's .env is the developer's own.
    _solidtime(tmp_path, SOLIDTIME_RELEASE.replace("cp .env.production .env", "true"))
    init_here(tmp_path)
    (tmp_path / ".env").write_text("APP_KEY=base64:secret\n")
    assert ".env" not in sent(tmp_path)


def sent(root: Path) -> set[str]:
    rules = read_file(root / ".dockerignore", buildkit=True)
    setup = BuildSetup(root, Builder.BUILDKIT, root / "docker/prod/Dockerfile", None)
    return {item.path for item in scan_context(setup, rules=rules, collect=Collect.SENT).sent}


DOKPLOY_WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Prepare env file
        run: |
          cp apps/web/.env.production.example .env.production
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: docker/prod/Dockerfile
"""


@pytest.mark.parametrize("written", [True, False])
def test_a_copy_of_a_file_ci_writes_keeps_it(tmp_path: Path, written: bool) -> None:
    # dokploy: the workflow writes .env.production from the example, and the Dockerfile
    # 'COPY .env.production ./.env'; the secrets' '**/.env.*' made that COPY fail. Where no
    # step writes it, the COPY names it all the same: init keeps it as it does on a machine
    # that has the file (the same file either way; excluding it fails the build wherever
    # the file is made), and check reports the secret the image then holds.
    workflow = DOKPLOY_WORKFLOW if written else DOKPLOY_WORKFLOW.replace("cp apps", "ls apps")
    tree(tmp_path, {
        "docker/prod/Dockerfile": (
            "FROM node:22-slim\nWORKDIR /app\nCOPY app.js .\nCOPY .env.production ./.env\n"
            'CMD ["node", "app.js"]\n'
        ),
        "app.js": "",
        "apps/web/.env.production.example": "NODE_ENV=production\n",
        ".github/workflows/release.yml": workflow,
    })
    init_here(tmp_path)
    written_here = rules_of(tmp_path)
    (tmp_path / ".env.production").write_text("NODE_ENV=production\n")
    assert ".env.production" in sent(tmp_path)
    init_here(tmp_path)  # where the file exists: the same rules (a comment may say more)
    assert rules_of(tmp_path) == written_here


def rules_of(root: Path) -> list[str]:
    return [line for line in (root / ".dockerignore").read_text().splitlines()
            if line and not line.startswith("#")]
