"""IG301's search: sent paths below the root that a root-only pattern misses, and whether
its author may have meant it at any depth (see :func:`ignoregen.lint.findings.check_rules`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher, Pattern
from ignoregen.engine.records import ContextScan, Item, Kind, sort_key
from ignoregen.lint.pulled import Pulled

if TYPE_CHECKING:
    from ignoregen.lint.findings import ContextFacts


def _any_depth_meant(rule: Rule, anywhere: set[str]) -> bool:
    """Might the author of ``rule`` have meant it at any depth? A wildcard (``*.md``,
    ``*/bin``) or a name that some category of the presets excludes at any depth
    (``node_modules``, ``__pycache__``) might; any other plain name (``core``, ``cache``,
    ``gogs``: a data directory or a binary at the root) is taken at its word, for the same
    name deeper down is most often source code (``cmd/gogs/``, ``utils/cache/``)."""
    return any(char in rule.pattern for char in "*?[\\") or f"**/{rule.pattern}" in anywhere


def _root_only(
    rule: Rule,
    scan: ContextScan,
    pulled: Pulled | None = None,
    ordered: Sequence[Item] | None = None,
    facts: ContextFacts | None = None,
) -> list[str]:
    """Sent paths below the root that ``**/<pattern>`` would catch and ``pattern`` does not,
    among those a build pulls (a Dockerfile that copies nothing from the context sends
    none of them, whatever the pattern says). With ``facts`` (whose ``sent_ordered`` is
    ``ordered``), a pattern whose quick tests look at the name only visits the entries
    of the names they admit, in the same order."""
    pattern = rule.pattern
    if rule.exception or pattern.startswith("**"):
        return []
    if rule.text.strip().startswith(("/", "./")):
        return []  # a leading '/' or './': the author asked for the root only
    if "/" in pattern and not pattern.startswith("*/"):
        return []
    if not any(char in pattern for char in "*?[\\") and (
        scan.setup.context / pattern
    ).is_file():
        return []  # the name of a file at the root (LICENSE, README.md): meant for that file
    widened = Rule("**/" + pattern, False, rule.source, rule.line, rule.text)
    wide = Pattern(widened)
    narrow = Pattern(rule)
    alone = Matcher([widened])
    quick = None if alone.has_broken else alone.quick(1)  # rules out most names cheaply
    found: list[str] = []
    reported: list[str] = []
    items: Iterable[Item] = sorted(scan.sent, key=sort_key) if ordered is None else ordered
    if facts is not None and quick is not None and quick.path_regex is None:
        # An entry the quick tests rule out is passed over whatever comes before it, so
        # visiting only the admitted names' entries, in order, finds the same.
        by_name = facts.sent_by_name
        if quick.suffixes or quick.prefixes or quick.name_regex is not None:
            names: Iterable[str] = (name for name in by_name if quick.admits(name, name))
        else:
            names = quick.names  # literal names only: looked up, not tested one by one
        positions = sorted(
            position for name in names for position in by_name.get(name, ())
        )
        everything = facts.sent_ordered
        items = [everything[position] for position in positions]
    for item in items:
        if reported and item.path.startswith(reported[-1] + "/"):
            continue
        path = item.path
        if quick is not None and not quick.admits(path.rpartition("/")[2], path):
            continue
        if not wide.match(path) or narrow.match(path):
            continue  # the most paths: asked first
        decider = scan.rule(item)
        if decider is not None and decider.exception:
            continue  # re-included on purpose
        if decider is not None and item.kind is Kind.DIR:
            continue  # excluded, sent only as the parent of what exceptions re-include
        if pulled is None or pulled.pulls(item.path):
            found.append(item.path + ("/" if item.kind is Kind.DIR else ""))
            reported.append(item.path)
    return found


def _content_below(pattern: str, found: Sequence[str], facts: ContextFacts) -> bool:
    """Does a root-only wildcard that no preset writes at any depth (``*.md``, not
    ``*.pyc``) miss a deeper file that nothing says is junk: no category the presets
    exclude by default claims it, nor would claim its name at the root (a nested
    ``README.md`` is documentation)? Such a file may be content the application reads:
    outline's ``server/onboarding/Getting Started.md`` seeds every new team's documents,
    and ``**/*.md`` would break sign-up. The author's root-only pattern may be on purpose.
    Hidden names are :func:`without_unclaimed_hidden`'s."""
    categories = [category for category in facts.presets.categories
                  if category.exclude_by_default]
    name = pattern[2:] if pattern.startswith("*/") else pattern  # '*/bin': '**/bin'
    if any(rule.rule.pattern == f"**/{name}" and not rule.rule.exception
           for category in facts.presets.categories if not category.local_only
           for rule in category.rules):
        return False
    named = Matcher([rule.rule for category in categories for rule in category.rules
                     if "/" not in rule.rule.pattern])
    # A local category's file (model weights, a SQLite database) is junk where .gitignore
    # lists it: one machine's download. Committed, it is the repository's, and may be what
    # the application loads (a small model.onnx beside the code).
    from ignoregen.knowledge.local import gitignored

    local = [path.rstrip("/") for path in found
             if (category := facts.classifier.category_of(path.rstrip("/"))) is not None
             and category.local_only]
    developers = gitignored(facts.scan.setup.context, [(path, False) for path in local]) \
        if local else {}

    def junk(path: str) -> bool:
        category = facts.classifier.category_of(path)
        if category is not None and category.local_only:
            return path in developers
        return (category is not None and category.exclude_by_default) or \
            named.decide(path.rpartition("/")[2]).excluded

    for shown in found:
        path = shown.rstrip("/")
        if path.rpartition("/")[2].startswith(".") or junk(path):
            continue
        if not shown.endswith("/"):
            return True
        # A directory ('*/bin' misses src/Web/bin): what it holds decides (bin/Debug is
        # build output).
        below = path + "/"
        files = (item.path for item in facts.scan.sent
                 if item.kind is not Kind.DIR and item.path.startswith(below))
        if not all(junk(file) for file in itertools.islice(files, 200)):  # a sample will do
            return True
    return False


