"""Secrets told by what a file holds, not by its name: a private key with its body, a
registry token in ``.npmrc``, a package index password in ``.pypirc``. Only the first
``HEAD`` bytes of a file are read."""

from __future__ import annotations

import binascii
import os
import re
from collections.abc import Sequence
from pathlib import Path

_PRIVATE_KEY = re.compile(
    rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:\r?\n|\\n)"
    rb"(?:[A-Za-z-]+: [^\r\n\\]*(?:\r?\n|\\n))*(?:\r?\n|\\n)?"
    rb"(?:[A-Za-z0-9+/=]|\r?\n|\\n){60,}"
)
"""A private key with its body: the header, optional PEM headers (Proc-Type), then at least
60 base64 characters (the shortest real key, ed25519, has 64), on lines of their own or
with JSON's \\n. A placeholder ("Your private key here", "MIGT...2Xbna") is not one."""
_REGISTRY_TOKEN = re.compile(
    rb"(?m)^[ \t]*(?:[^\s=]*:)?(?:_authToken|_auth|_password)[ \t]*=[ \t]*"
    rb"(?![\"']?\$\{[^}\s]+\}[\"']?[ \t]*\r?$)\S"
)
"""A token, password or credentials written into ``.npmrc``; not a value that is only a
variable npm fills in when it reads the file (``_authToken=${NPM_TOKEN}``)."""
_PYPIRC_PASSWORD = re.compile(rb"(?m)^\s*password\s*[=:]\s*\S")
HEAD = 64 * 1024
SHORTEST_KEY = len(b"-----BEGIN PRIVATE KEY-----\n") + 60
"""The fewest bytes a file that ``_PRIVATE_KEY`` matches holds: a smaller file is not opened
(unless its name says it may hold a token or password)."""
_TOKEN_FILES = (".npmrc", ".pypirc")
_BASE64_NOISE = re.compile(rb"\s|\\[nr]")


_OPENSSH = b"openssh-key-v1\0"
"""How the body of an OpenSSH private key starts, decoded (the one key body that is not DER)."""


def _cut_short(head: bytes, found: re.Match[bytes]) -> bool:
    """Is the key block ``found`` a sample cut short, or made up? Its body is DER (a
    SEQUENCE whose length says how many bytes follow) and the block ends, with ``-----END``,
    before that many: dokploy's input placeholder holds 96 bytes of a 1,352-byte structure.
    A body that is neither DER nor OpenSSH's is typed by hand: source-controller's
    docs/spec/v1/buckets.md shows a service account whose key is "Hwethgy123hugghhh...". A
    real key is whole; an encrypted body (PEM headers) or a block that does not end within
    ``head`` is taken for a key."""
    end = head.find(b"-----END ", found.start())
    if end < 0:
        return False
    body = head[found.start():end].split(b"-----", 2)[-1]
    if b": " in body:
        return False  # Proc-Type and DEK-Info: an encrypted body, no DER to read
    body = _BASE64_NOISE.sub(b"", body)
    try:
        der = binascii.a2b_base64(body[:20])
    except binascii.Error:
        return False
    if der.startswith(_OPENSSH):
        return False
    if len(der) < 2 or der[0] != 0x30:
        return len(der) >= 2  # neither DER nor OpenSSH's: made up
    width = der[1] - 0x80 if der[1] > 0x80 else 0
    if der[1] == 0x80 or width > 2 or len(der) < 2 + width:
        return False
    declared = 2 + width + (int.from_bytes(der[2:2 + width], "big") if width else der[1])
    held = len(body) * 3 // 4 - body[-2:].count(b"=")
    return held < declared


def _read_head(path: Path | str, size: int | None, dir_fd: int | None = None) -> bytes | None:
    """The first ``HEAD`` bytes of the file, or None when it cannot be read; ``dir_fd``: a
    descriptor of the directory that a relative ``path`` is in."""
    try:
        # (a FIFO opened without blocking reads as empty: no writer is waited for)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0),
                             dir_fd=dir_fd)
    except OSError:
        return None
    try:
        head = os.read(descriptor, HEAD)
        while len(head) < HEAD and (size is None or len(head) < size):
            # a short read before the end of the file
            more = os.read(descriptor, HEAD - len(head))
            if not more:
                break
            head += more
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return head


