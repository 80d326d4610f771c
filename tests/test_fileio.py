"""Reading a repository's files: whole files in one call, files whose size lies, no wait
on a pipe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ignoregen import fileio


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 70_000])
def test_reads_whole_file(tmp_path: Path, size: int) -> None:
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    path = tmp_path / "f"
    path.write_bytes(data)
    assert fileio.read_bytes(path) == data
    assert fileio.read_bytes(path, limit=size) == data
    if size:
        assert fileio.read_bytes(path, limit=size - 1) == data  # limit + 1 bytes: over it


def test_file_larger_than_its_size_is_read_to_the_end() -> None:
    # /proc files say they hold 0 bytes and give more: the first read is not the end.
    path = Path("/proc/self/mounts")
    if not path.exists():
        pytest.skip("no /proc")
    expected = path.read_bytes()
    assert os.stat(path).st_size < len(expected)
    got = fileio.read_bytes(path)
    assert len(got) > 1  # more than the size said, plus the byte asked beyond it
    assert got.split(b"\n")[0] == expected.split(b"\n")[0]


def test_not_a_regular_file(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="not a regular file"):
        fileio.read_bytes(pipe)
    with pytest.raises(IsADirectoryError):
        fileio.read_bytes(tmp_path)


def test_text_line_ends() -> None:
    assert fileio.text_of(b"a\r\nb\rc\n") == "a\nb\nc\n"
