"""The trigger name globs of the need sources, indexed (exact names, ``*`` + suffix, the
rest by regex), answer as ``fnmatch.fnmatchcase`` asked of every glob does."""

from __future__ import annotations

import fnmatch
import itertools
from types import SimpleNamespace
from typing import Any, cast

from ignoregen.build.needs_run import _NameGlobs
from ignoregen.knowledge.preset import load_presets

GLOBS = [
    ("*.go",), ("*_test.go",), ("package.json",), ("*.ts", "*.tsx"), ("*",), ("*.h",),
    ("vite.config.*", "*ca-bundle*.pem"), ("Makefile", "*.mk"), ("src/*.py",), ("[Dd]ockerfile",),
]
NAMES = [
    "", "a", "h", ".h", "x.h", "go", ".go", "a.go", "a_test.go", "_test.go", "test.go",
    "package.json", "package.json5", "index.ts", "index.tsx", "ts", "vite.config.js",
    "ca-bundle.pem", "my-ca-bundle-x.pem", "Makefile", "rules.mk", "mk", "x.py",
    "Dockerfile", "dockerfile", "DOCKERFILE", "A.GO",
]


def _expected(sources: list[tuple[str, ...]], name: str) -> tuple[int, ...]:
    return tuple(
        at for at, globs in enumerate(sources)
        if any("/" not in glob and fnmatch.fnmatchcase(name, glob) for glob in globs)
    )


def test_each_name_gets_the_sources_whose_globs_match_it() -> None:
    sources = [cast(Any, SimpleNamespace(files=globs)) for globs in GLOBS]
    table = _NameGlobs(sources)
    for name in NAMES:
        assert table.sources(name) == _expected(GLOBS, name), name


def test_the_presets_own_globs() -> None:
    needs = [source for source in load_presets().needs if source.files]
    table = _NameGlobs(needs)
    globs = [tuple(source.files) for source in needs]
    words = {glob.strip("*") for source in globs for glob in source} | set(NAMES)
    for first, second in itertools.product(sorted(words), ["", ".go", "x"]):
        name = (first + second).replace("/", "")
        assert table.sources(name) == _expected(globs, name), name
