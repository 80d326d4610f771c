"""The checks behind ``ignoregen check``: each finding has a stable ID, a severity and a place.

Every check reads facts gathered once per context: the ignore file's lines (parsed one
by one, so one bad line does not hide the others), the engine's walk with the deciding
rule of every entry, the classifier riding along that walk, and what each Dockerfile
reads. The checks never print file contents: a secret is named by its path only.

The catalogue (:data:`~ignoregen.lint.catalogue.RULES`) is the single list of IDs;
``docs/rules.md`` describes each one, and the SARIF renderer ships its summary and help
text.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads, Source
from ignoregen.engine.dockerignore import (
    BOM,
    IgnoreFileError,
    Rule,
    header_unsafe,
    parse_line,
    split_lines,
)
from ignoregen.engine.matcher import Matcher, Pattern, literal_prefix
from ignoregen.engine.records import ContextScan, Item, Kind, sort_key
from ignoregen.engine.setup import Builder
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import PresetSet, Role
from ignoregen.lint import edits
from ignoregen.lint.catalogue import RULES_BY_ID, Scope, Severity
from ignoregen.lint.content import DirectoryReader
from ignoregen.lint.edits import Fix
from ignoregen.lint.first_match import FirstMatch
from ignoregen.lint.grouped import directory_sent
from ignoregen.lint.maybe import MayExist, samples
from ignoregen.lint.pulled import Pulled
from ignoregen.lint.root_only import (
    _any_depth_meant,
    _root_only,
    without_copied_within,
    without_unclaimed_hidden,
)
from ignoregen.lint.weights import categorised, committed_store

if TYPE_CHECKING:  # (imported when a rule matches nothing: it loads difflib)
    from ignoregen.lint.unmatched import Names


@dataclass(frozen=True)
class Finding:
    """One problem, where it is, and how to fix it."""

    id: str
    severity: Severity
    message: str
    file: str
    """Relative to the checked root, ``/``-separated."""
    line: int | None = None
    """1-based; None when the finding concerns the whole file."""
    column: int | None = None
    end_column: int | None = None
    """1-based, inclusive."""
    hint: str = ""
    context: str = "."
    """The build context it concerns, relative to the checked root."""
    fix: Fix | None = None
    """The hint as an edit of the ignore file, when there is one (``check --fix``)."""
    family: str = ""
    """What kind of sent directory it is about (``dependencies``), when findings of one
    kind in one context are shown as one (:mod:`ignoregen.lint.grouped`)."""

    @property
    def name(self) -> str:
        return RULES_BY_ID[self.id].name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.id, self.message)


def finding(
    rule_id: str,
    message: str,
    file: str,
    line: int | None = None,
    column: int | None = None,
    end_column: int | None = None,
    hint: str | None = None,
    context: str = ".",
    fix: Fix | None = None,
) -> Finding:
    info = RULES_BY_ID[rule_id]
    return Finding(
        rule_id, info.severity, message, file, line, column, end_column,
        info.fix if hint is None else hint, context, fix,
    )


# -- the ignore file, line by line -----------------------------------------------------------


class Suppression(NamedTuple):
    ids: tuple[str, ...]
    line: int
    """The comment's line."""
    target: int | None
    """The pattern line below it, or None at the end of the file."""


class IgnoreLines(NamedTuple):
    """An ignore file read the way Docker reads it, but without stopping at the first error."""

    rules: tuple[Rule, ...]
    """The lines Docker accepts (a broken pattern is left out, and reported)."""
    findings: tuple[Finding, ...]
    suppressions: tuple[Suppression, ...]
    texts: tuple[tuple[int, str], ...]


_BUILDKIT_BROKEN = "BuildKit fails the build when it first tests this pattern"
_CLASSIC_BROKEN = ("the classic builder fails the build if its check of the context tests this "
                   "pattern; else it logs the error and sends the context cut short where it "
                   "first tests it")
_SUPPRESS = re.compile(r"#\s*ignoregen:\s*ignore\[([^\]]*)\]\s*(.*)\Z")
_COMMENT_IN_PATTERN = re.compile(r"\s(#|//)")


