"""A second ``init`` changes nothing, on real repositories laid out as a developer's machine
has them: ``init`` then ``init --check`` exits 0, and a second ``init`` rewrites no byte;
and ``check`` reports nothing of the lines ``init`` wrote (on every fixture).

The fixtures chosen are those whose shapes once broke it, or could: ignore files that init
writes inside a directory another build copies (vaultwarden's compose/*/.dockerignore),
per-Dockerfile files carrying the user's lines (paperless-ngx), user lines that exclude
a need (excalidraw, umami), a symbolic link (lemmy), compose monorepos with many contexts.
``IGNOREGEN_CORPUS_IDEMPOTENCE=all`` runs every fixture (about two minutes).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from corpus import lay_out, load, names, scratch_dir
from test_corpus import run_cli

CHOSEN = [
    "dani-garcia__vaultwarden",
    "paperless-ngx__paperless-ngx",
    "excalidraw__excalidraw",
    "umami-software__umami",
    "LemmyNet__lemmy",
    "GoogleCloudPlatform__microservices-demo",
    "docker__getting-started",
]
FIXTURES = names() if os.environ.get("IGNOREGEN_CORPUS_IDEMPOTENCE") == "all" else CHOSEN


def _ignore_files(root: Path) -> dict[str, bytes | str]:
    """Every ignore file under ``root``: its bytes, or where it links to."""
    out: dict[str, bytes | str] = {}
    for top, _, files in os.walk(root):
        for name in files:
            if name.endswith(".dockerignore"):
                path = Path(top) / name
                key = path.relative_to(root).as_posix()
                out[key] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return out


@pytest.mark.parametrize("name", FIXTURES)
def test_a_second_init_changes_nothing(name: str) -> None:
    fixture = load(name)
    with tempfile.TemporaryDirectory(prefix="ignoregen-idem-", dir=scratch_dir()) as tmp:
        root = lay_out(fixture, Path(tmp) / "repo", laptop=True)
        code, _, err = run_cli(["init", "-C", str(root)])
        assert code in (0, 1), err
        first = _ignore_files(root)
        code, _, err = run_cli(["init", "--check", "-C", str(root)])
        assert code == 0, err
        code, _, err = run_cli(["init", "-C", str(root)])
        assert code in (0, 1), err
        assert _ignore_files(root) == first


def _block_lines(path: Path) -> dict[int, str]:
    """Line number -> text of the lines inside ignoregen's block of ``path``."""
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    out: dict[int, str] = {}
    inside = False
    for number, line in enumerate(lines, 1):
        if line.startswith("# >>> ignoregen"):
            inside = True
        elif line.startswith("# <<< ignoregen"):
            inside = False
        elif inside:
            out[number] = line.strip()
    return out


def _user_lines(root: Path) -> set[str]:
    """The lines of every ignore file outside ignoregen's blocks (a per-Dockerfile file
    carries a copy of them inside its block)."""
    out: set[str] = set()
    for name, data in _ignore_files(root).items():
        if isinstance(data, bytes):
            block = _block_lines(root / name)
            lines = data.decode("utf-8", "replace").split("\n")
            out.update(line.strip() for number, line in enumerate(lines, 1)
                       if number not in block)
    return out


@pytest.mark.parametrize("name", names())
def test_check_says_nothing_of_the_lines_init_wrote(name: str) -> None:
    """On a developer's machine, check after init reports no warning or error on a line of
    ignoregen's block, save the user's own lines copied into a per-Dockerfile file: init's
    lines are what check would have it write (README* root-only on purpose, a guard's
    exception, node_modules at any depth)."""
    import json

    fixture = load(name)
    with tempfile.TemporaryDirectory(prefix="ignoregen-agree-", dir=scratch_dir()) as tmp:
        root = lay_out(fixture, Path(tmp) / "repo", laptop=True)
        code, _, err = run_cli(["init", "-C", str(root)])
        assert code in (0, 1), err
        code, out, err = run_cli(["check", "--format", "json", str(root)])
        assert code in (0, 1), err
        theirs = _user_lines(root)
        wrong = []
        for item in json.loads(out)["findings"]:
            file, line = item.get("file"), item.get("line")
            if item["severity"] == "info" or not file or not line or not file.endswith("ignore"):
                continue
            text = _block_lines(root / file).get(line)
            if text is not None and text not in theirs:
                wrong.append(f"{file}:{line} {text!r}: {item['id']} {item['message']}")
        assert wrong == []


CLEAN = ["AOEpeople__meals"] if os.environ.get("IGNOREGEN_CORPUS_IDEMPOTENCE") != "all" \
    else names()


@pytest.mark.parametrize("name", CLEAN)
def test_check_after_init_on_a_clean_checkout_asks_for_no_guard(name: str) -> None:
    """CI runs init's file on a clean checkout: the guards for what a developer's machine
    adds (IG101, IG104 "would send it on a developer's machine") are already written, even
    where an allow-list puts init's block after the user's lines (AOEpeople/meals: '*',
    then '!/src/', gives back src/Resources, where npm installs)."""
    import json

    fixture = load(name)
    with tempfile.TemporaryDirectory(prefix="ignoregen-clean-", dir=scratch_dir()) as tmp:
        root = lay_out(fixture, Path(tmp) / "repo", laptop=False, git=True)
        code, _, err = run_cli(["init", "-C", str(root)])
        assert code in (0, 1), err
        code, out, err = run_cli(["check", "--format", "json", str(root)])
        assert code in (0, 1), err
        asked = [f"{item['id']} {item['message']}" for item in json.loads(out)["findings"]
                 if item["severity"] != "info" and item["id"] in ("IG101", "IG104")
                 and "on a developer's machine" in item["message"]]
        assert asked == []
