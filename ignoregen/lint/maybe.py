"""The developer's machine: paths that a clean checkout lacks and a laptop has.

A CI checkout holds what git tracks; a developer's working copy also holds what
``.gitignore`` lists (``node_modules``, ``.venv``, ``__pycache__``, ``bin``/``obj``, a
``.env`` the README says to create, ``config/master.key``) and what the presets' generated
and local categories describe. Such paths *may exist*. For ``check`` this means:

* a rule of the ignore file that excludes a path that may exist is protective, even when
  it matches nothing in the checkout: it is never reported as unmatched;
* an ignore file that lets such a path through, with a build that copies the whole
  context, sends it on a developer's machine (:mod:`ignoregen.lint.laptop`).

``.gitignore`` files (and ``.git/info/exclude``) are read with the project's own parser
(:mod:`ignoregen.plan.gitignore`), without running git: the rules are translated to
Docker's dialect, re-based on the context.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ignoregen import fileio
from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_line
from ignoregen.engine.matcher import Matcher, Pattern, literal_prefix
from ignoregen.knowledge.preset import PresetSet, Role
from ignoregen.lint.first_match import FirstIndex

MAY_EXIST_ROLES = frozenset({
    Role.SECRET, Role.VCS, Role.DEPENDENCIES, Role.VIRTUALENV, Role.BUILD_OUTPUT,
    Role.BYTECODE, Role.CACHE, Role.COVERAGE, Role.LOGS, Role.EDITOR, Role.OS, Role.LOCAL,
})
"""Roles of the categories whose paths appear on a developer's machine and not in a
checkout: generated, installed, local and secret files."""

_GITIGNORE = ".gitignore"
_TRANSLATED: dict[tuple[bytes, str, str, str], tuple[Rule, ...]] = {}
"""The rules of a gitignore file's text, by the text, where it is (as shown, and its
directory) and the context's place: the same file is asked about by every plan."""


@dataclass(frozen=True)
class MayExist:
    """Patterns (Docker's dialect, relative to the context) of paths that may exist."""

    listed: tuple[Rule, ...] = ()
    """What the repository's gitignore files list (exceptions included, in git's order);
    ``source`` names the file and line."""
    presets: tuple[Rule, ...] = ()
    """The rules of the presets' categories whose role is in :data:`MAY_EXIST_ROLES`."""
    unread: tuple[str, ...] = ()
    """Context-relative directories ("" for the context, or a directory above it) whose
    gitignore file could not be read: what it lists is not known."""
    base: str | None = None
    """The context's directory relative to the work tree ("" for its top), where the
    ``source`` of each listed rule is relative to; None when not known."""
    _cache: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _listed(self) -> Matcher:
        return Matcher(self.listed)

    @cached_property
    def _presets(self) -> Matcher:
        return Matcher(self.presets)

    @cached_property
    def _listed_last_first(self) -> tuple[tuple[str, Pattern, Rule], ...]:
        """The listed rules, last first, each with the text its matches start with."""
        return tuple((literal_prefix(rule.pattern), Pattern(rule), rule)
                     for rule in reversed(self.listed))

    @cached_property
    def _last_match(self) -> dict[str, Rule | None]:
        """Path -> the last gitignore rule matching it itself, as asked so far."""
        return {}

    def gitignored(self, path: str) -> Rule | None:
        """The gitignore rule that lists ``path`` (or a directory above it), if any, as git
        decides: from the root down, a directory is excluded when the last line matching
        it (itself, not a parent) excludes it, and nothing below an excluded directory
        comes back. Docker's matcher would let a translated exception reach below the
        name it re-includes: ``frontend/.gitignore``'s ``public`` then ``!remark42`` keeps
        ``apps/remark42/public`` ignored for git, sent for Docker."""
        if not self.listed:
            return None
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if prefix in self._last_match:
                last = self._last_match[prefix]
            else:  # the last rule that matches: the first from the end (a monorepo's
                # nested .gitignore files give hundreds of rules, most for other directories)
                last = next((rule for head, pattern, rule in self._listed_last_first
                             if prefix.startswith(head) and pattern.match(prefix)), None)
                self._last_match[prefix] = last
            if last is not None and not last.exception:
                return last
        return None

    def kept(self, path: str) -> Rule | None:
        """The gitignore exception that re-includes ``path`` itself, below a line that
        lists its directory's entries (Yarn's ``.yarn/*`` then ``!.yarn/sdks``): a path a
        tool makes on a developer's machine and the project keeps when it appears. None
        when the last line matching ``path`` is no exception."""
        last = next((rule for head, pattern, rule in self._listed_last_first
                     if path.startswith(head) and pattern.match(path)), None)
        return last if last is not None and last.exception else None

    def lists_entries(self, path: str) -> Rule | None:
        """The gitignore line that lists the entries of the directory ``path`` by ``/*``
        (Rails' ``/storage/*``): the directory itself appears on a developer's machine,
        made by what fills it, though git keeps nothing of it (campfire's
        ``!/storage/``). None when no such line matches it."""
        return next((rule for head, rule in self._entry_listers if head.match(path)), None)

    @cached_property
    def _entry_listers(self) -> tuple[tuple[Pattern, Rule], ...]:
        return tuple((Pattern(replace(rule, pattern=rule.pattern[:-2])), rule)
                     for rule in self.listed
                     if not rule.exception and rule.pattern.endswith("/*")
                     and len(rule.pattern) > 2)

    def unknown(self, path: str) -> bool:
        """Might a gitignore file that could not be read list ``path``?"""
        return any(not d or path == d or path.startswith(f"{d}/") for d in self.unread)

    def may_exist(self, path: str) -> bool:
        return self.gitignored(path) is not None or (
            bool(self.presets) and self._presets.decide(path).excluded
        )

    def protected_by(self, rule: Rule) -> str | None:
        """Why ``rule`` is protective: the gitignore line or preset category of a path
        that may exist and that the rule excludes; None when it guards nothing known."""
        if rule.exception:
            return None
        pattern = Pattern(rule)
        for sample in samples(rule.pattern):
            listed = self.gitignored(sample)
            if listed is not None:
                return f"{listed.source}:{listed.line} lists {sample}"
            if self.presets and self._presets.decide(sample).excluded:
                return f"{sample} is generated or local on a developer's machine"
        found = self._samples.first(pattern)
        if found is None:
            return None
        other, sample, gitignore_line = found
        if gitignore_line:
            return f"{other.source}:{other.line} lists {sample}"
        return f"{sample} is generated or local on a developer's machine"

    @cached_property
    def _samples(self) -> _Samples:
        return _Samples([(other, group is self.listed) for group in (self.listed, self.presets)
                         for other in group if not other.exception])


