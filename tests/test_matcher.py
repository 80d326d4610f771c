"""Docker's matching: single patterns, evaluation order, lazy errors, and the pruning helpers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ignoregen.engine.dockerignore import parse_bytes, parse_text
from ignoregen.engine.matcher import (
    GLOB,
    NAME,
    PREFIX,
    SUFFIX,
    Matcher,
    MatchType,
    NameIndex,
    NameTest,
    Pattern,
    PatternUseError,
)


def matcher(*lines: str) -> Matcher:
    return Matcher(parse_bytes("\n".join(lines).encode("utf-8", "surrogateescape"), "t"))


def excluded(lines: list[str], path: str) -> bool:
    return matcher(*lines).decide(path).excluded


# (pattern, path, matches): the corners where Docker differs from gitignore and from fnmatch.
SINGLE = [
    ("node_modules", "node_modules", True),
    ("node_modules", "pkg/node_modules", False),
    ("*.log", "logs/a.log", False),
    ("**/*.log", "a.log", True),
    ("**/*.log", "d/e/c.log", True),
    ("**foo", "myfoo", True),  # the suffix shortcut: "ends with"
    ("**.txt", "d/b.txt", True),
    ("a**b", "axb", False),  # ** glued to text is still (.*/)?
    ("a**b", "ax/b", True),
    ("a**b", "ab", True),
    ("dir/**", "dir", False),  # the prefix shortcut needs the slash
    ("dir/**", "dir/x/y", True),
    ("**", "anything/at/all", True),
    ("build/", "build", True),  # a trailing slash means nothing
    ("[^a]bc", "xbc", True),  # ^ negates ...
    ("[!a]bc", "xbc", False),  # ... ! is a member
    ("[!a]bc", "!bc", True),
    ("a[*]b", "a]b", True),  # * inside brackets is expanded
    ("a[*]b", "a*b", False),
    ("a\\d", "a5", True),  # RE2 meaning of \d
    ("a\\d", "ad", False),
    ("a\\s", "a\v", False),  # RE2's \s has no \v
    ("a\\s", "a\t", True),
    ("[[:digit:]]x", "7x", True),
    ("[[:digit:]]x", "ax", False),
    ("[[:alpha:][:digit:]]", "Q", True),
    ("a+b", "aab", False),
    ("a+b", "a+b", True),
    ("a|b", "a", False),
    ("a(b)c/def", "a(b)c/def", True),
    ("abc.def", "abcZdef", False),
    ("a^b", "a^b", True),  # no wildcard: compared as a string
    ("a^*", "a^x", False),  # with a wildcard ^ is an anchor
    ("a?b", "a☺b", True),
    ("a?b", "a/b", False),
    ("README.md", "readme.md", False),  # case-sensitive
    ("\\#x", "#x", True),
    ("**/x", "a\nb/x", True),
    ("**/*.txt", "a\nb/c.txt", False),  # RE2's . does not match a newline
    ("*", "a\nb", True),
    ("\udcff*", "\udcfex", True),  # an invalid byte matches any invalid byte, as in Go
]


@pytest.mark.parametrize(("pattern", "path", "expected"), SINGLE)
def test_single_pattern(pattern: str, path: str, expected: bool) -> None:
    assert excluded([pattern], path) is expected


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("foo", MatchType.EXACT),
        ("a.b", MatchType.EXACT),
        ("dir/**", MatchType.PREFIX),
        ("**/foo", MatchType.SUFFIX),
        ("**", MatchType.SUFFIX),
        ("**/*.go", MatchType.REGEX),
        ("**/**", MatchType.REGEX),
        ("a\\.b**", MatchType.REGEX),
    ],
)
def test_match_types(pattern: str, kind: MatchType) -> None:
    (rule,) = parse_bytes(pattern.encode(), "t")
    assert Pattern(rule).kind is kind


@pytest.mark.parametrize(
    ("lines", "path", "expected"),
    [
        (["*.md", "!README*.md", "README-secret.md"], "README.md", False),
        (["*.md", "!README*.md", "README-secret.md"], "README-secret.md", True),
        (["*.md", "README-secret.md", "!README*.md"], "README-secret.md", False),
        (["!keep.txt", "*"], "keep.txt", True),
        (["dir", "!dir/keep.txt"], "dir/keep.txt", False),
        (["dir", "!dir/keep.txt"], "dir/sub/keep.txt", True),
        (["dir", "!dir/sub"], "dir/sub/deep/x", False),
        (["*", "!src", "src/*.test.js"], "src/sub/a.test.js", False),
        (["*", "!a/b/*", "a/b"], "a/b/x", False),  # a/b was skipped at a/b: not inherited
        (["node_modules/*", "!node_modules"], "node_modules/x.js", True),
        (["foo", "!foo/bar", "foo/bar/baz", "!foo/bar/baz/x"], "foo/bar/baz/x", False),
        (["foo", "!foo/bar", "foo/bar/baz", "!foo/bar/baz/x"], "foo/bar/baz/y", True),
    ],
)
def test_evaluation_order(lines: list[str], path: str, expected: bool) -> None:
    assert excluded(lines, path) is expected


def test_decision_names_the_rule_and_inheritance() -> None:
    m = matcher("# deps", "**/node_modules", "*.md", "!README.md")
    decision = m.decide("web/node_modules/react/index.js")
    assert decision.excluded
    assert decision.rule is not None
    assert (decision.rule.line, decision.rule.text) == (2, "**/node_modules")
    assert decision.inherited
    assert m.decide("web/node_modules").inherited is False
    readme = m.decide("README.md")
    assert not readme.excluded
    assert readme.rule is not None
    assert readme.rule.exception
    assert m.decide("src/app.py").rule is None


def test_regex_errors_are_lazy_like_dockers() -> None:
    # An exception is only tested while something is excluded.
    assert not excluded(["![z-a]"], "x")
    with pytest.raises(PatternUseError) as info:
        excluded(["*", "![z-a]"], "x")
    assert info.value.rule.line == 2
    with pytest.raises(PatternUseError):
        excluded(["[Local-Only]/"], "x")


def test_unsupported_re2_escapes_fail_clearly() -> None:
    with pytest.raises(PatternUseError) as info:
        excluded(["a\\pL"], "ab")
    assert "not supported" in str(info.value)


def test_can_match_below() -> None:
    m = matcher("node_modules", "docs/*.md", "*/temp", "src/**/x", "**/y", "a*b/c")
    live = {
        m.rules[i].pattern for i in range(len(m.rules)) if m.live_below("docs", m.all_mask) >> i & 1
    }
    assert live == {"docs/*.md", "*/temp", "**/y"}
    live_deep = m.live_below("docs/sub", m.all_mask)
    assert {m.rules[i].pattern for i in range(len(m.rules)) if live_deep >> i & 1} == {"**/y"}
    assert m.live_below("axb", m.all_mask) >> 5 & 1
    assert not m.live_below("ax", m.all_mask) >> 5 & 1


# -- properties --------------------------------------------------------------------------------

NAMES = st.sampled_from(
    ["a", "b", "ab", ".x", ".xy", "x.py", "node_modules", "[a]", "a b", "é", "!a", "#a"]
)
PATHS = st.lists(NAMES, min_size=1, max_size=4).map("/".join)
PIECES = st.sampled_from(
    [
        "a",
        "b",
        "ab",
        "*",
        "**",
        "?",
        "x.py",
        "*.py",
        "a*",
        ".x*",
        "node_modules",
        "[ab]",
        "[^a]",
        "\\[a]",
        ".x",
        "é",
        "!a",
        "\\#a",
        "a b",
    ]
)
PATTERNS = st.builds(
    lambda neg, parts, lead: ("!" if neg else "") + ("/" if lead else "") + "/".join(parts),
    st.booleans(),
    st.lists(PIECES, min_size=1, max_size=3),
    st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PATTERNS, min_size=1, max_size=6), PATHS)
def test_run_regexes_agree_with_one_by_one(lines: list[str], path: str) -> None:
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    if not m.has_broken:
        m._one_by_one = 0  # step() compiles its runs now (else its first steps are one by one)
    parts = path.split("/")
    fast = slow = 0
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        a = m.step(prefix, fast, m.all_mask)
        b = m.step_one_by_one(prefix, slow, m.all_mask)
        assert a == b, prefix
        fast, slow = a[1], b[1]


@settings(max_examples=400, deadline=None)
@given(st.lists(PATTERNS, min_size=1, max_size=6), PATHS, PATHS)
def test_pruning_never_hides_a_match(lines: list[str], directory: str, below: str) -> None:
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    path = directory + "/" + below
    live = m.live_below(directory, m.all_mask)
    for index, pattern in enumerate(m.patterns):
        if pattern.match(path):
            assert live >> index & 1, (pattern.rule.pattern, directory, path)


NAME_PATTERNS = st.builds(
    lambda neg, piece: ("!" if neg else "") + "**/" + piece, st.booleans(), PIECES
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PATTERNS, NAME_PATTERNS), min_size=1, max_size=6), PATHS)
def test_quick_tests_never_rule_out_a_match(lines: list[str], path: str) -> None:
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    if m.has_broken:
        return  # the walk steps every entry then
    names, suffixes, prefixes, name_regex, path_regex = m.quick(m.all_mask)
    name = path.rpartition("/")[2]
    passes = (
        name in names
        or name.endswith(suffixes)
        or name.startswith(prefixes)
        or (name_regex is not None and name_regex(name) is not None)
        or (path_regex is not None and path_regex(path) is not None)
    )
    for pattern in m.patterns:
        if pattern.match(path):
            assert passes, (pattern.rule.pattern, path)


@pytest.mark.parametrize("path", [
    "frontend/app/dist", "frontend/app/dist/x.js", "build/a.log", "front/x", "cache",
    "src/cache", "a/b/c", "deep/a/b/c", "frontend", "build/a.txt", "x/y/z",
])
def test_quick_path_tests_by_literal_start(path: str) -> None:
    """Patterns the name alone does not decide are tested by their literal start, one by
    one, and the rest combined: none of them is ruled out where it matches."""
    lines = ["frontend/app/dist", "build/*.log", "fro*/x", "*/cache", "a/b/c", "!cache"]
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    quick = m.quick(m.all_mask)
    assert quick.path_regex is not None
    matched = [pattern.rule.pattern for pattern in m.patterns if pattern.match(path)]
    admitted = quick.admits(path.rpartition("/")[2], path)
    assert admitted or not matched, matched
    if path in ("build/a.txt", "x/y/z", "deep/a/b/c"):
        assert not matched
        assert not admitted  # nothing can match: ruled out


def test_quick_path_tests_compiled_once_asked_often(monkeypatch: pytest.MonkeyPatch) -> None:
    from ignoregen.engine import combined

    monkeypatch.setattr(combined, "BY_PREFIX_CALLS", 2)
    lines = ["frontend/app/dist", "build/*.log", "*/cache"]
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    paths = ["frontend/app/dist", "build/a.log", "src/cache", "build/a.txt", "x"]
    first = m.quick(m.all_mask)
    before = [first.admits(p.rpartition("/")[2], p) for p in paths]
    later = m.quick(m.all_mask)
    assert type(later.path_regex) is not type(first.path_regex)
    assert [later.admits(p.rpartition("/")[2], p) for p in paths] == before
    assert before == [True, True, True, False, False]
    # a caller that keeps the first test (excluded_many) gets the compiled one from it too
    assert isinstance(first.path_regex, combined.ByPrefix)
    assert first.path_regex.fast is not None
    assert [first.admits(p.rpartition("/")[2], p) for p in paths] == before


def test_quick_tests_for_names_are_string_tests() -> None:
    lines = ["**/node_modules", "**/*.pyc", "**/.env*", "**/a?c"]
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    quick = m.quick(m.all_mask)
    assert quick.names == {"node_modules"}
    assert quick.suffixes == (".pyc",)
    assert quick.prefixes == (".env",)
    assert quick.name_regex is not None
    assert quick.name_regex("abc")
    assert quick.path_regex is None


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("**/node_modules", NameTest(NAME, "node_modules", "node_modules", True, True)),
        ("**.pyc", NameTest(SUFFIX, ".pyc", ".pyc", True, True)),
        ("**/*.pyc", NameTest(SUFFIX, ".pyc", "*.pyc", True, True)),
        ("**/.env*", NameTest(PREFIX, ".env", ".env*", True, True)),
        ("**/id*.pub", NameTest(PREFIX, "id", "id*.pub", False, True)),
        ("**/*.tfstate.*", NameTest(GLOB, "*.tfstate.*", "*.tfstate.*", True, True)),
        ("**/a?c", NameTest(GLOB, "a?c", "a?c", True, True)),
        ("src/**/*.py", NameTest(SUFFIX, ".py", "*.py", True, False)),
        ("**/cache/*.bin", NameTest(SUFFIX, ".bin", "*.bin", True, False)),
        ("**/a/b", NameTest(NAME, "b", "b", True, False)),
        ("docs", NameTest(NAME, "docs", "docs", True, False)),
        ("dist/**", None),
        ("**/x[ab]", None),
        ("**/a\\*", None),
    ],
)
def test_what_a_pattern_asks_of_a_name(pattern: str, expected: NameTest | None) -> None:
    (rule,) = parse_text([(1, pattern)], "t")
    assert Pattern(rule).name_test() == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PATTERNS, NAME_PATTERNS), min_size=1, max_size=6), PATHS)
def test_name_index_hits_are_the_patterns_that_match(lines: list[str], path: str) -> None:
    """The classifier's question to the prefilter: which patterns match a path, found from
    the candidates for its name, the patterns anchored to its directory and the rest."""
    patterns = [Pattern(rule) for rule in parse_text(enumerate(lines, 1), "t")]
    if any(pattern.broken for pattern in patterns):
        return
    index = NameIndex(patterns)
    directory, _, name = path.rpartition("/")
    expected = sum(1 << i for i, pattern in enumerate(patterns) if pattern.match(path))
    assert index.hits(name, path, index.anchored_at(directory)) == expected


@pytest.mark.parametrize(
    ("pattern", "path", "excluded"),
    [("a**/b", "ab", True), ("a**/b", "a/x/b", True), ("**/*.pyc", "x/y.pyc", True),
     ("**/*.pyc", "x/y.py", False), ("x*/b", "xb", False), ("x*/b", "xy/b", True)],
)
def test_one_by_one_steps_skip_a_pattern_only_when_its_name_rules_it_out(
    pattern: str, path: str, excluded: bool
) -> None:
    m = Matcher(parse_text(enumerate([pattern], 1), "t"))
    assert m.decide(path).excluded is excluded  # one pattern at a time: a fresh matcher
    runs = Matcher(parse_text(enumerate([pattern], 1), "t"))
    runs._one_by_one = 0
    assert runs.decide(path).excluded is excluded


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(PATTERNS, NAME_PATTERNS), min_size=1, max_size=6),
    st.lists(st.one_of(PATHS, st.just("")), min_size=1, max_size=12),
)
def test_excluded_of_is_decide(lines: list[str], paths: list[str]) -> None:
    """excluded_of steps each directory the paths share once (excluded_many), the root
    itself as decide has it: the same paths, in order, a repeated one repeated."""
    m = Matcher(parse_text(enumerate(lines, 1), "t"))
    if m.has_broken:
        return
    paths = paths + paths[:2]
    assert m.excluded_of(paths) == [p for p in paths if m.decide(p).excluded]