def read_ignore_lines(
    data: bytes, shown: str, context: str = ".", classic: bool = False
) -> IgnoreLines:
    """Parse every line; rejected lines, trailing comments and suppressions become records.
    ``classic``: the file is read for the classic builder (what a pattern that fails when
    first used does differs, see engine/classic.py)."""
    out: list[Finding] = []
    if fileio.utf16(data):
        # Every line holds NUL bytes as Docker reads it: none names a path. One finding for
        # the file, not one garbled IG401 per line.
        out.append(finding(
            "IG401", "the file is UTF-16 text (it starts with a UTF-16 byte-order mark, as "
            "Windows PowerShell's '>' writes); Docker reads an ignore file as UTF-8, so none "
            "of its lines matches anything", shown, 1, context=context,
            hint="save it as UTF-8 (PowerShell: Set-Content -Encoding utf8)"))
        return IgnoreLines((), tuple(out), (), ())
    try:
        # BuildKit receives each byte that is not UTF-8 as U+FFFD: such a line never
        # matches the name it was copied from (the classic builder compares bytes).
        lines = split_lines(data, shown, replace_invalid=not classic)
    except IgnoreFileError as exc:
        out.append(finding("IG303", exc.message, shown, exc.line, 1, context=context))
        return IgnoreLines((), tuple(out), (), ())
    rules: list[Rule] = []
    parsed: list[Rule] = []  # every pattern, broken or not: what BuildKit sends
    pending: list[tuple[int, tuple[str, ...]]] = []
    suppressions: list[Suppression] = []
    texts: list[tuple[int, str]] = []
    for number, raw in lines:
        text = raw[1:] if number == 1 and raw.startswith(BOM) else raw
        texts.append((number, text))
        match = _SUPPRESS.match(text)
        if match:
            ids = _suppression_ids(match, shown, number, context, out)
            if ids:
                pending.append((number, ids))
            continue
        try:
            rule = parse_line(text, shown, number)
        except IgnoreFileError as exc:
            out.append(finding("IG303", exc.message, shown, number, 1, len(text), context=context))
            rule = None
        if rule is None:
            if not text.startswith("#") and text.strip():
                _flush(pending, number, suppressions)  # a rejected line still takes them
            continue
        _flush(pending, number, suppressions)
        parsed.append(rule)
        if Pattern(rule).broken:
            message = f"syntax error in pattern {text.strip()!r}; " + (_CLASSIC_BROKEN if classic
                                                                      else _BUILDKIT_BROKEN)
            out.append(finding("IG303", message, shown, number, 1, len(text), context=context))
        else:
            rules.append(rule)
        out.extend(trailing_comment_findings(text, shown, number, context))
    _flush(pending, None, suppressions)
    if not classic:  # BuildKit fails the whole build on such a line, before it sends anything
        for rule, message in header_unsafe(parsed):
            out.append(finding("IG303", message, shown, rule.line, 1, context=context,
                               hint="delete the control character (an editor may not show "
                                    "it; `cat -A` does)"))
            rules = [kept for kept in rules if kept is not rule]
    return IgnoreLines(tuple(rules), tuple(out), tuple(suppressions), tuple(texts))


def trailing_comment_findings(text: str, shown: str, number: int, context: str) -> list[Finding]:
    """IG302 for a line whose ``#`` or ``//`` text is part of the pattern; none otherwise.
    Docker's and Buildah's readers share it."""
    comment = _trailing_comment(text)
    if comment is None:
        return []
    return [finding(
        "IG302",
        f"{text.strip()!r}: the text from column {comment} on is part of the pattern, "
        "not a comment",
        shown, number, comment, len(text), context=context,
    )]


def _suppression_ids(
    match: re.Match[str], shown: str, number: int, context: str, out: list[Finding]
) -> tuple[str, ...]:
    ids = tuple(part.strip() for part in match.group(1).split(",") if part.strip())
    unknown = [rule_id for rule_id in ids if rule_id not in RULES_BY_ID]
    if not ids or unknown:
        what = ", ".join(unknown) if unknown else "no ID"
        out.append(finding(
            "IG901", f"suppression names {what}; known IDs are in docs/rules.md",
            shown, number, 1, context=context,
        ))
        return ()
    if not match.group(2).strip():
        out.append(finding(
            "IG901", f"suppression of {', '.join(ids)} gives no reason; say why after the ']'",
            shown, number, 1, context=context,
        ))
        return ()
    return ids


def _flush(
    pending: list[tuple[int, tuple[str, ...]]], target: int | None, out: list[Suppression]
) -> None:
    out.extend(Suppression(ids, line, target) for line, ids in pending)
    pending.clear()