class _Samples:
    """The sample paths of the listed and preset rules, and the directories above them, in
    the order :meth:`MayExist.protected_by` asks about them: which rule's sample a pattern
    matches first (itself or a directory above it), through a :class:`FirstIndex` of the
    paths (thousands of ignore lines against hundreds of preset rules: testing each sample
    for each line took 1.2 ms a line)."""

    def __init__(self, rules: Sequence[tuple[Rule, bool]]) -> None:
        self.found: list[tuple[Rule, str, bool]] = []  # (rule, sample, a gitignore line?)
        first_at: dict[str, int] = {}  # path -> the first sample it is or is above
        for other, listed in rules:
            for sample in samples(other.pattern):
                parts = sample.split("/")
                for end in range(1, len(parts) + 1):
                    first_at.setdefault("/".join(parts[:end]), len(self.found))
                self.found.append((other, sample, listed))
        self.index = FirstIndex(first_at)

    def first(self, pattern: Pattern) -> tuple[Rule, str, bool] | None:
        """The first (rule, sample) whose sample, or a directory above it, ``pattern``
        matches."""
        at = self.index.first(pattern)
        return None if at is None else self.found[at]


_WILD = re.compile(r"\[[^]]*\]|[*?]")


def names_nothing(rule: Rule) -> bool:
    """Does the gitignore line ``rule`` list a whole class of names anywhere rather than
    any one (``.*``, ``*``, ``*~``: a single part, fewer than two characters of it
    literal)? It says a developer's dotfiles stay out of git, not that a ``.next``,
    ``.ssh`` or ``.netrc`` may appear: no evidence for a guard of that name
    (AOEpeople/meals lists ``.*``, then gives back the few it commits). A directory's
    own ``*`` (``dist/*``) still names that directory."""
    name = rule.pattern.removeprefix("**/").rstrip("/")
    return "/" not in name and len(_WILD.sub("", name).replace("\\", "")) < 2


@functools.lru_cache(maxsize=4096)
def samples(pattern: str) -> tuple[str, ...]:
    """Example paths a Docker pattern matches: every ``**/`` empty, then every ``**/`` one
    directory deep (``**/.env`` gives ``.env`` and ``x/.env``). Kept per pattern: a
    monorepo's hundreds of gitignore lines are asked for each candidate rule."""
    out: list[str] = []
    for deep in (False, True):
        text = _sample(pattern, deep)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _sample(pattern: str, deep: bool) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("x/" if deep else "")
            i += 3
        elif pattern.startswith("**", i):
            out.append("x")
            i += 2
        elif char in "*?":
            out.append("x")
            i += 1
        elif char == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                return ""
            body = pattern[i + 1:end]
            out.append("x" if body[:1] in ("^", "!") else body.lstrip("\\")[:1] or "x")
            i = end + 1
        elif char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out).strip("/")


