"""Which ignore file Buildah applies: truth tables checked against a real Buildah.

The first table covers every combination of the four names Buildah looks for
(``.containerignore`` and ``.dockerignore`` in the context, ``<build file>.containerignore``
and ``<build file>.dockerignore`` beside the build file) with and without
``--ignorefile``: each file excludes one file named after it, so the leaves show which
one applied. The second holds the corners: how the build file is found, links,
directories, empty files. Every row asserts that Buildah still behaves as recorded (so
the table documents Buildah, not our beliefs) and that ``ignoregen ls --builder buildah``
agrees. Builds run from the case directory as ``buildah bud [-f FILE] [ARGS] ctx``.

``FAIL`` means the build fails.
"""

from __future__ import annotations

import concurrent.futures
from dataclasses import dataclass
from pathlib import Path

import pytest
from buildah_engine import Buildah, build_case, case_arguments, ignoregen_many
from docker_engine import Case, Entry, Outcome, assert_same, materialize

FAIL = None
TABLE = ("table", "engine")

# name in the table -> (where the file lies, relative to the case directory)
PLACES = {
    "C": "ctx/.containerignore",
    "D": "ctx/.dockerignore",
    "FC": "ctx/Containerfile.containerignore",
    "FD": "ctx/Containerfile.dockerignore",
    "I": "my.ignore",
}
# Which file applies, for each combination of files present (no -f: ctx/Containerfile is
# found). Written out, not computed: this is the record the engine is checked against.
WINNERS = {
    (): None,
    ("C",): "C",
    ("D",): "D",
    ("C", "D"): "C",
    ("FC",): "FC",
    ("FC", "C"): "FC",
    ("FC", "D"): "FC",
    ("FC", "C", "D"): "FC",
    ("FD",): "FD",
    ("FD", "C"): "FD",
    ("FD", "D"): "FD",
    ("FD", "C", "D"): "FD",
    ("FC", "FD"): "FD",
    ("FC", "FD", "C"): "FD",
    ("FC", "FD", "D"): "FD",
    ("FC", "FD", "C", "D"): "FD",
}


def _combination_rows() -> list[tuple[str, tuple[str, ...], str | None]]:
    rows = []
    for present, winner in WINNERS.items():
        rows.append(("+".join(present) or "none", present, winner))
        rows.append(("+".join((*present, "I")), (*present, "I"), "I"))
    return rows


def _combination_case(present: tuple[str, ...]) -> tuple[Case, tuple[str, ...]]:
    tree = (*(Entry("f", name.lower()) for name in PLACES), Entry("f", "keep"))
    files = tuple((PLACES[name], name.lower() + "\n") for name in present if name != "I")
    if "I" in present:
        files += ((PLACES["I"], "i\n"),)
    case = Case(tree, None, dockerfile="ctx/Containerfile", files=files, use_f=False)
    return case, ("--ignorefile", "my.ignore") if "I" in present else ()


def _combination_leaves(present: tuple[str, ...], winner: str | None) -> tuple[str, ...]:
    names = {"Containerfile", "keep", *(name.lower() for name in PLACES)}
    names |= {PLACES[name].removeprefix("ctx/") for name in present if name != "I"}
    if winner is not None:
        names.discard(winner.lower())
    return tuple(sorted(names))


def files(*paths: str) -> tuple[Entry, ...]:
    return tuple(Entry("f", path) for path in paths)


@dataclass(frozen=True)
class Row:
    id: str
    case: Case
    leaves: tuple[str, ...] | None
    args: tuple[str, ...] = ()


DF = "FROM scratch\nCOPY . /ctx/\n"