def _trailing_comment(text: str) -> int | None:
    """The 1-based column where comment-like text starts inside a pattern line, if any."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    if stripped.startswith("//"):
        return offset + 1
    if stripped.startswith("!"):
        stripped = stripped[1:]
        offset += 1
    if offset and stripped.startswith("#"):
        return offset + 1  # an indented comment is a pattern
    match = _COMMENT_IN_PATTERN.search(stripped)
    if match is None:
        return None
    return offset + match.start(1) + 1


def suppressed(found: Finding, suppressions: Sequence[Suppression], ignore_file: str) -> bool:
    """Does a suppression comment in ``ignore_file`` cover this finding?"""
    scope = RULES_BY_ID[found.id].scope
    for item in suppressions:
        if found.id not in item.ids:
            continue
        if scope is Scope.CONTEXT:
            return True
        if found.file == ignore_file and found.line == item.target:
            return True
    return False


# -- checks on the walk ----------------------------------------------------------------------


@dataclass(frozen=True)
class ContextFacts:
    """What the checks of one context look at."""

    context: str
    """The context, relative to the checked root."""
    ignore_file: str | None
    """The ignore file that applies, relative to the checked root."""
    anchor: str
    """Where context-wide findings point: the ignore file, else the Dockerfile or context."""
    scan: ContextScan
    classifier: Classifier
    presets: PresetSet
    pulled: Pulled | None = None
    """What the builds pull and ship (:mod:`ignoregen.lint.pulled`); None: everything."""
    may: MayExist | None = None
    """Paths that may exist on a developer's machine (:mod:`ignoregen.lint.maybe`)."""
    declared: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Files compose declares secrets: path -> (name, where) (:mod:`ignoregen.lint.declared`)."""

    @cached_property
    def sent_sorted(self) -> list[str]:
        """The sent paths, sorted."""
        return sorted(item.path for item in self.scan.sent)

    @cached_property
    def sent_ordered(self) -> list[Item]:
        """The sent entries in the order of :func:`~ignoregen.engine.records.sort_key`."""
        return sorted(self.scan.sent, key=sort_key)

    @cached_property
    def holding_files(self) -> frozenset[str]:
        """The sent paths that are files, and every directory above one."""
        out: set[str] = set()
        for item in self.scan.sent:
            if item.kind is Kind.DIR:
                continue
            path = item.path
            while path and path not in out:
                out.add(path)
                path = path.rpartition("/")[0]
        return frozenset(out)

    @cached_property
    def sent_by_name(self) -> dict[str, list[int]]:
        """The positions in :attr:`sent_ordered` of the sent entries, by last name."""
        out: dict[str, list[int]] = {}
        for position, item in enumerate(self.sent_ordered):
            out.setdefault(item.path.rpartition("/")[2], []).append(position)
        return out


_CONTENT_LIMIT = 1024 * 1024
_EXAMPLES = 3


def _examples(paths: Sequence[str]) -> str:
    shown = ", ".join(paths[:_EXAMPLES])
    more = len(paths) - _EXAMPLES
    return shown + (f" and {more} more" if more > 0 else "")


def _top_most(items: Iterable[Item], wanted: Container[str]) -> list[Item]:
    """Sent entries whose paths are in ``wanted``, leaving out those below a reported one."""
    out: list[Item] = []
    reported: list[str] = []
    for item in sorted((item for item in items if item.path in wanted), key=sort_key):
        if reported and item.path.startswith(reported[-1] + "/"):
            continue
        out.append(item)
        reported.append(item.path)
    return out


def secret_matcher(presets: PresetSet) -> Matcher:
    """The rules of every category whose role is ``secret``, whether or not its preset
    applies to this context."""
    rules = [
        preset_rule.rule
        for category in presets.with_role(Role.SECRET)
        for preset_rule in category.rules
    ]
    return Matcher(rules)


def check_contents(facts: ContextFacts) -> list[Finding]:
    """Secrets by name and by content, VCS metadata and dependency trees that are sent.

    With ``facts.pulled``, only what the builds pull counts (BuildKit sends the paths that
    COPY names), and a secret is an error only when it reaches a shipped image. An entry
    that an exception of the ignore file re-includes (``!.git``) is sent on purpose."""
    out: list[Finding] = []
    scan = facts.scan
    pulled = facts.pulled
    sent = [item for item in scan.sent if pulled is None or pulled.pulls(item.path)]
    secrets = secret_matcher(facts.presets)
    by_name: dict[str, str | None] = {}
    if secrets.rules:
        by_name = dict.fromkeys(secrets.excluded_many(item.path for item in sent))
    if facts.declared:
        from ignoregen.lint.declared import declared_secrets
        by_name.update(declared_secrets(scan.setup.context, sent, facts.declared,
                                        facts.presets.secret_values))
    ours: frozenset[int] = frozenset()
    if by_name and scan.setup.ignore_file is not None:
        from ignoregen.lint.copies import copied_lines  # (the user's, as init copied them)
        from ignoregen.plan.writer import block_lines

        ours = block_lines(scan.setup.ignore_file) - copied_lines(scan.setup.ignore_file,
                                                                   scan.setup.context)
    for item in _top_most(sent, by_name):
        if _intended(scan, item, ours):
            continue
        from ignoregen.lint.secrets import not_a_secret  # (only for a secret by name)
        if not_a_secret(
            scan.setup.context, item.path, facts.classifier, pulled, facts.may
        ) is not None:
            continue
        what = "directory" if item.kind is Kind.DIR else "file"
        found = finding(
            "IG101",
            f"{_join(facts.context, item.path)}: a secret {what} is sent to the builder"
            + _fate(pulled, item.path) + (f" ({by_name[item.path]})" if by_name[item.path]
                                          else ""),
            facts.anchor, hint=f"add '{_any_depth(item.path)}' to the ignore file; "
            "pass secrets with RUN --mount=type=secret",
            context=facts.context, fix=_add_name(facts, item.path),
        )
        out.append(found if _ships(pulled, item.path) else _warning(found))
    secret_dirs = tuple(path + "/" for path in by_name)
    weights = categorised(facts)
    heavy = tuple(path + "/" for path in weights)
    with DirectoryReader(str(facts.scan.setup.context)) as reader:
        for item in sent:
            if item.kind is not Kind.FILE or item.path in by_name or item.size > _CONTENT_LIMIT:
                continue
            if item.path.startswith(secret_dirs) or item.path.startswith(heavy):
                continue
            reason = reader.secret_content(item.path, item.size)
            if reason is None:
                continue  # no key
            from ignoregen.lint.secrets import committed_test_key  # (only for a key found)
            if committed_test_key(facts.scan.setup.context, item.path, facts.classifier, facts.may):
                continue  # the tests' own key, published with the repository
            found = finding(
                "IG102", f"{_join(facts.context, item.path)}: holds {reason}; it is sent to "
                "the builder" + _fate(pulled, item.path), facts.anchor, context=facts.context,
            )
            out.append(found if _ships(pulled, item.path) else _warning(found))
    filled = {path.rpartition("/")[0] for path in (item.path for item in scan.sent)}
    for item in _top_most(sent, weights):
        if _intended(scan, item) or item.path not in filled:
            continue  # '.git/*': only the empty directory is sent, none of its contents
        below = [other for other in sent
                 if other.kind is Kind.FILE and other.path.startswith(item.path + "/")]
        if below and all(_intended(scan, other) for other in below):
            continue  # ArchiveBox's '!.git/HEAD', '!.git/refs/heads/*': these files only
        label, rule_id, pattern = weights[item.path]
        if rule_id == "IG104" and (_committed_tree(facts, item.path)
                                   or committed_store(facts, item.path)):
            continue  # freescout's vendor, Yarn's zero-installs: committed, read by the image
        out.append(replace(finding(
            rule_id, directory_sent(_join(facts.context, item.path), label),
            facts.anchor, hint=f"add '{pattern}' to the ignore file", context=facts.context,
            fix=edits.add(fix_target(facts), pattern, [item.path]),
        ), family=label))
    return out


def fix_target(facts: ContextFacts) -> str:
    """The ignore file a fix edits: the one that applies, else the context's .dockerignore."""
    return facts.ignore_file or _join(facts.context, ".dockerignore")


