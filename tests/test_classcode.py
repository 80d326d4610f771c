"""ignoregen.classcode (issue #13, start-up): the methods ``dataclasses`` and
``namedtuple`` generate are compiled from the kept table exactly as the builtins compile
them. Each case runs fresh interpreters: with the cache off (the builtins), with an empty
cache (compiled by classcode, then written) and with the written cache (loaded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_DUMP = r"""
import dataclasses, sys, types, typing
from ignoregen import classcode
classcode.install()  # as ignoregen.__main__.run does, before the package's classes
import ignoregen.commands.check, ignoregen.commands.init, ignoregen.knowledge.preset

def shape(code):
    return (code.co_name, getattr(code, "co_qualname", None), code.co_filename,
            code.co_firstlineno,
            code.co_flags, code.co_argcount, code.co_posonlyargcount,
            code.co_kwonlyargcount, code.co_nlocals, code.co_stacksize, code.co_code,
            code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars,
            getattr(code, "co_linetable", None), getattr(code, "co_exceptiontable", None),
            tuple(shape(c) if isinstance(c, types.CodeType) else (type(c).__name__, repr(c))
                  for c in code.co_consts))

seen = []
refs = []
for name, module in sorted(sys.modules.items()):
    if not name.startswith("ignoregen"):
        continue
    for value in vars(module).values():
        if not isinstance(value, type) or value.__module__ != name:
            continue
        generated = dataclasses.is_dataclass(value) or hasattr(value, "_fields")
        if not generated:
            continue
        for attr in ("__init__", "__new__", "__eq__", "__repr__", "__hash__",
                     "__setattr__", "__delattr__", "__lt__"):
            method = value.__dict__.get(attr)
            if method is not None and hasattr(method, "__code__"):
                seen.append((value.__qualname__, attr, shape(method.__code__)))
        # a NamedTuple's fields annotated as text: typing.ForwardRef compiled each
        for field, note in getattr(value, "__annotations__", {}).items():
            if isinstance(note, typing.ForwardRef):
                refs.append((value.__qualname__, field, shape(note.__forward_code__)))
seen.sort()
refs.sort()
print(len(seen), len(classcode._table), hash(repr(seen)), len(refs), hash(repr(refs)))
"""


def _dump(env: dict[str, str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _DUMP], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_kept_code_is_what_the_builtins_compile(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "PYTHONHASHSEED": "0"}
    env.pop("IGNOREGEN_NO_CACHE", None)
    plain = _dump({**env, "IGNOREGEN_NO_CACHE": "1"})
    cold = _dump(env)
    kept = list((tmp_path / "xdg" / "ignoregen").glob("classcode-*.marshal"))
    assert len(kept) == 1
    warm = _dump(env)
    count, table, digest, ref_count, ref_digest = plain
    assert int(count) > 100  # dataclasses and named tuples of the package were compared
    assert int(ref_count) > 100  # and the forward references typing compiled for them
    assert table == "0"  # the builtins compiled everything
    assert int(cold[1]) > 100
    assert cold[1] == warm[1]
    assert cold[0] == warm[0] == count
    assert cold[2] == warm[2] == digest
    assert cold[3] == warm[3] == ref_count
    assert cold[4] == warm[4] == ref_digest


def test_a_cache_file_others_may_write_is_not_read(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "PYTHONHASHSEED": "0"}
    env.pop("IGNOREGEN_NO_CACHE", None)
    code = ("from ignoregen import classcode; classcode.install(); "
            "print(len(classcode._table), classcode._added)")
    run = [sys.executable, "-c", code]
    subprocess.run([sys.executable, "-c", "from ignoregen import classcode; "
                    "classcode.install(); import ignoregen.cli"], env=env, check=True)
    (kept,) = (tmp_path / "xdg" / "ignoregen").glob("classcode-*.marshal")
    loaded = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert loaded.stdout.split()[0] != "0"
    kept.chmod(0o666)
    refused = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert refused.stdout.split() == ["0", "False"]
    kept.write_bytes(b"not marshal")
    kept.chmod(0o600)
    damaged = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert damaged.stdout.split() == ["0", "False"]


def test_importing_the_package_leaves_dataclasses_alone(tmp_path: Path) -> None:
    """Only the program installs the cache (ignoregen.__main__.run): a library import of
    ignoregen does not replace dataclasses' exec, nor write anything at exit."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    env.pop("IGNOREGEN_NO_CACHE", None)
    code = ("import dataclasses, ignoregen.cli; "
            "print(dataclasses.__dict__.get('exec') is None)")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == ["True"]
    assert not (tmp_path / "xdg" / "ignoregen").exists() or not list(
        (tmp_path / "xdg" / "ignoregen").glob("classcode-*"))
