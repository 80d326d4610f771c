"""The translation of a repository's rule list for one build context, exact on its tree."""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ignoregen.engine.dockerignore import IgnoreFileError, Rule, parse_line
from ignoregen.engine.matcher import Matcher
from ignoregen.plan.gitignore.git import GitError, open_repository, tracked_files, work_tree
from ignoregen.plan.gitignore.glob import (
    SLASH,
    NeverMatches,
    Token,
    TokenKind,
    literal_tokens,
    rule_tokens,
)
from ignoregen.plan.gitignore.parse import GitignoreFile, GitRule, path_key
from ignoregen.plan.gitignore.render import Unrepresentable, docker_literal, render, translate_rule
from ignoregen.plan.gitignore.tree import (
    Decision,
    Entry,
    Tree,
    differs,
    docker_decisions,
    scan,
)

TRACKED_SOURCE = "<git index>"


class LineKind(str, enum.Enum):
    TRANSLATED = "translated"
    """A gitignore rule in Docker's dialect."""
    PINNED = "pinned"
    """An exact path, where Docker's evaluation differs from git's on this tree."""
    TRACKED = "tracked"
    """A file git tracks although a rule matches it."""
    CONTEXT = "context"
    """Git ignores the whole build context."""


@dataclass(frozen=True)
class DockerLine:
    """One line of the translated ``.dockerignore``."""

    text: str
    kind: LineKind
    origin: GitRule | None
    """The gitignore rule it comes from (or that it corrects)."""

    @property
    def location(self) -> str:
        return self.origin.location if self.origin is not None else TRACKED_SOURCE

    def rule(self) -> Rule:
        """The line as ignoregen's Docker engine reads it, pointing at the gitignore rule."""
        source = self.origin.source if self.origin is not None else TRACKED_SOURCE
        line = self.origin.line if self.origin is not None else 0
        parsed = parse_line(self.text, source, line)
        if parsed is None:  # pragma: no cover - render() never writes comments or blanks
            raise IgnoreFileError(source, line, f"translated to a non-rule {self.text!r}")
        return parsed


class NoteKind(str, enum.Enum):
    NEVER_MATCHES = "never-matches"
    """The pattern matches nothing in git (bad class, lone backslash, empty or '.' component):
    dropped, which is exact."""
    NEGATION_DROPPED = "negation-dropped"
    """A negation left out: it cannot re-include anything git ignores, or on this tree it
    only re-included directories, which Docker looks into anyway."""
    NEGATION_UNDER_IGNORED_DIR = "negation-under-ignored-dir"
    """Git cannot re-include a path inside an ignored directory; Docker would: the directory's
    contents are excluded again by a pinned ``dir/**``."""
    INHERITED = "inherited"
    """Docker applies a rule that matched a directory to everything below it, where git
    judges each path on its own (after a negation re-included the directory): pinned."""
    DIR_ONLY = "dir-only"
    """A directory-only pattern (``build/``) met a file of that name, which Docker's pattern
    also matches: the file is pinned."""
    CONTEXT_IGNORED = "context-ignored"
    """Git ignores the build context directory itself (or one of its parents)."""
    TRACKED = "tracked"
    """Files git tracks although a rule matches them, kept with exceptions."""
    UNREPRESENTABLE = "unrepresentable"
    """A path no ``.dockerignore`` line can name (it contains a newline)."""
    UNEXPLAINED = "unexplained"
    """A difference none of the above explains (a translation bug): pinned anyway."""


PINNED_KINDS = frozenset(
    {
        NoteKind.NEGATION_UNDER_IGNORED_DIR,
        NoteKind.INHERITED,
        NoteKind.DIR_ONLY,
        NoteKind.UNEXPLAINED,
    }
)