def _add_name(facts: ContextFacts, path: str) -> Fix:
    """Exclude ``path``'s name at any depth; it may stop sending ``path`` only."""
    return edits.add(fix_target(facts), _any_depth(path), [path])


def _any_depth(path: str) -> str:
    """The pattern of ``path``'s name at any depth, its glob characters (``secret[1].json``)
    and bytes that are not UTF-8 written so that Docker matches the name itself."""
    return "**/" + edits.literal(path.rsplit("/", 1)[-1])


def _committed_tree(facts: ContextFacts, directory: str) -> bool:
    """With no Dockerfile known (none read, nothing it copies), does git track files (not
    just a placeholder) in ``directory``? A dependency directory committed on purpose
    (freescout's ``vendor``, for hosts without Composer) is the project's: whether a build
    would install it again, nothing says (init keeps it too: build/installed.py)."""
    from ignoregen.knowledge.local import PLACEHOLDERS, tracked

    pulled = facts.pulled
    if pulled is not None and (pulled.sources or not pulled.whole):
        return False
    prefix = directory + "/"
    sample = [item.path for item in facts.scan.sent if item.kind is Kind.FILE
              and item.path.startswith(prefix)
              and item.path.rpartition("/")[2] not in PLACEHOLDERS][:50]
    return bool(sample) and bool(tracked(facts.scan.setup.context, sample))


_EVERYTHING = Rule("**", False, "", 0, "**")
"""A rule that excludes every path: what a user's exception then gives back, it names."""


