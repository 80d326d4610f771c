"""The writer: the user's lines survive every run, and a failed write changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ignoregen.plan.writer import (
    BEGIN,
    BELOW_BEGIN,
    BELOW_END,
    END,
    BlockError,
    block_lines,
    block_spans,
    first_block,
    merge_block,
    outside_block,
    text_lines,
    unified_diff,
    write_atomic,
)

BLOCK = ["# dependencies", "**/node_modules", ".git"]


def test_new_file() -> None:
    merge = merge_block(None, BLOCK, ".dockerignore")
    assert merge.changed
    assert merge.data == f"{BEGIN}\n# dependencies\n**/node_modules\n.git\n{END}\n".encode()


def test_block_goes_first_and_user_lines_stay() -> None:
    old = b"# mine\n!keep.log   \n*.log"
    merge = merge_block(old, BLOCK, "f")
    assert merge.data.endswith(b"\n# mine\n!keep.log   \n*.log")
    assert merge.data.startswith(BEGIN.encode())


def test_existing_block_is_replaced_in_place() -> None:
    old = f"top\r\n{BEGIN}\r\nold\r\n{END}\r\nbottom".encode()
    merge = merge_block(old, ["new"], "f")
    assert merge.data == f"top\r\n{BEGIN}\r\nnew\r\n{END}\r\nbottom".encode()
    again = merge_block(merge.data, ["new"], "f")
    assert not again.changed


def test_bom_stays_first() -> None:
    merge = merge_block(b"\xef\xbb\xbfsecret\n", ["x"], "f")
    assert merge.data.startswith(b"\xef\xbb\xbf" + BEGIN.encode())
    assert merge.data.endswith(b"\nsecret\n")


def test_missing_final_newline_after_block_is_kept() -> None:
    old = f"a\n{BEGIN}\nold\n{END}".encode()
    assert merge_block(old, ["new"], "f").data == f"a\n{BEGIN}\nnew\n{END}".encode()


@pytest.mark.parametrize(
    "old",
    [
        f"{BEGIN}\nx\n".encode(),
        f"{END}\nx\n{BEGIN}\n".encode(),
        f"{BEGIN}\n{BEGIN}\n{END}\n".encode(),
    ],
)
def test_broken_markers_stop(old: bytes) -> None:
    with pytest.raises(BlockError):
        merge_block(old, BLOCK, "f")


USER_LINE = st.text(alphabet=st.sampled_from(list("ab *!#/\\.\t\r é")), max_size=12).filter(
    lambda line: line.rstrip("\r") not in (BEGIN, END)
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(USER_LINE, max_size=6),
    st.sampled_from([b"\n", b"\r\n"]),
    st.booleans(),
    st.booleans(),
    st.lists(st.lists(st.sampled_from(["a", "**/b", "!c", "# d"]), max_size=4), min_size=1),
)
def test_user_lines_survive_every_run(
    lines: list[str], ending: bytes, final: bool, bom: bool, blocks: list[list[str]]
) -> None:
    user = ending.join(line.encode() for line in lines)
    if final and lines:
        user += ending
    data = (b"\xef\xbb\xbf" if bom else b"") + user
    for block in blocks:
        data = merge_block(data, block, "f").data
        start = data.index(BEGIN.encode())
        stop = data.index(END.encode()) + len(END)
        rest = data[:start] + data[stop:]
        # What is outside the block is exactly the user's bytes (plus the separators we add).
        for line in lines:
            assert line.encode() in rest
        assert rest.replace(b"\xef\xbb\xbf", b"", 1).strip(b"\r\n") == user.strip(b"\r\n")
    assert merge_block(data, blocks[-1], "f").changed is False


def test_diff() -> None:
    diff = unified_diff(".dockerignore", b"a\n", b"a\nb\n")
    assert diff.splitlines()[-1] == "+b"
    assert unified_diff(".dockerignore", None, b"x\n").startswith("--- /dev/null\n")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"node_modules", b"# block\n.git\n\nnode_modules"),  # the user's last line stays
        (b"a\nb", b"a\nb\n"),
        (b"a\n", b"a\nb"),
    ],
)
def test_diff_of_a_file_without_a_final_line_end(tmp_path: Path, old: bytes, new: bytes) -> None:
    """A last line without its line end is marked as diff marks it: the next line of the
    output does not run into it, and git applies the diff to the old file exactly."""
    import subprocess

    diff = unified_diff("f", old, new)
    assert all(line.startswith((" ", "+", "-", "@", "\\")) for line in diff.splitlines())
    assert "\\ No newline at end of file\n" in diff
    (tmp_path / "f").write_bytes(old)
    (tmp_path / "d.patch").write_text(diff.replace("--- f", "--- a/f").replace("+++ f", "+++ b/f"))
    subprocess.run(["git", "apply", "d.patch"], cwd=tmp_path, check=True)
    assert (tmp_path / "f").read_bytes() == new


def test_atomic_write_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / ".dockerignore"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == [".dockerignore"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_write_leaves_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / ".dockerignore"
    target.write_bytes(b"precious\r\nlines")

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"precious\r\nlines"
    assert os.listdir(tmp_path) == [".dockerignore"]


def test_block_lines_of_a_file_with_a_byte_order_mark(tmp_path: Path) -> None:
    """A block on the first line of a file that starts with a byte order mark is found (check
    asks which lines are ignoregen's before calling a user's line redundant)."""
    path = tmp_path / ".dockerignore"
    path.write_bytes(b"\xef\xbb\xbf" + f"{BEGIN}\r\n**/.git\r\n{END}\r\n\r\n.git\r\n".encode())
    assert sorted(block_lines(path)) == [1, 2, 3]
    path.write_bytes(b".git\n")
    assert list(block_lines(path)) == []


def test_second_block_goes_after_the_users_lines_and_stays_where_it_stands() -> None:
    first = merge_block(b"src/\n!src/web\n", ["**/.git"], "f", below=["src/web/**/x"]).data
    assert first == (f"{BEGIN}\n**/.git\n{END}\n\nsrc/\n!src/web\n\n"
                     f"{BELOW_BEGIN}\nsrc/web/**/x\n{BELOW_END}\n").encode()
    # A line the user adds after it stays after it; the block is replaced where it stands.
    edited = first + b"!src/web/x/keep\n"
    again = merge_block(edited, ["**/.git"], "f", below=["src/web/**/y"]).data
    assert again == edited.replace(b"src/web/**/x", b"src/web/**/y")
    # None leaves it as it is (check's fixes add to the first block only).
    assert merge_block(edited, ["**/.git", "x"], "f").data == edited.replace(
        b"**/.git\n", b"**/.git\nx\n", 1)
    # Empty, it goes, with the blank line init put above it.
    gone = merge_block(edited, ["**/.git"], "f", below=[]).data
    assert gone == f"{BEGIN}\n**/.git\n{END}\n\nsrc/\n!src/web\n!src/web/x/keep\n".encode()
    lines = text_lines(again)
    assert first_block(lines) == ["**/.git"]
    assert outside_block(again) == ([], ["src/", "!src/web", "!src/web/x/keep"])


def test_second_block_markers_are_checked() -> None:
    broken = f"{BELOW_BEGIN}\nx\n{BELOW_BEGIN}\n{BELOW_END}\n".encode()
    with pytest.raises(BlockError, match="expected one"):
        merge_block(broken, ["y"], "f", below=["z"])


def test_block_lines_cover_both_blocks(tmp_path: Path) -> None:
    path = tmp_path / ".dockerignore"
    path.write_text(f"{BEGIN}\na\n{END}\nb\n{BELOW_BEGIN}\nc\n{BELOW_END}\n")
    assert sorted(block_lines(path)) == [1, 2, 3, 5, 6, 7]


def test_second_block_alone_leaves_the_first_as_it_is() -> None:
    """check's fix may add to the second block only: no empty first block appears."""
    merged = merge_block(b"src/\n!src/web\n", None, "f", below=["src/web/**/x"]).data
    assert merged == f"src/\n!src/web\n\n{BELOW_BEGIN}\nsrc/web/**/x\n{BELOW_END}\n".encode()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(USER_LINE.filter(lambda line: line.rstrip("\r") not in (BELOW_BEGIN, BELOW_END)),
             max_size=6),
    st.sampled_from([b"\n", b"\r\n"]),
    st.booleans(),
    st.lists(st.tuples(st.lists(st.sampled_from(["a", "**/b", "!c"]), max_size=3),
                       st.one_of(st.none(), st.lists(st.sampled_from(["w/**/x", "!w/y"]),
                                                     max_size=3)),
                       st.booleans()),
             min_size=1, max_size=5),
)
def test_user_lines_survive_both_blocks(
    lines: list[str], ending: bytes, final: bool,
    runs: list[tuple[list[str], list[str] | None, bool]],
) -> None:
    """Whatever the runs write into either block, wherever they put the first one, what is
    outside the blocks is the user's lines, in their order, and a run repeated changes
    nothing."""
    user = ending.join(line.encode() for line in lines)
    if final and lines:
        user += ending
    data = user
    for block, below, at_end in runs:
        data = merge_block(data, block, "f", at_end=at_end, below=below).data
        texts = text_lines(data)
        spans = [i for span in block_spans(texts) for i in span]
        rest = [line for i, line in enumerate(texts) if i not in spans and line.strip()]
        assert rest == [line.rstrip("\r") for line in lines if line.rstrip("\r").strip()]
        assert merge_block(data, block, "f", at_end=at_end, below=below).changed is False