@dataclass(frozen=True)
class Note:
    """Something a translation could not carry over exactly."""
    kind: NoteKind
    location: str
    """The gitignore rule concerned (``file:line``), or "" when none."""
    message: str
    paths: tuple[str, ...] = ()
    """Context-relative paths concerned on this tree; for pins, the pinned paths (a pinned
    ``dir/**`` is named by ``dir``)."""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class Translation:
    """The ignore lines translated from a repository's gitignore files."""
    repo_root: Path
    context: str
    """The build context, relative to the repository root ("" for the root)."""
    lines: tuple[DockerLine, ...]
    notes: tuple[Note, ...]
    keep_tracked: bool

    def rules(self) -> tuple[Rule, ...]:
        return tuple(line.rule() for line in self.lines)

    def text(self, comments: bool = True) -> str:
        """The ``.dockerignore`` text; with ``comments``, each group says where it came from."""
        out: list[str] = []
        previous: tuple[str, LineKind] | None = None
        for line in self.lines:
            group = (line.location, line.kind)
            if comments and group != previous:
                written = line.origin.text if line.origin is not None else ""
                label = {
                    LineKind.TRANSLATED: f"# {line.location}: {written}",
                    LineKind.PINNED: f"# pinned on this tree for {line.location}",
                    LineKind.TRACKED: "# tracked by git",
                    LineKind.CONTEXT: f"# {line.location}: git ignores the whole context",
                }[line.kind]
                out.append(label.replace("\n", " ").replace("\r", " "))
            previous = group
            out.append(line.text)
        return "".join(f"{line}\n" for line in out)


@dataclass
class _Candidate:
    """One translated line while the translation is being built."""

    line: DockerLine
    rule: Rule
    active: bool = True


def translate(
    files: Sequence[GitignoreFile], context_dir: Path, *, keep_tracked: bool = True
) -> Translation:
    """Translate ``files`` (from :func:`read_gitignores`) for the build context ``context_dir``.

    The result is exact on the tree as it is now (see the package docstring for what
    "exact" means); the notes say where that needed more than rewriting patterns.
    """
    repo = open_repository(context_dir)
    root = work_tree(repo)
    for file in files:
        if os.path.abspath(file.repo_root) != os.path.abspath(root):
            raise GitError(f"{file.path}: not a file of the repository at {root}")
    tree = scan(repo, root, context_dir, no_index=True, probes=True)
    tracked = tracked_files(repo) if keep_tracked else frozenset()
    rules = [rule for file in files for rule in file.rules()]
    by_location = {(os.path.normpath(rule.source), rule.line): rule for rule in rules}
    notes: list[Note] = []
    if tree.ignored_above is not None:
        verdict = tree.ignored_above
        origin = by_location.get((os.path.normpath(verdict.source), verdict.line))
        lines = [DockerLine("**", LineKind.CONTEXT, origin)]
        notes.append(
            Note(
                NoteKind.CONTEXT_IGNORED,
                origin.location if origin is not None else f"{verdict.source}:{verdict.line}",
                f"git ignores the build context itself ({verdict.pattern!r}): "
                "everything is excluded",
            )
        )
    else:
        candidates = _translate_rules(rules, tree.context, notes)
        _drop_dead_negations(candidates, tree, notes)
        dropped = _choose_negations(candidates, tree, notes)
        lines = [candidate.line for candidate in candidates if candidate.active]
        lines += _pins(candidates, tree, dropped, notes)
    lines += _keep_tracked(lines, tree, tracked, notes)
    return Translation(root, tree.context, tuple(lines), tuple(notes), keep_tracked)


