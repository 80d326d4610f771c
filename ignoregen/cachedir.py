"""Where ignoregen keeps what it caches between runs, and how a file there is written.

Kept apart from :mod:`ignoregen.knowledge.cache` (the presets' cache), which imports more
than a caller that only asks where the cache lives needs.
"""

from __future__ import annotations

import os

NO_CACHE_ENV = "IGNOREGEN_NO_CACHE"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def directory() -> str | None:
    """Where the cache lives; None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "ignoregen")


def store(folder: str, path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, readable by the user alone; give up quietly
    when that is not possible (False)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(temporary, flags, 0o600)
        except FileExistsError:  # left by an earlier process that had this pid
            os.unlink(temporary)
            fd = os.open(temporary, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True
