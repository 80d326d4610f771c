"""The real-repository corpus: fixtures of public repositories, laid out for tests.

Each fixture in ``tests/corpus/<owner>__<name>/`` describes one public repository at one
commit (see ``source.toml``):

- ``tree.tsv``: mode, size and path of every tracked file (``git ls-tree -r -l HEAD``);
- ``files/``: the full text of the files that decide what a build reads (Dockerfiles,
  compose files, ignore files, manifests, build scripts, CI workflows). A name that git
  itself would read (``.gitignore``, ``.gitattributes``, ``.gitmodules``) is stored with
  a ``.corpus`` suffix, so that this repository's git does not obey it;
- ``expected.toml``: written by reading the repository, never by running ignoregen: the
  builds (context, Dockerfile, target), what each needs, what is junk and what is secret,
  each with the file and line that says so, and the files a developer's machine has that a
  clean checkout lacks (``laptop``). A build that only Podman runs says ``builder =
  "podman"``: what it is sent is what Buildah sends. Paths of needs, junk and secrets are
  patterns relative to the build's context and anchored there, as .dockerignore lines are
  (``**/`` for any depth, a trailing ``/`` for a directory and everything below it); a
  verdict that reading the repository could not settle says ``debatable = true``. A laptop
  entry is a file (``size``, or ``content``) or, ending in ``/``, a directory of ``files``
  files totalling ``size`` bytes; ``kind`` (elf, zip, gzip, sqlite) gives it the first
  bytes of such a file.

:func:`lay_out` writes a fixture to a directory: the kept files with their text, every
other tracked file as a sparse file of its size (so a 100 MB repository costs a few
kilobytes of disk), modes preserved, symbolic links as links. ``laptop=True`` adds the
developer's files and a ``.git`` directory of plausible size; ``git=True`` makes the
directory a real git checkout with one commit instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = Path(__file__).resolve().parent / "corpus"
STORED_SUFFIX = ".corpus"
MAX_EXTRA_FILES = 40
_GIT_NAMES = (".gitignore", ".gitattributes", ".gitmodules")

# Fixed dates and no user configuration, so that a commit is the same on every run.
GIT_ENV = {
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
_GIT = ("git", "-c", "user.name=corpus", "-c", "user.email=corpus@example.invalid",
        "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false")


@dataclass(frozen=True)
class RepoStats:
    """What the builds of one fixture were sent before and after ``init`` (summed over
    the builds), and how many expectations were missed."""

    builds: int
    before_files: int
    before_bytes: int
    after_files: int
    after_bytes: int
    misses: int
    debatable: int


# Filled by test_corpus, printed by conftest's terminal summary.
STATS: dict[str, RepoStats] = {}


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def summary_lines() -> list[str]:
    """One line per fixture tested, and a total: files and bytes before and after init."""
    if not STATS:
        return []
    lines = ["real-repository corpus: what the builds are sent, before -> after ignoregen init"]
    width = max(len(name) for name in STATS)
    total = [0, 0, 0, 0, 0, 0]
    for name, s in sorted(STATS.items()):
        lines.append(
            f"  {name:<{width}}  {s.builds:2d} builds  {s.before_files:6d} files "
            f"{_human(s.before_bytes):>9} -> {s.after_files:6d} files "
            f"{_human(s.after_bytes):>9}  misses {s.misses}"
            + (f" (+{s.debatable} debatable)" if s.debatable else "")
        )
        for i, value in enumerate((s.before_files, s.before_bytes, s.after_files,
                                   s.after_bytes, s.misses, s.debatable)):
            total[i] += value
    lines.append(
        f"  {'total':<{width}}  {len(STATS)} repos  {total[0]:6d} files "
        f"{_human(total[1]):>9} -> {total[2]:6d} files {_human(total[3]):>9}  "
        f"misses {total[4]} (+{total[5]} debatable)"
    )
    return lines


def stored_name(path: str) -> str:
    """The name under ``files/`` of a repository path."""
    parts = path.split("/")
    return "/".join(p + STORED_SUFFIX if p in _GIT_NAMES else p for p in parts)


def repository_name(stored: str) -> str:
    """The repository path of a name under ``files/`` (the inverse of :func:`stored_name`)."""
    parts = stored.split("/")
    out = []
    for part in parts:
        bare = part.removesuffix(STORED_SUFFIX)
        out.append(bare if bare in _GIT_NAMES else part)
    return "/".join(out)


@dataclass(frozen=True)
class Tracked:
    mode: str
    size: int
    path: str


@dataclass(frozen=True)
class Expectation:
    """One need, junk or secret of a build: a gitignore-style pattern relative to the
    build's context, and why."""

    path: str
    why: str
    debatable: bool = False