def without_unclaimed_hidden(
    found: list[str], facts: ContextFacts, pattern: str = ""
) -> list[str]:
    """``found`` (what :func:`_root_only` reports) less the hidden files and directories
    that no category the presets exclude by default claims. Such a deeper match (khoj's
    ``web/.well-known`` for ``.*``, a nested ``.htaccess`` or ``.npmrc``) is no sign that
    a root-only ``.*`` misses anything: it is a tool's settings or content the image
    serves, and ``**/.*`` would drop it. A nested ``.DS_Store`` or ``.venv`` is. None at
    all when the root-only ``pattern`` misses a file that may be content
    (:func:`_content_below`)."""
    out = []
    for shown in found:
        path = shown.rstrip("/")
        if path.rpartition("/")[2].startswith("."):
            category = facts.classifier.category_of(path)
            if category is None or not category.exclude_by_default:
                continue
        out.append(shown)
    if out and pattern and _content_below(pattern, out, facts):
        return []
    return out


def without_copied_within(found: list[str], facts: ContextFacts) -> list[str]:
    """``found`` less the paths that lie in a directory of another category which a COPY
    or ADD names (not the whole context): homarr builds Next.js on the host and its
    Dockerfile copies ``.next/standalone``, the standalone server with the packages it
    runs with in ``.next/standalone/node_modules``. That directory is part of the copied
    build output, not a developer's install, and ``**/node_modules`` would break the
    image (its next step moves that ``node_modules``). A ``node_modules`` in a source
    directory the Dockerfile copies (``COPY ./cli``) stays: that one is an install."""
    pulled = facts.pulled
    if pulled is None or not pulled.sources or not found:
        return found
    classifier = facts.classifier
    out = []
    for shown in found:
        path = shown.rstrip("/")
        category = classifier.category_of(path)
        parts = path.split("/")
        above = ["/".join(parts[:end]) for end in range(1, len(parts))]
        if category is not None and any(
            classifier.category_of(parent) is category and pulled.names(parent) is not None
            for parent in above
        ):
            continue
        out.append(shown)
    return out
