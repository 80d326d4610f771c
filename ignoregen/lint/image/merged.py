"""Advice about one Dockerfile built for several targets, said once per line.

A stage that several shipped targets are built ``FROM`` is judged once per target, and
each finding names its target: hoppscotch's ``prod.Dockerfile`` (targets ``aio``, ``app``,
``backend``, ``sh_admin``) gave four IG705 findings for each ``npm install`` of its
``node_base`` stage, 16 lines for 4, and pixelfed's three runtime targets, each copying
``/var/www`` from the same stage, three IG704 findings for one COPY. Findings that differ
only in the shipped stage their message names become one that names them all.

A shared stage that is itself shipped (frappe_docker's bake group builds ``base`` and
``erpnext``, which is built FROM it) was judged as both: "in a layer of stage 'base' (the
shipped stage 'erpnext' is built FROM it)" and "in a layer of the shipped stage 'base'",
two lines for one RUN. They become one: "the shipped stage 'base' (the shipped stage
'erpnext' is built FROM it)".
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
_OWN = re.compile(rf"\bthe shipped stage ({_LABEL})(?! \(the shipped)")
"""A finding about a shipped stage itself (no stage built FROM it named)."""
_STAGE_AT_END = re.compile(rf"(?:the shipped )?stage ({_LABEL}) \Z")


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
        out[index] = replace(out[index], message=_combined(out[index].message, item.message))
    return out


def _key(item: Finding) -> tuple[str, str, int | None, str] | None:
    message = item.message
    match = _SHIPPED.search(message)
    if match is not None:
        before = message[:match.start()]
        stage = _STAGE_AT_END.search(before)
        if stage is not None:  # 'stage X (...)' and 'the shipped stage X (...)' are one
            before = before[:stage.start()] + f"stage {stage.group(1)} "
        return item.id, item.file, item.line, before + "\0" + message[match.end():]
    own = _OWN.search(message)
    if own is None:
        return None
    return item.id, item.file, item.line, (
        message[:own.start()] + f"stage {own.group(1)} \0" + message[own.end():])


def _says_shipped(message: str) -> bool:
    """Does ``message`` call the stage it is about shipped itself?"""
    match = _SHIPPED.search(message)
    if match is None:
        return _OWN.search(message) is not None
    stage = _STAGE_AT_END.search(message[:match.start()])
    return stage is not None and stage.group(0).startswith("the shipped ")


def _combined(first: str, second: str) -> str:
    """One message for two with the same key: the stages built FROM the shared stage named
    once, and the shared stage called shipped when either message says it is."""
    froms = [message for message in (first, second) if _SHIPPED.search(message)]
    if not froms:
        return first
    said = froms[0] if len(froms) == 1 else _joined(*froms)
    if not any(_says_shipped(message) for message in (first, second)):
        return said
    match = _SHIPPED.search(said)
    assert match is not None
    stage = _STAGE_AT_END.search(said[:match.start()])
    if stage is None:
        return said
    return said[:stage.start()] + f"the shipped stage {stage.group(1)} " + said[match.start():]


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