@dataclass(frozen=True)
class BuildSpec:
    name: str
    context: str
    dockerfile: str
    target: str | None
    unreadable: bool
    needs: tuple[Expectation, ...]
    junk: tuple[Expectation, ...]
    secrets: tuple[Expectation, ...]
    notes: str = ""
    builder: str = "buildkit"
    """The builder that runs it (``podman``: Buildah, reading ``.containerignore``)."""


@dataclass(frozen=True)
class Extra:
    """A file or directory of the developer's machine that a clean checkout lacks."""

    path: str
    size: int = 0
    files: int = 0
    content: str | None = None
    kind: str = ""
    why: str = ""

    @property
    def is_dir(self) -> bool:
        return self.path.endswith("/")


@dataclass(frozen=True)
class Fixture:
    name: str
    root: Path
    source: dict[str, Any]
    shape: str
    languages: tuple[str, ...]
    tree: tuple[Tracked, ...]
    builds: tuple[BuildSpec, ...]
    laptop: tuple[Extra, ...]
    kept: frozenset[str] = field(default_factory=frozenset)
    checkout: bool = False
    """``checkout = true`` in expected.toml: ``tests/test_corpus.py`` lays it out as a real git
    checkout (what its builds keep depends on what git's index holds: committed build output)."""

    def tracked_under(self, context: str, *, submodules: bool = True) -> list[str]:
        """Tracked paths inside ``context`` (repository-relative), relative to it.
        Submodules (empty directories here) are left out with ``submodules=False``."""
        prefix = "" if context in ("", ".") else context.rstrip("/") + "/"
        return [
            t.path[len(prefix):] for t in self.tree
            if t.path.startswith(prefix) and (submodules or t.mode != "160000")
        ]


def _expectations(raw: list[dict[str, Any]] | None) -> tuple[Expectation, ...]:
    out = []
    for item in raw or ():
        unknown = set(item) - {"path", "why", "debatable"}
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)} in {item}")
        out.append(Expectation(item["path"], item.get("why", ""), bool(item.get("debatable"))))
    return tuple(out)


def _read_tree(path: Path) -> tuple[Tracked, ...]:
    rows = []
    with open(path, encoding="utf-8", errors="surrogateescape") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            mode, size, name = line.rstrip("\n").split("\t", 2)
            rows.append(Tracked(mode, int(size), name))
    return tuple(rows)


def load(name: str) -> Fixture:
    root = CORPUS / name
    source = tomllib.loads((root / "source.toml").read_text(encoding="utf-8"))
    expected = tomllib.loads((root / "expected.toml").read_text(encoding="utf-8"))
    builds = []
    for raw in expected.get("build", ()):
        unknown = set(raw) - {
            "name", "context", "dockerfile", "target", "unreadable", "needs", "junk",
            "secrets", "notes", "builder",
        }
        if unknown:
            raise ValueError(f"{name}: unknown build keys {sorted(unknown)}")
        builds.append(BuildSpec(
            name=raw["name"],
            context=raw.get("context", "."),
            dockerfile=raw["dockerfile"],
            target=raw.get("target"),
            unreadable=bool(raw.get("unreadable")),
            needs=_expectations(raw.get("needs")),
            junk=_expectations(raw.get("junk")),
            secrets=_expectations(raw.get("secrets")),
            notes=raw.get("notes", ""),
            builder=raw.get("builder", "buildkit"),
        ))
    for item in expected.get("laptop", ()):
        unknown = set(item) - {"path", "size", "files", "content", "kind", "why"}
        if unknown or item.get("kind", "") not in ("", *MAGIC):
            raise ValueError(f"{name}: laptop entry {item}: unknown keys or kind")
    laptop = tuple(
        Extra(
            path=item["path"], size=int(item.get("size", 0)), files=int(item.get("files", 0)),
            content=item.get("content"), kind=item.get("kind", ""), why=item.get("why", ""),
        )
        for item in expected.get("laptop", ())
    )
    files = root / "files"
    kept = frozenset(
        repository_name(p.relative_to(files).as_posix())
        for p in files.rglob("*") if p.is_file() or p.is_symlink()
    ) if files.is_dir() else frozenset()
    return Fixture(
        name=name, root=root, source=source, shape=expected.get("shape", ""),
        languages=tuple(expected.get("languages", ())), tree=_read_tree(root / "tree.tsv"),
        builds=tuple(builds), laptop=laptop, kept=kept,
        checkout=bool(expected.get("checkout", False)),
    )


def names() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "expected.toml").is_file())


