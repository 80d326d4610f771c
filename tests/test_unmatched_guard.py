"""IG401's advice for a line that may guard what a program makes later (roboflow
inference's 'lora-bases': a weights cache its models create relative to the working
directory, listed in no .gitignore). "Check its spelling and directory, or remove it" is
right for a slip and sends the cache on the laptop for a guard; when nothing in the context
is named like the line's last part, the hint says both and offers no removal."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_a_local_override_is_a_guard(tmp_path: Path) -> None:
    # zylon-ai/private-gpt's .dockerignore keeps out settings-local.yaml, the profile its
    # docs (fern/docs/pages/configuration/settings.mdx) have each user create, API keys and
    # all; beside settings.yaml and settings-test.yaml, IG401 took it for a misspelling.
    (tmp_path / "settings.yaml").write_text("llm: {}\n")
    (tmp_path / "settings-test.yaml").write_text("llm: {}\n")
    found = _unmatched(tmp_path, "settings-local.yaml\nconfig/application-local.properties\n"
                                 "settings-loca.yaml\n")
    assert set(found) == {"settings-loca.yaml"}, found


@pytest.mark.parametrize("seed", [1, 2])
def test_like_is_difflibs_close_match(seed: int) -> None:
    """Names.like drops candidates by a bound before difflib: the answers are difflib's
    own over every name within two characters of the length (a small alphabet, so that
    many names are alike and the bound is tested near its edge)."""
    import difflib
    import random

    rng = random.Random(seed)
    letters = "abcde-_.01"
    names = {"".join(rng.choice(letters) for _ in range(rng.randint(2, 12)))
             for _ in range(3000)}
    found = Names(f"dir/{name}" for name in names)
    words = ["".join(rng.choice(letters + "xyZ") for _ in range(rng.randint(1, 13)))
             for _ in range(300)]
    words += [name[:-1] + "x" for name in sorted(names)[:100]]
    expected = [
        word.casefold() in names or bool(difflib.get_close_matches(
            word.casefold(),
            [name for name in names if abs(len(name) - len(word)) <= 2], n=1, cutoff=0.8))
        for word in words
    ]
    assert [found.like(word) for word in words] == expected
    assert 0 < sum(expected) < len(expected)