CORNERS = [
    Row(
        "containerfile-before-dockerfile-without-f",
        Case(files("a", "b", "c"), None, dockerfile="ctx/Containerfile", use_f=False,
             files=(("ctx/Dockerfile", DF), ("ctx/Dockerfile.containerignore", "a\n"),
                    ("ctx/Containerfile.containerignore", "b\n"))),
        ("Containerfile", "Containerfile.containerignore", "Dockerfile",
         "Dockerfile.containerignore", "a", "c"),
    ),
    Row(
        "dockerfile-found-without-f",
        Case(files("a", "b"), "b\n", dockerfile="ctx/Dockerfile", use_f=False,
             files=(("ctx/Dockerfile.containerignore", "a\n"),)),
        (".dockerignore", "Dockerfile", "Dockerfile.containerignore", "b"),
    ),
    Row(
        # -f is read relative to the working directory, but the file beside it is looked
        # for relative to the context: ctx/ctx/Containerfile.containerignore, not there.
        "f-relative-to-cwd-inside-context",
        Case(files("a", "b"), "b\n", dockerfile="ctx/Containerfile",
             files=(("ctx/Containerfile.containerignore", "a\n"),)),
        (".dockerignore", "Containerfile", "Containerfile.containerignore", "a"),
    ),
    Row(
        # ... and a build file outside the context finds an ignore file inside it.
        "f-relative-outside-context-finds-file-in-context",
        Case(files("a", "b", "c"), "b\n", dockerfile="Containerfile",
             files=(("ctx/Containerfile.containerignore", "a\n"),
                    ("Containerfile.containerignore", "c\n"))),
        (".dockerignore", "Containerfile.containerignore", "b", "c"),
    ),
    Row(
        "f-absolute-outside-context",
        Case(files("a", "b", "c"), "b\n", dockerfile="Containerfile", use_f=False,
             files=(("ctx/Containerfile.containerignore", "a\n"),
                    ("Containerfile.containerignore", "c\n"))),
        (".dockerignore", "Containerfile.containerignore", "a", "b"),
        args=("-f", "{case}/Containerfile"),
    ),
    Row(
        "f-relative-dockerfile-beside-files",
        Case(files("a", "b", "c"), None, dockerfile="Dockerfile",
             files=(("ctx/Dockerfile.dockerignore", "a\n"), ("ctx/.containerignore", "b\n"))),
        ("Dockerfile.dockerignore", ".containerignore", "b", "c"),
    ),
    Row(
        "containerignore-dangling-link-falls-through",
        Case((*files("a", "b"), Entry("l", ".containerignore", "nowhere")), "b\n"),
        (".containerignore", ".dockerignore", "a"),
    ),
    Row(
        "containerignore-link-out-of-context-is-followed",
        Case((*files("a", "b", "c"), Entry("l", ".containerignore", "../outside")), "b\n",
             files=(("outside", "c\n"),)),
        (".containerignore", ".dockerignore", "a", "b"),
    ),
    Row(
        "containerignore-directory-fails",
        Case((*files("a", "b"), Entry("d", ".containerignore")), "b\n"),
        FAIL,
    ),
    Row(
        "empty-containerignore-still-wins",
        Case(files("a", "b"), "b\n", files=(("ctx/.containerignore", ""),)),
        (".containerignore", ".dockerignore", "a", "b"),
    ),
    Row(
        "comments-only-containerignore-still-wins",
        Case(files("a", "b"), "b\n", files=(("ctx/.containerignore", "# b\n\n"),)),
        (".containerignore", ".dockerignore", "a", "b"),
    ),
    Row(
        "beside-file-directory-fails",
        Case((*files("a", "b"), Entry("d", "Containerfile.dockerignore")), "b\n",
             dockerfile="ctx/Containerfile", use_f=False),
        FAIL,
    ),
    Row(
        "beside-file-dangling-link-is-skipped",
        Case((*files("a", "b"), Entry("l", "Containerfile.dockerignore", "nowhere")), "b\n",
             dockerfile="ctx/Containerfile", use_f=False),
        (".dockerignore", "Containerfile", "Containerfile.dockerignore", "a"),
    ),
    Row(
        "ignorefile-relative-to-working-directory",
        Case(files("a", "b", "c"), "b\n", files=(("my.ignore", "a\n"), ("ctx/my.ignore", "c\n"))),
        (".dockerignore", "b", "c", "my.ignore"),
        args=("--ignorefile", "my.ignore"),
    ),
    Row(
        "ignorefile-missing-fails",
        Case(files("a", "b"), "b\n"),
        FAIL,
        args=("--ignorefile", "missing.ignore"),
    ),
    Row(
        "ignorefile-empty-means-nothing-excluded",
        Case(files("a", "b"), "b\n", files=(("my.ignore", ""),)),
        (".dockerignore", "a", "b"),
        args=("--ignorefile", "my.ignore"),
    ),
    Row(
        "ignorefile-wins-over-beside-file",
        Case(files("a", "b"), None, dockerfile="ctx/Containerfile", use_f=False,
             files=(("ctx/Containerfile.dockerignore", "b\n"), ("my.ignore", "a\n"))),
        ("Containerfile", "Containerfile.dockerignore", "b"),
        args=("--ignorefile", "my.ignore"),
    ),
]


_Row = tuple[str, Case, tuple[str, ...], tuple[str, ...] | None]


def _rows() -> list[_Row]:
    rows: list[_Row] = []
    for name, present, winner in _combination_rows():
        case, args = _combination_case(present)
        rows.append((f"names-{name}", case, args, _combination_leaves(present, winner)))
    rows.extend((row.id, row.case, row.args, row.leaves) for row in CORNERS)
    return rows


ROWS = _rows()


def test_table_is_complete() -> None:
    combinations = {present for _, present, _ in _combination_rows()}
    assert len(combinations) == 2 ** len(PLACES)
    assert len({row[0] for row in ROWS}) == len(ROWS)


def _expected(leaves: tuple[str, ...] | None) -> Outcome:
    if leaves is None:
        return Outcome(None)
    return Outcome(tuple(sorted(leaf.encode() for leaf in leaves)))


@pytest.mark.buildah
def test_ignore_file_precedence(
    buildah_engine: Buildah, ignoregen_cli: None, tmp_path: Path
) -> None:
    """All rows at once (two builds at a time, ignoregen beside them in one process)."""
    laid = []
    for index, (_, case, args, _) in enumerate(ROWS):
        root = tmp_path / f"row{index}"
        materialize(case, root)
        laid.append((case, root, tuple(arg.replace("{case}", str(root)) for arg in args)))
    jobs = [(root, ["ctx", *case_arguments(case), *args]) for case, root, args in laid]
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        asked = pool.submit(ignoregen_many, jobs)
        theirs = list(pool.map(lambda job: build_case(buildah_engine, *job), laid))
        ours = asked.result()
    failures = []
    for (row_id, case, args, leaves), got_theirs, got_ours in zip(ROWS, theirs, ours, strict=True):
        for who, got in (("buildah", got_theirs), ("ignoregen", got_ours)):
            try:
                assert_same(_expected(leaves), got, f"{row_id} ({who})", TABLE)
            except pytest.fail.Exception as exc:
                failures.append(f"{exc}\n{case.describe()}\narguments: {list(args)!r}")
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