def repository_root(context: Path, root: Path) -> Path:
    """The work tree around ``context``: the nearest directory up from it with ``.git``,
    else the checked ``root``."""
    probe = context
    while True:
        if os.path.lexists(probe / ".git"):
            return probe
        if probe.parent == probe:
            return root if context.is_relative_to(root) else context
        probe = probe.parent


def gitignore_rules(context: Path, root: Path, below: Iterable[str] = (),
                    unread: list[str] | None = None) -> list[Rule]:
    """The rules of the gitignore files that bear on ``context``, in Docker's dialect and
    relative to it: ``.git/info/exclude``, the ``.gitignore`` files from the work tree's root
    down to the context, and those at ``below`` (context-relative directories). The
    directories of those that cannot be read are added to ``unread`` (see
    :attr:`MayExist.unread`)."""
    repo = repository_root(context, root)
    try:
        base = context.relative_to(repo).as_posix()
    except ValueError:
        return []
    base = "" if base == "." else base
    files: list[tuple[Path, str, str]] = []  # (file, as shown, repository-relative base)
    exclude = repo / ".git" / "info" / "exclude"
    if exclude.is_file():
        files.append((exclude, ".git/info/exclude", ""))
    up: list[str] = [""]
    if base:
        parts = base.split("/")
        up += ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    down = [f"{base}/{d}" if base else d for d in sorted(set(below)) if d and d != "."]
    for directory in [*up, *down]:
        path = repo / directory / _GITIGNORE if directory else repo / _GITIGNORE
        if path.is_file() and not path.is_symlink():
            files.append((path, f"{directory}/{_GITIGNORE}" if directory else _GITIGNORE,
                          directory))
    out: list[Rule] = []
    if not files:
        return out
    from ignoregen.plan.gitignore import (
        NeverMatches,
        Unrepresentable,
        parse_gitignore_line,
        split_gitignore,
        translate_rule,
    )

    for path, shown, directory in files:
        try:
            data = fileio.read_bytes(path)
        except OSError:
            if unread is not None:
                inside = directory.startswith(f"{base}/") if base else bool(directory)
                unread.append(directory[len(base) + 1:] if base and inside else
                              directory if inside else "")
            continue
        key = (data, shown, directory, base)
        known = _TRANSLATED.get(key)
        if known is not None:  # (each plan of init asks again, of the same files)
            out.extend(known)
            continue
        if len(_TRANSLATED) >= 256:
            _TRANSLATED.clear()
        start = len(out)
        for line in split_gitignore(data):
            rule = parse_gitignore_line(line.text, shown, line.number, directory)
            if rule is None:
                continue
            try:
                texts = translate_rule(rule, base)
            except (NeverMatches, Unrepresentable):
                continue
            for text in texts:
                try:
                    parsed = parse_line(text, shown, line.number)
                except IgnoreFileError:
                    continue
                if parsed is not None and not Pattern(parsed).broken:
                    out.append(Rule(parsed.pattern, parsed.exception, shown, line.number,
                                    line.text))
        _TRANSLATED[key] = tuple(out[start:])
    return out


def preset_rules(presets: PresetSet) -> list[Rule]:
    """The rules (not the exceptions) of the categories whose role is in
    :data:`MAY_EXIST_ROLES`."""
    return [
        preset_rule.rule
        for category in presets.categories
        if category.role in MAY_EXIST_ROLES
        for preset_rule in category.rules
        if not preset_rule.rule.exception
    ]


def own_gitignores(below: Sequence[str], presets: PresetSet) -> list[str]:
    """The directories of ``below`` whose ``.gitignore`` speaks of this repository: not
    those inside installed or vendored code (``backend/vendor/go.uber.org/goleak/`` lists
    the ``cover.out`` of that project's own test runs, which never appear here)."""
    patterns = []
    for category in presets.categories:
        if category.role not in (Role.DEPENDENCIES, Role.VENDORED):
            continue
        for preset_rule in category.rules:
            rule = preset_rule.rule
            if not rule.exception:
                bare = "/" not in rule.pattern.strip("/")
                patterns.append(f"**/{rule.pattern.strip('/')}" if bare else rule.pattern)
    if not patterns:
        return list(below)
    third_party = Matcher([
        parsed for parsed in (parse_line(pattern, "<presets>", 0) for pattern in patterns)
        if parsed is not None
    ])
    return [directory for directory in below if not third_party.decide(directory).excluded]


def may_exist(
    context: Path, root: Path, presets: PresetSet, below: Sequence[str] = ()
) -> MayExist:
    own = own_gitignores(below, presets)
    unread: list[str] = []
    listed = tuple(gitignore_rules(context, root, own, unread))
    try:
        base = context.relative_to(repository_root(context, root)).as_posix()
    except ValueError:
        base = None
    return MayExist(listed, tuple(preset_rules(presets)), tuple(unread),
                    None if base is None else "" if base == "." else base)
