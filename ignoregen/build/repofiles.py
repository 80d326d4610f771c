"""Where a repository keeps the files that build and run its images: its compose files and
its command files (CI workflows, Makefiles, scripts), found three directories deep at most."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

_COMMAND_FILES = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    "Makefile",
    "*/Makefile",
    "justfile",
    "Justfile",
    "Taskfile.yml",
    "run",
    "*.sh",
    "bin/*",
    "scripts/*",
    "script/*",
    ".ci/*",
)
"""Where a repository's scripts and CI jobs run its images."""
_COMMAND_FILE = re.compile("|".join(fnmatch.translate(glob) for glob in _COMMAND_FILES))


def repository_root(context: Path) -> Path:
    """The nearest directory at or above ``context`` holding ``.git``, else ``context``."""
    for directory in (context, *context.parents):
        if (directory / ".git").exists():
            return directory
    return context


def repository_files(root: Path, skip_dirs: frozenset[str]) -> tuple[list[str], list[str]]:
    """(compose files, command files) of the repository, three directories deep at most."""
    from ignoregen.build.discover import is_compose

    compose: list[str] = []
    commands: list[str] = []
    stack = [("", 0)]
    while stack:
        relative, depth = stack.pop()
        try:
            with os.scandir(root / relative) as iterator:
                entries = sorted(iterator, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if depth < 3 and entry.name not in skip_dirs and entry.name != ".git":
                    stack.append((path, depth + 1))
            elif is_compose(entry.name):
                compose.append(path)
            elif _COMMAND_FILE.match(path):
                commands.append(path)
    return sorted(compose), sorted(commands)