def _intended(scan: ContextScan, item: Item, ours: frozenset[int] = frozenset()) -> bool:
    """Did an exception of the user's (``!.git``) re-include this entry itself, not a
    directory above it (khoj's ``!src/interface/web``, whose ``node_modules`` is a
    developer's install)? One of ignoregen's block (``ours``: its line numbers) keeps what
    a COPY names so as not to break the build (hoppscotch's '!.env' for the backend's
    ``COPY .env``): it says nothing of what the user means to send."""
    rule = scan.rule(item)
    if not rule or not rule.exception or rule.source == "<docker CLI>" or item.inherited:
        return False
    if rule.line not in ours:
        return True
    # Ours decides it, after the user's allow-list ('*', '!.env'): the user's own exception
    # naming the entry says it all the same (AOEpeople/meals keeps its committed .env;
    # init's block, below, excludes '**/.env' and gives .env back for Symfony's Dotenv).
    theirs = [other for other in scan.rules
              if other.exception and other.line not in ours and other.source == rule.source]
    if not theirs:
        return False
    decision = Matcher([_EVERYTHING, *theirs]).decide(item.path)
    return decision.rule in theirs and not decision.inherited


def _ships(pulled: Pulled | None, path: str) -> bool:
    return pulled is None or pulled.surely_ships(path)


def _fate(pulled: Pulled | None, path: str) -> str:
    return "" if pulled is None else pulled.fate(path)


def _warning(found: Finding) -> Finding:
    return replace(found, severity=Severity.WARNING)


def _join(context: str, path: str) -> str:
    return path if context in ("", ".") else f"{context}/{path}"


def check_rules(facts: ContextFacts, rules: Sequence[Rule]) -> list[Finding]:
    """Root-only patterns, and rules that decide nothing (unmatched, redundant, useless)."""
    if facts.ignore_file is None:
        return []
    from ignoregen.plan.writer import ours_over_theirs

    out: list[Finding] = []
    scan = facts.scan
    walked = scan.sent + scan.ignored
    deciders = {item.rule for item in walked}
    excluded_dirs = [item for item in scan.ignored if item.kind is Kind.DIR]
    first_match = FirstMatch(walked)
    names: Names | None = None  # (made once, for the first IG401)
    active = set(facts.classifier.active_presets())
    # The rules of the presets that apply: a category's own root-only rule ('README*' of
    # base.docs: a nested README is often read by the package beside it) is root-only on
    # purpose, as init writes it; its '**/' rules say a name is meant at any depth.
    anywhere = {preset_rule.rule.pattern for category in facts.presets.categories
                for preset_rule in category.rules if not preset_rule.rule.exception}
    rooted = {pattern for category in facts.presets.categories if category.preset in active
              for pattern in (rule.rule.pattern for rule in category.rules)
              if not pattern.startswith("**")}
    for index, rule in enumerate(rules):
        if rule.source == "<docker CLI>" or not rule.line:
            continue
        span = (1, len(rule.text))
        root_only = without_copied_within(without_unclaimed_hidden(_root_only(
            rule, scan, facts.pulled, facts.sent_ordered, facts), facts, rule.pattern),
            facts) if (_any_depth_meant(rule, anywhere) and rule.pattern not in rooted) else []
        if root_only:
            out.append(finding(
                "IG301",
                f"'{rule.text.strip()}' matches only at the context root, but "
                f"{_examples(root_only)} {'is' if len(root_only) == 1 else 'are'} sent",
                facts.ignore_file, rule.line, *span,
                hint=f"write '{'!' if rule.exception else ''}**/{rule.pattern}' to match at "
                "any depth",
                context=facts.context,
                fix=edits.replace_line(
                    facts.ignore_file, rule.line,
                    f"{'!' if rule.exception else ''}**/{rule.pattern}",
                    [path.rstrip("/") for path in root_only],
                ),
            ))
        if index in deciders or root_only or _trailing_comment(rule.text) is not None:
            continue  # a trailing comment is reported as such (IG302)
        pattern = Pattern(rule)
        overriding = first_match.first(pattern)
        if overriding is not None and facts.may is not None and not rule.exception \
                and facts.may.protected_by(rule) is not None:
            continue  # on a developer's machine it decides what the checkout lacks
        if overriding is not None:
            later = scan.rule(overriding)
            if later is not None and ours_over_theirs(scan.setup.ignore_file, later, rule):
                continue
            said = f"line {later.line} ('{later.text.strip()}') decides {overriding.path}" \
                if later else f"no rule excludes {overriding.path}"  # campfire's '!/storage/'
            out.append(finding(
                "IG402",
                f"'{rule.text.strip()}' decides nothing: {said}",
                facts.ignore_file, rule.line, *span, context=facts.context,
                fix=edits.delete_line(facts.ignore_file, rule.line),
            ))
            continue
        head = literal_prefix(rule.pattern)
        inside = next(
            (item for item in excluded_dirs if head.startswith(item.path + "/")), None
        )
        if inside is not None and not rule.exception:
            earlier = scan.rule(inside)
            if earlier is not None and ours_over_theirs(scan.setup.ignore_file, earlier, rule):
                continue
            by = f"line {earlier.line} ('{earlier.text.strip()}')" if earlier else "a rule"
            out.append(finding(
                "IG402",
                f"'{rule.text.strip()}' is redundant: {by} already excludes {inside.path}/",
                facts.ignore_file, rule.line, *span, context=facts.context,
                fix=edits.delete_line(facts.ignore_file, rule.line),
            ))
            continue
        if rule.exception and (
            _may_appear(rule, facts)
            or "!**/" + rule.pattern.removeprefix("**/") in facts.presets.always_write
            or (facts.pulled is not None and facts.pulled.names_any(rule.pattern))
        ):
            # What it re-includes appears on a developer's machine (tmp/taglib), or it is
            # a guard's exception that init writes whether or not it matches yet
            # ('!**/.env.example' after '**/.env.*', or the same at the top only:
            # '!.env.example' after '.env.*'), or a COPY names it: made on the host
            # before the build (authelia's '!.local' for 'COPY .local /root/.local').
            continue
        if rule.exception:  # (stale at most when made later: lint/useless_exception.py)
            from ignoregen.lint.useless_exception import judged

            hint, made = judged(rule.pattern, facts.may, walked)
            useless = finding(
                "IG403", f"'{rule.text.strip()}' re-includes nothing",
                facts.ignore_file, rule.line, *span, context=facts.context, hint=hint,
                fix=None if made else edits.delete_line(facts.ignore_file, rule.line),
            )
            out.append(useless if hint is None else replace(useless, severity=Severity.INFO))
        elif ("**/" + rule.pattern.removeprefix("**/")) not in facts.presets.always_write \
                and (facts.may is None or facts.may.protected_by(rule) is None):
            from ignoregen.lint.unmatched import Names, guard_hint

            names = Names(item.path for item in walked) if names is None else names
            guard = guard_hint(rule.pattern, names)
            out.append(finding(
                "IG401", f"'{rule.text.strip()}' matches nothing in the context",
                facts.ignore_file, rule.line, *span, hint=guard, context=facts.context,
                fix=None if guard else edits.delete_line(facts.ignore_file, rule.line),
            ))
    return out


