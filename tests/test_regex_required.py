"""A preset regex looks for the plain text every match holds before it searches a file
(knowledge/regex.py): a file without it is not searched, and the answers stay those of
``re``."""

from __future__ import annotations

from pathlib import Path

import pytest

from ignoregen.knowledge.regex import Regex
from ignoregen.tomlread import loads

PRESETS = Path(__file__).resolve().parent.parent / "presets"


@pytest.mark.parametrize(("pattern", "required"), [
    (r"\bprocess\.cwd\(\)\s*\+", "process.cwd()"),
    (r"\b(?:join|resolve)\(\s*process\.cwd\(\)", "process.cwd()"),
    (r"ab*cdef", "cdef"),  # (b may be absent: not part of the run)
    (r"x(?:yz)?wvu", "wvu"),
    (r"(?i)process\.cwd", ""),  # either case matches
    (r"abc|xyz", ""),  # one or the other
    (r"(abcd)", ""),  # in a group: left to re
    (r"ab", ""),  # too short to be worth a look
    (r"(?x) gen erate \s", "generate"),
])
def test_the_required_text_is_what_every_match_holds(pattern: str, required: str) -> None:
    assert Regex(pattern).required == required


TEXTS = [
    "", "process.cwd()", 'join(process.cwd(), "docs")', 'resolve( process.cwd() , `content`)',
    "join(process.cwd, 'docs')", "abcdef acdef PROCESS.CWD()", "generate\n", "xwvu xyzwvu",
]
TEXTS += [text + "\n" + "." * 300 for text in TEXTS]  # (a long text is looked at first)


@pytest.mark.parametrize("pattern", [
    r"\b(?:join|resolve)\(\s*process\.cwd\(\)\s*,\s*[\"'`]([\w./-]+)",
    r"ab*cdef", r"x(?:yz)?wvu", r"(?i)process\.cwd", r"(?x) gen erate \s", r"process",
])
def test_searches_answer_as_re_does(pattern: str) -> None:
    import re

    for text in TEXTS:
        ours, theirs = Regex(pattern), re.compile(pattern)
        assert bool(ours.search(text)) == bool(theirs.search(text)), text
        assert [m.span() for m in ours.finditer(text)] == \
            [m.span() for m in theirs.finditer(text)], text


def test_node_reads_of_the_working_directory_need_its_text() -> None:
    """The Node sources searched for ``join(process.cwd(), ...)`` (every .js/.ts file of a
    monorepo: 7,000 on medusajs/medusa) are searched only when they say process.cwd()."""
    data = loads((PRESETS / "node.toml").read_text(encoding="utf-8"))
    cwd = [entry for entry in data["needs"] if "process\\.cwd" in entry.get("regex", "")]
    assert cwd
    assert all(Regex(entry["regex"]).required == "process.cwd()" for entry in cwd)
