"""The compiled code of the methods that ``dataclasses`` and ``collections.namedtuple``
write for each class, kept between runs (issue #13, start-up).

Defining a dataclass makes :mod:`dataclasses` write the source of its ``__init__``,
``__eq__``, ``__repr__``, ``__hash__``, ``__setattr__``... and compile each with its own
``exec``; ``namedtuple`` does the same for ``__new__`` with ``eval``. For the 50 dataclasses
and 58 named tuples a ``check`` of a three-file repository defines, compiling those texts
is about a fifth of the run's CPU time. :mod:`typing` compiles too: a ``NamedTuple``'s
field annotated under ``from __future__ import annotations`` is a ``ForwardRef``, which
compiles its text (354 of them, 91 different texts, in that ``check``).

:func:`install` (called by :func:`ignoregen.__main__.run` before the package's modules are
imported; a library import of ignoregen leaves the modules alone) gives both modules
an ``exec`` and an ``eval`` of their own, and :mod:`typing` a ``compile`` (a module's
global name comes before the builtin), that look the source text up in a table of code
objects before compiling it. A text is compiled exactly as the builtin would compile it:
same file name (``<string>``), the ``__future__`` flags of the calling function, the
interpreter's optimisation level; so the code object is the one the builtin would make,
and the function made from it is the same. The table is kept in the user's cache
directory (:mod:`ignoregen.cachedir`) as a ``marshal`` file tagged with the Python build
(version, bytecode magic number, optimisation level): another interpreter never reads
it. Entries are found by their full text, so a changed class (or another Python's
``dataclasses``) simply compiles and adds its new texts, written back when the process
ends. The file is read only when it is the user's own and not writable by others, as the
presets' cache; ``IGNOREGEN_NO_CACHE=1`` turns this off too (nothing read or written).
"""

from __future__ import annotations
import __future__ as future_flags

import builtins
import os
import sys
from types import CodeType
from typing import Any

from ignoregen import cachedir

FORMAT = 1
"""Raise when the layout of the file changes."""

LIMIT = 4000
"""Past this many entries, a write keeps only those the run used (old texts drop out)."""

_FUTURE = 0
for _name in future_flags.all_feature_names:
    _FUTURE |= getattr(future_flags, _name).compiler_flag

Key = tuple[str, int, str]
"""(mode, ``__future__`` flags, source text)."""

_table: dict[Key, CodeType] = {}
_used: set[Key] = set()
_added = False
_path: str | None = None
_installed = False


def _code(mode: str, source: str, depth: int) -> CodeType | None:
    """The code the builtin would compile from ``source`` called from the frame ``depth``
    levels up; None when it does not compile (the builtin then raises its own error)."""
    return _lookup(mode, sys._getframe(depth).f_code.co_flags & _FUTURE, source)


def _lookup(mode: str, flags: int, source: str) -> CodeType | None:
    """``compile(source, "<string>", mode, flags, dont_inherit=True)``, from the table."""
    global _added
    key = (mode, flags, source)
    found = _table.get(key)
    if found is None:
        try:
            found = compile(source, "<string>", mode, flags, dont_inherit=True)
        except Exception:
            return None
        _table[key] = found
        if not _added:
            _added = True
            if _path is not None:
                import atexit

                atexit.register(_save)
    _used.add(key)
    return found


def _exec(source: Any, globals: Any = None, locals: Any = None, /, **options: Any) -> None:
    if type(source) is str and type(globals) is dict and not options:
        code = _code("exec", source, 2)
        if code is not None:
            return builtins.exec(code, globals, globals if locals is None else locals)
    if globals is None:  # the caller's namespaces, as the builtin would take them
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    return builtins.exec(source, globals, locals, **options)


def _eval(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
    if type(source) is str and type(globals) is dict:
        code = _code("eval", source.lstrip(" \t"), 2)  # the builtin strips these too
        if code is not None:
            return builtins.eval(code, globals, globals if locals is None else locals)
    if globals is None:
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    return builtins.eval(source, globals, locals)


def _compile(source: Any, filename: Any, mode: Any, flags: int = 0, dont_inherit: bool = False,
             optimize: int = -1, **options: Any) -> Any:
    """The builtin ``compile`` for :mod:`typing`, whose ``ForwardRef`` compiles each
    annotation written as text (``"tuple[str, ...]"``, every field of a ``NamedTuple``
    under ``from __future__ import annotations``): the same few texts, again and again."""
    if not dont_inherit:  # the caller's __future__ features, as the builtin inherits them
        flags |= sys._getframe(1).f_code.co_flags & _FUTURE
    if (type(source) is str and filename == "<string>" and mode == "eval"
            and optimize == -1 and not options and not flags & ~_FUTURE):
        code = _lookup("eval", flags, source)
        if code is not None:
            return code
    return builtins.compile(source, filename, mode, flags, True, optimize, **options)


def _header() -> tuple[int, str, bytes, int]:
    from importlib.util import MAGIC_NUMBER

    return (FORMAT, sys.version, MAGIC_NUMBER, sys.flags.optimize)


def _where() -> str | None:
    folder = cachedir.directory()
    if folder is None:
        return None
    import zlib

    tag = zlib.crc32(repr(_header()).encode())
    return os.path.join(folder, f"classcode-{tag:08x}.marshal")


def _load(path: str) -> dict[Key, CodeType]:
    import marshal

    try:
        with open(path, "rb") as stream:
            st = os.fstat(stream.fileno())
            if st.st_uid != os.geteuid() or st.st_mode & 0o022:
                return {}  # not ours alone: never load code from it
            header, table = marshal.loads(stream.read())
    except Exception:  # missing or damaged: compiled afresh and written again
        return {}
    if header != _header() or type(table) is not dict:
        return {}
    return {key: code for key, code in table.items()
            if type(key) is tuple and len(key) == 3 and type(key[2]) is str
            and type(code) is CodeType}


def _save() -> None:
    import marshal

    if _path is None:
        return
    table = _table if len(_table) <= LIMIT else {key: _table[key] for key in _used}
    try:
        data = marshal.dumps((_header(), table))
    except ValueError:
        return
    cachedir.store(os.path.dirname(_path), _path, data)


def install() -> None:
    """Give ``dataclasses`` and ``collections`` the caching ``exec`` and ``eval``, with
    the table read from the cache (once per process; nothing when the cache is off)."""
    global _installed, _path
    if _installed or not cachedir.enabled():
        return
    _installed = True
    import collections
    import dataclasses
    import typing

    _path = _where()
    if _path is not None:
        _table.update(_load(_path))
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    collections.eval = _eval  # type: ignore[attr-defined]
    typing.compile = _compile  # type: ignore[attr-defined]
