"""A cache of parsed knowledge between runs: the presets and the image catalogue.

Reading the preset files means parsing TOML, validating every key and compiling the
regular expression of every pattern to prove that it works; ``check`` on a small
repository would spend more time on that than on the repository. The result of
:func:`cached` is therefore kept in the user's cache directory
(``$XDG_CACHE_HOME/ignoregen``, else ``~/.cache/ignoregen``) as a pickle, together with
everything it was built from:

- the inputs themselves (every file's shown name and full text), compared in full, so an
  edited preset, user preset or image file is read afresh on the next run;
- ignoregen's version and the size and modification time of each of its modules, so a
  changed parser (an upgrade, or an edit in a development checkout) never reuses the
  objects an older one made;
- the Python version, and this cache's own format number.

Each install of ignoregen (each version, each environment) has a file of its own, so two
of them on one machine (pre-commit's and the user's) do not rebuild each other's; the
:data:`KEPT` newest files of a kind stay, older ones are removed when a new one is written.

Anything unexpected means "not cached": a missing, unreadable, corrupt or foreign file
(one not owned by the user, or writable by others) is ignored and, when the directory is
writable, replaced; an unwritable directory is not an error. A build that raises (a
preset with an error) is never cached, so its error is reported on every run.
``IGNOREGEN_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from ignoregen import __version__
from ignoregen.cachedir import NO_CACHE_ENV as NO_CACHE_ENV
from ignoregen.cachedir import directory as directory
from ignoregen.cachedir import enabled as enabled
from ignoregen.cachedir import store as store

T = TypeVar("T")

FORMAT = 1
"""Raise when the layout of a cache file changes."""

_code_stamp: tuple[tuple[str, int, int], ...] | None = None


def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """(module path, size, mtime in ns) of every module of ignoregen, once per process."""
    global _code_stamp
    if _code_stamp is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        found: list[tuple[str, int, int]] = []
        stack = [root]
        while stack:
            folder = stack.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py"):
                        st = entry.stat()
                        found.append((entry.path[len(root):], st.st_size, st.st_mtime_ns))
                    elif entry.is_dir():
                        stack.append(entry.path)
        _code_stamp = tuple(sorted(found))
    return _code_stamp


def cached(kind: str, inputs: tuple[Any, ...], expect: type[T], build: Callable[[], T]) -> T:
    """``build()``, or what it returned on an earlier run with the very same ``inputs``.

    ``inputs`` must hold everything the result depends on beyond ignoregen's own code
    (file names and texts), as plain values that compare by value. ``expect`` is the
    result's type; a cached object of another type is not used.
    """
    if not enabled():
        return build()
    folder = directory()
    if folder is None:
        return build()
    try:
        stamp = code_stamp()
    except OSError:
        return build()
    code = (FORMAT, __version__, sys.version, stamp)
    key = (*code, kind, inputs)
    # The name tells apart the sets of files (a user's preset directory, the working
    # directory the names are shown from) and the installs of ignoregen (pre-commit's and
    # the user's own take turns on one machine: one file would be rebuilt by each in
    # turn); the full key inside decides.
    names = repr((kind, [item[0] if isinstance(item, tuple) else item for item in inputs]))
    family = f"{kind}-{zlib.crc32(names.encode()):08x}"
    path = os.path.join(folder, f"{family}-{zlib.crc32(repr(code).encode()):08x}.pickle")
    found = _read(path, key)
    if isinstance(found, expect):
        return found
    value = build()
    if _write(folder, path, key, value):
        _prune(folder, family, path)
    return value


KEPT = 4
"""How many files of one kind and set of inputs stay, one per install or version of
ignoregen: the most recently written."""


def _prune(folder: str, family: str, written: str) -> None:
    """Remove all but the :data:`KEPT` newest files of ``family`` (an upgrade leaves the
    old version's file behind); give up quietly on any error."""
    try:
        with os.scandir(folder) as entries:
            found = [
                (entry.stat(follow_symlinks=False).st_mtime_ns, entry.path)
                for entry in entries
                if entry.name.startswith(family + "-") and entry.name.endswith(".pickle")
                and entry.path != written
            ]
        found.sort(reverse=True)
        for _, old in found[KEPT - 1:]:
            os.unlink(old)
    except OSError:
        pass


def _read(path: str, key: tuple[Any, ...]) -> object:
    """The value stored under ``key`` at ``path``; None if anything is amiss."""
    import pickle  # here: the command line reads this module's directory() before it needs any

    try:
        with open(path, "rb") as stream:
            st = os.fstat(stream.fileno())
            if st.st_uid != os.geteuid() or st.st_mode & 0o022:
                return None  # not ours alone: never unpickle it
            stored = pickle.load(stream)
            if stored != key:
                return None
            return _unpickle(pickle, stream)
    except Exception:  # a missing or damaged cache is rebuilt, whatever it says
        return None


def _unpickle(pickle: Any, stream: Any) -> object:
    """``pickle.load(stream)`` with the cyclic garbage collector off: the tens of
    thousands of objects it makes are the run's knowledge, none of them garbage, and the
    collector would go through them while they are made."""
    import gc

    if not gc.isenabled():
        return pickle.load(stream)
    gc.disable()
    try:
        return pickle.load(stream)
    finally:
        gc.enable()


def _write(folder: str, path: str, key: tuple[Any, ...], value: object) -> bool:
    """Store ``value`` under ``key`` atomically; give up quietly when that is not possible
    (False)."""
    import pickle

    try:
        data = pickle.dumps(key, pickle.HIGHEST_PROTOCOL) + pickle.dumps(
            value, pickle.HIGHEST_PROTOCOL
        )
    except Exception:  # what cannot be pickled is rebuilt on each run
        return False
    return store(folder, path, data)
