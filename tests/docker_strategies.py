"""Hypothesis strategies for random build contexts and ``.dockerignore`` files.

The trees use a small alphabet so that names collide with each other and with
pattern syntax (``#``, ``!``, ``[``, ``]``, ``*``, spaces, a backslash), plus
a few names Docker treats specially (``Dockerfile``, ``.dockerignore`` below the
root, ``.git``, ``node_modules``), unicode and, rarely, a byte that is not
UTF-8. Patterns are mostly built from the paths of the drawn tree, mutated
with wildcards, classes, escapes, anchoring and exceptions, so that they match
often; the file as a whole varies line endings, a BOM, comments, blank lines
and surrounding white space, and now and then holds an invalid pattern.
"""

from __future__ import annotations

from docker_engine import Case, Entry
from hypothesis import strategies as st

NAME_CHARS = "aaabbbccc.._--#! []*é☺"
RARE_NAME_CHARS = "\\?\t\udcff"
SPECIAL_NAMES = (
    "a",
    "b",
    "ab",
    ".a",
    "a.b",
    "a.c",
    "c.b",
    "node_modules",
    ".git",
    "Dockerfile",
    "dockerfile",
    ".dockerignore",
    "Dockerfile.dockerignore",
    "#a",
    "!a",
    " a",
    "a ",
    "[a]",
    "a*",
    "*",
    "é",
    "☺",
    "-",
    "_",
    "a[b",
    "a]",
    "a\\b",
)

# Entry kinds by weight: files, directories, symbolic links, and rarely a named pipe,
# a unix socket or a hard link.
ENTRY_KINDS = "f" * 11 + "d" * 9 + "lll" + "psh"

names = st.one_of(
    st.sampled_from(SPECIAL_NAMES),
    st.text(st.sampled_from(NAME_CHARS), min_size=1, max_size=4),
    st.text(st.sampled_from(NAME_CHARS + RARE_NAME_CHARS), min_size=1, max_size=3),
).filter(lambda name: name not in (".", ".."))


@st.composite
def trees(
    draw: st.DrawFn,
    max_depth: int = 3,
    max_entries: int = 24,
    names: st.SearchStrategy[str] = names,
    reserved: frozenset[str] = frozenset({".dockerignore"}),
) -> tuple[Entry, ...]:
    """A context tree: files, directories (some empty), links, rarely a FIFO or a socket.

    ``reserved`` names are left out at the root (the case writes those files itself).
    """
    entries: list[Entry] = []
    links: list[tuple[str, str, int]] = []  # (kind, path, depth)

    def fill(prefix: str, depth: int) -> None:
        if depth == 0:
            children = draw(st.lists(names, min_size=1, max_size=6, unique=True))
        else:
            children = draw(st.lists(names, max_size=4, unique=True))
        for name in children:
            if len(entries) >= max_entries:
                return
            if depth == 0 and name in reserved:
                continue  # the root one is the ignore file itself
            path = prefix + name
            kind = draw(st.sampled_from(ENTRY_KINDS if depth < max_depth else "f"))
            if kind == "d":
                entries.append(Entry("d", path))
                fill(path + "/", depth + 1)
            elif kind in "lh":
                links.append((kind, path, depth))
            else:
                entries.append(Entry(kind, path))

    fill("", 0)
    known = [entry.path for entry in entries]
    regular = [entry.path for entry in entries if entry.kind == "f"]
    for kind, path, depth in links:
        if kind == "h":
            # A hard link shares a file that is already there (or becomes a plain file).
            if regular:
                entries.append(Entry("h", path, draw(st.sampled_from(regular))))
            else:
                entries.append(Entry("f", path))
            continue
        choices = ["nowhere", "../outside", "/etc/hostname", ".", ".."]
        target = draw(st.sampled_from(choices + known * 2))
        if target in known:
            target = "../" * depth + target
        entries.append(Entry("l", path, target))
    return tuple(entries)


# Patterns that are not built from the tree.
GENERIC_PATTERNS = (
    "*",
    "**",
    "?",
    "*/*",
    "**/*",
    "*/",
    ".*",
    "*.*",
    "**/.*",
    "*a*",
    "a**b",
    "**b",
    "a**",
    "**.b",
    "[a-c]",
    "[^a]",
    "[!a]*",
    "[[]*",
    "\\#a",
    "\\*",
    "\\!a",
    "#a",
    "/#a",
    "/!a",
    "a\\d",
    "./a",
    "a/../b",
    "../a",
    ".",
    "/",
    "*/..",
    "Dockerfile",
    ".dockerignore",
    "node_modules",
    "**/node_modules",
    ".git",
)
# What a line is, by weight: a pattern from the tree, a generic pattern, a comment,
# a "#" that is not in column 1, a blank line, white space only, an invalid pattern.
LINE_KINDS = "p" * 30 + "g" * 12 + "cc##bb__i"
# Each of these makes the build fail, possibly only once it is evaluated.
INVALID_PATTERNS = ("[", "a[", "!", "a\\", "[]a]", "[z-a]", "[a-]", "a\\ ", "[^")


