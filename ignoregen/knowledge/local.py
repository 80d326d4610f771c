"""What one developer's machine holds: local secrets, instance databases, host builds.

A path is **local** when a category marked ``local_only`` claims it (by a rule, or, for a
file no category claims by name, by its first bytes: the category's ``magic``) *and* the
repository's ``.gitignore`` lists it. Both halves are needed: a name such as
``config.yml`` or ``*.sqlite`` is a committed file in one repository and a developer's
settings in another; the ``.gitignore`` line says which, and a file in git's index is
never local (git ignores no tracked file). Such a path cannot be in a clean checkout, so
no build that works in CI reads it unless a COPY names it (the planner keeps those).

Reading the first bytes is kept cheap: only files that no category claims at all, of at
least :data:`MAGIC_MIN_SIZE` bytes, are opened, and only when a local-only category with
``magic`` applies.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ignoregen import fileio
from ignoregen.engine.dockerignore import Rule, parse_line
from ignoregen.knowledge.classify import LOCAL_MIN_SIZE, Classifier
from ignoregen.knowledge.preset import Category

if TYPE_CHECKING:  # (the gitignore package is imported when a gitignore file is asked)
    from ignoregen.plan.gitignore.parse import GitRule

MAGIC_MIN_SIZE = LOCAL_MIN_SIZE
"""Files smaller than this are never opened for their first bytes: a native executable or
a package is larger, and most small files are sources."""
SOURCE = "ignoregen"


PLACEHOLDERS = frozenset({".gitignore", ".gitkeep", ".keep"})
"""Files that only keep a directory in git: they do not make its contents the project's."""
CONTENTS_DEPTH = 2
"""How far below a local-only directory that .gitignore does not list itself to look for
directories whose contents it lists (``storage/uploads/files/*``)."""
CONTENTS_ENTRIES = 1000
"""A directory with more entries than this is not looked into for that."""


@dataclass(frozen=True)
class Local:
    """A path of the context that is one machine's, and why."""

    path: str
    """A ``.dockerignore`` pattern, context-relative: the path itself, or ``dir/*`` for
    everything inside a directory."""
    category: Category
    how: str
    """``name`` (a rule of the category) or ``content`` (its first bytes)."""
    listed: str
    """The gitignore line that lists it (``file:line``)."""


_Rules = tuple[tuple["GitRule", "re.Pattern[str]"], ...]
_READ: dict[tuple[str, str, str, int, int, int], _Rules] = {}
"""The rules of each gitignore file read in this process, by path, where it is shown from,
its base, and the file's inode, size and modification time: a run asks many times, from
one :class:`Gitignores` per context, and a file that changes is read again."""


class Gitignores:
    """The gitignore files that decide paths of one repository, read when first needed:
    ``.git/info/exclude`` and the ``.gitignore`` of every directory on a path's way."""

    def __init__(self, repo_root: Path) -> None:
        self.root = repo_root
        self._rules: dict[str, _Rules] = {}
        exclude = repo_root / ".git" / "info" / "exclude"
        self._exclude = self._read(exclude, ".git/info/exclude", "")

    @staticmethod
    def _read(path: Path, source: str, base: str) -> _Rules:
        """Each rule of the file with what it matches as a regular expression (the whole
        repository-relative path must match it)."""
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return ()
            key = (str(path), source, base, info.st_ino, info.st_size, info.st_mtime_ns)
            known = _READ.get(key)
            if known is not None:
                return known
            data = fileio.read_bytes(path)
        except OSError:
            return ()
        from ignoregen.plan.gitignore.glob import NeverMatches, rule_tokens, tokens_regex
        from ignoregen.plan.gitignore.parse import parse_gitignore_line, split_gitignore

        out: list[tuple[GitRule, re.Pattern[str]]] = []
        for line in split_gitignore(data):
            rule = parse_gitignore_line(line.text, source, line.number, base)
            if rule is None:
                continue
            try:
                out.append((rule, tokens_regex(rule_tokens(rule))))
            except NeverMatches:
                continue
        if len(_READ) >= 4096:
            _READ.clear()
        found = _READ[key] = tuple(out)
        return found

    def _of(self, directory: str) -> _Rules:
        known = self._rules.get(directory)
        if known is None:
            source = f"{directory}/.gitignore" if directory else ".gitignore"
            known = self._rules[directory] = self._read(self.root / source, source, directory)
        return known

    def _decide(self, path: str, is_dir: bool) -> GitRule | None:
        """The last rule that matches ``path`` itself (None: none does)."""
        parts = path.split("/")
        files = [self._exclude] + [
            self._of("/".join(parts[:depth])) for depth in range(len(parts))
        ]
        for rules in reversed(files):
            for rule, regex in reversed(rules):
                if rule.dir_only and not is_dir:
                    continue
                if regex.fullmatch(path) is not None:
                    return rule
        return None

    def lists(self, path: str, is_dir: bool) -> GitRule | None:
        """The rule by which git ignores ``path`` (repository-relative), or None. A path
        inside an ignored directory is ignored whatever is said about it."""
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            here = "/".join(parts[:depth])
            last = depth == len(parts)
            rule = self._decide(here, is_dir or not last)
            if rule is not None and not rule.negative:
                return rule
        return None


