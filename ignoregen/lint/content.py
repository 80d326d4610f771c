"""Secrets told by what a file holds, not by its name: a private key with its body, a
registry token in ``.npmrc``, a package index password in ``.pypirc``. Only the first
``HEAD`` bytes of a file are read."""

from __future__ import annotations

import os
import re
from pathlib import Path

_PRIVATE_KEY = re.compile(
    rb"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:\r?\n|\\n)"
    rb"(?:[A-Za-z-]+: [^\r\n\\]*(?:\r?\n|\\n))*(?:\r?\n|\\n)?"
    rb"(?:[A-Za-z0-9+/=]|\r?\n|\\n){60,}"
)
"""A private key with its body: the header, optional PEM headers (Proc-Type), then at least
60 base64 characters (the shortest real key, ed25519, has 64), on lines of their own or
with JSON's \\n. A placeholder ("Your private key here", "MIGT...2Xbna") is not one."""
_REGISTRY_TOKEN = re.compile(rb"(?m)^\s*(?:[^\s=]*:)?(?:_authToken|_auth|_password)\s*=\s*\S")
_PYPIRC_PASSWORD = re.compile(rb"(?m)^\s*password\s*[=:]\s*\S")
HEAD = 64 * 1024


def secret_content(path: Path | str, size: int | None = None) -> str | None:
    """What secret the first ``HEAD`` bytes of the file ``path`` hold, if any. ``size``:
    the file's size as the walk saw it; a first read that returns that many bytes is not
    followed by a second one that would find the end of the file."""
    try:
        # (a FIFO opened without blocking reads as empty: no writer is waited for)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
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
    if _PRIVATE_KEY.search(head):
        return "a private key"
    name = os.path.basename(path)
    if name == ".npmrc" and _REGISTRY_TOKEN.search(head):
        return "a registry token"
    if name == ".pypirc" and _PYPIRC_PASSWORD.search(head):
        return "a package index password"
    return None
