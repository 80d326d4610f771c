"""A Hugging Face hub cache inside the context goes where .gitignore lists it.

huggingface/text-generation-inference's README runs the image with
``volume=$PWD/data`` and ``-v $volume:/data``: the hub cache then sits in the checkout's
data/ (listed in its .gitignore), as ``models--org--name/blobs/<sha256>`` with
``snapshots/<rev>/model.safetensors`` linking to a blob. Its Dockerfile.nix runs ``ADD .``.
init excluded the snapshot's link by its suffix (base.model-weights) and left the blobs,
which hold the gigabytes and have no suffix. A committed directory of that name stays.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from trees import run_in, sent, tree

DOCKERFILE = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"serve.py\"]\n"


def _cache(root: Path, under: str) -> None:
    repo = root / under / "models--bigscience--bloom-560m"
    (repo / "blobs").mkdir(parents=True)
    (repo / "blobs" / "a3c5e7").write_bytes(b"\0" * 4096)
    (repo / "snapshots" / "4f3e").mkdir(parents=True)
    os.symlink("../../blobs/a3c5e7", repo / "snapshots" / "4f3e" / "model.safetensors")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("4f3e")


def test_a_gitignored_hub_cache_goes(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "serve.py": "print(1)\n",
                    "requirements.txt": "torch\n", ".gitignore": "data/\n"})
    _cache(tmp_path, "data")
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert not sent(tmp_path, "data/models--bigscience--bloom-560m/blobs/a3c5e7")
    assert not sent(tmp_path, "data/models--bigscience--bloom-560m/refs/main")
    assert sent(tmp_path, "serve.py")


def test_a_committed_directory_of_that_name_stays(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {"Dockerfile": DOCKERFILE, "serve.py": "print(1)\n",
                    "requirements.txt": "torch\n",
                    "assets/models--tiny--bert/config.json": "{}\n"})
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, "assets/models--tiny--bert/config.json")
