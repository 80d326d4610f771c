"""IG401's advice for a line that may guard what a program makes later (roboflow
inference's 'lora-bases': a weights cache its models create relative to the working
directory, listed in no .gitignore). "Check its spelling and directory, or remove it" is
right for a slip and sends the cache on the laptop for a guard; when nothing in the context
is named like the line's last part, the hint says both and offers no removal."""

from __future__ import annotations

from pathlib import Path

from test_check_views import check
from test_findings import make

from ignoregen.lint.catalogue import RULES_BY_ID
from ignoregen.lint.unmatched import Names, guard_hint

FILES = {
    "Dockerfile": "FROM python:3.12\nWORKDIR /app\nCOPY . .\n",
    "app.py": "import os\nbase = os.path.join('lora-bases', 'x')\n",
    "config/secrets.txt": "not really\n",
}


def _unmatched(root: Path, lines: str) -> dict[str, tuple[str, bool]]:
    make(root, {**FILES, ".dockerignore": lines})
    return {item.message.split("'")[1]: (item.hint or "", item.fix is not None)
            for item in check(root) if item.id == "IG401"}


def test_a_guard_is_not_told_to_go(tmp_path: Path) -> None:
    found = _unmatched(tmp_path, "lora-bases\n")
    hint, fix = found["lora-bases"]
    assert hint.startswith("nothing in the context is named 'lora-bases': remove the line if "
                           "it is stale; if a program makes that path later"), hint
    assert "keep it and say so with '# ignoregen: ignore[IG401] <why>'" in hint
    assert not fix


def test_a_guard_at_any_depth_is_not_told_to_go(tmp_path: Path) -> None:
    """smartstore's .dockerignore, from Visual Studio's template: '**/azds.yaml' and
    '**/charts' match nothing and nothing is named so: guards, not slips."""
    found = _unmatched(tmp_path, "**/azds.yaml\nsrc/**/charts\n")
    for line, name in (("**/azds.yaml", "azds.yaml"), ("src/**/charts", "charts")):
        hint, fix = found[line]
        assert hint.startswith(f"nothing in the context is named '{name}'"), hint
        assert not fix


def test_a_slip_keeps_the_usual_advice_and_its_removal(tmp_path: Path) -> None:
    slips = ("config/sercrets.txt", "conf/secrets.txt", "CONFIG/secrets.txt", "build-*",
             "**/sercrets.txt")
    found = _unmatched(tmp_path, "".join(f"{line}\n" for line in slips))
    usual = RULES_BY_ID["IG401"].fix
    for line in slips:
        assert found[line] == (usual, True), line


def test_names_close_by_length_only() -> None:
    names = Names(["src/index.js", "assets/logo.png"])
    assert guard_hint("indx.js", names) is None
    assert guard_hint("logo.PNG", names) is None
    assert guard_hint("tmptmp", names) is not None
