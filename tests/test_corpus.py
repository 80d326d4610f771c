"""The real-repository corpus: ``init`` on each fixture, then what each build is sent.

For every fixture of ``tests/corpus`` (see :mod:`corpus`), laid out as a developer's
machine has it (the tracked files, plus ``node_modules``, virtualenvs, build output,
``.env`` files and a ``.git`` directory):

1. ``ignoregen init`` runs without a traceback and exits 0 or 1 (2 only where
   ``expected.toml`` says a build cannot be read);
2. for each build, ``ignoregen ls`` (with its Dockerfile, so that a per-Dockerfile ignore
   file counts) still sends every path the build needs, and sends no junk and no secret.

The verdicts in ``expected.toml`` come from reading each repository, not from running
ignoregen. Today's code misses some of them: each such miss is listed, with its reason, in
``tests/corpus/known_gaps.toml``. The test is a ratchet: it fails on a miss that is not
listed, and on a listed miss that no longer happens (a fix must shorten the list).
A miss on an expectation marked ``debatable`` is counted, never failed.

``IGNOREGEN_CORPUS_GAPS=print`` prints the TOML rows of every unlisted miss, to paste
into known_gaps.toml with a reason each.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from corpus import (
    CORPUS,
    STATS,
    BuildSpec,
    Expectation,
    Fixture,
    RepoStats,
    lay_out,
    load,
    names,
    scratch_dir,
    stored_name,
)

from ignoregen.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GAPS_FILE = CORPUS / "known_gaps.toml"
CHECKS = ("init-exit", "crash", "ls-exit", "need", "junk", "secret")


@dataclass(frozen=True)
class Miss:
    build: str
    check: str
    path: str
    detail: str
    debatable: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.build, self.check, self.path)


@contextmanager
def _captured() -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    out, err = io.BytesIO(), io.BytesIO()
    saved = sys.stdout, sys.stderr
    wrappers = [
        io.TextIOWrapper(buffer, encoding="utf-8", errors="surrogateescape", write_through=True)
        for buffer in (out, err)
    ]
    sys.stdout, sys.stderr = wrappers
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved
        for wrapper in wrappers:
            wrapper.flush()
            wrapper.detach()  # so that collecting the wrapper does not close the buffer


def run_cli(argv: Sequence[str]) -> tuple[int, bytes, str]:
    """``ignoregen ARGV`` in this process: exit code, stdout bytes, stderr text."""
    with _captured() as (out, err):
        try:
            code = main(list(argv))
        except BaseException as exc:  # a crash must be reported, not end the session
            code = -1
            print(f"Traceback (escaped main): {type(exc).__name__}: {exc}", file=sys.stderr)
    return code, out.getvalue(), err.getvalue().decode("utf-8", "replace")


def _crashed(code: int, err: str) -> bool:
    return code in (-1, 3) or "Traceback" in err or "internal error" in err


def _sent(root: Path, build: BuildSpec) -> tuple[int, set[str], str]:
    context = root / build.context
    code, out, err = run_cli(
        ["ls", "-0", "-j", "1", str(context), "-f", str(root / build.dockerfile),
         "--builder", build.builder]
    )
    entries = {os.fsdecode(raw) for raw in out.split(b"\0") if raw}
    return code, entries, err


def _weight(context: Path, entries: Iterable[str]) -> tuple[int, int]:
    files = size = 0
    for entry in entries:
        if entry.endswith("/"):
            continue
        files += 1
        size += os.lstat(context / entry).st_size
    return files, size


def _laid(root: Path) -> list[str]:
    """Every non-directory path under ``root``, relative to it."""
    out: list[str] = []
    for top, dirs, files in os.walk(root):
        rel = os.path.relpath(top, root)
        prefix = "" if rel == "." else rel + "/"
        out.extend(prefix + name for name in files)
        out.extend(prefix + name for name in dirs if os.path.islink(os.path.join(top, name)))
    return out


class _Pattern:
    """An expectation's pattern, relative to the context and anchored there as a line of
    .dockerignore is: ``*`` and ``?`` stay within one name, ``**`` crosses directories
    (``**/x``: at any depth), and a match covers everything below it; a trailing ``/``
    matches a directory only (so, everything below it)."""

    def __init__(self, pattern: str) -> None:
        text = pattern.lstrip("/")
        directory = text.endswith("/")
        text = text.rstrip("/")
        body = ""
        i = 0
        while i < len(text):
            if text.startswith("**/", i):
                body += "(?:.*/)?"
                i += 3
            elif text.startswith("**", i):
                body += ".*"
                i += 2
            elif text[i] == "*":
                body += "[^/]*"
                i += 1
            elif text[i] == "?":
                body += "[^/]"
                i += 1
            else:
                body += re.escape(text[i])
                i += 1
        below = "/.+" if directory else "(?:/.+)?"
        self._regex = re.compile(f"{body}{below}", re.DOTALL)

    def match_file(self, path: str) -> bool:
        return self._regex.fullmatch(path.rstrip("/")) is not None


def _spec(pattern: str) -> _Pattern:
    return _Pattern(pattern)


def _git_metadata(path: str) -> bool:
    """git's own files (.gitignore, .gitattributes) below a needed directory: no build
    reads them, so a need on the directory does not ask for them."""
    return path.rsplit("/", 1)[-1] in (".gitignore", ".gitattributes")


def _placeholder(path: str) -> bool:
    """A file that only keeps a directory in git (.gitkeep, .keep, a .gitignore of ``*``):
    sending it costs nothing, so a junk verdict on its directory does not count it."""
    return path.rsplit("/", 1)[-1] in (".gitkeep", ".keep", ".gitignore")


def _under(paths: Iterable[str], context: str) -> list[str]:
    prefix = "" if context in ("", ".") else context.rstrip("/") + "/"
    return [p[len(prefix):] for p in paths if p.startswith(prefix)]


def _judge(
    fixture: Fixture, build: BuildSpec, laid: list[str], sent: set[str]
) -> tuple[list[Miss], list[str]]:
    """The misses of one build, and the expectations that describe nothing (fixture bugs)."""
    tracked = set(fixture.tracked_under(build.context, submodules=False))
    here = _under(laid, build.context)
    misses: list[Miss] = []
    broken: list[str] = []

    def miss(check: str, item: Expectation, detail: str) -> None:
        misses.append(Miss(build.name, check, item.path, detail, item.debatable))

    for item in build.needs:
        spec = _spec(item.path)
        wanted = sorted(p for p in tracked if spec.match_file(p) and not _git_metadata(p))
        if wanted:
            dropped = [p for p in wanted if p not in sent]
            if dropped:
                miss("need", item, f"{len(dropped)} of {len(wanted)} not sent, e.g. {dropped[0]}")
            continue
        present = [p for p in here if spec.match_file(p)]
        if not present:
            broken.append(f"{build.name}: need {item.path!r} matches no file of the fixture")
        elif not any(spec.match_file(p) for p in sent):
            miss("need", item, f"none of {len(present)} sent, e.g. {present[0]}")
    for check, items in (("junk", build.junk), ("secret", build.secrets)):
        for item in items:
            spec = _spec(item.path)
            if not any(spec.match_file(p) for p in here):
                broken.append(f"{build.name}: {check} {item.path!r} matches no file laid out")
                continue
            # An empty directory left behind weighs nothing: only files count.
            leaked = sorted(
                p for p in sent
                if not p.endswith("/") and not _placeholder(p) and spec.match_file(p)
            )
            if leaked:
                miss(check, item, f"{len(leaked)} sent, e.g. {leaked[0]}")
    # Every clone has a .git (with git's sample hooks); no build sends any of it unless
    # a need asks for it (a version computed from git).
    # (The builds of one context share its ignore file: a need of one is kept for all.)
    shared = [other for other in fixture.builds if other.context == build.context]
    if not any(
        _spec(item.path).match_file(".git/HEAD") for other in shared for item in other.needs
    ):
        history = sorted(p for p in sent if p.startswith(".git/") and not p.endswith("/"))
        if history:
            misses.append(Miss(build.name, "junk", ".git/", f"{len(history)} sent, e.g. "
                               f"{history[0]}", False))
    return misses, broken


def examine(fixture: Fixture, root: Path) -> tuple[list[Miss], list[str], RepoStats]:
    """Lay out nothing; run init and ls on ``root`` (already laid out) and judge."""
    laid = _laid(root)
    before_files = before_bytes = 0
    for build in fixture.builds:
        _, entries, _ = _sent(root, build)
        files, size = _weight(root / build.context, entries)
        before_files += files
        before_bytes += size
    misses: list[Miss] = []
    broken: list[str] = []
    code, out, err = run_cli(["init", "-C", str(root)])
    allowed = {0, 1} | ({2} if any(b.unreadable for b in fixture.builds) else set())
    said = [
        line.strip().replace(str(root), "<repo>")
        for line in (out.decode("utf-8", "replace") + err).splitlines()
        if "error" in line or "Traceback" in line
    ]
    if _crashed(code, err):
        misses.append(Miss("*", "crash", "init", f"exit {code}: {' | '.join(said)[:300]}"))
    elif code not in allowed:
        misses.append(Miss("*", "init-exit", "init", f"exit {code}: {' | '.join(said)[:300]}"))
    after_files = after_bytes = 0
    for build in fixture.builds:
        code, sent, err = _sent(root, build)
        if _crashed(code, err):
            misses.append(Miss(build.name, "crash", "ls", f"exit {code}: {err.strip()[-200:]}"))
        elif code != 0 and not (build.unreadable and code == 2):
            misses.append(Miss(build.name, "ls-exit", "ls", f"exit {code}: {err.strip()[:200]}"))
        found, problems = _judge(fixture, build, laid, sent)
        misses.extend(found)
        broken.extend(problems)
        files, size = _weight(root / build.context, sent)
        after_files += files
        after_bytes += size
    stats = RepoStats(
        builds=len(fixture.builds),
        before_files=before_files, before_bytes=before_bytes,
        after_files=after_files, after_bytes=after_bytes,
        misses=sum(not m.debatable for m in misses),
        debatable=sum(m.debatable for m in misses),
    )
    return misses, broken, stats


def known_gaps() -> dict[str, dict[tuple[str, str, str], str]]:
    if not GAPS_FILE.is_file():
        return {}
    raw = tomllib.loads(GAPS_FILE.read_text(encoding="utf-8"))
    out: dict[str, dict[tuple[str, str, str], str]] = {}
    for fixture, table in raw.items():
        rows = out.setdefault(fixture, {})
        for gap in table.get("gaps", ()):
            rows[(gap["build"], gap["check"], gap["path"])] = gap.get("reason", "")
    return out


NAMES = names()


def test_corpus_is_large_enough() -> None:
    assert len(NAMES) >= 40
    assert sum(len(load(name).builds) for name in NAMES) >= 60


def test_known_gaps_are_well_formed() -> None:
    gaps = known_gaps()
    assert set(gaps) <= set(NAMES), "known_gaps.toml names a fixture that does not exist"
    for fixture, rows in gaps.items():
        builds = {b.name for b in load(fixture).builds} | {"*"}
        for (build, check, path), reason in rows.items():
            where = f"{fixture}: {build} {check} {path}"
            assert build in builds, f"{where}: no such build"
            assert check in CHECKS, f"{where}: unknown check"
            assert reason.strip(), f"{where}: give the reason"
            assert "TODO" not in reason, f"{where}: give the reason"


@pytest.mark.parametrize("name", NAMES)
def test_expected_is_consistent(name: str) -> None:
    """Each build's Dockerfile exists (unless it is marked unreadable), no tracked file is
    both needed and junk, and every verdict says why."""
    fixture = load(name)
    tracked = {t.path for t in fixture.tree}
    assert fixture.builds, "a fixture lists its builds"
    assert len({b.name for b in fixture.builds}) == len(fixture.builds), "build names repeat"
    for build in fixture.builds:
        assert build.dockerfile in tracked or build.unreadable, build.dockerfile
        inside = fixture.tracked_under(build.context)
        needed: dict[str, str] = {}  # a tracked file that a need names -> that need
        for need in build.needs:
            assert need.why, f"{build.name}: need {need.path} says why"
            spec = _spec(need.path)
            needed.update((p, need.path) for p in inside if p not in needed and spec.match_file(p))
        for junk in (*build.junk, *build.secrets):
            assert junk.why, f"{build.name}: {junk.path} says why"
            spec = _spec(junk.path)
            both = sorted(p for p in needed if spec.match_file(p))
            assert not both, (f"{build.name}: {both[:3]} are both needed "
                              f"({needed[both[0]] if both else ''}) and {junk.path}")


@pytest.mark.parametrize("name", NAMES)
def test_corpus(name: str) -> None:
    fixture = load(name)
    with tempfile.TemporaryDirectory(prefix="ignoregen-corpus-", dir=scratch_dir()) as tmp:
        root = lay_out(fixture, Path(tmp) / name.replace("__", "-"), laptop=True,
                       git=fixture.checkout)
        misses, broken, stats = examine(fixture, root)
    STATS[name] = stats
    assert not broken, "expected.toml describes files the fixture lacks:\n" + "\n".join(broken)
    listed = known_gaps().get(name, {})
    actual = {m.key: m for m in misses if not m.debatable}
    unlisted = [m for key, m in sorted(actual.items()) if key not in listed]
    fixed = sorted(key for key in listed if key not in actual)
    if unlisted and os.environ.get("IGNOREGEN_CORPUS_GAPS") == "print":
        rows = "\n".join(
            f'  {{ build = "{m.build}", check = "{m.check}", path = "{m.path}", '
            f'reason = "TODO {m.detail}" }},' for m in unlisted
        )
        print(f"\n[{name}]\ngaps = [\n{rows}\n]", file=sys.__stdout__)
    problems = [f"new miss: {m.build} {m.check} {m.path}: {m.detail}" for m in unlisted]
    problems += [
        f"fixed (remove it from known_gaps.toml): {build} {check} {path}"
        for build, check, path in fixed
    ]
    assert not problems, "\n".join(problems)


def test_lay_out_keeps_sizes_modes_links_and_text(tmp_path: Path) -> None:
    """The loader itself: every tracked file at its size and mode (sparse), symbolic links
    as links, the kept files with their text, the laptop's extras and a .git directory."""
    fixture = load("dani-garcia__vaultwarden")  # has a symlinked Dockerfile and executables
    root = lay_out(fixture, tmp_path / "repo", laptop=True)
    for item in fixture.tree:
        path = root / item.path
        if item.mode == "120000":
            assert path.is_symlink(), item.path
            continue
        # Large lockfiles are kept empty (their presence is what matters).
        expected = (
            len((fixture.root / "files" / stored_name(item.path)).read_bytes())
            if item.path in fixture.kept else item.size
        )
        assert path.stat().st_size == expected, item.path
        assert bool(path.stat().st_mode & 0o100) == (item.mode == "100755"), item.path
    assert os.readlink(root / "Dockerfile") == "docker/Dockerfile.debian"
    assert (root / "build.rs").read_bytes().startswith(b"use ")
    assert (root / ".git/HEAD").is_file()
    assert (root / ".env").read_text().startswith("ADMIN_TOKEN=")
    binary = root / "target/debug/vaultwarden"
    assert binary.read_bytes()[:4] == b"\x7fELF"
    # Sparse: the whole tree (a gigabyte of build output included) takes little disk.
    blocks = sum(os.lstat(Path(top) / f).st_blocks for top, _, fs in os.walk(root) for f in fs)
    assert blocks * 512 < 30_000_000


