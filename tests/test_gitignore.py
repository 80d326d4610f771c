"""gitignore import: Docker-dialect translations, checked against real git on real trees."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ignoregen.engine.dockerignore import parse_line
from ignoregen.engine.matcher import Matcher
from ignoregen.plan.gitignore import (
    GIT_ENV,
    PINNED_KINDS,
    GitError,
    GitRule,
    LineKind,
    NeverMatches,
    NoteKind,
    Translation,
    check_ignore,
    docker_literal,
    open_repository,
    parse_gitignore_line,
    read_gitignores,
    split_gitignore,
    translate,
    translate_rule,
    verify,
    walk_context,
    work_tree,
)

GIT = "/usr/bin/git"
Tree = Sequence[tuple[str, bool]]
"""(repository-relative path, is a directory)"""


def git(repo: Path, *args: str, data: bytes = b"") -> bytes:
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        [GIT, *args], cwd=repo, input=data, capture_output=True, env=env, check=True
    )
    return done.stdout


def make_repo(root: Path, tree: Tree, ignores: dict[str, str], tracked: Sequence[str] = ()) -> Path:
    """A git repository at ``root`` with the tree, ignore files and tracked files given.

    ``ignores`` maps a repository-relative file (``.gitignore``, ``sub/.gitignore``,
    ``.git/info/exclude``) to its text.
    """
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", ".")
    for path, is_dir in tree:
        target = root / path
        if is_dir:
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"x")
    for name, text in ignores.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", "surrogateescape"))
    if tracked:
        data = b"".join(os.fsencode(path) + b"\0" for path in tracked)
        git(root, "add", "-f", "--pathspec-from-file=-", "--pathspec-file-nul", data=data)
    return root


@contextmanager
def repository(tree: Tree, ignores: dict[str, str], tracked: Sequence[str] = ()) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield make_repo(Path(name), tree, ignores, tracked)


def rule(text: str, base: str = "") -> GitRule:
    parsed = parse_gitignore_line(text, ".gitignore", 1, base)
    assert parsed is not None
    return parsed


def translated(repo: Path, context: str = "", keep_tracked: bool = True) -> Translation:
    context_dir = repo / context if context else repo
    return translate(read_gitignores(repo), context_dir, keep_tracked=keep_tracked)


def body(translation: Translation) -> list[str]:
    return [line.text for line in translation.lines]


def assert_exact(translation: Translation, repo: Path, context: str = "") -> None:
    verification = verify(translation, repo / context if context else repo)
    assert verification.ok, "\n".join(str(d) for d in verification.differences)
    assert not [n for n in translation.notes if n.kind is NoteKind.UNEXPLAINED]


# -- reading ---------------------------------------------------------------------------------


def test_split_like_git() -> None:
    lines = split_gitignore(b"\xef\xbb\xbfa\r\nb\r\r\n\nc")
    assert [(line.number, line.text) for line in lines] == [
        (1, "a"),
        (2, "b\r"),
        (3, ""),
        (4, "c"),
    ]


@pytest.mark.parametrize(
    ("text", "pattern", "negative", "dir_only", "anchored"),
    [
        ("foo", "foo", False, False, False),
        ("foo   ", "foo", False, False, False),  # unescaped trailing spaces go
        ("foo\\ ", "foo\\ ", False, False, False),  # an escaped one stays
        ("foo\\  ", "foo\\ ", False, False, False),
        ("  foo", "  foo", False, False, False),  # leading spaces stay
        ("foo\t", "foo\t", False, False, False),  # only spaces are trimmed
        ("!foo/", "foo", True, True, False),
        ("/foo", "/foo", False, False, True),
        ("a/b/", "a/b", False, True, True),
        ("\\!x", "\\!x", False, False, False),
        ("\\#x", "\\#x", False, False, False),
    ],
)
def test_parse_line(
    text: str, pattern: str, negative: bool, dir_only: bool, anchored: bool
) -> None:
    parsed = rule(text)
    assert (parsed.pattern, parsed.negative, parsed.dir_only, parsed.anchored) == (
        pattern,
        negative,
        dir_only,
        anchored,
    )


@pytest.mark.parametrize("text", ["", "# comment", "   "])
def test_comments_and_blanks(text: str) -> None:
    assert parse_gitignore_line(text, ".gitignore", 1, "") is None


def test_read_gitignores_order_and_ignored_dirs(tmp_path: Path) -> None:
    tree = [("a/b", True), ("z", True), ("out", True)]
    ignores = {
        ".gitignore": "out/\n",
        "z/.gitignore": "x\n",
        "a/.gitignore": "y\n",
        "a/b/.gitignore": "w\n",
        "out/.gitignore": "!keep\n",  # inside an ignored directory: git never reads it
        ".git/info/exclude": "secret\n",
    }
    make_repo(tmp_path, tree, ignores)
    files = read_gitignores(tmp_path / "a")
    assert [(f.source, f.base) for f in files] == [
        (".git/info/exclude", ""),
        (".gitignore", ""),
        ("a/.gitignore", "a"),
        ("a/b/.gitignore", "a/b"),
        ("z/.gitignore", "z"),
    ]
    assert files[0].lines[-1].text == "secret"


def test_repository_found_through_a_symbolic_link(tmp_path: Path) -> None:
    # The work tree keeps the spelling of the path given, so contexts below it stay inside.
    tree = [("app/a.log", False), ("app/b", False), ("c.log", False)]
    ignores = {".gitignore": "*.log\n", ".git/info/exclude": "b\n"}
    real = make_repo(tmp_path / "real", tree, ignores)
    link = tmp_path / "link"
    link.symlink_to(real)
    assert work_tree(open_repository(link / "app")) == link
    through_link = translate(read_gitignores(link), link / "app")
    assert through_link == replace(translated(real, "app"), repo_root=link)
    assert through_link.text() == (
        "# .git/info/exclude:1: b\n**/b\n# .gitignore:1: *.log\n**/*.log\n"
    )
    assert_exact(through_link, link, "app")


def test_linked_work_tree_reads_the_shared_exclude_file(tmp_path: Path) -> None:
    main = make_repo(tmp_path / "main", [("a", False)], {".git/info/exclude": "*.tmp\n"})
    git(main, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty",
        "-m", "start")
    git(main, "worktree", "add", "-q", str(tmp_path / "linked"))
    linked = tmp_path / "linked"
    (linked / "x.tmp").write_text("x")
    (linked / "y").write_text("y")
    files = read_gitignores(linked)
    assert [(f.source, f.base) for f in files] == [("../main/.git/info/exclude", "")]
    translation = translate(files, linked)
    assert body(translation) == ["**/*.tmp"]
    assert_exact(translation, linked)


def test_where_there_is_no_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    plain.mkdir()
    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    repo = make_repo(tmp_path / "repo", [], {})
    cases = [
        (plain, f"{plain}: not inside a git work tree"),
        (tmp_path / "missing", f"{tmp_path / 'missing'}: not inside a git work tree"),
        (repo / ".git", f"{repo / '.git'}: not inside a git work tree"),
        (bare, f"{bare}: a bare repository has no work tree"),
    ]
    for path, message in cases:
        with pytest.raises(GitError) as caught:
            work_tree(open_repository(path))
        assert str(caught.value) == message


def test_git_location_variables_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A git hook may run ignoregen with GIT_DIR set: the repository is still the one
    # around the path given.
    other = make_repo(tmp_path / "other", [("a.log", False)], {".gitignore": "*\n"})
    repo = make_repo(tmp_path / "repo", [("a.log", False), ("b", False)], {".gitignore": "*.log\n"})
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    assert work_tree(open_repository(repo)) == repo
    translation = translated(repo)
    assert body(translation) == ["**/*.log"]
    assert_exact(translation, repo)


def test_global_excludes_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "ignore").write_text("*.log\n")
    (home / ".gitconfig").write_text(f"[core]\n\texcludesFile = {home / 'global'}\n")
    (home / "global").write_text("*.txt\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    repo = make_repo(tmp_path / "repo", [("a.log", False), ("b.txt", False)], {".gitignore": ""})
    translation = translated(repo)
    assert body(translation) == []
    assert_exact(translation, repo)


# -- one pattern at a time ---------------------------------------------------------------------

# (gitignore line, .gitignore directory, Docker lines): the verified examples of
# dockerignore-semantics.md §8.2 first, then the corners of both dialects.
PATTERNS = [
    ("node_modules/", "", ["**/node_modules"]),
    ("/dist", "", ["dist"]),
    ("*.log", "", ["**/*.log"]),
    ("docs/*.md", "", ["docs/*.md"]),
    ("a/**/b", "", ["a/**/b"]),
    ("tmp", "sub", ["sub/**/tmp"]),
    ("foo\\ ", "", ["**/foo[ ]"]),
    ("[!a]*.c", "", ["**/[^a/]*.c"]),
    ("\\#notes", "", ["**/#notes"]),
    ("/\\#notes", "", ["[#]notes"]),
    ("/\\!x", "", ["[!]x"]),
    ("!/\\!x", "", ["![!]x"]),
    ("/ x", "", ["[ ]x"]),
    ("/x\\ ", "", ["x[ ]"]),
    ("/x\t", "", ["x[\t]"]),
    ("a**b", "", ["**/a*b"]),  # glued ** is a plain *
    ("**.txt", "", ["**/*.txt"]),
    ("/a/x**y", "", ["a/x*y"]),
    ("/a**/b", "", ["a**/b"]),  # git reads the literal prefix apart: ** starts the rest
    ("/a/b**", "", ["a/b**"]),
    ("***/x", "", ["**/x"]),
    ("a/**", "", ["a/**"]),
    ("**", "", ["**/*"]),
    ("[]a]", "", ["**/[\\]a]"]),
    ("[a-]", "", ["**/[\\-a]"]),
    ("[z-a]", "", ["**/z"]),  # z is a member; the reversed range adds nothing
    ("[!z-a]", "", ["**/[^z/]"]),
    ("[[:digit:]]x", "", ["**/[0-9]x"]),
    ("[[:space:]]", "", ["**/[\t\r ]"]),
    ("[ab", "", None),
    ("[y-a]", "", ["**/y"]),
    ("[[:nope:]]", "", None),
    ("foo\\", "", None),
    ("a//b", "", None),
    ("a/./b", "", None),
    ("/..", "", None),
    ("[/]x", "", None),
    ("*.py[cod]", "", ["**/*.py[cdo]"]),
    ("[0-9a-c]", "", ["**/[0-9a-c]"]),
    ("a^b", "", ["**/a\\^b"]),
    ("*.{js,ts}", "", ["**/*.{js,ts}"]),
    ("a\\*b", "", ["**/a\\*b"]),
    ("a\\d", "", ["**/ad"]),  # git: a literal d; Docker's \d would be a digit
    ("a[*]b", "", ["**/a\\*b"]),
    ("x/[!.]*", "", ["x/[^./]*"]),
]


@pytest.mark.parametrize(("line", "base", "expected"), PATTERNS)
def test_pattern_text(line: str, base: str, expected: list[str] | None) -> None:
    parsed = rule(line, base)
    if expected is None:
        with pytest.raises(NeverMatches):
            translate_rule(parsed)
        return
    texts = translate_rule(parsed)
    assert texts == expected
    for text in texts:
        assert parse_line(text) is not None  # Docker accepts it


PATTERN_TREE: Tree = [
    (path, False)
    for path in [
        "a.log",
        "d/b.log",
        "d/e/c.log",
        "node_modules/x",
        "pkg/node_modules/y",
        "dist/app",
        "x/dist",
        "docs/a.md",
        "docs/sub/b.md",
        "a/b",
        "a/x/b",
        "a/x/y/b",
        "ab",
        "axb",
        "a/xzy",
        "a/x/zy",
        "sub/tmp/f",
        "sub/a/tmp",
        "tmp",
        "foo ",
        "foo",
        "b.c",
        "a.c",
        "q/z.c",
        "#notes",
        "q/#notes",
        "!x",
        " x",
        "x ",
        "x\t",
        "a.txt",
        "q/r.txt",
        "a/bc/d",
        "]",
        "-",
        "7x",
        "q/7x",
        "a^b",
        "a*b",
        "ad",
        "x/.h",
        "x/h",
        "x.js",
        "x.{js,ts}",
        "a b",
        "z",
        "y",
        "q/z",
        "q/\t",
        "q/m.pyc",
        "m.pyx",
    ]
]


@pytest.mark.parametrize(("line", "base", "expected"), [p for p in PATTERNS if p[2] is not None])
def test_pattern_behaviour(line: str, base: str, expected: list[str]) -> None:
    """On a tree with paths each pattern matches and paths it must miss, the expected
    Docker lines alone exclude exactly what git ignores: nothing pinned, nothing noted."""
    name = f"{base}/.gitignore" if base else ".gitignore"
    # a negation needs something to re-include: everything is ignored first
    first = ["*"] if line.startswith("!") else []
    with repository(PATTERN_TREE, {name: "".join(f"{x}\n" for x in [*first, line])}) as repo:
        translation = translated(repo)
        before = [f"{base}/**/*" if base else "**/*"] if first else []
        assert body(translation) == [*before, *expected]
        assert {line.kind for line in translation.lines} == {LineKind.TRANSLATED}
        assert translation.notes == ()
        assert_exact(translation, repo)
        without = replace(translation, lines=translation.lines[: len(before)])
        assert verify(without, repo).differences, "the tree does not exercise the pattern"


# -- rule lists on small trees -------------------------------------------------------------


def test_negation_inside_ignored_directory_is_dropped() -> None:
    tree = [("build/keep.txt", False), ("build/out", False), ("src/a", False)]
    with repository(tree, {".gitignore": "build/\n!build/keep.txt\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/build"]
        assert [n.kind for n in translation.notes] == [NoteKind.NEGATION_DROPPED]
        assert_exact(translation, repo)


def test_negation_inside_directory_contents_is_kept() -> None:
    tree = [("logs/.gitkeep", False), ("logs/a.log", False)]
    with repository(tree, {".gitignore": "logs/*\n!logs/.gitkeep\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["logs/*", "!logs/.gitkeep"]
        assert translation.notes == ()
        assert_exact(translation, repo)


def test_top_level_whitelist() -> None:
    tree = [("src/a.py", False), ("src/sub/b", False), ("docs/x", False), ("README.md", False)]
    with repository(tree, {".gitignore": "/*\n!/src/\n!/README.md\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["*", "!src", "!README.md"]
        assert_exact(translation, repo)


def test_whitelist_by_extension() -> None:
    tree = [("a.py", False), ("a.md", False), ("pkg/b.py", False), ("pkg/c.txt", False)]
    with repository(tree, {".gitignore": "*\n!*/\n!*.py\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/*", "!**/*.py"]
        assert [n.kind for n in translation.notes] == [NoteKind.NEGATION_DROPPED]
        assert_exact(translation, repo)


def test_directory_negation_in_an_empty_directory_is_dropped() -> None:
    # Laravel's storage/app/.gitignore: "*" matches everything below public/ too, so
    # re-including public/ (which Docker would apply to its contents) is left out.
    tree = [("storage/public", True), ("storage/x", False)]
    ignores = {"storage/.gitignore": "*\n!public/\n!.gitignore\n"}
    with repository(tree, ignores) as repo:
        translation = translated(repo)
        assert body(translation) == ["storage/**/*", "!storage/**/.gitignore"]
        assert [n.kind for n in translation.notes] == [NoteKind.NEGATION_DROPPED]
        assert_exact(translation, repo)


def test_directory_negation_in_an_empty_directory_is_kept() -> None:
    # "/*" does not reach below src/, so a file added there later is kept by git.
    tree = [("src", True), ("x", False)]
    with repository(tree, {".gitignore": "/*\n!/src/\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["*", "!src"]
        assert translation.notes == ()
        assert_exact(translation, repo)


def test_dir_only_pattern_and_a_file_of_that_name() -> None:
    tree = [("build/x", False), ("src/build", False)]
    with repository(tree, {".gitignore": "build/\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/build", "!src/build"]
        (note,) = translation.notes
        assert (note.kind, note.location, note.paths) == (
            NoteKind.DIR_ONLY,
            ".gitignore:1",
            ("src/build",),
        )
        assert_exact(translation, repo)


def test_negation_that_reaches_into_an_ignored_directory() -> None:
    tree = [("logs/a.log", False), ("logs/b.txt", False), ("c.txt", False), ("c.log", False)]
    with repository(tree, {".gitignore": "logs/\n*.log\n!a.log\n"}) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/logs", "**/*.log", "!**/a.log", "logs/**"]
        (note,) = translation.notes
        assert (note.kind, note.location, note.paths) == (
            NoteKind.NEGATION_UNDER_IGNORED_DIR,
            ".gitignore:3",
            ("logs",),
        )
        assert_exact(translation, repo)


def test_directory_reinclusion_inherited_by_contents() -> None:
    # git: "d" is re-included, so git looks inside, where "*.tmp" still applies;
    # Docker: "!d" re-includes everything below d.
    tree = [("d/x.tmp", False), ("d/y", False), ("d.tmp/z", False)]
    with repository(tree, {".gitignore": "*.tmp\nd\n!d\n"}) as repo:
        translation = translated(repo)
        # "!d" stays (without it Docker would drop d/y), and d/x.tmp, which "!d" would
        # re-include in Docker, is pinned
        assert body(translation) == ["**/*.tmp", "**/d", "!**/d", "d/x.tmp"]
        (note,) = translation.notes
        assert (note.kind, note.location, note.paths) == (
            NoteKind.INHERITED,
            ".gitignore:3",
            ("d/x.tmp",),
        )
        assert_exact(translation, repo)


def test_nested_gitignore_is_relative_to_its_directory() -> None:
    tree = [("sub/tmp/x", False), ("sub/a/tmp", False), ("tmp", False), ("sub/out.txt", False)]
    ignores = {"sub/.gitignore": "tmp\n/out.txt\n"}
    with repository(tree, ignores) as repo:
        translation = translated(repo)
        assert body(translation) == ["sub/**/tmp", "sub/out.txt"]
        assert_exact(translation, repo)


def test_deeper_files_win() -> None:
    tree = [("a.log", False), ("sub/b.log", False), ("sub/keep.log", False)]
    ignores = {".gitignore": "*.log\n", "sub/.gitignore": "!keep.log\n"}
    with repository(tree, ignores) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/*.log", "!sub/**/keep.log"]
        assert_exact(translation, repo)


def test_info_exclude_comes_first() -> None:
    tree = [("a.log", False), ("b.log", False)]
    ignores = {".git/info/exclude": "*.log\n", ".gitignore": "!b.log\n"}
    with repository(tree, ignores) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/*.log", "!**/b.log"]
        assert_exact(translation, repo)


def test_context_in_a_subdirectory() -> None:
    tree = [("app/src/x.log", False), ("app/build/y", False), ("app/dist/z", False), ("w", False)]
    ignores = {
        ".gitignore": "*.log\n/app/build\n/other\napp/**/z\n",
        "app/.gitignore": "/dist/\n",
    }
    with repository(tree, ignores) as repo:
        translation = translated(repo, "app")
        assert body(translation) == ["**/*.log", "build", "**/z", "dist"]
        assert_exact(translation, repo, "app")


def test_context_that_git_ignores() -> None:
    tree = [("out/a", False), ("out/b", False)]
    with repository(tree, {".gitignore": "out/\n"}, tracked=["out/b"]) as repo:
        translation = translated(repo, "out")
        assert body(translation) == ["**", "!b"]
        assert {n.kind for n in translation.notes} == {NoteKind.CONTEXT_IGNORED, NoteKind.TRACKED}
        assert_exact(translation, repo, "out")


def test_tracked_files_are_kept() -> None:
    tree = [("gradle/wrapper.jar", False), ("lib/a.jar", False), ("out/keep", False)]
    ignores = {".gitignore": "*.jar\nout/\n"}
    with repository(tree, ignores, tracked=["gradle/wrapper.jar", "out/keep"]) as repo:
        translation = translated(repo)
        assert body(translation) == ["**/*.jar", "**/out", "!gradle/wrapper.jar", "!out/keep"]
        assert [line.kind for line in translation.lines][-2:] == [LineKind.TRACKED] * 2
        assert_exact(translation, repo)
        as_written = translated(repo, keep_tracked=False)
        assert body(as_written) == ["**/*.jar", "**/out"]
        assert_exact(as_written, repo)


def test_verify_reports_differences() -> None:
    tree = [("a.log", False), ("d/b.log", False)]
    with repository(tree, {".gitignore": "*.log\n"}) as repo:
        translation = translated(repo)
        naive = replace(
            translation, lines=(replace(translation.lines[0], text="*.log"),)
        )  # Docker's *.log is anchored at the root
        verification = verify(naive, repo)
        assert [(d.path, d.git_ignored, d.docker_excluded) for d in verification.differences] == [
            ("d/b.log", True, False)
        ]


def test_text_names_the_sources() -> None:
    tree = [("a.log", False)]
    with repository(tree, {".gitignore": "# logs\n*.log\n"}) as repo:
        assert translated(repo).text() == "# .gitignore:2: *.log\n**/*.log\n"
        assert translated(repo).text(comments=False) == "**/*.log\n"


def test_docker_literal_protects_the_edges() -> None:
    # each literal names its own path and none of the others (a*b must not match axb)
    names = ["#a", "!a", " a", "a ", "a*b", "[x]", "a\\b", "^a", "a?", "a[b"]
    others = ["a", "x", "axb", "ab", "a\\\\b", "b", "ax", "[x", "\\^a", "a[b]", *names]
    for name in names:
        text = docker_literal(name)
        rule = parse_line(text)
        assert rule is not None
        matcher = Matcher([rule])
        assert [other for other in others if matcher.decide(other).excluded] == [name], text


# -- property-based: single patterns -------------------------------------------------------

NAMES = [
    "a",
    "b",
    "ab",
    "build",
    "x.log",
    ".env",
    "node_modules",
    "keep.txt",
    "a b",
    "#c",
    "!d",
    "[e",
    "f ",
    " g",
    "a.py",
    "x",
]
SEGMENTS = [
    "a",
    "b",
    "ab",
    "build",
    "x.log",
    ".env",
    "node_modules",
    "keep.txt",
    "x",
    "a.py",
    "*",
    "**",
    "?",
    "*.log",
    "*.py",
    "a*",
    "*b",
    "a**",
    "**b",
    "[ab]",
    "[!a]*",
    "[^ab]",
    "[a-c]",
    "[[:alpha:]]*",
    "\\#c",
    "\\!d",
    "\\[e",
    "f\\ ",
    " g",
    "a b",
    ".*",
]


@st.composite
def trees(draw: st.DrawFn) -> list[tuple[str, bool]]:
    entries: list[tuple[str, bool]] = []

    def level(prefix: str, depth: int) -> None:
        size = [(2, 5), (0, 4), (0, 2), (0, 2)][depth]
        names = draw(
            st.lists(st.sampled_from(NAMES), min_size=size[0], max_size=size[1], unique=True)
        )
        for name in names:
            is_dir = depth < 3 and draw(st.integers(0, 2)) > 0
            entries.append((prefix + name, is_dir))
            if is_dir:
                level(prefix + name + "/", depth + 1)

    level("", 0)
    return entries


patterns = st.builds(
    lambda negative, lead, parts, trail, spaces: (
        ("!" if negative else "")
        + ("/" if lead else "")
        + "/".join(parts)
        + ("/" if trail else "")
        + spaces
    ),
    st.booleans(),
    st.booleans(),
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=3),
    st.booleans(),
    st.sampled_from(["", "", " ", "  "]),
)
lines = st.one_of(
    patterns,
    patterns,
    patterns,
    st.sampled_from(["# comment", "", "#c", "!", "\\#c", "\\!d", " #c", "*", "!*/", "[", "a\\"]),
)


def directories(tree: Tree) -> list[str]:
    return [path for path, is_dir in tree if is_dir]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), tree=trees(), line=patterns)
def test_single_pattern_matches_what_git_matches(
    data: st.DataObject, tree: list[tuple[str, bool]], line: str
) -> None:
    """A translated pattern matches exactly the paths the git pattern matches.

    One positive rule on its own: git ignores a path when the rule matches it or a
    directory above it; Docker excludes it when the translated rule does (the walker
    applies a match of a directory to what is below it). The one allowed difference is
    a file matched by a directory-only pattern, which Docker's pattern also matches.
    """
    line = line.removeprefix("!")
    dirs = directories(tree)
    base = data.draw(st.sampled_from(["", *dirs]))
    context = data.draw(st.sampled_from(["", *dirs]))
    parsed = parse_gitignore_line(line, "g", 1, base)
    if parsed is None:
        return
    with tempfile.TemporaryDirectory() as name:
        repo = make_repo(Path(name), tree, {})
        context_dir = repo / context if context else repo
        entries = walk_context(context_dir)
        try:
            texts = translate_rule(parsed, context)
        except NeverMatches:
            texts = None
        ignore_file = repo / base / ".gitignore" if base else repo / ".gitignore"
        ignore_file.write_bytes(line.encode() + b"\n")
        prefix = context + "/" if context else ""
        parts = context.split("/") if context else []
        above = ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
        verdicts = check_ignore(
            open_repository(repo), above + [prefix + e.path for e in entries], no_index=True
        )
        if any(verdicts[path].ignored for path in above):
            return  # git ignores the whole context: translate() says "**" (tested above)
        if texts is None:
            assert not any(v.ignored for v in verdicts.values()), line
            return
        matcher = Matcher([r for t in texts if (r := parse_line(t)) is not None])
        for entry in entries:
            if entry.path == ".gitignore" or entry.path.endswith("/.gitignore"):
                continue
            git_ignored = verdicts[prefix + entry.path].ignored
            decision = matcher.decide(entry.path)
            if parsed.dir_only and not entry.is_dir and not decision.inherited:
                continue
            assert decision.excluded == git_ignored, (line, base, context, entry.path, texts)


# -- property-based: whole rule lists ------------------------------------------------------


def git_escape(path: str) -> str:
    """A gitignore pattern text that means exactly ``path`` (component for component)."""
    text = "".join("\\" + c if c in "[]*?\\" else c for c in path)
    if text.startswith(("#", "!")):
        text = "\\" + text
    if text.endswith(" "):
        text = text[:-1] + "\\ "
    return text


# How a line can be made from a path of the tree (relative to the .gitignore's directory).
TEMPLATES = [
    "{path}",
    "/{path}",
    "{path}/",
    "{name}",
    "{name}/",
    "!{name}",
    "!/{path}",
    "!{path}/",
    "!{name}/",
    "{parent}*",
    "!{parent}*",
    "{parent}**/{name}",
    "!{parent}*/",
    "**/{name}",
    "!**/{name}",
]


def path_line(path: str, template: str) -> str:
    parent, _, name = path.rpartition("/")
    return template.format(
        path=git_escape(path),
        name=git_escape(name),
        parent=git_escape(parent) + "/" if parent else "",
    )


def lines_for(tree: Tree, directory: str) -> st.SearchStrategy[str]:
    """Generic lines, and lines made from the paths below ``directory``."""
    prefix = directory + "/" if directory else ""
    paths = [p[len(prefix) :] for p, _ in tree if p.startswith(prefix)]
    if not paths:
        return lines
    from_tree = st.builds(path_line, st.sampled_from(paths), st.sampled_from(TEMPLATES))
    return st.one_of(lines, from_tree, from_tree)


POSITIVE = ["{path}/", "{name}/", "/{path}", "{name}", "{parent}*", "**/{name}", "*"]
NEGATIVE = ["!{name}", "!/{path}", "!{path}/", "!{name}/", "!{parent}*", "!**/{name}", "!*/"]


def pairs_for(tree: Tree, directory: str) -> st.SearchStrategy[list[str]]:
    """A rule for a directory, then a negation for it or for something below it."""
    prefix = directory + "/" if directory else ""
    paths = [p[len(prefix) :] for p, _ in tree if p.startswith(prefix)]
    dirs = [p[len(prefix) :] for p, is_dir in tree if is_dir and p.startswith(prefix)]
    if not dirs:
        return st.lists(lines_for(tree, directory), max_size=1)

    def below(d: str) -> st.SearchStrategy[str]:
        return st.sampled_from([d] + [p for p in paths if p.startswith(d + "/")])

    return st.sampled_from(dirs).flatmap(
        lambda d: st.builds(
            lambda q, positive, negative: [path_line(d, positive), path_line(q, negative)],
            below(d),
            st.sampled_from(POSITIVE),
            st.sampled_from(NEGATIVE),
        )
    )


def ignore_text(draw: st.DrawFn, tree: Tree, directory: str, size: int) -> str:
    chunks = st.one_of(st.lists(lines_for(tree, directory), max_size=2), pairs_for(tree, directory))
    drawn = draw(st.lists(chunks, max_size=(size + 1) // 2))
    return "\n".join(line for chunk in drawn for line in chunk) + "\n"


@st.composite
def repositories(
    draw: st.DrawFn,
) -> tuple[list[tuple[str, bool]], dict[str, str], list[str], str]:
    tree = draw(trees())
    dirs = directories(tree)
    ignores = {".gitignore": ignore_text(draw, tree, "", 6)}
    for directory in draw(st.lists(st.sampled_from(dirs), max_size=3, unique=True)) if dirs else []:
        ignores[f"{directory}/.gitignore"] = ignore_text(draw, tree, directory, 4)
    if draw(st.booleans()):
        ignores[".git/info/exclude"] = ignore_text(draw, tree, "", 3)
    files = [path for path, is_dir in tree if not is_dir]
    tracked = draw(st.lists(st.sampled_from(files), unique=True, max_size=3)) if files else []
    context = draw(st.sampled_from(["", "", "", *dirs]))
    return tree, ignores, tracked, context


def covered(path: str, pinned: set[str]) -> bool:
    parts = path.split("/")
    return any("/".join(parts[:depth]) in pinned for depth in range(1, len(parts) + 1))


@settings(
    max_examples=int(os.environ.get("GITIGNORE_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=repositories())
def test_translation_agrees_with_git(
    case: tuple[list[tuple[str, bool]], dict[str, str], list[str], str],
) -> None:
    """On random repositories the translation excludes exactly what git ignores.

    Every path where the translated patterns alone disagree with git is named by a
    note of a documented kind (and pinned); no other difference is allowed.
    """
    tree, ignores, tracked, context = case
    with repository(tree, ignores, tracked) as repo:
        translation = translated(repo, context)
        for note in translation.notes:
            event(f"note: {note.kind.value}")
        event(f"pins: {sum(line.kind is LineKind.PINNED for line in translation.lines) > 0}")
        assert_exact(translation, repo, context)

        # Without pins and tracked-file exceptions, the differences are exactly the
        # paths the pin notes name, or lie below a directory whose contents they pin.
        patterns_only = replace(
            translation,
            lines=tuple(
                line
                for line in translation.lines
                if line.kind is not LineKind.PINNED and line.kind is not LineKind.TRACKED
            ),
            keep_tracked=False,
        )
        raw = verify(patterns_only, repo / context if context else repo)
        pinned = {
            path for note in translation.notes if note.kind in PINNED_KINDS for path in note.paths
        }
        differing = {d.path for d in raw.differences}
        assert all(covered(path, pinned) for path in differing), (differing, pinned)
        assert all(
            any(d == path or d.startswith(path + "/") for d in differing) for path in pinned
        ), (differing, pinned)


def test_init_writes_a_root_file_named_hash_as_a_pattern_not_a_comment(tmp_path: Path) -> None:
    """gitignore's ``\\#notes`` becomes ``**/#notes``; when init narrows it to the root it must
    not write ``#notes``, which Docker reads as a comment."""
    from ignoregen.cli import main
    from ignoregen.engine.context import scan_context
    from ignoregen.engine.dockerignore import read_file
    from ignoregen.engine.records import Collect
    from ignoregen.engine.setup import find_setup

    repo = make_repo(tmp_path, [("#notes", False)], {".gitignore": "\\#notes\n"})
    (repo / "Dockerfile").write_text("FROM scratch\nCOPY . /x\n")
    assert main(["init", "--from-gitignore", "-C", str(repo)]) == 0
    rules = read_file(repo / ".dockerignore")
    assert "/#notes" in [rule.text for rule in rules]
    sent = {item.path for item in scan_context(find_setup(repo), collect=Collect.SENT).sent}
    assert "#notes" not in sent
