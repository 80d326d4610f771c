"""``ignoregen check`` on the real-repository corpus, judged by verdicts written by hand.

Each fixture of ``tests/corpus`` (see :mod:`corpus`) is laid out in two views:

- ``checkout``: what CI has, a clean git checkout of the tracked files (``git=True``, no
  developer files);
- ``laptop``: what a developer's machine has, the tracked files plus ``node_modules``,
  virtualenvs, build output, ``.env`` files and a ``.git`` directory (``laptop=True``).

``ignoregen check --format json`` runs on each (in this process); its warnings and errors
are the findings to judge (info is not counted). A verdict in
``tests/corpus/<fixture>/verdicts.toml`` judges one finding, found by a key that survives
rewording: the view (``checkout``, ``laptop`` or ``both``), the ``file`` the finding is
reported at (the ignore file or the build file), the rule ID, and the ``subject`` (the
path or pattern it is about, see :func:`subject_of`). ``verdict`` is ``true``, ``false``
or ``debatable``, and ``why`` cites the repository's file and line that settle it.

Precision is true / (true + false): debatable findings count in neither.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus import CORPUS, Fixture, lay_out, scratch_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

VIEWS = ("checkout", "laptop")
VERDICT_VIEWS = (*VIEWS, "both")
VERDICTS = ("true", "false", "debatable")
COUNTED = ("warning", "error")
VERDICT_FILE = "verdicts.toml"
HEADER = (
    "# Verdicts on `ignoregen check`'s warnings and errors for this repository, written by\n"
    "# reading it (tests/test_check_precision.py; format in tests/corpus_check.py).\n"
)
FLOOR_FILE = CORPUS / "check_precision.toml"
TARGET_PRECISION = 90.0
"""Issue #12's bar: at least 90% of warnings and errors true, and no false error."""


@dataclass(frozen=True)
class Found:
    """One warning or error of ``check`` in one view."""

    view: str
    file: str
    rule: str
    subject: str
    severity: str
    message: str
    line: int | None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.rule, self.subject)

    def entry(self, view: str | None = None, before: Verdict | None = None) -> str:
        """A verdicts.toml entry for this finding, to fill in; ``before``, a stale verdict
        on the same rule and subject (the finding moved), is shown to be re-checked."""
        why = f"TODO ({self.severity}) {self.message}"
        if before is not None:
            why += f" | was {before.verdict} ({before.view} {before.file}): {before.why}"
        return (
            "[[finding]]\n"
            f"view = {_quote(view or self.view)}\n"
            f"file = {_quote(self.file)}\n"
            f"rule = {_quote(self.rule)}\n"
            f"subject = {_quote(self.subject)}\n"
            'verdict = "TODO true | false | debatable"\n'
            f"why = {_quote(why)}\n"
        )


@dataclass(frozen=True)
class Verdict:
    view: str
    file: str
    rule: str
    subject: str
    verdict: str
    why: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.rule, self.subject)

    def views(self) -> tuple[str, ...]:
        return VIEWS if self.view == "both" else (self.view,)

    def label(self) -> str:
        return f"{self.view} {self.file} {self.rule} {self.subject!r}"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _line_text(root: Path, file: str, line: int) -> str | None:
    try:
        data = (root / file).read_bytes()
    except OSError:
        return None
    lines = data.decode("utf-8", "surrogateescape").splitlines()
    if not 1 <= line <= len(lines):
        return None
    return lines[line - 1].strip().lstrip("\ufeff")


def subject_of(root: Path, record: dict[str, object]) -> str:
    """What a finding is about, in words that do not depend on its message's phrasing.

    A finding with a line: the text of that line (an ignore-file pattern, a Dockerfile
    instruction, a line of a bake file). Without one: the path its message starts with
    (``node_modules/: ...``), or else the context it concerns.
    """
    file, line = str(record["file"]), record.get("line")
    if isinstance(line, int):
        text = _line_text(root, file, line)
        if text is not None:
            return text
    # The leading words without spaces, each followed by ': ': a path, possibly after the
    # builder it concerns ('Podman/Buildah: tests/key.pem: a secret ...').
    heads: list[str] = []
    rest = str(record["message"])
    while True:
        head, colon, tail = rest.partition(": ")
        if not (colon and head and " " not in head):
            break
        heads.append(head)
        rest = tail
    if heads:
        return ": ".join(heads)
    return f"context {record.get('context', '.')}"


