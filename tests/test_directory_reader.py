"""check reads the sent files for secrets through a descriptor of their directory
(lint/content.py DirectoryReader): each answer is the one secret_content gives for the
whole path, in the root, in nested and odd directories, for a directory that is gone,
and no descriptor stays open."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from ignoregen.lint.content import DirectoryReader, secret_content

DER = b"\x30\x81\x8d" + bytes(range(141))  # a SEQUENCE of 141 bytes, whole
BODY = base64.b64encode(DER).decode()
KEY = ("-----BEGIN PRIVATE KEY-----\n"
       + "\n".join(BODY[i:i + 64] for i in range(0, len(BODY), 64))
       + "\n-----END PRIVATE KEY-----\n")


def test_the_reader_answers_as_the_whole_path(tmp_path: Path) -> None:
    files = {
        "id_key": KEY, "a/b/deploy.pem": KEY, "a/b/notes.txt": "x" * 200,
        ".npmrc": "//registry.npmjs.org/:_authToken=abc123\n", "a/.pypirc": "password = hunter2\n",
        "sp ace/ü/k.pem": KEY, "a/b/c/short": "-----BEGIN", "x/.npmrc": "_authToken=${T}\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "fifo").parent.mkdir(exist_ok=True)
    os.mkfifo(tmp_path / "fifo")
    asked = [*files, "fifo", "missing", "gone/file", "a/b/deploy.pem", "id_key"]
    before = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    reader = DirectoryReader(str(tmp_path))
    for path in asked:
        size = (tmp_path / path).stat().st_size if (tmp_path / path).is_file() else 1000
        assert reader.secret_content(path, size) == secret_content(f"{tmp_path}/{path}", size)
    reader.close()
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before
    assert DirectoryReader(str(tmp_path)).secret_content("a/b/deploy.pem", 300) == "a private key"


def test_the_reader_closes_its_descriptor_when_the_loop_is_left_by_an_error(
    tmp_path: Path,
) -> None:
    """check_contents reads inside ``with``: an error in the loop (a finding that cannot be
    made) leaves no descriptor open."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "k.pem").write_text(KEY)
    held = -1
    try:
        with DirectoryReader(str(tmp_path)) as reader:
            assert reader.secret_content("a/k.pem", len(KEY)) == "a private key"
            assert reader.descriptor is not None
            held = reader.descriptor
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert reader.descriptor is None
    try:
        os.fstat(held)
    except OSError:
        pass
    else:
        raise AssertionError("the directory's descriptor is still open")
    with DirectoryReader(str(tmp_path)) as reader:  # a short file: no directory opened
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "short").write_text("x")
        assert reader.secret_content("b/short", 1) is None
        assert reader.descriptor is None