def _contents(
    context: Path, path: str, prefix: str, ignores: Gitignores, depth: int
) -> list[tuple[str, str]]:
    """(pattern, gitignore line) for what .gitignore lists inside the directory ``path``
    (not listed itself): ``path/*`` when it lists every entry but the placeholders, else
    the listed entries, and so on below, ``depth`` levels down."""
    from ignoregen.plan.gitignore.render import docker_literal

    try:
        with os.scandir(context / path) as iterator:
            entries = [entry for entry in iterator if entry.name not in PLACEHOLDERS]
    except OSError:
        return []
    if not entries or len(entries) > CONTENTS_ENTRIES:
        return []
    listed: dict[str, str] = {}
    unlisted: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        rule = ignores.lists(f"{prefix}{path}/{entry.name}", is_dir)
        if rule is not None:
            listed[entry.name] = rule.location
        elif is_dir:
            unlisted.append(entry)
        else:
            unlisted.append(entry)
    if len(listed) == len(entries):
        return [(f"{docker_literal(path)}/*", next(iter(listed.values())))]
    out = [(docker_literal(f"{path}/{name}"), where) for name, where in listed.items()]
    if depth > 0:
        for entry in unlisted:
            if entry.is_dir(follow_symlinks=False):
                out.extend(_contents(context, f"{path}/{entry.name}", prefix, ignores, depth - 1))
    return out


