"""Buildah's reader, matcher, ignore-file choice and walk, without Buildah.

The rows come from Buildah 1.28's sources (imagebuilder ``ParseIgnore``, containers/storage
``fileutils``, Go's ``regexp/syntax``) and were checked against the engine where it can
tell (the real-engine tests replay the interesting ones); the version-dependent rows
(1.27, 1.29) are from the sources only.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from ignoregen.cli import main
from ignoregen.engine.buildah import (
    BuildahMatcher,
    BuildahPatternError,
    BuildahVersion,
    buildah_reaches,
    buildah_setup,
    go_regex,
    parse_buildah_bytes,
    parse_buildah_line,
    regex_prefix,
)
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import IgnoreFileError
from ignoregen.engine.golang import BadPattern
from ignoregen.engine.re2 import compile_go, translate
from ignoregen.engine.records import Collect, leaves
from ignoregen.engine.setup import Builder, SetupError, find_setup

# -- reading ---------------------------------------------------------------------------------

READ = [
    # (line, (pattern, exception) or None when no pattern)
    ("a", ("a", False)),
    ("# a", None),
    ("  # a", ("# a", False)),
    ("", None),
    ("   ", None),
    ("\r", None),
    ("a\r", ("a", False)),
    ("/a/", ("a", False)),
    ("//a//", ("a", False)),
    ("/", None),
    (" /a", ("/a", False)),
    ("/a/ ", ("a", False)),
    ("a/ /", ("a", False)),
    ("./a", ("a", False)),
    ("a/../b", ("b", False)),
    ("!a", ("a", True)),
    ("! a", (" a", True)),
    ("!/a", ("a", True)),
    ("/!a", ("a", True)),
    ("!./a/", ("a", True)),
    ("\ufeffa", ("\ufeffa", False)),
    ("\ufeff#a", ("\ufeff#a", False)),
    ("\ufeff!a", ("\ufeff!a", False)),
    ("..", ("..", False)),
    ("*/..", (".", False)),
]


@pytest.mark.parametrize(("line", "expected"), READ)
def test_reading(line: str, expected: tuple[str, bool] | None) -> None:
    rule = parse_buildah_line(line)
    got = None if rule is None else (rule.pattern, rule.exception)
    assert got == expected


@pytest.mark.parametrize("line", ["!", "/!", "!/", "a[", "[]a]", "a\\", "a\\ ", "[z-"])
def test_lines_buildah_rejects(line: str) -> None:
    with pytest.raises(IgnoreFileError, match="Buildah fails the build"):
        parse_buildah_line(line, ".containerignore", 3)


def test_file_is_split_on_newlines_only_and_numbered() -> None:
    rules = parse_buildah_bytes(b"a\r\n\n#c\n\x0bb\xff\nc", "f")
    assert [(rule.line, rule.pattern) for rule in rules] == [
        (1, "a"), (4, "b\udcff"), (5, "c"),
    ]


# -- matching --------------------------------------------------------------------------------

REGEX = [
    ("a", "^a(/.*)?$"),
    ("*.py", "^[^/]*\\.py(/.*)?$"),
    ("**/x", "^(.*/)?x(/.*)?$"),
    ("a**b", "^a(.*/)?b(/.*)?$"),
    ("a/**", "^a/.*(/.*)?$"),
    ("a?$", "^a[^/]\\$(/.*)?$"),
    ("a+(b)|c", "^a+(b)|c(/.*)?$"),
    ("\ufeffa", "^a(/.*)?$"),
    ("a\\*", "^a\\*(/.*)?$"),
]


@pytest.mark.parametrize(("pattern", "source"), REGEX)
def test_go_regex(pattern: str, source: str) -> None:
    assert go_regex(pattern) == source


MATCH = [
    # (ignore file, path, excluded?)
    ("a+b", "aab", True),
    ("a+b", "a+b", False),
    ("x|a", "ba", True),
    ("x|a", "b/a/c", True),
    ("x|a", "xyz/q", True),
    ("x|a", "ab/d", False),
    ("a{2}", "aa", True),
    ("a{2}", "a{2}", False),
    ("*.{js,ts}", "a.{js,ts}", True),
    ("*.{js,ts}", "a.js", False),
    ("**.txt", ".txt", True),
    ("**.txt", "d/.txt", True),
    ("**.txt", "b.txt", False),
    ("abc/**", "abc", False),
    ("abc/**", "abc/x", True),
    ("a^b", "a^b", False),
    ("a\\d", "a5", True),
    ("a\\d", "ad", False),
    ("[!a]bc", "!bc", True),
    ("[!a]bc", "xbc", False),
    ("node_modules", "pkg/node_modules", False),
    ("*/temp", "a/temp/x", True),
    ("\ufeffsecret", "secret", True),
    ("dir\n!dir/keep", "dir/keep", False),
    ("dir\n!dir/keep", "dir/other", True),
    ("node_modules/*\n!node_modules", "node_modules/x.js", False),
    ("*\n!a/b/*\na/b", "a/b/x", True),
    ("d", "d/new\nline", False),
    ("a\\z|b", "a", True),
    ("a\\z|b", "a/x", False),
]


@pytest.mark.parametrize(("text", "path", "excluded"), MATCH)
def test_decisions(text: str, path: str, excluded: bool) -> None:
    matcher = BuildahMatcher(parse_buildah_bytes(text.encode(), "f"))
    assert matcher.decide(path).excluded is excluded


def test_decision_names_the_rule_and_where_it_matched() -> None:
    matcher = BuildahMatcher(parse_buildah_bytes(b"a\n!a/b\n", "f"))
    decision = matcher.decide("a/b/c")
    assert decision.rule is not None
    assert decision.rule.line == 2
    assert decision.inherited
    steps = matcher.chain("a/b/c")
    assert [step.excluded for step in steps] == [True, False, False]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("^a++", "nested repetition"),
        ("^+a", None),
        ("(+a)", "missing argument"),
        ("a|+", "missing argument"),
        ("+", "missing argument"),
        ("^a{2}{3}", "nested repetition"),
        ("^a{1001}", "invalid repeat count"),
        ("^a{2,1}", "invalid repeat count"),
        ("^(a{100}){11}", "invalid repeat count"),
        ("^(a{100}){10}", None),
        ("^(a{0}){1000}", None),
        ("^a{,2}", None),
        ("^a{02}", None),
        ("^a{2}?", None),
        ("^a)", "unexpected )"),
        ("^(a", "missing closing )"),
        ("^[z-a]", "range"),
        ("^a\\", "trailing backslash"),
        ("^a\\q", "invalid escape"),
    ],
)
def test_go_regexp_syntax(source: str, error: str | None) -> None:
    if error is None:
        compile_go(source)
    else:
        with pytest.raises(BadPattern, match=re.escape(error)):
            translate(source)


@pytest.mark.parametrize(
    ("source", "text", "matches"),
    [
        ("^a{,2}$", "a{,2}", True),
        ("^a{02}$", "a{02}", True),
        ("^a{2,}$", "aaa", True),
        ("^+a", "a", True),
        ("^a$", "a\n", False),
        ("^(a|b)+$", "abba", True),
    ],
)
def test_go_regexp_meaning(source: str, text: str, matches: bool) -> None:
    assert (compile_go(source).search(text) is not None) is matches


def test_broken_expression_fails_when_tested() -> None:
    matcher = BuildahMatcher(parse_buildah_bytes(b"![z-a]\n", "f"))
    assert matcher.broken is not None
    with pytest.raises(BuildahPatternError, match="Buildah fails the build"):
        matcher.decide("x")


@pytest.mark.parametrize(
    ("pattern", "prefix"),
    [("abc/*.py", "abc/"), ("ab+c", "a"), ("a{2}", ""), ("x|a", None), ("\ufeffab", "ab")],
)
def test_regex_prefix(pattern: str, prefix: str | None) -> None:
    assert regex_prefix(pattern) == prefix


@pytest.mark.parametrize(
    ("exceptions", "directory", "reaches"),
    [
        ("a/b.py", "a", True),
        ("abc/x", "ab", True),
        ("*/b.py", "a", False),
        ("**/*.py", "sub", False),
        ("dir/**/keep", "dir/sub", False),
        ("dir/**/keep", "dir", True),
    ],
)
def test_reaches(exceptions: str, directory: str, reaches: bool) -> None:
    rules = parse_buildah_bytes(f"*\n!{exceptions}\n".encode(), "f")
    assert buildah_reaches(rules, directory) is reaches


# -- which file ------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ctx").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "ctx" / name).write_text(name)
    return tmp_path


def _ignore(setup_root: Path, **files: str) -> None:
    for name, text in files.items():
        path = setup_root / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _chosen(context: Path, **kwargs: object) -> str | None:
    setup = buildah_setup(context, **kwargs)  # type: ignore[arg-type]
    if setup.ignore_file is None:
        return None
    return os.path.relpath(setup.ignore_file)


def test_containerignore_before_dockerignore(tree: Path) -> None:
    _ignore(tree / "ctx", **{".dockerignore": "a", ".containerignore": "b"})
    assert _chosen(Path("ctx")) == "ctx/.containerignore"


def test_beside_the_build_file_dockerignore_last_wins(tree: Path) -> None:
    _ignore(tree / "ctx", **{
        "Containerfile": "FROM scratch",
        "Containerfile.containerignore": "a",
        "Containerfile.dockerignore": "b",
        ".containerignore": "c",
    })
    assert _chosen(Path("ctx")) == "ctx/Containerfile.dockerignore"


def test_relative_f_looks_beside_the_file_in_the_context(tree: Path) -> None:
    _ignore(tree, **{
        "Containerfile": "FROM scratch",
        "Containerfile.containerignore": "a",
        "ctx__Containerfile.containerignore": "b",
    })
    assert _chosen(Path("ctx"), dockerfile=Path("Containerfile")) == (
        "ctx/Containerfile.containerignore"
    )
    assert _chosen(Path("ctx"), dockerfile=tree / "Containerfile") == (
        "Containerfile.containerignore"
    )


def test_version_1_27_reads_no_file_beside_the_build_file(tree: Path) -> None:
    _ignore(tree / "ctx", **{"Containerfile": "x", "Containerfile.dockerignore": "a",
                             ".dockerignore": "b"})
    old = BuildahVersion.parse("1.27.4")
    assert _chosen(Path("ctx"), version=old) == "ctx/.dockerignore"
    assert _chosen(Path("ctx")) == "ctx/Containerfile.dockerignore"


def test_version_1_29_keeps_root_links_inside_the_context(tree: Path) -> None:
    (tree / "outside").write_text("a")
    (tree / "ctx" / ".containerignore").symlink_to("../outside")
    _ignore(tree / "ctx", **{".dockerignore": "b"})
    assert _chosen(Path("ctx")) == "ctx/.containerignore"
    assert _chosen(Path("ctx"), version=BuildahVersion(1, 29)) == "ctx/.dockerignore"
    (tree / "ctx" / "inside").write_text("c")
    (tree / "ctx" / ".containerignore").unlink()
    (tree / "ctx" / ".containerignore").symlink_to("/inside")
    assert _chosen(Path("ctx"), version=BuildahVersion(1, 29)) == "ctx/inside"


def test_ignorefile_wins_and_is_relative_to_the_working_directory(tree: Path) -> None:
    _ignore(tree, **{"ctx__.containerignore": "a", "my.ignore": "b"})
    assert _chosen(Path("ctx"), ignorefile=Path("my.ignore")) == "my.ignore"


def test_dangling_root_file_falls_through(tree: Path) -> None:
    (tree / "ctx" / ".containerignore").symlink_to("nowhere")
    _ignore(tree / "ctx", **{".dockerignore": "b"})
    assert _chosen(Path("ctx")) == "ctx/.dockerignore"


def test_directory_ignore_file_fails(tree: Path) -> None:
    (tree / "ctx" / ".containerignore").mkdir()
    setup = find_setup(Path("ctx"), Builder.BUILDAH)
    with pytest.raises(IgnoreFileError, match="is a directory"):
        scan_context(setup)


def test_missing_build_file(tree: Path) -> None:
    with pytest.raises(SetupError, match="Containerfile not found"):
        buildah_setup(Path("ctx"), Path("nope"))


def test_version_parsing() -> None:
    assert BuildahVersion.parse("v1.33.0") == BuildahVersion(1, 33)
    assert str(BuildahVersion.parse("1.28.2+ds1")) == "1.28"
    with pytest.raises(ValueError, match="not a Buildah version"):
        BuildahVersion.parse("latest")


# -- the walk --------------------------------------------------------------------------------


def test_walk_sends_parents_of_reincluded_entries_and_skips_sockets(tree: Path) -> None:
    ctx = tree / "ctx"
    (ctx / "d" / "e").mkdir(parents=True)
    (ctx / "d" / "e" / "keep").write_text("k")
    (ctx / "d" / "other").write_text("o")
    (ctx / "empty").mkdir()
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(ctx / "sock"))
        _ignore(ctx, **{".containerignore": "d\n!d/e/keep\na\n"})
        scan = scan_context(find_setup(Path("ctx"), Builder.BUILDAH), sizes=True)
    assert [item.path for item in leaves(scan.sent)] == [
        ".containerignore", "b", "c", "d/e/keep", "empty",
    ]
    assert sorted(scan.implied) == ["d", "d/e"]
    ignored = {item.path: item for item in scan.ignored}
    assert set(ignored) == {"a", "d/other", "sock"}
    assert scan.sent_totals.files == 4
    assert scan.ignored_totals.files == 3


def test_walk_collapses_a_searched_directory_with_nothing_found(tree: Path) -> None:
    ctx = tree / "ctx"
    (ctx / "ab").mkdir()
    (ctx / "ab" / "x").write_text("xx")
    _ignore(ctx, **{".containerignore": "*\n!abc/x\n"})
    scan = scan_context(find_setup(Path("ctx"), Builder.BUILDAH), sizes=True)
    ab = next(item for item in scan.ignored if item.path == "ab")
    assert (ab.files, ab.size) == (1, 2)
    assert scan.sent == []


def test_broken_pattern_fails_only_when_something_is_tested(tree: Path) -> None:
    _ignore(tree, **{"my.ignore": "a(\n", "empty__.keep": ""})
    os.remove(tree / "empty" / ".keep")
    empty = find_setup(Path("empty"), Builder.BUILDAH, ignorefile=Path("my.ignore"))
    assert scan_context(empty).sent == []
    full = find_setup(Path("ctx"), Builder.BUILDAH, ignorefile=Path("my.ignore"))
    with pytest.raises(BuildahPatternError, match=r"my\.ignore:1"):
        scan_context(full, collect=Collect.SENT)


# -- the command line ------------------------------------------------------------------------


def test_podman_is_buildah(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _ignore(tree / "ctx", **{".containerignore": "a+\n", ".dockerignore": "b\n"})
    assert main(["ls", "ctx", "--builder", "podman"]) == 0
    podman = capsys.readouterr().out
    assert main(["ls", "ctx", "--builder", "buildah"]) == 0
    assert capsys.readouterr().out == podman == ".containerignore\n.dockerignore\nb\nc\n"


def test_ignorefile_needs_buildah(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ls", "ctx", "--ignorefile", "x"]) == 2
    assert "--ignorefile is Buildah's option" in capsys.readouterr().err


def test_bad_buildah_version(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ls", "ctx", "--builder", "buildah", "--buildah-version", "new"]) == 2
    assert "not a Buildah version" in capsys.readouterr().err


def test_explain_says_buildah_does_not_look(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / "ctx" / "sub").mkdir()
    (tree / "ctx" / "sub" / "x.py").write_text("")
    _ignore(tree / "ctx", **{".containerignore": "*\n!**/*.py\n"})
    assert main(["explain", "-C", "ctx", "--builder", "podman", "sub/x.py"]) == 0
    assert capsys.readouterr().out == (
        "sub/x.py: not sent: Buildah does not look inside the excluded directory sub/ (no "
        "exception pattern starts with 'sub'; wildcards do not count)\n"
    )


def test_scan_names_the_builder(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _ignore(tree / "ctx", **{".containerignore": "a\n"})
    assert main(["scan", "ctx", "--builder", "podman", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"builder": "buildah"' in out
    assert '"path": "ctx/.containerignore"' in out


def test_explain_with_ignorefile(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _ignore(tree, **{"my.ignore": "b\n"})
    assert main(["explain", "-C", "ctx", "--builder", "buildah", "--ignorefile", "my.ignore",
                 "b", "c"]) == 0
    assert capsys.readouterr().out == (
        "b: not sent: excluded by my.ignore:1: b\nc: sent: no rule matches it\n"
    )


@pytest.mark.buildah
def test_installed_version(buildah_engine: object) -> None:
    from ignoregen.engine.buildah import installed_version

    version = installed_version()
    assert version >= BuildahVersion(1, 28)
    with pytest.raises(ValueError, match="cannot run"):
        installed_version("/nonexistent/buildah")


def test_special_ignore_files(tree: Path) -> None:
    os.mkfifo(tree / "ctx" / ".containerignore")
    with pytest.raises(IgnoreFileError, match="named pipe"):
        scan_context(find_setup(Path("ctx"), Builder.BUILDAH))
    os.remove(tree / "ctx" / ".containerignore")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tree / "ctx" / ".containerignore"))
        with pytest.raises(IgnoreFileError, match="cannot read"):
            scan_context(find_setup(Path("ctx"), Builder.BUILDAH))