def _may_appear(rule: Rule, facts: ContextFacts) -> bool:
    """Does what the exception ``rule`` names appear outside a clean checkout: a path that
    .gitignore lists (navidrome's ``!tmp/taglib`` below ``tmp``) or whose entries it lists
    (campfire's ``!/storage/`` for ``/storage/*``), or one inside version
    control metadata, which every clone has (``!.git/refs/heads/*``), or one inside a git
    submodule, which a clone without ``--recurse-submodules`` leaves empty (ArchiSteamFarm's
    ``!ASF-ui/.git``)?"""
    if facts.may is None:
        return False
    from ignoregen.lint.source_findings import in_submodule

    for sample in samples(rule.pattern):
        if facts.may.gitignored(sample) is not None \
                or facts.may.lists_entries(sample) is not None \
                or in_submodule(facts.scan.setup.context, sample):
            return True
        parts = sample.split("/")
        for end in range(1, len(parts)):
            category = facts.classifier.category_of("/".join(parts[:end]))
            if category is not None and category.role is Role.VCS:
                return True
    return False


def relax_pseudo_comments(
    found: Sequence[Finding], facts: ContextFacts, rules: Sequence[Rule]
) -> list[Finding]:
    """IG302 on a ``//`` or indented ``#`` line (linkding's `` # Remove dev settings``)
    that decides nothing is information: the line is dead and
    its author meant it to be (a comment, or a rule commented out), so the file does what
    it says; a warning would fail CI on a file that works. One that decides something
    (``//build`` is ``build``) stays an error. So does ``PATTERN # comment``, unless
    nothing sent matches PATTERN either (:mod:`ignoregen.lint.trailing`)."""
    if facts.ignore_file is None:
        return list(found)
    scan = facts.scan
    deciders = {item.rule for item in scan.sent + scan.ignored}
    dead = {
        rule.line for index, rule in enumerate(rules)
        if rule.source != "<docker CLI>" and rule.text.lstrip().startswith(("//", "#"))
        and index not in deciders
    }
    from ignoregen.lint.trailing import idle_lines

    columns = {item.line: item.column for item in found if item.id == "IG302"
               and item.file == facts.ignore_file and item.line is not None
               and item.column is not None and item.line not in dead}
    idle = idle_lines([rule for rule in rules if rule.source != "<docker CLI>"], columns,
                      scan) if columns else {}  # 'Generated_Code #added for ...'
    out = []
    for item in found:
        if item.id == "IG302" and item.file == facts.ignore_file:
            if item.line in dead:
                item = replace(item, severity=Severity.INFO)
            elif item.line in idle:
                item = replace(item, severity=Severity.INFO, message=f"{item.message}; "
                               f"nothing sent matches {idle[item.line]!r} either")
        out.append(item)
    return out


