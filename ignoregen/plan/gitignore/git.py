"""Running git: one process per question, with settings that do not depend on the machine."""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen.errors import IgnoregenError

GIT_CONFIG = (
    f"core.excludesFile={os.devnull}",
    "core.ignoreCase=false",
    "core.quotePath=false",
)
"""``-c`` settings for every git command: no global excludes, case-sensitive matching."""
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}
"""Environment for every git command: no global or system configuration."""
_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")
"""Left out of git's environment: the repository is the one around the path given (a hook
that runs ignoregen may have them set, relative to another directory)."""


class GitError(IgnoregenError):
    """A git command failed (not a repository, a path git refuses, ...)."""


@dataclass(frozen=True)
class Repository:
    """A git repository, as git finds it from a directory."""

    git_dir: Path
    common_dir: Path
    """Shared by all work trees of the repository (``info/exclude`` lives there)."""
    work_tree: Path | None
    """The top of the work tree; ``None`` for a bare repository."""


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES}
    env.update(LANGUAGE="C", LC_ALL="C")  # git's messages in English, whatever the locale
    env.update(GIT_ENV)
    return env


@functools.cache
def trusted() -> tuple[str, ...]:
    """The ``safe.directory`` values of the user's global and system git configuration, in
    order. GIT_ENV leaves that configuration out, yet git refuses a repository that another
    user owns unless one of them names it ('dubious ownership': a CI container's checkout,
    which actions/checkout trusts in the global file); they are given back on the command
    line, the one other place git takes them from. A repository's own configuration never
    counts for it, as git ignores it there."""
    env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARIABLES}
    env.update(LANGUAGE="C", LC_ALL="C")
    found: list[str] = []
    for scope in ("--system", "--global"):
        try:
            done = subprocess.run(
                ["git", "config", scope, "--get-all", "safe.directory"], cwd=os.sep,
                capture_output=True, env=env, check=False,
            )
        except OSError:
            return ()
        if done.returncode == 0:
            found += os.fsdecode(done.stdout).splitlines()
    return tuple(found)


def _git(cwd: str, args: Sequence[str], data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    command = ["git"]
    for setting in GIT_CONFIG:
        command += ["-c", setting]
    for directory in trusted():
        command += ["-c", f"safe.directory={directory}"]
    command += list(args)
    try:
        done = subprocess.run(
            command, cwd=cwd, input=data, capture_output=True, env=_environment(), check=False
        )
    except OSError as exc:
        raise GitError(f"{cwd}: cannot run git: {exc.strerror or exc}") from None
    if done.returncode not in (0, 1) and b"dubious ownership" in done.stderr:
        REFUSED.setdefault(cwd)
    return done


REFUSED: dict[str, None] = {}
"""The work trees git refused to read in this run (another user owns them and no
``safe.directory`` names them): what it tracks and ignores there was taken as unknown."""


def refused_warnings() -> list[str]:
    """A warning for each work tree git refused (see :data:`REFUSED`), once a run."""
    lines = [
        f"git will not read the repository at {where} (another user owns it: 'dubious "
        "ownership'), so what git tracks and ignores there is unknown and the results may "
        f"be wrong: trust it with 'git config --global --add safe.directory {where}'"
        for where in REFUSED
    ]
    REFUSED.clear()
    return lines


def _message(stderr: bytes) -> str:
    return stderr.decode("utf-8", "replace").strip()


def _as_given(where: str, physical: str) -> str:
    """``physical`` (a directory above ``where``, symbolic links resolved) spelled as the
    ancestor of ``where`` it is, so that paths given below it stay relative to it."""
    candidate = where
    while os.path.realpath(candidate) != physical:
        parent = os.path.dirname(candidate)
        if parent == candidate:
            return physical
        candidate = parent
    return candidate


def open_repository(path: Path) -> Repository:
    """The git repository whose work tree contains ``path``."""
    where = os.path.abspath(path)
    if not os.path.isdir(where):
        if not os.path.exists(where):
            raise GitError(f"{path}: not inside a git work tree")
        where = os.path.dirname(where)
    args = ["rev-parse", "--is-bare-repository", "--is-inside-work-tree", "--absolute-git-dir"]
    done = _git(where, [*args, "--git-common-dir", "--show-cdup"])
    if done.returncode != 0:
        message = _message(done.stderr)
        if "not a git repository" in message:
            raise GitError(f"{path}: not inside a git work tree")
        raise GitError(f"{path}: git rev-parse failed: {message}")
    bare, inside, git_dir, common_dir, *cdup = os.fsdecode(done.stdout).split("\n")
    if bare != "true" and inside != "true":
        raise GitError(f"{path}: not inside a git work tree")  # inside a .git directory
    here = os.path.realpath(where)  # git's own working directory: relative output starts there
    if inside != "true":
        return Repository(_absolute(here, git_dir), _absolute(here, common_dir), None)
    top = str(_absolute(here, cdup[0]))
    given = _as_given(where, top)

    def spelled(printed: str) -> Path:
        """A path git printed, spelled through the work tree as the caller spells it."""
        physical = str(_absolute(here, printed))
        if physical == top or physical.startswith(top.rstrip("/") + "/"):
            return Path(given + physical[len(top) :])
        return Path(physical)

    return Repository(spelled(git_dir), spelled(common_dir), Path(given))


def _absolute(here: str, printed: str) -> Path:
    return Path(os.path.normpath(os.path.join(here, printed)))


def work_tree(repo: Repository) -> Path:
    if repo.work_tree is None:
        raise GitError(f"{repo.git_dir}: a bare repository has no work tree")
    return repo.work_tree


def run_git(repo: Repository, args: Sequence[str], data: bytes = b"") -> tuple[int, bytes]:
    """Run git in the work tree with the machine-independent settings; (status, stdout)."""
    root = work_tree(repo)
    done = _git(str(root), args, data)
    if done.returncode not in (0, 1):
        raise GitError(f"{root}: git {' '.join(args)} failed: {_message(done.stderr)}")
    return done.returncode, done.stdout


@dataclass(frozen=True)
class GitVerdict:
    """What ``git check-ignore -v`` says about one path."""

    ignored: bool
    source: str
    """The ignore file of the deciding pattern ("" when none matched)."""
    line: int
    pattern: str
    """The deciding pattern as written, with its ``!`` (a negation means "not ignored")."""


def check_ignore(
    repo: Repository, paths: Sequence[str], *, no_index: bool
) -> dict[str, GitVerdict]:
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


def tracked_files(repo: Repository) -> frozenset[str]:
    """Repository-relative paths in git's index."""
    _, out = run_git(repo, ["ls-files", "-z", "--cached"])
    return frozenset(os.fsdecode(path) for path in out.split(b"\0") if path)