def run_check(root: Path, view: str) -> list[Found]:
    """The warnings and errors of ``ignoregen check --format json`` on ``root``."""
    from test_corpus import run_cli  # the in-process runner, shared with test_corpus

    code, out, err = run_cli(["check", "--format", "json", "--exit-zero", str(root)])
    if code != 0 or not out:
        raise AssertionError(f"check exited {code} in the {view} view: {err.strip()[-500:]}")
    document = json.loads(out)
    prefix = str(root) + "/"
    found: list[Found] = []
    for record in document["findings"]:
        if record["severity"] not in COUNTED:
            continue
        record["file"] = str(record["file"]).removeprefix(prefix)
        message = str(record["message"]).replace(prefix, "")
        found.append(Found(
            view=view, file=record["file"], rule=str(record["id"]),
            subject=subject_of(root, record), severity=str(record["severity"]),
            message=message, line=record.get("line"),
        ))
    return found


_CACHE: dict[str, list[Found]] = {}


def findings(fixture: Fixture) -> list[Found]:
    """Both views' warnings and errors of one fixture (each laid out once per session)."""
    if fixture.name not in _CACHE:
        out: list[Found] = []
        for view in VIEWS:
            with tempfile.TemporaryDirectory(
                prefix=f"ignoregen-check-{view}-", dir=scratch_dir()
            ) as tmp:
                root = Path(tmp) / fixture.name.replace("__", "-")
                # A laptop is a clone too: a fixture whose judgments depend on git's index
                # (checkout = true: a committed package store) is laid out as one in both.
                lay_out(fixture, root, laptop=view == "laptop",
                        git=view == "checkout" or fixture.checkout)
                out.extend(run_check(root, view))
        _CACHE[fixture.name] = out
    return _CACHE[fixture.name]


def load_verdicts(name: str) -> list[Verdict]:
    """The verdicts of one fixture; ValueError for a malformed entry."""
    path = CORPUS / name / VERDICT_FILE
    if not path.is_file():
        return []
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(raw) - {"finding"}
    if unknown:
        raise ValueError(f"{path}: unknown tables {sorted(unknown)}")
    out: list[Verdict] = []
    for number, item in enumerate(raw.get("finding", ()), 1):
        where = f"{name}/{VERDICT_FILE} entry {number}"
        fields = {"view", "file", "rule", "subject", "verdict", "why"}
        if set(item) != fields:
            raise ValueError(f"{where}: keys must be exactly {sorted(fields)}, not {sorted(item)}")
        if item["view"] not in VERDICT_VIEWS:
            raise ValueError(f"{where}: view {item['view']!r} is not one of {VERDICT_VIEWS}")
        if item["verdict"] not in VERDICTS:
            raise ValueError(f"{where}: verdict {item['verdict']!r} is not one of {VERDICTS}")
        if not item["why"].strip() or "TODO" in item["why"]:
            raise ValueError(f"{where}: say why, citing the repository's file and line")
        out.append(Verdict(**{key: str(item[key]) for key in fields}))
    keys = [(view, v.key) for v in out for view in v.views()]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(f"{name}/{VERDICT_FILE}: more than one verdict for {repeated}")
    return out


@dataclass
class Judged:
    """One fixture's findings set against its verdicts."""

    name: str
    judged: list[tuple[Found, Verdict]]
    unjudged: list[Found]
    stale: list[tuple[Verdict, str]]
    """Verdicts that match no finding (or not in every view they claim), and how."""

    def counts(self, view: str | None = None, severity: str | None = None) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for found, verdict in self.judged:
            if (view is None or found.view == view) and (
                severity is None or found.severity == severity
            ):
                out[verdict.verdict] += 1
        return out


