"""Hypothesis strategies for random Buildah cases: trees, ignore files, where they lie.

Built on :mod:`docker_strategies`, with what Buildah reads differently in the mix: names
and patterns with the characters its matcher leaves to the regular expression
(``+ ( ) { } | ^ $``), a rare newline in a name, lines whose slashes and white space
Buildah trims in its own order, BOMs on any line, ``.containerignore`` beside or
instead of ``.dockerignore``, ignore files beside the build file, and ``--ignorefile``.
"""

from __future__ import annotations

from docker_engine import Case, Entry
from docker_strategies import NAME_CHARS, RARE_NAME_CHARS, SPECIAL_NAMES, pattern_lines, trees
from hypothesis import strategies as st

BUILDAH_NAME_CHARS = NAME_CHARS + "+(){}|^$"
BUILDAH_SPECIAL_NAMES = (
    *SPECIAL_NAMES,
    ".containerignore",
    "Containerfile",
    "Dockerfile.containerignore",
    "a+b",
    "aab",
    "a{2}",
    "aa",
    "a|b",
    "(a)",
    "a^b",
    "a$",
    ".txt",
    "b.txt",
    "new\nline",
)

buildah_names = st.one_of(
    st.sampled_from(BUILDAH_SPECIAL_NAMES),
    st.text(st.sampled_from(BUILDAH_NAME_CHARS), min_size=1, max_size=4),
    st.text(st.sampled_from(BUILDAH_NAME_CHARS + RARE_NAME_CHARS + "\n"), min_size=1, max_size=3),
).filter(lambda name: name not in (".", ".."))

# Patterns that read or match differently in Buildah (and a few that fail there only).
BUILDAH_PATTERNS = (
    "a+b",
    "a+",
    "+a",
    "a|b",
    "b|*",
    "(a)",
    "(a",
    "a)",
    "a{2}",
    "a{,2}",
    "{a}",
    "a{1001}",
    "a^b",
    "^a",
    "a$",
    "**.txt",
    "**b",
    "*.{js,ts}",
    "[+]*",
    "a\\z|b",
    ".containerignore",
    "Containerfile",
    "Dockerfile*",
    "*ignore",
    "**/*.containerignore",
)
# How the line around a pattern may look: Buildah trims '/' before white space.
BUILDAH_LEADS = ("", "", "", "", "/", "//", " /", "\t/", "\ufeff")
BUILDAH_TRAILS = ("", "", "", "", "/", "//", "/ ", " /", " ")
BUILDAH_BANGS = ("", "", "", "", "!", "! ", "!/", "! /")


@st.composite
def buildah_lines(draw: st.DrawFn, paths: list[str]) -> str:
    """One line: Docker's random lines, or one built for Buildah's reading."""
    if draw(st.integers(0, 2)) > 0:
        return draw(pattern_lines(paths))
    body = draw(st.sampled_from(BUILDAH_PATTERNS + tuple(paths) if paths else BUILDAH_PATTERNS))
    return (
        draw(st.sampled_from(BUILDAH_LEADS))
        + draw(st.sampled_from(BUILDAH_BANGS))
        + body
        + draw(st.sampled_from(BUILDAH_TRAILS))
    )


@st.composite
def buildah_texts(draw: st.DrawFn, paths: list[str]) -> str:
    """A whole ignore file."""
    lines = draw(st.lists(buildah_lines(paths), max_size=8))
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n"]))
    text = newline.join(lines)
    if lines and draw(st.integers(0, 4)) > 0:
        text += newline
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


# Where the ignore files lie, by weight: only .dockerignore, only .containerignore, both,
# beside the build file (found through -f, relative to the context), beside a Containerfile
# found without -f, and --ignorefile.
LAYOUTS = "ddddcccbbppfi"
RESERVED = frozenset({".dockerignore", ".containerignore", "Containerfile", "Dockerfile"})


def _without(tree: tuple[Entry, ...], files: tuple[tuple[str, str], ...]) -> tuple[Entry, ...]:
    """The tree without what the case writes into the context itself (a random directory
    of that name would be in the way), nor hard links to it, nor named pipes that Buildah
    could take for an ignore file."""
    names = {path.removeprefix("ctx/") for path, _ in files if path.startswith("ctx/")}

    def clashes(path: str) -> bool:
        return path.split("/", 1)[0] in names

    return tuple(
        # A named pipe that Buildah might read as an ignore file would hang the build.
        Entry("f", entry.path) if entry.kind == "p" and entry.path.endswith("ignore") else entry
        for entry in tree
        if not clashes(entry.path) and not (entry.kind == "h" and clashes(entry.target))
    )


@st.composite
def buildah_cases(draw: st.DrawFn) -> tuple[Case, tuple[str, ...]]:
    """A random case and the extra arguments of its build."""
    case, args = draw(_buildah_cases())
    return Case(
        _without(case.tree, case.files), case.dockerignore, case.dockerfile, case.files,
        case.use_f,
    ), args


@st.composite
def _buildah_cases(draw: st.DrawFn) -> tuple[Case, tuple[str, ...]]:
    """A random case and the extra arguments of its build."""
    tree: tuple[Entry, ...] = draw(trees(names=buildah_names, reserved=RESERVED))
    paths = [entry.path for entry in tree] + [".dockerignore", ".containerignore"]
    layout = draw(st.sampled_from(LAYOUTS))
    text = draw(buildah_texts(paths))
    other = draw(buildah_texts(paths))
    if layout == "d":
        return Case(tree, text), ()
    if layout == "c":
        return Case(tree, None, files=(("ctx/.containerignore", text),)), ()
    if layout == "b":
        return Case(tree, other, files=(("ctx/.containerignore", text),)), ()
    if layout == "p":
        # -f Dockerfile runs from the case directory: Buildah reads ./Dockerfile, but looks
        # for the ignore files beside ctx/Dockerfile.
        suffix = draw(st.sampled_from([".containerignore", ".dockerignore"]))
        beside: tuple[tuple[str, str], ...] = (("ctx/Dockerfile" + suffix, text),)
        return Case(tree, other if draw(st.booleans()) else None, files=beside), ()
    if layout == "f":
        name = draw(st.sampled_from(["Containerfile", "Dockerfile"]))
        suffix = draw(st.sampled_from([".containerignore", ".dockerignore"]))
        extra = (("ctx/.containerignore", other), (f"ctx/{name}{suffix}", text))
        return Case(tree, None, dockerfile=f"ctx/{name}", files=extra, use_f=False), ()
    return Case(tree, other, files=(("my.ignore", text),)), ("--ignorefile", "my.ignore")