def _mutate_segment(draw: st.DrawFn, segment: str) -> str:
    how = draw(st.sampled_from("kkkkk?*cnNesSw"))
    if how == "k" or not segment:
        return segment
    at = draw(st.integers(0, len(segment) - 1))
    char = segment[at]
    if how in "cN" and char in "[]-^\\":
        how = "?"  # keep the invalid classes rare: they have their own line kind
    if how == "?":
        return segment[:at] + "?" + segment[at + 1 :]
    if how == "*":
        end = draw(st.integers(at, len(segment)))
        return segment[:at] + "*" + segment[end:]
    if how == "c":
        return segment[:at] + f"[{char}]" + segment[at + 1 :]
    if how == "n":
        members = draw(st.sampled_from(["[^a]", "[!a]", "[a-c]", "[^.]"]))
        return segment[:at] + members + segment[at + 1 :]
    if how == "N":
        return segment[:at] + draw(st.sampled_from(["[^", "[!"])) + char + "]" + segment[at + 1 :]
    if how == "e":
        return segment[:at] + "\\" + segment[at:]
    if how == "s":
        return "**" + segment[at:]
    if how == "S":
        return segment[:at] + "**"
    return "*"


@st.composite
def tree_patterns(draw: st.DrawFn, paths: list[str]) -> str:
    """A pattern built from a path of the tree."""
    segments = draw(st.sampled_from(paths)).split("/")
    segments = segments[: draw(st.integers(1, len(segments)))]
    segments = [_mutate_segment(draw, segment) for segment in segments]
    if draw(st.integers(0, 9)) == 0:
        segments.insert(0, "**")
    pattern = "/".join(segments)
    return pattern + draw(st.sampled_from(["", "", "", "", "", "", "/", "/**", "/*"]))


@st.composite
def pattern_lines(draw: st.DrawFn, paths: list[str]) -> str:
    """One line of a ``.dockerignore`` (without its line ending)."""
    kind = draw(st.sampled_from(LINE_KINDS))
    if kind == "c":
        return "#" + draw(st.sampled_from(["", " comment", "a", "!a"]))
    if kind == "#":
        return draw(st.sampled_from([" ", "  ", "\t"])) + "#" + draw(st.sampled_from(["a", "b"]))
    if kind == "b":
        return ""
    if kind == "_":
        return draw(st.sampled_from([" ", "\t", "  \t"]))
    if kind == "i":
        body = draw(st.sampled_from(INVALID_PATTERNS))
    elif kind == "g" or not paths:
        body = draw(st.sampled_from(GENERIC_PATTERNS))
    else:
        body = draw(tree_patterns(paths))
    anchor = draw(st.sampled_from(["", "", "", "", "", "/", "/", "./"]))
    bang = draw(st.sampled_from(["", "", "", "!", "!", "! "]))
    lead = draw(st.sampled_from(["", "", "", "", "", "", " ", "\t"]))
    trail = draw(st.sampled_from(["", "", "", "", "", "", " ", "\t "]))
    return lead + bang + anchor + body + trail


@st.composite
def dockerignore_texts(draw: st.DrawFn, paths: list[str]) -> str | None:
    """A whole ``.dockerignore`` text, or ``None`` for no file."""
    if draw(st.integers(0, 29)) == 0:
        return None
    lines = draw(st.lists(pattern_lines(paths), max_size=8))
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n"]))
    if newline == "\n" and draw(st.integers(0, 9)) == 0:
        # Mixed endings: a lone CR at the end of some lines only.
        lines = [line + "\r" if draw(st.booleans()) else line for line in lines]
    text = newline.join(lines)
    if lines and draw(st.integers(0, 4)) > 0:
        text += newline
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A random context with a random ``.dockerignore``; the Dockerfile is outside it."""
    tree = draw(trees())
    paths = [entry.path for entry in tree] + [".dockerignore"]
    return Case(tree, draw(dockerignore_texts(paths)))