def check_sources(
    facts: ContextFacts,
    reads: DockerfileReads,
    dockerfile: str,
    shadowed: str | None,
    context_known: bool = True,
) -> list[Finding]:
    """COPY/ADD sources and bind mounts that exist in the context but are all excluded
    (IG201), or that lie outside it or are missing from it (IG202). ``context_known`` is
    False for a Dockerfile found by its name, whose context is a guess (CI may build it
    with ``-f`` from a directory above): a missing source then says nothing, and one outside
    only when no directory above holds it either."""
    from ignoregen.lint.source_findings import source_missing, sources_outside

    out: list[Finding] = []
    scan = facts.scan
    seen: set[tuple[int, str]] = set()
    decide: Matcher | None = None
    for source in reads.sources:
        above = source.pattern == ".." or source.pattern.startswith("../")
        if not source.known or (source.whole_context and not above) \
                or (source.line, source.pattern) in seen:
            continue
        seen.add((source.line, source.pattern))
        if above:
            outside = sources_outside(facts, source, dockerfile, context_known, reads.path)
            if outside is not None:
                out.append(outside)
            continue
        if _sends(facts, source):
            out.extend(_emptied(facts, source, dockerfile))
            continue
        blocker = next((item for item in scan.ignored if _reads(source, item)), None)
        if blocker is None and source.has_glob:
            blocker = _glob_below_excluded(facts, source)
        if blocker is not None and not source.has_glob and blocker.path != source.pattern:
            # A directory above is excluded, but an exception gives the path back
            # (piggymetrics' 'target' and '!target/account-service.jar'): it is missing.
            if decide is None:
                decide = Matcher(scan.rules)
            if not decide.decide(source.pattern).excluded:
                blocker = None
        if blocker is None:
            missing = source_missing(facts, source, dockerfile) if context_known else None
            if missing is not None:
                out.append(missing)
            continue
        rule = scan.rule(blocker)
        by = f"{rule.location} ('{rule.text.strip()}')" if rule else "the ignore file"
        note = ""
        if shadowed is not None:
            note = f"; BuildKit reads {facts.ignore_file} for this Dockerfile, not {shadowed}"
        effect = "so the build fails with 'not found'"
        if source.has_glob and scan.setup.builder is Builder.BUILDKIT:
            # A wildcard may match nothing (AllowEmptyWildcard), but the directory it lies in
            # must be sent: real BuildKit fails on 'COPY target/*.war' with 'target' excluded
            # ("lstat target: no such file or directory") and copies nothing when only the
            # war itself is.
            head = re.split(r"[*?\[\\]", source.pattern, maxsplit=1)[0].rpartition("/")[0]
            effect = "so the build fails: the directory it copies from is not sent" \
                if blocker.kind is Kind.DIR and head and (
                    head == blocker.path or head.startswith(blocker.path + "/")
                ) else "so BuildKit copies none of it, or fails when nothing is sent from " \
                "the directory it copies from"
        out.append(finding(
            "IG201",
            f"{source.instruction} {source.text}: excluded by {by}, {effect}{note}",
            dockerfile, source.line, context=facts.context,
            hint=f"remove or narrow that rule, or add '!{edits.holdable(source.pattern)}' "
            "after it",
            fix=edits.exception_after(fix_target(facts), rule.line, source.pattern)
            if rule is not None and rule.line else None,
        ))
    if scan.setup.builder is Builder.BUILDKIT:
        out.extend(_mount_points(facts, reads, dockerfile))
    return out


