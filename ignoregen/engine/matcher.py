"""Docker's pattern matching, compiled once, where every decision names the rule that made it.

This follows moby/patternmatcher: each pattern is an exact string, a prefix (a
literal followed by a final ``**``), a suffix (``**`` followed by a literal), or
a regular expression; there is no implicit ``**/``; the last pattern that
matches decides; and the walkers decide top-down, where a pattern that matched a
directory counts as matching everything below it (``MatchesUsingParentResults``).

The matcher knows nothing of the file system: it decides paths (``/``-separated,
relative to the context root) and, for pruning, says which patterns could still
match anything below a directory.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ignoregen.engine import combined as _combined
from ignoregen.engine.combined import ByPrefix, PathTest, compile_once, path_test
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.golang import BadPattern, compile_python, compile_re2, translate_re2
from ignoregen.errors import IgnoregenError

_REGEX_SPECIALS = ".+()|{}$"
_LITERAL_STOP = frozenset("*?[]\\^")


_Test = Callable[[str], "re.Match[str] | None"]


class Quick(NamedTuple):
    """Cheap tests that can rule out every live pattern for an entry (see
    :meth:`Matcher.quick`). A name may be decided by a live pattern only when it is in
    ``names``, ends with one of ``suffixes``, starts with one of ``prefixes``, or
    ``name_regex`` matches it; a path only when ``path_regex`` matches it."""

    names: frozenset[str]
    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    name_regex: _Test | None
    path_regex: PathTest | None

    def admits(self, name: str, path: str) -> bool:
        """May a pattern match ``path``, whose last name is ``name``?"""
        return (
            name in self.names
            or name.endswith(self.suffixes)
            or name.startswith(self.prefixes)
            or (self.name_regex is not None and self.name_regex(name) is not None)
            or (self.path_regex is not None and self.path_regex(path) is not None)
        )


Fit = Literal["name", "suffix", "prefix", "glob"]
"""How a name is tested against a pattern's last segment (see :class:`NameTest`)."""
NAME: Fit = "name"
SUFFIX: Fit = "suffix"
PREFIX: Fit = "prefix"
GLOB: Fit = "glob"
_NOT_IN_NAME_TESTS = frozenset("[]\\^")
"""Characters that keep a last segment from being tested on the name alone."""


class NameTest(NamedTuple):
    """What a pattern asks of the name (the last segment) of every path it matches (see
    :meth:`Pattern.name_test`): the one prefilter of Docker patterns, from which the
    walk's quick tests and the classifier's index are both built (:class:`NameIndex`)."""

    how: Fit
    """The name is ``text`` (``NAME``), ends with it (``SUFFIX``), starts with it
    (``PREFIX``), or fits it as a pattern segment (``GLOB``)."""
    text: str
    segment: str
    """The pattern's last segment, as a pattern."""
    whole: bool
    """The test is all that the segment asks (not so for ``x*y``, tested as a prefix)."""
    anywhere: bool
    """The pattern asks nothing of the directories above: it is ``**/`` and the segment,
    or ``**`` and a literal."""


class MatchType(enum.Enum):
    EXACT = "exact"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    REGEX = "regex"


def _fits(test: NameTest | None, name: str) -> bool:
    """False when ``name`` cannot be the name of a path the test's pattern matches.

    Only a pattern that asks nothing of the directories (``**/x*``) is told by its name
    test alone, as in the walk's quick tests: ``a**/b`` also matches ``ab``."""
    if test is None or test.how == GLOB or not test.anywhere:
        return True
    if test.how == NAME:
        return name == test.text
    if test.how == SUFFIX:
        return name.endswith(test.text)
    return name.startswith(test.text)


class PatternUseError(IgnoregenError):
    """A pattern whose regular expression fails when it is first used (Docker fails lazily)."""

    def __init__(self, rule: Rule, reason: str) -> None:
        self.rule = rule
        self.reason = reason
        super().__init__(
            f"{rule.location}: syntax error in pattern {rule.text.strip()!r}: {reason}; "
            "Docker fails the build when it first tests this pattern"
        )

    def __reduce__(self) -> tuple[type[PatternUseError], tuple[Rule, str]]:
        # A parallel walk raises it in a worker process and sends it to the parent.
        return (PatternUseError, (self.rule, self.reason))


