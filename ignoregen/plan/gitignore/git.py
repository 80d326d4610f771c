"""Running git: one process per question, with settings that do not depend on the machine."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from ignoregen.errors import IgnoregenError

GIT_CONFIG = (
    f"core.excludesFile={os.devnull}",
    "core.ignoreCase=false",
    "core.quotePath=false",
)
"""``-c`` settings for every git command: no global excludes, case-sensitive matching."""
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}
"""Environment for every git command: no global or system configuration."""


class GitError(IgnoregenError):
    """A git command failed (not a repository, a path git refuses, ...)."""


def open_repository(path: Path) -> git.Repo:
    """The git repository whose work tree contains ``path``."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise GitError(f"{path}: not inside a git work tree") from exc


def work_tree(repo: git.Repo) -> Path:
    if repo.working_tree_dir is None:
        raise GitError(f"{repo.git_dir}: a bare repository has no work tree")
    return Path(repo.working_tree_dir)


def run_git(repo: git.Repo, args: Sequence[str], data: bytes = b"") -> tuple[int, bytes]:
    """Run git in the work tree with the machine-independent settings; (status, stdout)."""
    command = ["git"]
    for setting in GIT_CONFIG:
        command += ["-c", setting]
    command += list(args)
    with tempfile.TemporaryFile() as stdin:
        stdin.write(data)
        stdin.seek(0)
        status, out, err = repo.git.execute(
            command,
            istream=stdin,
            with_extended_output=True,
            with_exceptions=False,
            stdout_as_string=False,
            strip_newline_in_stdout=False,
            env=GIT_ENV,
        )
    if not isinstance(out, bytes):  # pragma: no cover - GitPython returns bytes here
        raise GitError("unexpected output from git")
    if status not in (0, 1):
        raise GitError(f"git {' '.join(args)} failed: {str(err).strip()}")
    return status, out


@dataclass(frozen=True)
class GitVerdict:
    """What ``git check-ignore -v`` says about one path."""

    ignored: bool
    source: str
    """The ignore file of the deciding pattern ("" when none matched)."""
    line: int
    pattern: str
    """The deciding pattern as written, with its ``!`` (a negation means "not ignored")."""


def check_ignore(repo: git.Repo, paths: Sequence[str], *, no_index: bool) -> dict[str, GitVerdict]:
    """``git check-ignore -v -n`` for repository-relative paths, in one process.

    With ``no_index`` the patterns decide even for tracked files; without it, tracked
    files and directories that hold them are never ignored (git's own view).
    """
    if not paths:
        return {}
    args = ["check-ignore", "--stdin", "-z", "-v", "-n"]
    if no_index:
        args.append("--no-index")
    data = b"".join(os.fsencode(path) + b"\0" for path in paths)
    _, out = run_git(repo, args, data)
    fields = out.split(b"\0")
    verdicts: dict[str, GitVerdict] = {}
    for i in range(0, len(fields) - 3, 4):
        source, line, pattern, path = (os.fsdecode(field) for field in fields[i : i + 4])
        matched = bool(source)
        verdicts[path] = GitVerdict(
            ignored=matched and not pattern.startswith("!"),
            source=source,
            line=int(line) if matched else 0,
            pattern=pattern,
        )
    missing = [path for path in paths if path not in verdicts]
    if missing:
        raise GitError(f"git check-ignore gave no answer for {missing[0]!r}")
    return verdicts


def tracked_files(repo: git.Repo) -> frozenset[str]:
    """Repository-relative paths in git's index."""
    _, out = run_git(repo, ["ls-files", "-z", "--cached"])
    return frozenset(os.fsdecode(path) for path in out.split(b"\0") if path)
