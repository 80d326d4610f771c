"""Special entries in a build context, against a real engine.

FIFOs, sockets, symbolic links (loops, outside the context, dangling), names
that are not UTF-8, hard links, unreadable files and directories, and an
``.dockerignore`` that is itself a link or a directory. Each row records what
BuildKit and the classic builder actually produce (``FAIL``: the build fails,
with one of the messages in ``failure``), asserts the engine still does that,
and compares ``ignoregen ls`` with the engine.

Unreadable entries need a process that the file modes stop. Root ignores them,
so as root the build and ignoregen run under ``setpriv`` without
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (still uid 0, so the engine's socket
stays reachable). Where ignoregen is expected to fail it may exit 1 or 2; a
traceback is always a bug.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from docker_engine import (
    BUILDKIT,
    CLASSIC,
    Case,
    Engine,
    Entry,
    Outcome,
    assert_same,
    build_case,
    ignoregen_case,
    materialize,
)

FAIL = None
TABLE = ("table", "engine")
UNREADABLE = "unreadable"


def f(path: str, mode: int | None = None) -> Entry:
    return Entry("f", path, "", mode)


def d(path: str, mode: int | None = None) -> Entry:
    return Entry("d", path, "", mode)


def link(path: str, target: str) -> Entry:
    return Entry("l", path, target)


@dataclass(frozen=True)
class Row:
    id: str
    case: Case
    buildkit: tuple[str, ...] | None
    classic: tuple[str, ...] | None
    failure: tuple[str, ...] = ()
    needs: str = ""  # UNREADABLE: run without the capabilities that bypass file modes


PERMISSION_ERRORS = ("permission denied", "can't stat", "no permission to read from")

ROWS = [
    Row("fifo", Case((f("a"), Entry("p", "pipe")), None), ("a", "pipe"), ("a", "pipe")),
    # BuildKit sends the socket; it arrives in the image as an empty regular file.
    # The classic builder's tar writer skips sockets.
    Row("unix-socket", Case((f("a"), Entry("s", "sock")), None), ("a", "sock"), ("a",)),
    Row("symlink-to-itself", Case((link("loop", "loop"),), None), ("loop",), ("loop",)),
    Row("symlink-cycle", Case((link("x", "y"), link("y", "x")), None), ("x", "y"), ("x", "y")),
    Row(
        "symlinks-out-of-the-context",
        Case((link("abs", "/etc/passwd"), link("rel", "../Dockerfile"), link("dir", "/etc")), None),
        ("abs", "dir", "rel"),
        ("abs", "dir", "rel"),
    ),
    Row("dangling-symlink", Case((link("dang", "nowhere"),), None), ("dang",), ("dang",)),
    Row(
        "symlink-to-directory-is-a-leaf-and-patterns-do-not-follow-it",
        Case((f("d/x"), link("ld", "d")), "ld/x\n"),
        (".dockerignore", "d/x", "ld"),
        (".dockerignore", "d/x", "ld"),
    ),
    Row(
        "symlink-to-excluded-directory",
        Case((f("d/x"), link("ld", "d")), "d\n"),
        (".dockerignore", "ld"),
        (".dockerignore", "ld"),
    ),
    Row(
        "names-that-are-not-utf8",
        Case((f("a\udcff"), d("d\udcfe/x"), f("\ufffd")), None),
        ("a\udcff", "d\udcfe/x/", "\ufffd"),
        ("a\udcff", "d\udcfe/x/", "\ufffd"),
    ),
    Row(
        "odd-but-valid-names",
        Case((f("a\nb"), f("c\\d"), f(" lead"), f("trail "), f("tab\t"), f("*"), f("[x]")), None),
        (" lead", "*", "[x]", "a\nb", "c\\d", "tab\t", "trail "),
        (" lead", "*", "[x]", "a\nb", "c\\d", "tab\t", "trail "),
    ),
    Row(
        "hardlinks",
        Case((f("a"), Entry("h", "b", "a"), Entry("h", "d/c", "a")), None),
        ("a", "b", "d/c"),
        ("a", "b", "d/c"),
    ),
    Row(
        "hardlink-to-an-excluded-file",
        Case((f("a"), Entry("h", "b", "a")), "a\n"),
        (".dockerignore", "b"),
        (".dockerignore", "b"),
    ),
    Row("empty-context", Case((), None), (), ()),
    # --- unreadable entries ------------------------------------------------------------------
    Row(
        # BuildKit sends an unreadable file as an EMPTY file and the build succeeds.
        "unreadable-file",
        Case((f("a"), f("secret", 0)), None),
        ("a", "secret"),
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        "unreadable-file-excluded",
        Case((f("a"), f("secret", 0)), "secret\n"),
        (".dockerignore", "a"),
        (".dockerignore", "a"),
        needs=UNREADABLE,
    ),
    Row(
        "unreadable-file-in-excluded-directory-searched-for-an-exception",
        Case((f("a"), f("d/x"), f("d/s", 0)), "d\n!d/x\n"),
        (".dockerignore", "a", "d/x"),
        (".dockerignore", "a", "d/x"),
        needs=UNREADABLE,
    ),
    Row(
        "unreadable-directory",
        Case((f("a"), f("d/x"), d("d", 0)), None),
        FAIL,
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        "unreadable-empty-directory",
        Case((f("a"), d("d", 0)), None),
        FAIL,
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        # The classic CLI's filepath.Walk lists a directory before asking whether it is
        # excluded, so even an excluded unreadable directory fails the build.
        "unreadable-directory-excluded",
        Case((f("a"), f("d/x"), d("d", 0)), "d\n"),
        (".dockerignore", "a"),
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        "unreadable-directory-excluded-with-an-exception-inside",
        Case((f("a"), f("d/x"), d("d", 0)), "d\n!d/x\n"),
        FAIL,
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        # A wildcard exception makes BuildKit search every excluded directory.
        "unreadable-directory-excluded-with-a-wildcard-exception-elsewhere",
        Case((f("a"), f("d/x"), d("d", 0)), "d\n!**/a\n"),
        FAIL,
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        "unreadable-directory-below-an-excluded-directory",
        Case((f("a"), f("d/x"), f("d/s/y"), d("d/s", 0)), "d\n"),
        (".dockerignore", "a"),
        (".dockerignore", "a"),
        needs=UNREADABLE,
    ),
    Row(
        "searchable-but-unlistable-directory",
        Case((f("a"), f("d/x"), d("d", 0o111)), None),
        FAIL,
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    Row(
        "listable-but-unsearchable-directory",
        Case((f("a"), f("d/x"), d("d", 0o444)), None),
        FAIL,
        FAIL,
        PERMISSION_ERRORS,
        UNREADABLE,
    ),
    # --- the ignore file itself ---------------------------------------------------------------
    Row(
        "dockerignore-is-a-symlink-inside-the-context",
        Case((f("a"), f("b"), link(".dockerignore", "rules")), None, files=(("ctx/rules", "a\n"),)),
        (".dockerignore", "b", "rules"),
        FAIL,  # the classic CLI rewrites the link's tar entry for the outside Dockerfile
        ("archive/tar: write too long",),
    ),
    Row(
        "dockerignore-is-a-symlink-and-the-dockerfile-is-in-the-context",
        Case(
            (f("a"), f("b"), link(".dockerignore", "rules")),
            None,
            dockerfile="ctx/Dockerfile",
            files=(("ctx/rules", "a\n"),),
        ),
        (".dockerignore", "Dockerfile", "b", "rules"),
        (".dockerignore", "Dockerfile", "b", "rules"),
    ),
    Row(
        # BuildKit reads the ignore file through the context transfer, which does not
        # follow a link out of the context; the classic CLI just opens the path.
        "dockerignore-is-a-symlink-out-of-the-context",
        Case(
            (f("a"), f("b"), link(".dockerignore", "../rules")),
            None,
            dockerfile="ctx/Dockerfile",
            files=(("rules", "a\n"),),
        ),
        (".dockerignore", "Dockerfile", "a", "b"),
        (".dockerignore", "Dockerfile", "b"),
    ),
    Row(
        "dockerignore-is-a-dangling-symlink",
        Case((f("a"), link(".dockerignore", "nowhere")), None, dockerfile="ctx/Dockerfile"),
        (".dockerignore", "Dockerfile", "a"),
        (".dockerignore", "Dockerfile", "a"),
    ),
    Row(
        # BuildKit's frontend takes an ignore file it cannot read for no file (and sends
        # it, empty); the classic CLI fails to open it. Its one line would exclude itself.
        "dockerignore-is-unreadable",
        Case((f("a"), f(".dockerignore", 0)), None),
        (".dockerignore", "a"),
        FAIL,
        PERMISSION_ERRORS,
        needs=UNREADABLE,
    ),
    Row(
        # BuildKit reads <Dockerfile>.dockerignore only when it finds a file there: a
        # dangling link or a directory leaves it to the context's .dockerignore.
        "dockerfile-dockerignore-is-a-dangling-symlink",
        Case((f("a"), f("b"), link("Dockerfile.dockerignore", "nowhere")), "a\n",
             dockerfile="ctx/Dockerfile"),
        (".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "b"),
        (".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "b"),
    ),
    Row(
        "dockerfile-dockerignore-is-a-directory",
        Case((f("a"), f("b"), f("Dockerfile.dockerignore/x")), "a\n",
             dockerfile="ctx/Dockerfile"),
        (".dockerignore", "Dockerfile", "Dockerfile.dockerignore/x", "b"),
        (".dockerignore", "Dockerfile", "Dockerfile.dockerignore/x", "b"),
    ),
    Row(
        "dockerignore-is-a-directory",
        Case((f("a"), f(".dockerignore/x")), None),
        (".dockerignore/x", "a"),
        FAIL,
        ("is a directory",),
    ),
]


@functools.cache
def unprivileged_prefix() -> tuple[str, ...] | None:
    """A command prefix under which file modes apply, or None when there is none."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search")
    with tempfile.TemporaryDirectory() as scratch:
        closed = Path(scratch) / "closed"
        closed.write_text("x")
        closed.chmod(0)
        probe = subprocess.run([*prefix, "cat", str(closed)], capture_output=True, check=False)
    return prefix if probe.returncode != 0 else None


@pytest.mark.docker
@pytest.mark.parametrize("builder", [BUILDKIT, CLASSIC])
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_special_entry(
    row: Row, builder: str, tmp_path: Path, docker_engine: Engine, ignoregen_cli: None
) -> None:
    prefix: tuple[str, ...] = ()
    if row.needs == UNREADABLE:
        found = unprivileged_prefix()
        if found is None:
            pytest.skip("running as root without setpriv: file modes cannot stop this process")
        prefix = found
    materialize(row.case, tmp_path)
    got = build_case(
        docker_engine,
        builder,
        row.case,
        tmp_path,
        prefix=prefix,
        expect_failure_reasons=row.failure,
    )
    rows = row.buildkit if builder == BUILDKIT else row.classic
    recorded = Outcome(None if rows is None else tuple(sorted(os.fsencode(p) for p in rows)))
    header = row.case.describe()
    assert_same(recorded, got, f"the engine no longer does what the table says\n{header}", TABLE)
    ours = ignoregen_case(row.case, tmp_path, builder, prefix=prefix, failure_codes=(1, 2))
    assert_same(got, ours, header)