def _translate_rules(rules: Sequence[GitRule], context: str, notes: list[Note]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for rule in rules:
        try:
            texts = translate_rule(rule, context)
        except NeverMatches as exc:
            notes.append(
                Note(
                    NoteKind.NEVER_MATCHES,
                    rule.location,
                    f"{rule.text!r} matches nothing in git: {exc}; dropped",
                )
            )
            continue
        for text in texts:
            line = DockerLine(text, LineKind.TRANSLATED, rule)
            candidates.append(_Candidate(line, line.rule()))
    return candidates


def _literal_dirs(rule: GitRule) -> list[str]:
    """Repository-relative directories every match of an anchored rule lies below."""
    tokens = rule_tokens(rule)
    literal = ""
    dirs = []
    for token in tokens:
        if token.kind is not TokenKind.LIT:
            break
        if token == SLASH:
            dirs.append(literal)
        literal += token.char
    base_depth = len(rule.base.split("/")) if rule.base else 0
    return dirs[base_depth:]


def _drop_dead_negations(candidates: list[_Candidate], tree: Tree, notes: list[Note]) -> None:
    """Drop negations whose every match lies inside a directory git ignores (recipe step 7)."""
    prefix = tree.context + "/" if tree.context else ""
    seen: set[GitRule] = set()
    for candidate in candidates:
        rule = candidate.line.origin
        if rule is None or not rule.negative or not rule.anchored or rule in seen:
            continue
        seen.add(rule)
        for directory in _literal_dirs(rule):
            if not directory.startswith(prefix):
                continue
            verdict = tree.verdicts.get(directory[len(prefix) :])
            if verdict is not None and verdict.ignored:
                for other in candidates:
                    if other.line.origin == rule:
                        other.active = False
                notes.append(
                    Note(
                        NoteKind.NEGATION_DROPPED,
                        rule.location,
                        f"{rule.text!r} is dropped: git cannot re-include anything inside "
                        f"the ignored directory {directory!r} (Docker would)",
                        (directory[len(prefix) :],),
                    )
                )
                break


def _cost(candidates: Sequence[_Candidate], tree: Tree) -> tuple[int, int]:
    """Paths where Docker and git disagree: real entries first, then the probes."""
    entries = sorted(tree.entries + tree.probes, key=lambda entry: path_key(entry.path))
    decisions = docker_decisions([c.rule for c in candidates if c.active], entries)
    verdicts = {**tree.verdicts, **tree.probe_verdicts}
    real = probes = 0
    for entry in entries:
        if differs(entry, verdicts[entry.path].ignored, decisions[entry.path].excluded):
            if entry.path in tree.verdicts:
                real += 1
            else:
                probes += 1
    return real, probes


def _choose_negations(
    candidates: list[_Candidate], tree: Tree, notes: list[Note]
) -> dict[tuple[str, int], GitRule]:
    """Keep or drop each negation that matches a directory, whichever is exact on more paths.

    In git a negation that matches a directory only lets git look inside it; in Docker it
    also re-includes everything below. Dropping it is often the faithful choice. On a tie,
    an imaginary plain file in each directory decides (the file someone adds next), and on
    a further tie the negation stays. Returns the dropped rules by (file, line).
    """
    dropped: dict[tuple[str, int], GitRule] = {}
    directories = [entry.path for entry in tree.entries if entry.is_dir]
    groups: dict[GitRule, list[_Candidate]] = {}
    for candidate in candidates:
        rule = candidate.line.origin
        if rule is not None and rule.negative and candidate.active:
            groups.setdefault(rule, []).append(candidate)
    for rule, group in groups.items():
        matcher = Matcher([c.rule for c in group])
        if not any(p.match(path) for p in matcher.patterns for path in directories):
            continue
        keep = _cost(candidates, tree)
        for candidate in group:
            candidate.active = False
        drop = _cost(candidates, tree)
        if drop < keep:
            notes.append(
                Note(
                    NoteKind.NEGATION_DROPPED,
                    rule.location,
                    f"{rule.text!r} is dropped: in Docker it would re-include the whole of "
                    "the directories it matches, which git only looks into",
                )
            )
            dropped[(os.path.normpath(rule.source), rule.line)] = rule
        else:
            for candidate in group:
                candidate.active = True
    return dropped


def _pins(
    candidates: Sequence[_Candidate],
    tree: Tree,
    dropped: Mapping[tuple[str, int], GitRule],
    notes: list[Note],
) -> list[DockerLine]:
    """Exact-path rules for the paths where Docker's evaluation still differs from git's.

    Entries come parent first. A pin only affects its own path and what lies below it, so
    the decisions computed before pinning stay valid for every path not below a pinned
    directory. A path git ignores because a directory above it is ignored is fixed for the
    whole directory at once (``dir/**``).
    """
    active = [c for c in candidates if c.active]
    decisions = docker_decisions([c.rule for c in active], tree.entries)
    pins: list[DockerLine] = []
    fixed: list[str] = []
    grouped: dict[tuple[NoteKind, GitRule | None], list[str]] = {}
    for entry in tree.entries:
        path = entry.path
        if any(path.startswith(directory + "/") for directory in fixed):
            continue
        verdict = tree.verdicts[path]
        decision = decisions[path]
        if not differs(entry, verdict.ignored, decision.excluded):
            continue
        decider = active[decision.rule].line if decision.rule >= 0 else None
        origin = decider.origin if decider is not None else None
        ancestor = tree.ignored_ancestor(path) if verdict.ignored else None
        try:
            if ancestor is not None:
                tokens = [*literal_tokens(ancestor), SLASH, Token(TokenKind.DSTAR_END)]
                text = render(tokens, exception=False)
            else:
                text = docker_literal(path, exception=not verdict.ignored)
        except Unrepresentable:
            notes.append(
                Note(
                    NoteKind.UNREPRESENTABLE,
                    origin.location if origin is not None else "",
                    f"{path!r} cannot be named in a .dockerignore line: Docker "
                    f"{'excludes' if decision.excluded else 'sends'} it, git "
                    f"{'ignores' if verdict.ignored else 'keeps'} it",
                    (path,),
                )
            )
            continue
        if ancestor is not None:
            fixed.append(ancestor)
        elif entry.is_dir:
            fixed.append(path)
        pins.append(DockerLine(text, LineKind.PINNED, origin))
        kind, concerned = _classify(entry, tree, decision, decider, dropped)
        grouped.setdefault((kind, concerned), []).append(ancestor or path)
    for (kind, origin), paths in grouped.items():
        location = origin.location if origin is not None else ""
        notes.append(Note(kind, location, _PIN_MESSAGES[kind], tuple(paths)))
    return pins


_PIN_MESSAGES = {
    NoteKind.NEGATION_UNDER_IGNORED_DIR: (
        "git cannot re-include anything inside these ignored directories; Docker would, "
        "so their contents are excluded again (dir/**)"
    ),
    NoteKind.INHERITED: (
        "Docker applies this rule to everything below the directory it matched, while git "
        "judges these paths on their own; pinned"
    ),
    NoteKind.DIR_ONLY: (
        "this directory-only pattern does not match files in git, but Docker's pattern "
        "does; these files are pinned"
    ),
    NoteKind.UNEXPLAINED: "Docker and git disagree here for no known reason; pinned",
}


def _classify(
    entry: Entry,
    tree: Tree,
    decision: Decision,
    decider: DockerLine | None,
    dropped: Mapping[tuple[str, int], GitRule],
) -> tuple[NoteKind, GitRule | None]:
    """Why Docker's decision differs from git's at ``entry`` (a documented gap, or a bug),
    and the gitignore rule concerned."""
    origin = decider.origin if decider is not None else None
    exception = decider is not None and decider.text.startswith("!")
    verdict = tree.verdicts[entry.path]
    if verdict.ignored and tree.ignored_ancestor(entry.path) is not None:
        kind = NoteKind.NEGATION_UNDER_IGNORED_DIR if exception else NoteKind.UNEXPLAINED
        return kind, origin
    negation = dropped.get((os.path.normpath(verdict.source), verdict.line))
    if not verdict.ignored and negation is not None:
        # git keeps it by a negation that was dropped because, in Docker, it would also
        # re-include the whole of the directories it matches
        return NoteKind.INHERITED, negation
    if decider is None or origin is None:
        return NoteKind.UNEXPLAINED, origin
    if decision.inherited:
        return NoteKind.INHERITED, origin
    if origin.dir_only and not entry.is_dir:
        return NoteKind.DIR_ONLY, origin
    return NoteKind.UNEXPLAINED, origin


def _keep_tracked(
    lines: Sequence[DockerLine], tree: Tree, tracked: frozenset[str], notes: list[Note]
) -> list[DockerLine]:
    """Exceptions for tracked files that the rules exclude (git never ignores them)."""
    if not tracked:
        return []
    decisions = docker_decisions([line.rule() for line in lines], tree.entries)
    kept: list[DockerLine] = []
    paths: list[str] = []
    for entry in tree.entries:
        if entry.is_dir or tree.repo_path(entry.path) not in tracked:
            continue
        if not decisions[entry.path].excluded:
            continue
        try:
            kept.append(DockerLine(docker_literal(entry.path, True), LineKind.TRACKED, None))
        except Unrepresentable:
            notes.append(
                Note(
                    NoteKind.UNREPRESENTABLE,
                    "",
                    f"tracked {entry.path!r} cannot be named in a .dockerignore line",
                    (entry.path,),
                )
            )
            continue
        paths.append(entry.path)
    if paths:
        notes.append(
            Note(
                NoteKind.TRACKED,
                "",
                "git tracks these files although a rule matches them; kept",
                tuple(paths),
            )
        )
    return kept
