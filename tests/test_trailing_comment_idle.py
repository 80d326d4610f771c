"""IG302's severity when the rule its author meant matches nothing the context sends.

btcpayserver's .dockerignore carries ``Generated_Code #added for RIA/Silverlight projects``
from the old Visual Studio .gitignore template: the whole line is the pattern, so
``Generated_Code`` is not excluded, but the repository has no such directory and the file
sends what its author meant. check called it an error and failed CI on it. It is now
information that says so; the same line stays an error where a ``Generated_Code`` is sent.
"""

from __future__ import annotations

from pathlib import Path

from ignoregen.commands.check import CheckOptions, run_check
from ignoregen.knowledge.config import presets_for
from ignoregen.lint.catalogue import Severity

PROBE = "FROM scratch\nCOPY . /ctx/\n"
LINES = (
    "Generated_Code #added for RIA/Silverlight projects\n"
    "!keep.txt # needed\n"
    "build  # outputs\n"
)


def _ig302(root: Path) -> dict[int, tuple[Severity, str]]:
    report = run_check(root, presets_for(root), CheckOptions())
    return {item.line: (item.severity, item.message) for item in report.findings
            if item.id == "IG302" and item.line is not None}


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_nothing_sent_matches_the_meant_rule(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"Dockerfile": PROBE, ".dockerignore": LINES, "app.cs": "x\n",
                            "build/out.dll": "x\n"})
    found = _ig302(root)
    severity, message = found[1]
    assert severity is Severity.INFO, found
    assert message.endswith("nothing sent matches 'Generated_Code' either"), message
    assert found[2][0] is Severity.ERROR  # an exception that fails: left out, still an error
    assert found[3][0] is Severity.ERROR  # build/ is sent: the rule meant to exclude it


def test_an_error_where_the_meant_rule_would_decide(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"Dockerfile": PROBE, ".dockerignore": LINES,
                            "Generated_Code/Proxy.g.cs": "x\n"})
    found = _ig302(root)
    assert found[1][0] is Severity.ERROR, found
    assert "either" not in found[1][1]
