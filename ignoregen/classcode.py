"""A cache of the code that ``dataclasses``, ``namedtuple`` and ``typing`` generate, for the
command line.

Creating a dataclass compiles the source text of each method it adds (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, and ``__setattr__``/``__delattr__`` when frozen);
a named tuple compiles its ``__new__``, and ``typing.NamedTuple`` each field's annotation
(a ``ForwardRef``, since annotations are strings here). ``check`` on a three-file
repository creates about a hundred such classes, and compiling their methods was about a
fifth of its run.
The compiled code depends on nothing but the source text (and the interpreter), so the
command line keeps it between runs: :func:`install` hands ``dataclasses``, ``collections``
and ``typing`` an ``exec``, an ``eval`` and a ``compile`` that look a source text up before
compiling it, and writes what was compiled anew when the process exits.

The classes made are the same: the very source the standard library wrote is compiled
the way ``exec``, ``eval`` and ``compile`` compile a string (file name ``<string>``, no
``__future__`` flags of the caller; none of these modules has any). A text that was never
seen is compiled as usual; a standard library that stops calling these with a string
simply finds nothing to look up. The file (``classcode-<cache tag>.marshal`` beside the
presets' cache, :mod:`ignoregen.cachedir`) holds code for one interpreter: it records the
full version, and is used only by that very version, and only when it is the user's own
and not writable by others. ``IGNOREGEN_NO_CACHE=1`` turns it off.

Only the command line installs it (``python -m ignoregen`` and the console script);
importing ignoregen as a library changes nothing in the standard library.
"""

import atexit
import builtins
import collections
import dataclasses
import marshal
import os
import sys
import typing
from types import CodeType
from typing import Any

_FORMAT = 1
_LIMIT = 4000
"""At most this many texts are kept; past it, the file keeps only what one run used."""

_VERSION = "version"
"""The key of the interpreter's full version (and this file's format) in the file."""


def _stamp() -> str:
    return f"{sys.version}|{sys.implementation.cache_tag}|{_FORMAT}"


_known: dict[tuple[str, str], bytes] = {}
"""(mode, source) -> the marshalled code, unmarshalled only when a class needs it."""
_used: dict[tuple[str, str], bytes] = {}
_new = False
_installed = False


def _code(source: str, mode: str) -> CodeType:
    global _new
    key = (mode, source)
    data = _known.get(key)
    if data is not None:
        try:
            code = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            code = None
        if isinstance(code, CodeType):
            _used[key] = data
            return code
    code = compile(source, "<string>", mode, dont_inherit=True)
    _known[key] = _used[key] = marshal.dumps(code)
    _new = True
    return code


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
    if type(source) is str and not kwargs:
        source = _code(source, "exec")
    builtins.exec(source, globals, locals, **kwargs)


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    if type(source) is str:
        source = _code(source, "eval")
    return builtins.eval(source, globals, locals)


def _compile(
    source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
    optimize: int = -1, **kwargs: Any,
) -> Any:
    if (type(source) is str and filename == "<string>" and mode in ("exec", "eval")
            and not flags and optimize == -1 and not kwargs):
        return _code(source, mode)
    return builtins.compile(source, filename, mode, flags, dont_inherit, optimize, **kwargs)


def _path() -> str | None:
    from ignoregen.cachedir import directory

    folder = directory()
    if folder is None:
        return None
    return os.path.join(folder, f"classcode-{sys.implementation.cache_tag}.marshal")


def _load(path: str) -> None:
    try:
        with open(path, "rb") as stream:
            st = os.fstat(stream.fileno())
            if st.st_uid != os.geteuid() or st.st_mode & 0o022:
                return  # not ours alone: never load code from it
            found = marshal.load(stream)
    except Exception:  # missing or damaged: compiled afresh and written again
        return
    if isinstance(found, dict) and found.pop(_VERSION, None) == _stamp():
        _known.update(
            (key, code) for key, code in found.items()
            if isinstance(key, tuple) and isinstance(code, bytes)
        )


def _save(path: str, pid: int) -> None:
    if not _new or os.getpid() != pid:  # a forked worker that exited normally: not its job
        return
    keep: dict[Any, Any] = dict(_known if len(_known) <= _LIMIT else _used)
    keep[_VERSION] = _stamp()
    from ignoregen.cachedir import store

    store(os.path.dirname(path), path, marshal.dumps(keep))


def install() -> None:
    """Look generated code up in the cache from now on, for this process."""
    global _installed
    from ignoregen.cachedir import enabled

    if _installed or not enabled():
        return
    path = _path()
    if path is None:
        return
    _installed = True
    _load(path)
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    collections.eval = _eval  # type: ignore[attr-defined]
    typing.compile = _compile  # type: ignore[attr-defined]
    atexit.register(_save, path, os.getpid())
