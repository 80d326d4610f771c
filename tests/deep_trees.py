"""Trees deeper than Python's recursion limit and than PATH_MAX: made and removed without
recursion and without long paths (pytest's own clean-up recurses, and would fail)."""

from __future__ import annotations

import os
from pathlib import Path

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY


def deep_tree(root: Path, depth: int) -> Path:
    """``root/d/d/.../d`` (``depth`` levels), a file every 100 levels and at the bottom, a
    Python module and its ``__pycache__`` at the bottom, and a Dockerfile that copies
    everything."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "Dockerfile").write_text("FROM scratch\nCOPY . /app\n")
    descriptor = os.open(root, _DIRECTORY)
    try:
        for level in range(1, depth + 1):
            os.mkdir("d", dir_fd=descriptor)
            child = os.open("d", _DIRECTORY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = child
            if level % 100 == 0 or level == depth:
                handle = os.open("f.txt", os.O_WRONLY | os.O_CREAT, dir_fd=descriptor)
                os.write(handle, b"x")
                os.close(handle)
        os.close(os.open("leaf.py", os.O_WRONLY | os.O_CREAT, dir_fd=descriptor))
        os.mkdir("__pycache__", dir_fd=descriptor)
    finally:
        os.close(descriptor)
    return root


def remove_tree(root: Path) -> None:
    """Delete a tree of any depth, moving through it with relative ``chdir``."""
    if not root.exists():
        return
    back = os.open(".", _DIRECTORY)
    names: list[str] = []
    try:
        os.chdir(root)
        while True:
            with os.scandir(".") as iterator:
                entries = list(iterator)
            below = next((e.name for e in entries if e.is_dir(follow_symlinks=False)), None)
            if below is not None:
                os.chdir(below)
                names.append(below)
                continue
            for entry in entries:
                os.unlink(entry.name)
            if not names:
                break
            os.chdir("..")
            os.rmdir(names.pop())
    finally:
        os.fchdir(back)
        os.close(back)
    os.rmdir(root)