def test_lay_out_as_a_git_checkout(tmp_path: Path) -> None:
    """``git=True``: a real repository whose one commit holds exactly the tracked files; the
    laptop's extras are untracked (and, where .gitignore lists them, ignored)."""
    fixture = load("astral-sh__uv-docker-example")
    root = lay_out(fixture, tmp_path / "repo", laptop=True, git=True)
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode().split("\0")
    assert sorted(p for p in listed if p) == sorted(t.path for t in fixture.tree)
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--ignored"],
        capture_output=True, check=True, text=True,
    ).stdout.splitlines()
    assert "!! .venv/" in status
    assert all(line.startswith(("!!", "??")) for line in status), status


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("app.py", "app.py", True),
        ("app.py", "sub/app.py", False),
        ("/whoami", "whoami", True),
        ("src/", "src/a/b.py", True),
        ("src/", "src", False),
        ("docs", "docs/index.md", True),
        ("**/node_modules/", "a/b/node_modules/x/y.js", True),
        ("**/node_modules/", "node_modules/x.js", True),
        ("**/__pycache__/", "pkg/__pycache__/m.pyc", True),
        ("*.go", "main.go", True),
        ("*.go", "pkg/main.go", False),
        ("crates/*/Cargo.toml", "crates/a/Cargo.toml", True),
        ("crates/*/Cargo.toml", "crates/a/b/Cargo.toml", False),
        ("crates/**/src/", "crates/a/b/src/lib.rs", True),
        ("dev-data*/", "dev-data/x.db", True),
        ("target/*.jar", "target/app.jar", True),
        ("storage/logs/*.log", "storage/logs/laravel.log", True),
        ("storage/logs/*.log", "storage/logs/.gitignore", False),
    ],
)
def test_expectation_patterns(pattern: str, path: str, matches: bool) -> None:
    assert _spec(pattern).match_file(path) is matches
