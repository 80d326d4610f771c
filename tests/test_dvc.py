"""DVC repositories: data and models tracked by pointer files, DVC's own state.

``dvc add models/encoder.pt`` commits models/encoder.pt.dvc and lists the model in
models/.gitignore. ``dvc pull`` fetches it into a checkout, a developer's or CI's in a step
before ``docker build``; an image whose ``COPY . .`` sends it loads it when it runs. init
took the gitignored ``.pt`` for one machine's weights (base.model-weights) and wrote
``models/encoder.pt``: the image built after ``dvc pull`` started without its model. It
left DVC's cache (a second copy of every tracked file) in the context. A build that runs
``dvc pull`` on what it copied needs .git, unless DVC is told it has none (core.no_scm).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

SERVE = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\n"
         "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
         "CMD [\"uvicorn\", \"service.app:app\", \"--host\", \"0.0.0.0\"]\n")
WORKFLOW = """\
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install dvc && dvc pull
      - run: docker build -t service .
"""


def repository(root: Path, files: dict[str, str]) -> Path:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return tree(root, {
        "requirements.txt": "fastapi\njoblib\n", "service/__init__.py": "",
        "service/app.py": "from fastapi import FastAPI\n\napp = FastAPI()\n",
        ".gitignore": "__pycache__/\n.venv/\n",
        ".dvc/config": "[core]\n    remote = store\n['remote \"store\"']\n    url = s3://b/p\n",
        ".dvc/.gitignore": "/config.local\n/tmp\n/cache\n",
        ".github/workflows/image.yml": WORKFLOW,
        **files,
    })


def laptop(root: Path) -> None:
    """What `dvc pull` and DVC's own bookkeeping leave in a checkout."""
    tree(root, {
        "models/encoder.pt": "weights", "models/vocab.onnx": "weights",
        "data/features.sqlite": "rows",
        ".dvc/cache/files/md5/3f/0a1b": "weights", ".dvc/tmp/rwlock": "{}",
        ".dvc/config.local": "['remote \"store\"']\n    secret_access_key = abc\n",
    })


def test_what_dvc_tracks_stays_and_its_state_goes(tmp_path: Path) -> None:
    root = repository(tmp_path, {
        "Dockerfile": SERVE,
        "models/.gitignore": "/encoder.pt\n/vocab.onnx\n",
        "models/encoder.pt.dvc": "outs:\n- md5: 3f0a1b\n  size: 7\n  path: encoder.pt\n",
        "data.dvc": "outs:\n- md5: 77aa.dir\n  nfiles: 1\n  path: data\n",
        ".gitignore": "__pycache__/\n.venv/\n/data\n",
    })
    laptop(root)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, "models/encoder.pt")  # its pointer is committed beside it
    assert sent(root, "data/features.sqlite")  # below a tracked directory
    assert not sent(root, "models/vocab.onnx")  # no pointer: one machine's export
    for state in (".dvc/cache/files/md5/3f/0a1b", ".dvc/tmp/rwlock", ".dvc/config.local"):
        assert not sent(root, state), state
    assert sent(root, ".dvc/config")
    assert not sent(root, ".git/HEAD")


PULLED = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends"
          " git && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\n"
          "RUN pip install --no-cache-dir dvc[s3] && {setting}dvc pull\nCMD [\"python\", \"-m\", "
          "\"service\"]\n")


def test_dvc_pull_in_the_build_keeps_git_and_the_cache(tmp_path: Path) -> None:
    root = repository(tmp_path, {"Dockerfile": PULLED.format(setting="")})
    laptop(root)
    code, out = run_in(root, "init")
    assert code == 0, out
    assert sent(root, ".git/HEAD")
    assert sent(root, ".dvc/cache/files/md5/3f/0a1b")
    assert not sent(root, ".dvc/config.local")


@pytest.mark.parametrize(("config", "setting"), [
    ("[core]\n    remote = store\n    no_scm = true\n", ""),
    ("[core]\n    remote = store\n", "dvc config core.no_scm true && "),
])
def test_without_scm_git_goes(tmp_path: Path, config: str, setting: str) -> None:
    root = repository(tmp_path, {"Dockerfile": PULLED.format(setting=setting),
                                 ".dvc/config": config})
    code, out = run_in(root, "init")
    assert code == 0, out
    assert not sent(root, ".git/HEAD")