def judge(name: str, found: Sequence[Found], verdicts: Iterable[Verdict]) -> Judged:
    by_key = {(view, v.key): v for v in verdicts for view in v.views()}
    judged: list[tuple[Found, Verdict]] = []
    unjudged: list[Found] = []
    used: set[tuple[str, tuple[str, str, str]]] = set()
    for item in found:
        verdict = by_key.get((item.view, item.key))
        if verdict is None:
            unjudged.append(item)
        else:
            judged.append((item, verdict))
            used.add((item.view, item.key))
    stale: list[tuple[Verdict, str]] = []
    for verdict in {id(v): v for v in by_key.values()}.values():
        missing = [view for view in verdict.views() if (view, verdict.key) not in used]
        if len(missing) == len(verdict.views()):
            stale.append((verdict, "matches no finding any more: remove it"))
        elif missing:
            left = next(view for view in verdict.views() if view not in missing)
            stale.append((verdict, f"no longer found in the {missing[0]} view: "
                                   f"change its view to {left!r}"))
    return Judged(name, judged, unjudged, stale)


def suggestions(judged: Judged) -> str:
    """The entries to paste for unjudged findings: one per key, ``both`` when both views
    have it and neither has a verdict."""
    views: dict[tuple[str, str, str], list[Found]] = {}
    for item in judged.unjudged:
        views.setdefault(item.key, []).append(item)
    moved = {(verdict.rule, verdict.subject): verdict for verdict, _ in judged.stale}
    chunks = []
    for items in views.values():
        seen = {item.view for item in items}
        view = "both" if seen == set(VIEWS) else items[0].view
        chunks.append(items[0].entry(view, moved.get((items[0].rule, items[0].subject))))
    return "\n".join(chunks)


# Filled by test_check_precision, printed by conftest's terminal summary.
RESULTS: dict[str, Judged] = {}


def precision(counts: dict[str, int]) -> float | None:
    decided = counts["true"] + counts["false"]
    return 100.0 * counts["true"] / decided if decided else None


def _share(counts: dict[str, int]) -> str:
    value = precision(counts)
    shown = "n/a" if value is None else f"{value:.1f}%"
    return (f"{shown:>6} true  ({counts['true']} true, {counts['false']} false, "
            f"{counts['debatable']} debatable)")


def totals(results: Iterable[Judged], view: str | None = None,
           severity: str | None = None) -> dict[str, int]:
    out = dict.fromkeys(VERDICTS, 0)
    for item in results:
        for key, value in item.counts(view, severity).items():
            out[key] += value
    return out


def read_floor() -> dict[str, float]:
    raw = tomllib.loads(FLOOR_FILE.read_text(encoding="utf-8"))
    return {"precision": float(raw["precision"]), "false_errors": float(raw["false_errors"])}


def summary_lines() -> list[str]:
    """Precision per view and overall, false errors, and the floor and target beside them."""
    if not RESULTS:
        return []
    results = list(RESULTS.values())
    lines = [f"check precision on the corpus ({len(results)} repos; warnings and errors, "
             "judged by verdicts.toml):"]
    for view in VIEWS:
        lines.append(f"  {view:<9} {_share(totals(results, view))}")
    overall = totals(results)
    lines.append(f"  {'overall':<9} {_share(overall)}")
    errors = totals(results, severity="error")
    lines.append(f"  {'errors':<9} {_share(errors)}")
    rules: dict[str, dict[str, int]] = {}
    for item in results:
        for found, verdict in item.judged:
            rules.setdefault(found.rule, dict.fromkeys(VERDICTS, 0))[verdict.verdict] += 1
    lines.append("  per rule: " + ", ".join(
        f"{rule} {counts['true']}/{counts['true'] + counts['false']}"
        + (f" (+{counts['debatable']}?)" if counts["debatable"] else "")
        for rule, counts in sorted(rules.items())
    ))
    try:
        floor = read_floor()
        recorded = (f"floor {floor['precision']:.1f}% with {floor['false_errors']:.0f} false "
                    "errors")
    except (OSError, KeyError, ValueError):
        recorded = "no floor recorded"
    value = precision(overall)
    lines.append(
        f"  now {'n/a' if value is None else f'{value:.1f}%'} with {errors['false']} false "
        f"errors; {recorded}; target (#12) >= {TARGET_PRECISION:.0f}% with 0 false errors"
    )
    unjudged = sum(len(item.unjudged) for item in results)
    stale = sum(len(item.stale) for item in results)
    if unjudged or stale:
        lines.append(f"  {unjudged} findings without a verdict, {stale} stale verdicts")
    return lines