_TRANSLATED: dict[str, tuple[MatchType, str]] = {}
"""What :func:`_translate` gave for each pattern text seen (the presets' patterns are
translated for the classifier's matcher and again for others)."""


def _translate(pattern: str) -> tuple[MatchType, str]:
    """Docker's ``Pattern.compile``: the match type and the RE2 source for ``pattern``."""
    found = _TRANSLATED.get(pattern)
    if found is None:
        found = _TRANSLATED[pattern] = _translate_now(pattern)
    return found


def _translate_now(pattern: str) -> tuple[MatchType, str]:
    out = ["^"]
    kind = MatchType.EXACT
    i = 0
    n = len(pattern)
    index = 0
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                if i >= n:
                    if kind is MatchType.EXACT:
                        kind = MatchType.PREFIX
                    else:
                        out.append(".*")
                        kind = MatchType.REGEX
                else:
                    if out[-1] != "(.*/)?":  # (see below)
                        out.append("(.*/)?")
                    kind = MatchType.REGEX
                if index == 0:
                    kind = MatchType.SUFFIX
            else:
                # Two of the same in a row match what one matches ('**/**/x', '****'): one is
                # written, as Python's backtracking takes time exponential in their number.
                if out[-1] != "[^/]*":
                    out.append("[^/]*")
                kind = MatchType.REGEX
        elif char == "?":
            out.append("[^/]")
            kind = MatchType.REGEX
        elif char in _REGEX_SPECIALS:
            out.append("\\" + char)
        elif char == "\\":
            if i < n:
                out.append("\\" + pattern[i])
                i += 1
                kind = MatchType.REGEX
            else:
                out.append("\\")
        elif char in "[]":
            out.append(char)
            kind = MatchType.REGEX
        else:
            out.append(char)
        index += 1
    out.append("$")
    return kind, "".join(out)


def literal_prefix(pattern: str) -> str:
    """The text every path matched by ``pattern`` must start with."""
    for i, char in enumerate(pattern):
        if char in _LITERAL_STOP:
            return pattern[:i]
    return pattern


@dataclass(frozen=True)
class _Shape:
    """What pruning needs to know about where a pattern can match."""

    prefix: str
    """Every match starts with this text."""
    segments: tuple[re.Pattern[str], ...] | None
    """For patterns that match a fixed number of segments one by one, a regex per segment."""
    anywhere: bool
    """True for suffix patterns: a match can end anywhere."""


