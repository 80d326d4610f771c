"""The command line's cache of the code dataclasses and named tuples generate."""

from __future__ import annotations

import collections
import dataclasses
import inspect
import marshal
import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import NamedTuple

import pytest

from ignoregen import classcode
from ignoregen.knowledge import cache

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "python-service"


def _classes() -> tuple[type, type, type]:
    @dataclasses.dataclass(frozen=True)
    class Frozen:
        name: str
        tags: tuple[str, ...] = ()
        extra: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)

    @dataclasses.dataclass
    class Plain:
        count: int
        label: str | None = None

    class Pair(NamedTuple):
        left: int
        right: str = "r"

    return Frozen, Plain, Pair


def _behaviour(frozen: type, plain: type, pair: type) -> list[object]:
    one, two = frozen("a", ("x",)), frozen("a", ("x",), {"k": 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.name = "b"
    made = plain(3)
    made.count = 4
    init, new = vars(frozen)["__init__"], vars(pair)["__new__"].__func__
    return [
        repr(one), one == two, hash(one) == hash(two), repr(made), made == plain(4),
        str(inspect.signature(frozen)), str(inspect.signature(plain)),
        init.__annotations__, vars(plain)["__init__"].__annotations__,
        init.__code__.co_code, vars(frozen)["__setattr__"].__code__.co_code,
        init.__code__.co_filename, frozen.__doc__,
        repr(pair(1)), pair(1, "s") == (1, "s"), new.__code__.co_code,
        str(inspect.signature(pair)), new.__doc__,
        pair.__annotations__, typing.get_type_hints(pair),
    ]


def test_classes_made_through_the_cache_are_the_classes_made_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    without = _behaviour(*_classes())
    monkeypatch.setattr(dataclasses, "exec", classcode._exec, raising=False)
    monkeypatch.setattr(collections, "eval", classcode._eval, raising=False)
    monkeypatch.setattr(typing, "compile", classcode._compile, raising=False)
    monkeypatch.setattr(classcode, "_known", {})
    monkeypatch.setattr(classcode, "_used", {})
    first = _behaviour(*_classes())  # compiled and kept
    assert classcode._known, "the generated code went through the cache"
    assert {mode for mode, _ in classcode._known} == {"exec", "eval"}
    assert ("eval", "str") in classcode._known, "typing compiled the annotations through it"
    kept = dict(classcode._known)
    second = _behaviour(*_classes())  # taken from the cache
    assert classcode._known == kept
    assert first == second == without


def _run(home: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    environment = {**os.environ, "XDG_CACHE_HOME": str(home)}
    environment.pop(cache.NO_CACHE_ENV, None)
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "ignoregen", "check", "--format", "json", str(SAMPLE), *extra],
        capture_output=True, text=True, env=environment, check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert not done.stderr
    return done.stdout


def test_the_command_line_keeps_the_code_and_answers_the_same(tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    first = _run(home)
    (path,) = (home / "ignoregen").glob("classcode-*.marshal")
    assert path.stat().st_mode & 0o777 == 0o600
    kept = marshal.loads(path.read_bytes())
    assert len(kept) > 50
    assert _run(home) == first
    # Code from a file others may write is never run: it is replaced.
    planted = marshal.dumps(compile("x = 1", "<string>", "exec"))
    path.write_bytes(marshal.dumps(dict.fromkeys(kept, planted)))
    path.chmod(0o664)
    assert _run(home) == first
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(marshal.loads(path.read_bytes())) == len(kept)


def test_no_cache_env_keeps_no_code(tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    _run(home, env={cache.NO_CACHE_ENV: "1"})
    assert not list(home.glob("**/classcode-*"))


def test_importing_ignoregen_leaves_the_standard_library_alone() -> None:
    code = (
        "import dataclasses, collections, ignoregen.cli, ignoregen.commands.check;"
        "import typing;"
        "print('exec' in vars(dataclasses), 'eval' in vars(collections),"
        " 'compile' in vars(typing))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["False", "False", "False"]


def test_code_of_another_interpreter_is_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classcode, "_known", {})
    code = marshal.dumps(compile("x = 1", "<string>", "exec"))
    path = tmp_path / "classcode.marshal"
    path.write_bytes(marshal.dumps({classcode._VERSION: "3.0.0|other", ("exec", "x = 1"): code}))
    path.chmod(0o600)
    classcode._load(str(path))
    assert classcode._known == {}
    path.write_bytes(
        marshal.dumps({classcode._VERSION: classcode._stamp(), ("exec", "x = 1"): code})
    )
    classcode._load(str(path))
    assert classcode._known == {("exec", "x = 1"): code}