def key_names(path: Path | str) -> list[str]:
    """What names each private key of the file's first ``HEAD`` bytes: the text before it
    on its line and the line above (``const TEST_FAKE_RSA_KEY_0: &str = "``), where source
    code assigns a key to a variable."""
    head = _read_head(path, None) or b""
    out = []
    for found in _PRIVATE_KEY.finditer(head):
        if _cut_short(head, found):
            continue
        start = head.rfind(b"\n", 0, max(head.rfind(b"\n", 0, found.start()), 0))
        out.append(head[start + 1:found.start()].decode("utf-8", "replace"))
    return out


def keys_below(path: Path | str, shapes: Sequence[str]) -> bool:
    """Does every private key of the file's first ``HEAD`` bytes lie below the first match
    of one of ``shapes`` (regular expressions of where the file's test code starts)?"""
    head = _read_head(path, None) or b""
    starts = [found.start() for found in _PRIVATE_KEY.finditer(head)
              if not _cut_short(head, found)]
    matches = [found.start() for shape in shapes
               if (found := re.search(shape.encode(), head)) is not None]
    return bool(starts) and bool(matches) and min(starts) > min(matches)


def secret_content(
    path: Path | str, size: int | None = None, dir_fd: int | None = None
) -> str | None:
    """What secret the first ``HEAD`` bytes of the file ``path`` hold, if any. ``size``:
    the file's size as the walk saw it; a first read that returns that many bytes is not
    followed by a second one that would find the end of the file. ``dir_fd``: a descriptor
    of the directory ``path`` (then a name) is in, which spares the kernel the path's walk."""
    name = os.path.basename(path)
    if size is not None and size < SHORTEST_KEY and name not in _TOKEN_FILES:
        return None  # too short to hold a key
    head = _read_head(path, size, dir_fd)
    if head is None:
        return None
    if any(not _cut_short(head, found) for found in _PRIVATE_KEY.finditer(head)):
        return "a private key"
    if name == ".npmrc" and _REGISTRY_TOKEN.search(head):
        return "a registry token"
    if name == ".pypirc" and _PYPIRC_PASSWORD.search(head):
        return "a package index password"
    return None


class DirectoryReader:
    """Reads files of a context (``path`` relative to it) for secrets through a descriptor
    of their directory, kept while the next file is in the same one (the walk sends a
    directory's files together): the kernel does not walk the whole path again for each
    file (a third of the reading's system time on the bench tree). By the whole path where
    no such descriptor can be had (no ``O_PATH``, a directory gone)."""

    _FLAGS = getattr(os, "O_PATH", 0) | getattr(os, "O_DIRECTORY", 0)

    def __init__(self, context: str) -> None:
        self.context = context
        self.directory: str | None = None
        self.descriptor: int | None = None

    def secret_content(self, path: str, size: int) -> str | None:
        parent, _, name = path.rpartition("/")
        if size < SHORTEST_KEY and name not in _TOKEN_FILES:
            return None  # (as secret_content() has it, without opening the directory)
        if parent != self.directory:
            self.close()
            self.directory = parent
            if self._FLAGS & getattr(os, "O_PATH", 0):
                try:
                    self.descriptor = os.open(
                        f"{self.context}/{parent}" if parent else self.context, self._FLAGS)
                except OSError:
                    self.descriptor = None
        if self.descriptor is None:
            return secret_content(f"{self.context}/{path}", size)
        return secret_content(name, size, self.descriptor)

    def close(self) -> None:
        if self.descriptor is not None:
            os.close(self.descriptor)
        self.descriptor = None
        self.directory = None

    def __enter__(self) -> DirectoryReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
