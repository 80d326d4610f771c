"""Reading a repository's files without waiting on one that is not a file.

A named pipe (FIFO) in a working tree is rare but real (a tool's control pipe, a test
fixture); ``Path.read_bytes`` on one waits for a writer that never comes, and ignoregen
would hang in CI. What ignoregen reads of a repository goes through here: a path that is
not a regular file (after symbolic links are followed) raises :class:`OSError` at once,
as an unreadable file does, and callers already report or pass over those.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_bytes(path: Path | str, limit: int | None = None) -> bytes:
    """The file's bytes, as ``Path.read_bytes``; :class:`OSError` for a directory, a FIFO,
    a socket or a device. With ``limit``, at most ``limit + 1`` bytes are read (the caller
    tells a file over the limit by its length)."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device)",
                          str(path))
        if limit is not None and info.st_size > limit:
            return os.read(handle, limit + 1)
        # One byte more than the size: a regular file that gives less has ended, with no
        # second call to see it end (a tenth of the CPU of reading many small sources).
        data = os.read(handle, info.st_size + 1)
        if len(data) <= info.st_size:
            return data
        while limit is None or len(data) <= limit:  # to the end, should it have grown
            chunk = os.read(handle, 1 << 16)
            if not chunk:
                break
            data += chunk
        return data
    finally:
        os.close(handle)


def read_text(path: Path | str, encoding: str = "utf-8", errors: str = "strict") -> str:
    """The file's text, as ``Path.read_text`` gives it (line ends made ``\\n``); errors as
    :func:`read_bytes`, and :class:`UnicodeDecodeError` for text that does not decode."""
    return text_of(read_bytes(path), encoding, errors)


def text_of(data: bytes, encoding: str = "utf-8", errors: str = "strict") -> str:
    """``data`` decoded as text mode decodes a file: ``\\r\\n`` and a lone ``\\r`` made
    ``\\n``."""
    text = data.decode(encoding, errors)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""The byte-order marks that open UTF-16 text: what Windows PowerShell 5's ``>`` and
``Out-File`` write by default. Docker reads Dockerfiles and ignore files as UTF-8 bytes."""


def utf16(data: bytes) -> bool:
    """Does ``data`` open with a UTF-16 byte-order mark?"""
    return data.startswith(UTF16_MARKS)


def real(path: Path | str) -> Path:
    """``path`` made absolute with its symbolic links followed, as ``Path.resolve()`` makes
    it, without the :class:`RuntimeError` Python 3.10 to 3.12 raise for a link that loops
    (``Dockerfile -> Dockerfile``, ``a -> b -> a``): such a path is given back as far as it
    resolves, and the caller's next open or stat fails with ``ELOOP``, an :class:`OSError`
    it already reports. Python 3.13's ``resolve()`` is this same call."""
    return Path(os.path.realpath(path))