class Pattern:
    """One compiled rule."""

    __slots__ = (
        "_error", "_python", "_regex", "_shape_cache", "_source", "kind", "literal", "rule",
        "wide",
    )

    @property
    def matches_anywhere(self) -> bool:
        """True when the pattern can match below any directory (so pruning never drops it)."""
        shape = self._shape
        return self.broken or shape.anywhere or (shape.prefix == "" and shape.segments is None)

    @property
    def broken(self) -> bool:
        """True when the pattern fails as soon as Docker tests it."""
        if self._source is not None:
            self._compile()
        return self._error is not None

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.kind, source = _translate(rule.pattern)
        self._regex: re.Pattern[str] | None = None
        self._python: str | None = None
        self._error: str | None = None
        # A regular expression is translated when first needed, and compiled when first
        # matched on its own: a preset holds hundreds of patterns, most are only ever tested
        # as strings, and the walk matches the others through one combined regex per run.
        self._source: str | None = source if self.kind is MatchType.REGEX else None
        self._shape_cache: _Shape | None = None
        if self.kind is MatchType.PREFIX:
            self.literal = rule.pattern[:-2]
        elif self.kind is MatchType.SUFFIX:
            self.literal = rule.pattern[2:]
        else:
            self.literal = rule.pattern
        # Go's regexp reads an invalid byte of the path as U+FFFD, so in a regular
        # expression U+FFFD (which every invalid byte of the ignore file became on its way
        # to BuildKit) matches any invalid byte: its text is not a literal to prune on.
        self.wide = (
            self.kind is MatchType.REGEX
            and not rule.pattern.isascii()
            and any(char == "\ufffd" or "\udc80" <= char <= "\udcff" for char in rule.pattern)
        )

    def _compile(self) -> None:
        source, self._source = self._source, None
        assert source is not None
        try:
            self._python = translate_re2(source)
        except BadPattern as exc:
            self._error = str(exc)

    @property
    def _shape(self) -> _Shape:
        shape = self._shape_cache
        if shape is None:
            shape = self._shape_cache = self._make_shape()
        return shape

    def _make_shape(self) -> _Shape:
        pattern = self.rule.pattern
        if self.kind is MatchType.SUFFIX or self.wide:
            return _Shape(prefix="", segments=None, anywhere=True)
        prefix = literal_prefix(pattern)
        segments = None
        if (
            self.kind is MatchType.REGEX
            and not self.broken
            and "**" not in pattern
            and not any(c in pattern for c in "[]\\^")
        ):
            segments = tuple(compile_re2(_translate(part)[1]) for part in pattern.split("/"))
        return _Shape(prefix=prefix, segments=segments, anywhere=False)

    def regex_source(self) -> str | None:
        """A Python regex that ``re.match`` succeeds with exactly when :meth:`match` is True."""
        kind = self.kind
        literal = re.escape(self.literal)
        if kind is MatchType.EXACT:
            return literal + "\\Z"
        if kind is MatchType.PREFIX:
            return literal
        if kind is MatchType.SUFFIX:
            source = "(?s:.*)" + literal + "\\Z"
            if self.literal.startswith("/"):
                source += "|" + re.escape(self.literal[1:]) + "\\Z"
            return source
        if self.broken:
            return None
        assert self._python is not None
        return self._python

    def name_test(self) -> NameTest | None:
        """What the pattern asks of the last name of every path it matches, when that can
        be told from the pattern's last segment; None otherwise (for ``a/**``, ``**/x[ab]``).

        A pattern of the suffix kind is a literal: ``**/x`` asks for the name ``x`` and
        nothing else, ``**.pyc`` a name ending in ``.pyc``. Otherwise the last segment
        decides: ``x`` is a name, ``*.pyc`` a suffix, ``x*`` a prefix (``x*y`` too, as a
        first test), and ``*.x.*`` or ``x?`` a pattern the name must fit on its own.
        """
        if self.kind is MatchType.SUFFIX:
            head, slash, last = self.literal.rpartition("/")
            if not slash:
                return NameTest(SUFFIX, last, last, True, True)
            return NameTest(NAME, last, last, True, head == "")
        head, _, last = self.rule.pattern.rpartition("/")
        if self.wide or "**" in last or not _NOT_IN_NAME_TESTS.isdisjoint(last):
            return None
        anywhere = head == "**"
        stars = last.count("*")
        if "?" in last:
            return NameTest(GLOB, last, last, True, anywhere)
        if stars == 0:
            return NameTest(NAME, last, last, True, anywhere)
        if stars == 1 and last.startswith("*"):
            return NameTest(SUFFIX, last[1:], last, True, anywhere)
        if not last.startswith("*"):
            whole = stars == 1 and last.endswith("*")
            return NameTest(PREFIX, last[: last.index("*")], last, whole, anywhere)
        return NameTest(GLOB, last, last, True, anywhere)

    def match(self, path: str) -> bool:
        """Does this pattern alone match ``path`` (no parent logic)?"""
        kind = self.kind
        if kind is MatchType.EXACT:
            return path == self.literal
        if kind is MatchType.PREFIX:
            return path.startswith(self.literal)
        if kind is MatchType.SUFFIX:
            suffix = self.literal
            if path.endswith(suffix):
                return True
            return suffix[:1] == "/" and path == suffix[1:]
        regex = self._regex
        if regex is None:
            if self._source is not None:
                self._compile()
            if self._python is None:
                raise PatternUseError(self.rule, self._error or "invalid pattern")
            try:
                regex = self._regex = compile_python(self._python)
            except BadPattern as exc:  # pragma: no cover - translation keeps the syntax valid
                self._python = None
                self._error = str(exc)
                raise PatternUseError(self.rule, self._error) from None
        return regex.match(path) is not None

    def can_match_below(self, directory: str) -> bool:
        """Could this pattern match some path strictly below ``directory``?

        Conservative: True unless it provably cannot.
        """
        shape = self._shape
        if shape.anywhere or self.broken:
            # A broken pattern must be tested wherever Docker tests it, so that it fails there.
            return True
        head = directory + "/"
        prefix = shape.prefix
        if not (prefix.startswith(head) or head.startswith(prefix)):
            return False
        if self.kind is MatchType.EXACT:
            return len(self.literal) > len(head) and self.literal.startswith(head)
        if shape.segments is not None:
            parts = directory.split("/")
            if len(parts) >= len(shape.segments):
                return False
            return all(
                regex.match(part) is not None
                for regex, part in zip(shape.segments, parts, strict=False)
            )
        return True