def repository_root(context: Path) -> Path | None:
    """The nearest directory at or above ``context`` holding ``.git``."""
    here = fileio.real(context)
    for candidate in (here, *here.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def _tracked(repo_root: Path, paths: Sequence[str]) -> set[str]:
    """Of ``paths`` (repository-relative), those in git's index; none when git cannot say."""
    from ignoregen.plan.gitignore.git import GitError, open_repository, run_git

    if not paths:
        return set()  # (no pathspec would list the whole index: bitwarden's init did, 407 times)
    try:
        repo = open_repository(repo_root)
        # Paths as written (no pathspec magic); all of the index when they are many.
        narrow = ["--", *paths] if len(paths) <= 500 else []
        code, out = run_git(repo, ["--literal-pathspecs", "ls-files", "-z", "--cached", *narrow])
    except (GitError, OSError):
        return set()
    if code != 0:
        return set()
    listed = {os.fsdecode(item) for item in out.split(b"\0") if item}
    if all(p in listed for p in paths):
        return set(paths)
    # A directory is tracked when a listed file lies below it: the directories of the listed
    # files, each once (asking every listed file of every path was quadratic: bitwarden's
    # init asked 7,451 index entries of thousands of paths, half its time)
    above = {x[:at] for x in listed for at, char in enumerate(x) if char == "/"}
    return {p for p in paths if p in listed or p in above}


def tracked(context: Path, paths: Sequence[str]) -> set[str]:
    """Of ``paths`` (relative to ``context``), those git's index holds; none when git
    cannot say (no repository, no git). A path inside a repository of its own below the
    context (a clone or a submodule: its directory holds ``.git``) is asked of that
    repository, whose index the outer one does not hold: netbox-docker's build script
    clones NetBox into ``.netbox``, which the outer .gitignore lists, and NetBox commits
    its bundled ``netbox/project-static/dist``."""
    root = repository_root(context)
    if root is None or not paths:
        return set()
    here = fileio.real(context)
    groups: dict[Path, list[str]] = {}
    held: dict[str, bool] = {}  # directory -> holds .git (each asked once)
    for path in paths:
        groups.setdefault(_nested_repository(here, path, held) or root, []).append(path)
    out: set[str] = set()
    for repo, group in groups.items():
        inner = os.path.relpath(repo, here).replace(os.sep, "/")
        if inner != "." and not inner.startswith("../"):
            cut = len(inner) + 1  # a nested repository: paths below it, from it
            found = _tracked(repo, [path[cut:] for path in group])
            out.update(path for path in group if path[cut:] in found)
            continue
        prefix = os.path.relpath(here, repo).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found = _tracked(repo, [prefix + path for path in group])
        out.update(path for path in group if prefix + path in found)
    return out


def _nested_repository(context: Path, path: str, held: dict[str, bool]) -> Path | None:
    """The nearest directory between ``context`` (exclusive) and ``path`` (a context-relative
    path; the path itself excluded) that holds ``.git``, if any; ``held`` remembers the
    directories already asked."""
    parts = path.split("/")[:-1]
    for depth in range(len(parts), 0, -1):
        directory = "/".join(parts[:depth])
        if directory not in held:
            held[directory] = os.path.lexists(context / directory / ".git")
        if held[directory]:
            return context / directory
    return None


def untracked(context: Path, paths: Sequence[str]) -> set[str]:
    """Of ``paths`` (files, relative to ``context``), those that git says lie in its work
    tree outside its index (``ls-files --others``): a developer's own files, whether a
    gitignore file lists them or not. None of them when git cannot say (no repository, git
    fails: a CI container's 'dubious ownership'), so a committed file is never taken for one."""
    root = repository_root(context)
    if root is None or not paths:
        return set()
    from ignoregen.plan.gitignore.git import GitError, open_repository, run_git

    prefix = os.path.relpath(fileio.real(context), root).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    try:
        repo = open_repository(root)
        code, out = run_git(repo, ["--literal-pathspecs", "ls-files", "-z", "--others", "--",
                                   *(prefix + path for path in paths)])
    except (GitError, OSError):
        return set()
    if code != 0:
        return set()
    listed = {os.fsdecode(item) for item in out.split(b"\0") if item}
    return {path for path in paths if prefix + path in listed}


def _sniff(path: Path, magic: Sequence[tuple[bytes, Category]], length: int) -> Category | None:
    try:
        head = fileio.read_bytes(path, length)[:length]
    except OSError:
        return None
    for prefix, category in magic:
        if head.startswith(prefix):
            return category
    return None


def _pointed(context: Path, path: str, suffixes: Sequence[str]) -> bool:
    """Does a pointer file (``path`` and a suffix, or a directory above it and a suffix)
    track ``path`` by reference? ``dvc add models/model.pt`` commits models/model.pt.dvc
    and lists the model in .gitignore; ``dvc pull`` fetches it into a checkout (a CI step
    before the image is built): the project's model, not one machine's."""
    parts = path.split("/")
    for end in range(len(parts), 0, -1):
        base = "/".join(parts[:end])
        for suffix in suffixes:
            try:
                if (context / (base + suffix)).is_file():
                    return True
            except (OSError, ValueError):
                continue
    return False


def find_local(context: Path, classifier: Classifier) -> list[Local]:
    """The local paths of ``context`` (relative to it), after the classifier's walk."""
    categories = classifier.local_categories()
    if not categories:
        return []
    named: list[tuple[str, bool, Category]] = []
    for path, is_dir in classifier.local_matches():
        category = classifier.category_of(path)
        if category is None or not category.local_only:
            if category is not None and category.exclude_by_default:
                continue  # excluded by its own category already
            category = classifier.local_claim(path)  # below a directory that is kept
        if category is not None:
            named.append((path, is_dir, category))
    found: list[tuple[str, bool, Category, str]] = [(p, d, c, "name") for p, d, c in named]
    magic = [(prefix, c) for c in categories for prefix in c.magic]
    if magic:
        length = max(len(prefix) for prefix, _ in magic)
        for path, _size in classifier.unclaimed(MAGIC_MIN_SIZE):
            category = _sniff(context / path, magic, length)
            if category is not None:
                found.append((path, False, category, "content"))
    pointers = classifier.presets.pointers  # DVC's X.dvc: X is the project's data
    if pointers:
        found = [entry for entry in found if not _pointed(context, entry[0], pointers)]
    from ignoregen.build.workflows import made_in_ci

    # What CI puts into the checkout before it builds (`wget -O models/x.pt`) is no one
    # machine's: the image built there has it, and may load it when it runs.
    found = [entry for entry in found if made_in_ci(context, entry[0]) is None]
    if not found:
        return []
    from ignoregen.plan.gitignore.render import docker_literal

    root = repository_root(context) or fileio.real(context)
    prefix = os.path.relpath(fileio.real(context), root).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    ignores = Gitignores(root)
    listed: list[tuple[str, Category, str, str]] = []
    for path, is_dir, category, how in found:
        rule = ignores.lists(prefix + path, is_dir)
        if rule is not None:
            listed.append((docker_literal(path), category, how, rule.location))
        elif is_dir:
            for pattern, where in _contents(context, path, prefix, ignores, CONTENTS_DEPTH):
                listed.append((pattern, category, how, where))
    if not listed:
        return []
    # A path in git's index is the project's whatever .gitignore says (no glob to ask for).
    plain = [prefix + p for p, _, _, _ in listed if not p.endswith("/*") and "\\" not in p]
    tracked = _tracked(root, plain)
    return [
        Local(path, category, how, where)
        for path, category, how, where in listed
        if prefix + path not in tracked
    ]


def gitignored(
    context: Path, paths: Sequence[tuple[str, bool]], read: dict[Path, Gitignores] | None = None
) -> dict[str, str]:
    """Of ``paths`` ((context-relative path, is a directory)), those that the repository's
    gitignore files list and git's index does not hold, with the line that lists each.
    ``read`` keeps the gitignore files read, by repository."""
    if not paths:
        return {}
    root = repository_root(context) or fileio.real(context)
    prefix = os.path.relpath(fileio.real(context), root).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    ignores = read.get(root) if read is not None else None
    if ignores is None:
        ignores = Gitignores(root)
        if read is not None:
            read[root] = ignores
    listed: dict[str, str] = {}
    for path, is_dir in paths:
        rule = ignores.lists(prefix + path, is_dir)
        if rule is not None:
            listed[path] = rule.location
    tracked = _tracked(root, [prefix + path for path in listed])
    return {path: where for path, where in listed.items() if prefix + path not in tracked}


class GitignoredOnce:
    """:func:`gitignored` for one run (``init`` asks it again for each plan of a context,
    mostly for the same paths): each path's answer is kept. The tree, its gitignore files
    and git's index must not change while the run lasts."""

    def __init__(self) -> None:
        self._known: dict[tuple[Path, str, bool], str | None] = {}
        self._read: dict[Path, Gitignores] = {}

    def __call__(self, context: Path, paths: Sequence[tuple[str, bool]]) -> dict[str, str]:
        known = self._known
        missing = list(dict.fromkeys(item for item in paths if (context, *item) not in known))
        batches = [missing] if len({path for path, _ in missing}) == len(missing) else [
            [item] for item in missing  # one path asked as a directory and as a file
        ]
        for batch in batches:
            found = gitignored(context, batch, self._read)
            for path, is_dir in batch:
                known[(context, path, is_dir)] = found.get(path)
        return {
            path: where for path, is_dir in paths
            if (where := known[(context, path, is_dir)]) is not None
        }


def local_rules(context: Path, classifier: Classifier) -> list[tuple[Category, Rule]]:
    """A rule excluding each local path by name, with its category: candidates of a plan.

    Grouped by category in the order each first appears (paths in order within one), so
    that the written file has one heading per category: by path alone, a laptop's
    ``mlruns``, ``models/best.pt`` and ``wandb`` gave experiment-runs two headings."""
    grouped: dict[str, list[tuple[Category, Rule]]] = {}
    for local in find_local(context, classifier):
        rule = parse_line(local.path, SOURCE, 0)
        if rule is not None:
            grouped.setdefault(local.category.id, []).append((local.category, rule))
    return [pair for pairs in grouped.values() for pair in pairs]