def _emptied(facts: ContextFacts, source: Source, dockerfile: str) -> list[Finding]:
    """IG201 for a directory a COPY names whose contents a rule of the form ``DIR/**`` (or
    ``DIR/*``) excludes, all of them: the directory itself is sent, empty, and the build
    copies nothing (locust's Dockerfile.ci 'COPY ./dist dist' then 'pip install
    dist/*.whl', with a 'dist/**' line)."""
    if source.has_glob or source.whole_context:
        return []
    below = source.pattern + "/"
    if source.pattern in facts.holding_files:
        return []  # a file is sent there
    blocker = next((item for item in facts.scan.ignored if item.path.startswith(below)), None)
    rule = facts.scan.rule(blocker) if blocker is not None else None
    if rule is None or rule.exception or rule.pattern.strip("/") not in (
        below + "**", below + "*", below + "**/*"
    ):
        return []
    return [finding(
        "IG201",
        f"{source.instruction} {source.text}: everything in it is excluded by {rule.location} "
        f"('{rule.text.strip()}'), so the build copies an empty directory",
        dockerfile, source.line, context=facts.context,
        hint=f"remove that rule, or add '!{below}**' after it",
        fix=edits.exception_after(fix_target(facts), rule.line, below + "**")
        if rule.line else None,
    )]


def _mount_points(facts: ContextFacts, reads: DockerfileReads, dockerfile: str) -> list[Finding]:
    """IG201 for a directory that a ``RUN`` covers with a stage's files (navidrome's
    ``--mount=from=ui,...,target=./ui/build`` over the bound context) and that the ignore
    file leaves out whole: BuildKit cannot make the mount point in the read-only context
    mount, and the ``RUN`` fails (real BuildKit: "mkdir ...: read-only file system")."""
    out: list[Finding] = []
    scan = facts.scan
    for overlay in dict.fromkeys(reads.overlays):
        point = Source(overlay.path, "RUN --mount", overlay.line, overlay.path, "",
                       pattern=overlay.path)
        if _sends(facts, point):
            continue
        blocker = next((item for item in scan.ignored if _reads(point, item)), None)
        rule = scan.rule(blocker) if blocker is not None else None
        if rule is None:
            continue  # not in the checkout at all: nothing the ignore file did
        out.append(finding(
            "IG201",
            f"RUN --mount from={overlay.mounted} on {overlay.path}: its mount point is excluded "
            f"by {rule.location} ('{rule.text.strip()}'); the context is mounted read-only, so "
            "BuildKit cannot make it and the RUN fails",
            dockerfile, overlay.line, context=facts.context,
            hint=f"keep the directory: add '!{overlay.path}' after that rule, or keep a file "
                 f"in it ('!{overlay.path}/.gitkeep')",
            fix=edits.exception_after(fix_target(facts), rule.line, overlay.path)
            if rule.line else None,
        ))
    return out


def _sends(facts: ContextFacts, source: Source) -> bool:
    """Is some path that ``source`` reads sent? (``any(source.covers(...))`` over the sent
    paths; for a source without a glob, two searches in the sorted sent paths.)"""
    if source.has_glob:
        return any(source.covers(item.path) for item in facts.scan.sent)
    paths = facts.sent_sorted
    pattern = source.pattern
    at = bisect.bisect_left(paths, pattern)
    if at < len(paths) and paths[at] == pattern:
        return True
    at = bisect.bisect_left(paths, pattern + "/", at)
    return at < len(paths) and paths[at].startswith(pattern + "/")


def _glob_below_excluded(facts: ContextFacts, source: Source) -> Item | None:
    """The excluded directory (not walked into) that holds a file the glob ``source``
    matches: sismics's ``ADD docs-web/target/docs-web-*.war`` under ``**/target``. The
    disk is asked, so a match is reported only where it exists: none before the build
    that makes it."""
    head = re.split(r"[*?\[\\]", source.pattern, maxsplit=1)[0].rpartition("/")[0]
    holders = [item for item in facts.scan.ignored if item.kind is Kind.DIR
               and (head == item.path or head.startswith(item.path + "/"))]
    if not holders:
        return None
    context = facts.scan.setup.context
    try:
        matches = [match.relative_to(context).as_posix()
                   for match in context.glob(source.pattern)]
    except (ValueError, OSError, NotImplementedError):
        return None
    return next((item for item in holders for path in matches
                 if path.startswith(item.path + "/") and source.covers(path)), None)


def _reads(source: Source, item: Item) -> bool:
    if source.covers(item.path):
        return True
    return not source.has_glob and source.pattern.startswith(item.path + "/")


def source_covers(pattern: str, path: str) -> bool:
    """Does the COPY source ``pattern`` take ``path``: itself, or what lies below the
    directory it names? Docker's wildcards stop at ``/`` (``../poetry.lock*`` of
    fetch-inventory_service takes ``poetry.lock``, which its context holds)."""
    if not any(char in pattern for char in "*?["):
        return path == pattern or path.startswith(pattern + "/")
    wanted, parts = pattern.split("/"), path.split("/")
    return len(parts) >= len(wanted) and all(
        fnmatch.fnmatchcase(part, glob) for part, glob in zip(parts, wanted, strict=False))
