"""The gitignore matcher of ``knowledge/local.py`` (a pattern's tokens as one regular
expression) against real git: many generated patterns, each in the ``.gitignore`` of a
directory of its own, and every generated path below that directory asked of both
``git check-ignore --no-index`` and :meth:`Gitignores.lists`."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from ignoregen.knowledge.local import Gitignores
from ignoregen.plan.gitignore.glob import TokenKind, Tokens, tokens_regex

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PIECES = ["a", "b", "ab", ".a", "*", "**", "?", "[ab]", "[!a]", "[a-c]", "[[:alpha:]]",
          "\\*", "x*", "*b", "a?"]
NAMES = ["a", "b", "ab", "ba", ".a", "abc", "c", "*", "xb", "bb"]


def _pattern(rng: random.Random) -> str:
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 3))]
    text = "/".join(parts) if rng.random() < 0.6 else "".join(parts)
    if rng.random() < 0.2:
        text = "/" + text
    if rng.random() < 0.2:
        text += "/"
    return text


def _paths(rng: random.Random, count: int) -> set[str]:
    return {
        "/".join(rng.choice(NAMES) for _ in range(rng.randint(1, 4))) for _ in range(count)
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gitignore_matching_agrees_with_git(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    asked: list[str] = []
    for number in range(60):
        home = f"p{number}"
        pattern = _pattern(rng)
        (root / home).mkdir()
        (root / home / ".gitignore").write_text(pattern + "\n", encoding="utf-8")
        for path in sorted(_paths(rng, 25)):
            target = root / home / path
            if any(parent.is_file() for parent in target.parents):
                continue  # a file where this path needs a directory
            if target.is_dir():
                asked.append(f"{home}/{path}")
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("x", encoding="utf-8")
            asked.append(f"{home}/{path}")
    checked = sorted({"/".join(p.split("/")[:i]) for p in asked
                      for i in range(2, p.count("/") + 2)})
    real = set(subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", "--stdin", "-z"],
        input="\0".join(checked).encode(), capture_output=True, check=False,
    ).stdout.decode().split("\0"))
    ours = Gitignores(root)
    wrong = [
        (path, (root / path.split("/")[0] / ".gitignore").read_text(encoding="utf-8"))
        for path in checked
        if (ours.lists(path, (root / path).is_dir()) is not None) is not (path in real)
    ]
    assert not wrong, wrong[:10]
    assert len(real) > len(checked) // 10  # the patterns do match something


def _star(kind: TokenKind) -> Tokens:
    from ignoregen.plan.gitignore.glob import Token

    return (Token(TokenKind.LIT, "a"), Token(kind), Token(TokenKind.LIT, "b"))


def test_a_dstar_end_before_other_tokens_matches_nothing() -> None:
    """``**`` as anything-at-the-end only ever ends a pattern; placed before another token
    (which the parser never does) it must not match, not even with that token."""
    regex = tokens_regex(_star(TokenKind.DSTAR_END))
    assert regex.fullmatch("ab") is None
    assert regex.fullmatch("axb") is None
    assert tokens_regex(_star(TokenKind.DSTAR_SLASH)).fullmatch("ax/y/b") is not None
    assert tokens_regex(_star(TokenKind.STAR)).fullmatch("ax/b") is None


@pytest.mark.parametrize("line", ["target", "*.log", "[Bb]in", "a?c*", "\\#x", "[!a]", "*"])
@pytest.mark.parametrize("prefix", ["a/", "a/b/", "target/", "x.log/y/", "#x/"])
def test_an_any_depth_name_means_the_same_below_any_directory(line: str, prefix: str) -> None:
    """``derive``'s short cut for an unanchored one-component line gives what running the
    tokens over the prefix gives."""
    from ignoregen.plan.gitignore.glob import _derived, derive, rule_tokens
    from ignoregen.plan.gitignore.parse import parse_gitignore_line

    rule = parse_gitignore_line(line, ".gitignore", 1, "")
    assert rule is not None
    assert not rule.anchored
    tokens = rule_tokens(rule)
    assert derive(tokens, prefix) == _derived(tokens, prefix) == [tokens]
    anchored = parse_gitignore_line(f"a/{line}", ".gitignore", 1, "")
    assert anchored is not None
    assert derive(rule_tokens(anchored), prefix) == _derived(rule_tokens(anchored), prefix)
