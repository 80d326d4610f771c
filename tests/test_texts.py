"""build/texts.read_text: the needs' reading of a file, as Python's text mode reads it."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from ignoregen.build.texts import MAX_TEXT, read_text


def test_the_text_is_text_modes(tmp_path: Path) -> None:
    """Undecodable bytes replaced, ``\\r\\n`` and a lone ``\\r`` made ``\\n``, for files of
    every size up to the limit."""
    rng = random.Random(3)
    for index in range(200):
        size = rng.choice([0, 1, 2, 7, 100, 5000, 70000])
        data = bytes(rng.choice(b"ab\r\n\xc3\xa9\xff\x80z ") for _ in range(size))
        path = tmp_path / f"f{index}"
        path.write_bytes(data)
        assert read_text(path) == path.read_text(encoding="utf-8", errors="replace"), data
    (tmp_path / "edge").write_bytes(b"x" * MAX_TEXT)
    assert read_text(tmp_path / "edge") == "x" * MAX_TEXT


def test_what_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "big").write_bytes(b"x" * (MAX_TEXT + 1))
    os.mkfifo(tmp_path / "fifo")  # opening it for reading would wait for a writer
    (tmp_path / "link").symlink_to("missing")
    for name in ("big", "fifo", "link", "missing"):
        assert read_text(tmp_path / name) is None, name
    assert read_text(tmp_path) is None  # a directory


def test_texts_kept_are_bounded_and_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A context keeps the texts it read up to a budget of characters, the least recently
    used going first; one that went is read again, with the same text."""
    from ignoregen.build import texts

    monkeypatch.setattr(texts, "TEXTS_KEPT", 250)
    reads: list[str] = []
    real = texts.read_text

    def counted(path: Path) -> str | None:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(texts, "read_text", counted)
    for index in range(5):
        (tmp_path / f"f{index}").write_text(str(index) * 100)
    files = texts.ContextFiles(tmp_path)
    for name in ("f0", "f1", "f0", "f2"):  # f0 used again: f1 is the least recent
        assert files.text(name) == name[1] * 100
    assert reads == ["f0", "f1", "f2"]
    assert files.text("f0") == "0" * 100
    assert files.text("f2") == "2" * 100
    assert reads == ["f0", "f1", "f2"]
    assert files.text("f1") == "1" * 100  # it went: read again
    assert reads == ["f0", "f1", "f2", "f1"]
    assert sum(len(text or "") for text in files._text.values()) <= 250