_Candidates = tuple[tuple[int, "Pattern | None"], ...]
_Anchored = tuple[tuple[int, Pattern], ...]


class NameIndex:
    """Patterns indexed by their :meth:`Pattern.name_test`: the prefilter of both hot loops.

    Most entries match no pattern, and most patterns look at names. The index answers two
    questions from the same tests:

    * :meth:`quick` (the walk): one cheap test that rules out a set of patterns (those
      live in a directory) for an entry, as set and string tests and at most two regexes;
    * :meth:`hits` (the classifier, hundreds of patterns): which patterns match a path,
      testing only those whose last segment fits its name (memoised per name), those
      anchored to its directory, and the few that need the whole path.

    Bit *i* of a mask stands for ``patterns[i]``.
    """

    MEMO_LIMIT = 200_000
    """Names whose candidates are remembered at once (the memo starts again past it)."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = tuple(patterns)
        self._tests = tuple(pattern.name_test() for pattern in self.patterns)
        self._quick: dict[int, Quick] = {}
        self._by_name: dict[str, list[tuple[int, Pattern | None]]] = {}
        # (the candidates' pairs are made once, and shared by every name they fit)
        self._by_ext: dict[str, list[tuple[str, tuple[int, Pattern | None]]]] = {}
        self._suffixes: list[tuple[str, tuple[int, Pattern | None]]] = []
        self._by_head: dict[str, list[tuple[str, tuple[int, Pattern | None]]]] = {}
        self._prefixes: list[tuple[str, tuple[int, Pattern | None]]] = []
        self._name_globs: list[tuple[_Test, tuple[int, Pattern | None]]] = []
        self._generic: list[tuple[int, Pattern]] = []
        self._anchored: dict[str, list[tuple[int, Pattern]]] = {}
        self._memo: dict[str, _Candidates] = {}
        self._alike: dict[tuple[int, ...], _Candidates] = {}
        """Each memo's tuple of candidates, by their bits: names with the same candidates
        share one tuple (a bit stands for one pattern, found in one place of the index)."""
        for pid, (pattern, test) in enumerate(zip(self.patterns, self._tests, strict=True)):
            self._index(1 << pid, pattern, test)

    def _index(self, bit: int, pattern: Pattern, test: NameTest | None) -> None:
        head, _, last = pattern.rule.pattern.rpartition("/")
        if (
            not pattern.wide
            and literal_prefix(head) == head
            and "**" not in last
            and "[" not in last
            and "\\" not in last
        ):
            # A literal directory part: only that directory's entries can match.
            self._anchored.setdefault(head, []).append((bit, pattern))
            return
        if test is None:
            self._generic.append((bit, pattern))
            return
        # When the pattern asks nothing of the directories, a name that passes is a match.
        check: Pattern | None = None if test.anywhere and test.whole else pattern
        how, text = test.how, test.text
        pair = (bit, check)
        if how == NAME:
            self._by_name.setdefault(text, []).append(pair)
        elif how == SUFFIX:
            dot = text.rfind(".")
            if dot >= 0:
                self._by_ext.setdefault(text[dot:], []).append((text, pair))
            else:
                self._suffixes.append((text, pair))
        elif how == PREFIX:
            if len(text) >= 2:
                self._by_head.setdefault(text[:2], []).append((text, pair))
            else:
                self._prefixes.append((text, pair))
        else:
            # e.g. `*.tfstate.*`: the name must fit the last segment on its own.
            fits = compile_re2(_translate(test.segment)[1]).match
            self._name_globs.append((fits, pair))

    # -- the walk's question ------------------------------------------------------------------

    def quick(self, live: int) -> Quick:
        """Cheap tests that rule out every ``live`` pattern for an entry.

        When no test passes, no live pattern matches the path, and it inherits its
        directory's decision unchanged (every bit of its vector comes from the directory,
        and they replay in the same order). Patterns that look only at the last name
        (``**/x``, ``**/*.pyc``, ``**/.env*``) become string tests; the others one regex
        on the name or on the path. Callers must not use them while a pattern is broken
        (:attr:`Matcher.has_broken`): Docker tests it wherever it does, and fails there.
        """
        cached = self._quick.get(live)
        if cached is not None:
            tests = cached.path_regex
            if type(tests) is ByPrefix and tests.calls > _combined.BY_PREFIX_CALLS:
                # asked often enough to pay for compiling them all into one expression
                cached = self._quick[live] = cached._replace(path_regex=tests.compiled())
            return cached
        names: set[str] = set()
        suffixes: list[str] = []
        prefixes: list[str] = []
        name_sources: list[str] = []
        on_paths: list[Pattern] = []
        for i, pattern in enumerate(self.patterns):
            if not live >> i & 1:
                continue
            test = self._tests[i]
            if test is None or not test.anywhere:
                on_paths.append(pattern)
            elif test.how == GLOB or not test.whole:
                name_sources.append(f"(?:{translate_re2(_translate(test.segment)[1])})")
            elif test.how == NAME:
                names.add(test.text)
            elif test.how == SUFFIX:
                suffixes.append(test.text)
            else:
                prefixes.append(test.text)
        quick = Quick(
            frozenset(names),
            tuple(suffixes),
            tuple(prefixes),
            compile_once("|".join(name_sources)).match if name_sources else None,
            path_test(on_paths) if on_paths else None,
        )
        self._quick[live] = quick
        return quick

    # -- the classifier's question ------------------------------------------------------------

    def anchored_at(self, directory: str) -> _Anchored:
        """The patterns anchored to ``directory`` (``log/*`` for ``log``), for :meth:`hits`."""
        return tuple(self._anchored.get(directory, ()))

    def hits(self, name: str, path: str, anchored: _Anchored) -> int:
        """The patterns that match ``path`` itself, whose name is ``name`` and whose
        directory's anchored patterns are ``anchored`` (a bit per pattern)."""
        candidates = self._memo.get(name)
        if candidates is None:
            candidates = self._candidates(name)
        hits = 0
        for bit, check in candidates:
            if check is None or check.match(path):
                hits |= bit
        for bit, pattern in anchored:
            if pattern.match(path):
                hits |= bit
        for bit, pattern in self._generic:
            if pattern.match(path):
                hits |= bit
        return hits

    def _candidates(self, name: str) -> _Candidates:
        """Patterns whose last segment fits ``name``; None when that alone means a match."""
        found: list[tuple[int, Pattern | None]] = list(self._by_name.get(name, ()))
        dot = name.rfind(".")
        if dot >= 0:
            for literal, pair in self._by_ext.get(name[dot:], ()):
                if name.endswith(literal):
                    found.append(pair)
        for literal, pair in self._suffixes:
            if name.endswith(literal):
                found.append(pair)
        for literal, pair in self._by_head.get(name[:2], ()):
            if name.startswith(literal):
                found.append(pair)
        for literal, pair in self._prefixes:
            if name.startswith(literal):
                found.append(pair)
        for fits, pair in self._name_globs:
            if fits(name) is not None:
                found.append(pair)
        bits = tuple(bit for bit, _ in found)
        result = self._alike.get(bits)
        if result is None:
            result = self._alike[bits] = tuple(found)
        memo = self._memo
        if len(memo) >= self.MEMO_LIMIT:
            memo.clear()
        memo[name] = result
        return result


@dataclass(frozen=True)
class Decision:
    """The fate of one path."""

    excluded: bool
    rule: Rule | None
    """The rule that decided, or None when no rule matched."""
    inherited: bool
    """True when the deciding rule matched an ancestor directory, not the path itself."""


class Step(NamedTuple):
    """One level of a top-down decision."""

    path: str
    excluded: bool
    vector: int
    """Bit *i* set when pattern *i* matched this path or an ancestor."""
    rule: int
    """Index of the deciding rule, or -1."""
    inherited: bool


_PATTERNS: dict[str, Pattern] = {}
"""A compiled pattern by its text, whose work a pattern of the same text with another
rule (another file, line or exception mark) takes over (see :func:`_pattern_of`)."""
_PATTERN_SLOTS = tuple(name for name in Pattern.__slots__ if name != "rule")


def _pattern_of(rule: Rule) -> Pattern:
    """``Pattern(rule)``, its translation and shape those of the last pattern of that text:
    they depend on the text alone."""
    known = _PATTERNS.get(rule.pattern)
    if known is None:
        known = Pattern(rule)
        known.matches_anywhere  # noqa: B018 - the shape and the translation, made once
        if len(_PATTERNS) >= 4096:
            _PATTERNS.clear()
        _PATTERNS[rule.pattern] = known
    elif known.rule is rule:
        return known
    copy = Pattern.__new__(Pattern)
    for name in _PATTERN_SLOTS:
        setattr(copy, name, getattr(known, name))
    copy.rule = rule
    return copy


_ONE_BY_ONE_STEPS = 64
"""How many steps a matcher takes one pattern at a time before it compiles its runs."""


class Matcher:
    """A compiled rule list with Docker's evaluation order."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.patterns = tuple(_pattern_of(rule) for rule in self.rules)
        self.has_exceptions = any(rule.exception for rule in self.rules)
        self.has_broken = any(pattern.broken for pattern in self.patterns)
        self.all_mask = (1 << len(self.patterns)) - 1
        self.exception_mask = sum(1 << i for i, rule in enumerate(self.rules) if rule.exception)
        self._runs: list[tuple[bool, int, re.Pattern[str], int]] | None = None
        self._one_by_one = -1 if self.has_broken else _ONE_BY_ONE_STEPS
        """Steps still taken one pattern at a time before the runs' regexes are compiled
        (-1: always, for broken patterns). Compiling a preset's few hundred patterns costs
        more than the few dozen decisions most matchers are asked for, and the walk
        compiles them after its first directories."""
        self.names = NameIndex(self.patterns)
        self.quick = self.names.quick
        """Cheap tests that rule out every live pattern for an entry (:meth:`NameIndex.quick`)."""
        self.always_live = sum(
            1 << i for i, pattern in enumerate(self.patterns) if pattern.matches_anywhere
        )
        """Patterns that stay live below every directory (pruning never drops them)."""

    def _compile_runs(self) -> list[tuple[bool, int, re.Pattern[str], int]]:
        """(exception, mask, combined regex, first index) for each run of same-kind patterns."""
        runs: list[tuple[bool, int, re.Pattern[str], int]] = []
        start = 0
        while start < len(self.patterns):
            exception = self.rules[start].exception
            end = start
            while end < len(self.patterns) and self.rules[end].exception == exception:
                end += 1
            sources = [self.patterns[i].regex_source() for i in range(start, end)]
            combined = "|".join(f"({source})" for source in sources)
            regex = compile_once(combined)
            mask = ((1 << end) - 1) ^ ((1 << start) - 1)
            runs.append((exception, mask, regex, start))
            start = end
        return runs

    # -- the walkers' rule -------------------------------------------------------------------

    def step(self, path: str, parent: int, live: int) -> tuple[bool, int, int, bool]:
        """Decide ``path`` given its parent's match vector (``MatchesUsingParentResults``).

        ``parent`` has bit *i* set when pattern *i* matched the parent directory (or one of
        its ancestors); ``live`` masks the patterns that can match anything at this depth and
        place (see :meth:`live_below`). Returns ``(excluded, vector, deciding index or -1,
        inherited)``.

        Consecutive patterns of the same kind (all ordinary or all exceptions) form a run.
        Within a run only the first match can change the state (later ones are skipped,
        except inherited ones), so one combined regex per run finds it in a single call.
        """
        runs = self._runs
        if runs is None:
            left = self._one_by_one
            if left:
                if left > 0:
                    self._one_by_one = left - 1
                return self.step_one_by_one(path, parent, live)
            runs = self._runs = self._compile_runs()
        excluded = False
        vector = 0
        decider = -1
        inherited = False
        for exception, mask, regex, start in runs:
            inherited_bits = parent & mask
            if exception != excluded:
                if inherited_bits:
                    vector |= inherited_bits
                    decider = inherited_bits.bit_length() - 1
                    inherited = True
                continue
            first = -1
            if live & mask:
                found = regex.match(path)
                if found is not None:
                    first = start + (found.lastindex or 1) - 1
            if inherited_bits:
                first_inherited = (inherited_bits & -inherited_bits).bit_length() - 1
                if first < 0 or first_inherited <= first:
                    first = first_inherited
            elif first < 0:
                continue
            recorded = inherited_bits | (1 << first)
            vector |= recorded
            decider = recorded.bit_length() - 1
            inherited = bool(inherited_bits >> decider & 1)
            excluded = not exception
        return excluded, vector, decider, inherited

    def step_one_by_one(self, path: str, parent: int, live: int) -> tuple[bool, int, int, bool]:
        """:meth:`step` testing one pattern at a time, as Docker does (used for broken patterns)."""
        excluded = False
        vector = 0
        decider = -1
        inherited = False
        candidates = parent | live
        patterns = self.patterns
        # The name test first (not when a pattern is broken: Docker fails wherever it tests
        # one): a regular expression is compiled when first matched, and most of a
        # preset's patterns are told apart by the name alone.
        tests = None if self.has_broken else self.names._tests
        name = path[path.rfind("/") + 1:]
        while candidates:
            low = candidates & -candidates
            candidates ^= low
            i = low.bit_length() - 1
            pattern = patterns[i]
            if parent & low:
                from_parent = True
            else:
                if pattern.rule.exception != excluded:
                    continue
                if (tests is not None and pattern.kind is MatchType.REGEX
                        and not _fits(tests[i], name)):
                    continue
                if not pattern.match(path):
                    continue
                from_parent = False
            vector |= low
            excluded = not pattern.rule.exception
            decider = i
            inherited = from_parent
        return excluded, vector, decider, inherited

    def live_below(self, directory: str, live: int) -> int:
        """Of the patterns in ``live``, those that could match a path below ``directory``."""
        result = live & self.always_live
        candidates = live & ~self.always_live
        patterns = self.patterns
        while candidates:
            low = candidates & -candidates
            candidates ^= low
            if patterns[low.bit_length() - 1].can_match_below(directory):
                result |= low
        return result

    def chain(self, path: str) -> list[Step]:
        """The walkers' decision for ``path`` and each of its ancestors, root first."""
        parts = path.split("/")
        vector = 0
        steps: list[Step] = []
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            excluded, vector, decider, inherited = self.step(prefix, vector, self.all_mask)
            steps.append(Step(prefix, excluded, vector, decider, inherited))
        return steps

    def decide(self, path: str) -> Decision:
        """The walkers' decision for one path, computed from the root down."""
        last = self.chain(path)[-1]
        rule = self.rules[last.rule] if last.rule >= 0 else None
        return Decision(last.excluded, rule, last.inherited)

    def decide_many(self, paths: Iterable[str]) -> dict[str, Decision]:
        """:meth:`decide` for many paths, stepping each directory they share once (a path
        ``depth`` levels deep costs one step, not ``depth``, when its parent was seen)."""
        rules = self.rules
        return {
            path: Decision(excluded, rules[decider] if decider >= 0 else None, inherited)
            for path, (excluded, _, decider, inherited) in self._steps_many(paths)
        }

    def excluded_many(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` that :meth:`decide_many` decides excluded, in their order (a
        path given twice comes twice), without a :class:`Decision` for each."""
        return [path for path, step in self._steps_many(paths) if step[0]]

    def excluded_of(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` that :meth:`decide` decides excluded, in their order: as
        :meth:`excluded_many`, but the context's root itself (``""``) as :meth:`decide`
        has it."""
        paths = list(paths)
        many = set(self.excluded_many(path for path in paths if path))
        return [path for path in paths if (path in many if path else self.decide(path).excluded)]

    def excluder(self) -> Callable[[str], bool]:
        """``lambda path: self.decide(path).excluded``, the directories stepped kept from
        one call to the next as :meth:`excluded_many` keeps them within one (a caller that
        asks about paths one at a time, each beside the last)."""
        steps: dict[str, tuple[bool, int, int, bool]] = {}

        def excluded(path: str) -> bool:
            if not path:
                return self.decide(path).excluded
            for _, step in self._steps_many((path,), steps):
                return step[0]
            raise AssertionError(path)  # (one path in, one step out)

        return excluded

    def _steps_many(
        self, paths: Iterable[str], steps: dict[str, tuple[bool, int, int, bool]] | None = None
    ) -> Iterator[tuple[str, tuple[bool, int, int, bool]]]:
        """Each of ``paths`` with its step (excluded, vector, decider, inherited); ``steps``
        keeps the steps taken (by path) for a later call."""
        if steps is None:
            steps = {}
        everything = self.all_mask
        # As in the walks: a name that no quick test lets a pattern match inherits its
        # directory's decision as it is, without a step (not while a pattern is broken).
        quick = None if self.has_broken or not everything else self.quick(everything)
        root = (False, 0, -1, False)
        for path in paths:
            known = steps.get(path)
            if known is not None:
                yield path, known
                continue
            head, _, name = path.rpartition("/")
            above = steps.get(head) if head else root
            if above is not None and path:  # the parent was seen (the common case): one level
                if quick is not None and not quick.admits(name, path):
                    decider = above[2]
                    known = steps[path] = (above[0], above[1], decider, decider >= 0)
                else:
                    known = steps[path] = self.step(path, above[1], everything)
                yield path, known
                continue
            pending: list[str] = []
            probe = path
            while probe and probe not in steps:
                pending.append(probe)
                probe = probe.rpartition("/")[0]
            above = steps[probe] if probe else root
            for prefix in reversed(pending):
                if quick is not None and not quick.admits(prefix.rpartition("/")[2], prefix):
                    decider = above[2]
                    above = steps[prefix] = (above[0], above[1], decider, decider >= 0)
                    continue
                above = steps[prefix] = self.step(prefix, above[1], everything)
            yield path, steps[path] if path else root

    # -- the stand-alone helpers (the daemon's and the CLI's) ----------------------------------

    def matches_or_parent_matches(self, path: str) -> bool:
        """``MatchesOrParentMatches``: each non-skipped pattern on the path and its ancestors."""
        parts = path.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
        excluded = False
        for pattern in self.patterns:
            if pattern.rule.exception != excluded:
                continue
            if pattern.match(path) or any(pattern.match(a) for a in ancestors):
                excluded = not pattern.rule.exception
        return excluded

    def matches_legacy(self, path: str) -> bool:
        """The deprecated ``Matches``: only the ancestor with the pattern's segment count."""
        parts = path.split("/")
        parent = parts[:-1]
        excluded = False
        for pattern in self.patterns:
            if pattern.rule.exception != excluded:
                continue
            matched = pattern.match(path)
            if not matched and parent:
                width = len(pattern.rule.pattern.split("/"))
                if width <= len(parent):
                    matched = pattern.match("/".join(parent[:width]))
            if matched:
                excluded = not pattern.rule.exception
        return excluded
