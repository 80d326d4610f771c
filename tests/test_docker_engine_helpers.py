"""The test helpers' own data format: a tree entry survives a JSON round trip in each of
its three shapes (regression: a symbolic link row of three elements used to raise)."""

from __future__ import annotations

import pytest
from docker_engine import Entry


@pytest.mark.parametrize(
    "row",
    [["file", "a/b"], ["symlink", "link", "../target"], ["file", "bin/run", "", 0o755]],
)
def test_entry_round_trip(row: list[str | int]) -> None:
    entry = Entry.from_json(row)
    assert entry.path == row[1]
    assert Entry.from_json(entry.to_json()) == entry


@pytest.mark.parametrize("row", [["file"], ["file", "a", "", 1, 2], ["file", "a", "", "755"]])
def test_entry_rejects_bad_rows(row: list[str | int]) -> None:
    with pytest.raises(TypeError):
        Entry.from_json(row)
