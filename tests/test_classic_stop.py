"""The classic builder with a pattern that fails when first tested.

The docker CLI walks the context twice: its check fails the build where it meets the
pattern; its tar writer only logs the error and ends the stream there, so the daemon builds
what came before. tests/data/regressions.json holds the cases checked against a real
engine; these tests pin what they cannot show: walk order on bytes, parallel walks, the
warnings, ``explain`` and BuildKit, which fails wherever it meets the pattern.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_cli import make, run

from ignoregen.engine.classic import _walked_before
from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import parse_text
from ignoregen.engine.matcher import PatternUseError
from ignoregen.engine.pool import SplitPolicy
from ignoregen.engine.records import Collect, leaves
from ignoregen.engine.setup import Builder, BuildSetup, SetupError

# '!./aa/' re-includes aa/b through its parent for the CLI's check, which never tests
# line 3; the tar writer tests line 3 on aa/b (an escape Go's regexp rejects) and stops.
STOPS_AT_AA_B = "aa/**\n!./aa/\n!aa/\\\u263a\n"


def _parts(path: str) -> tuple[bytes, ...]:
    return tuple(os.fsencode(path).split(b"/"))


@pytest.mark.parametrize(
    ("path", "stop", "before"),
    [
        ("aa", "aa/b", True),  # a directory comes before its entries
        ("aa/b", "aa/b", False),
        ("aa/b/x", "aa/b", False),
        ("aa/b/x", "aa/b-c", True),  # by name: 'b' < 'b-c', though 'aa/b-c' < 'aa/b/x'
        ("aa/b-c", "aa/b/x", False),
        ("-a/b", ".dockerignore", True),
        ("\ufffd", "\udcff", True),  # bytes ef bf bd < ff; as code points the other way
        ("\udcff", "\ufffd", False),
    ],
)
def test_the_walk_order_is_by_the_bytes_of_each_name(path: str, stop: str, before: bool) -> None:
    assert _walked_before(path, _parts(stop)) is before


def _scan(root: Path, text: str, builder: Builder, **kwargs: object) -> list[str]:
    rules = parse_text(enumerate(text.splitlines(), 1), ".dockerignore")
    setup = BuildSetup(root, builder, None, None)
    scan = scan_context(setup, rules=rules, **kwargs)  # type: ignore[arg-type]
    return [item.path for item in leaves(scan.sent)]


def test_a_stopped_walk_in_workers_sends_what_one_process_sends(tmp_path: Path) -> None:
    for top in ("a0", "aa", "ab", "zz"):
        for sub in ("b", "c", "d"):
            (tmp_path / top / sub).mkdir(parents=True)
            (tmp_path / top / sub / "f").write_text("x")
    (tmp_path / "aa" / "a").write_text("x")
    text = "aa/c/**\n!./aa/c/\n!aa/\\\u263a\n"
    policy = SplitPolicy(depth=1, min_tasks=1)
    one = _scan(tmp_path, text, Builder.CLASSIC, sizes=True, collect=Collect.ALL)
    two = _scan(tmp_path, text, Builder.CLASSIC, sizes=True, collect=Collect.ALL, workers=2,
                split=policy)
    assert one == two == ["a0/b/f", "a0/c/f", "a0/d/f", "aa/a", "aa/b/f", "aa/c"]


def test_buildkit_still_fails_where_the_classic_builder_stops(tmp_path: Path) -> None:
    make(tmp_path, {"aa/b": "x"})
    assert _scan(tmp_path, STOPS_AT_AA_B, Builder.CLASSIC) == ["aa"]
    with pytest.raises(PatternUseError):
        _scan(tmp_path, STOPS_AT_AA_B, Builder.BUILDKIT)
    # Without the exception that the check meets first, the check fails the build.
    with pytest.raises(PatternUseError):
        _scan(tmp_path, "aa/**\n!aa/\\\u263a\n", Builder.CLASSIC)


def test_ls_warns_where_the_stream_ends_and_explain_says_why(tmp_path: Path) -> None:
    make(tmp_path, {".dockerignore": STOPS_AT_AA_B, "a0": "x", "aa/b": "x", "zz/x": "x"})
    code, out, err = run("ls", "--builder", "classic", str(tmp_path))
    assert (code, out) == (0, b".dockerignore\na0\naa/\n")
    assert "aa/b: the classic CLI stops sending the context here" in err
    assert ".dockerignore:3" in err
    code, out, _ = run("explain", "--builder", "classic", "-C", str(tmp_path), "zz/x", "a0")
    lines = out.decode().splitlines()
    assert code == 0
    assert lines[0].startswith("zz/x: not sent: the classic CLI stops sending the context at aa/b")
    assert lines[1] == "a0: sent: no rule matches it"


def test_a_dockerfile_after_the_stop_is_not_sent(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        ".dockerignore": STOPS_AT_AA_B, "aa/b": "x", "zz/Dockerfile": "FROM scratch\n"
    }
    make(tmp_path, files)
    dockerfile, ignore = tmp_path / "zz" / "Dockerfile", tmp_path / ".dockerignore"
    setup = BuildSetup(tmp_path, Builder.CLASSIC, dockerfile, ignore)
    with pytest.raises(SetupError, match=r"stops sending the context at aa/b .*zz/Dockerfile"):
        scan_context(setup)
