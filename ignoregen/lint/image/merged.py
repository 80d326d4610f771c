"""Advice about one Dockerfile built for several targets, said once per line.

A stage that several shipped targets are built ``FROM`` is judged once per target, and
each finding names its target: hoppscotch's ``prod.Dockerfile`` (targets ``aio``, ``app``,
``backend``, ``sh_admin``) gave four IG705 findings for each ``npm install`` of its
``node_base`` stage, 16 lines for 4, and pixelfed's three runtime targets, each copying
``/var/www`` from the same stage, three IG704 findings for one COPY. Findings that differ
only in the shipped stage their message names become one that names them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ignoregen.lint.findings import Finding

_LABEL = r"(?:'[^']*'|#\d+)"
_LABELS = rf"({_LABEL}(?:(?:, | and ){_LABEL})*)"
_SHIPPED = re.compile(
    rf"\(the shipped stages? {_LABELS} (?:is|are) built FROM it\)|into the shipped stages? "
    rf"{_LABELS}\Z"
)
"""Where a message names its shipped stages: a shared stage's finding says which targets
are built FROM it, a COPY --from's (IG704) which stage it copies into."""


def merged(earlier: list[Finding], found: Iterable[Finding]) -> list[Finding]:
    """``earlier`` and then ``found``, less what a finding already says: one of ``found``
    that differs from one before it (same ID, file and line) only in the shipped stages
    its message names is merged into it, which then names each stage once."""
    out = list(earlier)
    at: dict[tuple[str, str, int | None, str], int] = {}
    for index, item in enumerate(out):
        key = _key(item)
        if key is not None:
            at.setdefault(key, index)
    for item in found:
        key = _key(item)
        if key is None or key not in at:
            if key is not None:
                at[key] = len(out)
            out.append(item)
            continue
        index = at[key]
        out[index] = replace(out[index], message=_joined(out[index].message, item.message))
    return out


def _key(item: Finding) -> tuple[str, str, int | None, str] | None:
    match = _SHIPPED.search(item.message)
    if match is None:
        return None
    return item.id, item.file, item.line, item.message[:match.start()] + "\0" \
        + item.message[match.end():]


def _joined(first: str, second: str) -> str:
    """``first`` naming the shipped stages of both messages, each once, in order."""
    one, two = _SHIPPED.search(first), _SHIPPED.search(second)
    if one is None or two is None:
        return first
    labels = list(dict.fromkeys(re.findall(_LABEL, one.group(1) or one.group(2))
                                + re.findall(_LABEL, two.group(1) or two.group(2))))
    named = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    plural = "s" if len(labels) > 1 else ""
    if one.group(1) is None:  # 'into the shipped stage X'
        said = f"into the shipped stage{plural} {named}"
    else:
        said = f"(the shipped stage{plural} {named} {'are' if plural else 'is'} built FROM it)"
    return first[:one.start()] + said + first[one.end():]
