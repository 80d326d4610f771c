"""A build that fetches Git LFS objects or submodules in the image reads the copied .git.

A model-serving repository keeps its weights in Git LFS; CI checks out without LFS, so the
checkout holds pointer files, and the Dockerfile copies the repository and runs ``git lfs
pull`` (or ``git submodule update --init``) to fill them in. init wrote ``**/.git`` and
the step failed ("not in a git directory"). A build that runs neither leaves .git out.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from trees import run_in, sent, tree

POINTER = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab" * 32
           + "\nsize 438000000\n")


@pytest.mark.parametrize(("step", "kept"), [
    ("git lfs install && git lfs pull", True),
    ("git lfs fetch && git lfs checkout", True),
    ("git submodule update --init --recursive", True),
    ("git lfs install", False),
])
def test_git_is_kept_for_lfs_and_submodules(tmp_path: Path, step: str, kept: bool) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    tree(tmp_path, {
        "Dockerfile": ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y "
                       "--no-install-recommends git git-lfs && rm -rf /var/lib/apt/lists/*\n"
                       f"WORKDIR /app\nCOPY . .\nRUN {step}\nCMD [\"python\", \"serve.py\"]\n"),
        ".gitattributes": "*.onnx filter=lfs diff=lfs merge=lfs -text\n",
        "models/detector.onnx": POINTER, "serve.py": "print('serving')\n",
    })
    code, out = run_in(tmp_path, "init")
    assert code == 0, out
    assert sent(tmp_path, ".git/HEAD") is kept
    assert sent(tmp_path, ".gitattributes") is ("lfs" in step and kept)