# The first bytes of the kinds of file a laptop holds, so that a file is recognised by its
# content as the real one would be (the rest stays sparse).
MAGIC = {
    "elf": b"\x7fELF\x02\x01\x01\x00",
    "zip": b"PK\x03\x04",
    "gzip": b"\x1f\x8b\x08\x00",
    "sqlite": b"SQLite format 3\x00",
}


def _sparse(path: Path, size: int, kind: str = "") -> None:
    with open(path, "wb") as out:
        if kind:
            out.write(MAGIC[kind])
        out.truncate(max(size, len(MAGIC[kind]) if kind else 0))


def _fake_git(dest: Path, total: int) -> None:
    """A ``.git`` directory of a plausible size: what every clone on a laptop has."""
    git = dest / ".git"
    for sub in ("refs/heads", "refs/tags", "objects/pack", "objects/info", "hooks", "info"):
        (git / sub).mkdir(parents=True, exist_ok=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "config").write_text("[core]\n\trepositoryformatversion = 0\n\tbare = false\n")
    (git / "refs/heads/main").write_text("0" * 40 + "\n")
    (git / "info/exclude").write_text("# git ls-files --others --exclude-from=.git/info/exclude\n")
    (git / "description").write_text("Unnamed repository\n")
    # git's templates put sample hooks in every clone: '!**/*.sample' once gave them back.
    for hook in ("pre-commit", "pre-push", "commit-msg"):
        (git / "hooks" / f"{hook}.sample").write_text("#!/bin/sh\n")
    _sparse(git / "index", 200_000)
    _sparse(git / "objects/pack/pack-0000.pack", max(total // 3, 10_000))
    _sparse(git / "objects/pack/pack-0000.idx", max(total // 300, 1_000))


def _extra(dest: Path, extra: Extra) -> Iterator[Path]:
    target = dest / extra.path
    if extra.is_dir:
        # A few dozen files stand for a large tree: its total size is kept, and the test
        # stays fast (every file is a system call or three on each walk).
        count = min(max(extra.files, 1), MAX_EXTRA_FILES)
        each = extra.size // count
        for i in range(count):
            leaf = target / f"part{i % 7}" / f"file{i}.dat"
            leaf.parent.mkdir(parents=True, exist_ok=True)
            _sparse(leaf, each, extra.kind)
            yield leaf
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if extra.content is not None:
        target.write_text(extra.content)
    else:
        _sparse(target, extra.size, extra.kind)
    yield target


def scratch_dir() -> str | None:
    """Where to lay fixtures out: a memory file system when there is one (thousands of
    small files are created and walked per fixture), else the default temporary place."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None


def lay_out(fixture: Fixture, dest: Path, *, laptop: bool = True, git: bool = False) -> Path:
    """Write ``fixture`` to ``dest`` (created); return ``dest``.

    Every tracked file is there with its mode and size; the kept files have their text.
    ``laptop`` adds the developer's files of ``expected.toml`` (and, without ``git``, a
    ``.git`` directory); ``git`` runs ``git init`` and commits the tracked files.
    """
    dest.mkdir(parents=True, exist_ok=True)
    files = fixture.root / "files"
    for item in fixture.tree:
        target = dest / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.mode == "120000":
            stored = files / stored_name(item.path)
            link = stored.read_text() if stored.is_file() else "missing-link-target"
            os.symlink(link, target)
            continue
        if item.mode == "160000":  # a submodule: an empty directory in a clone
            target.mkdir(exist_ok=True)
            continue
        stored = files / stored_name(item.path)
        if item.path in fixture.kept:
            target.write_bytes(stored.read_bytes())
        else:
            _sparse(target, item.size)
        if item.mode == "100755":
            os.chmod(target, 0o755)
    if git:
        env = {**os.environ, **GIT_ENV}
        subprocess.run([*_GIT, "init", "-q", str(dest)], check=True, env=env)
        listing = "\0".join(t.path for t in fixture.tree if t.mode != "160000")
        subprocess.run(
            [*_GIT, "-C", str(dest), "add", "-f", "--pathspec-from-file=-",
             "--pathspec-file-nul"],
            input=listing.encode("utf-8", "surrogateescape"), check=True, env=env,
        )
        subprocess.run([*_GIT, "-C", str(dest), "commit", "-q", "-m", "corpus"],
                       check=True, env=env)
        # A clone holds one pack, not a loose object per file: pack, so that .git weighs
        # (and walks) as it does in a CI checkout.
        subprocess.run([*_GIT, "-C", str(dest), "repack", "-a", "-d", "-q"],
                       check=True, env=env)
        subprocess.run([*_GIT, "-C", str(dest), "prune"], check=True, env=env)
    if laptop:
        if not git:
            _fake_git(dest, sum(t.size for t in fixture.tree))
        for extra in fixture.laptop:
            for _ in _extra(dest, extra):
                pass
    return dest
