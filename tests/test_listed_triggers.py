""":func:`~ignoregen.build.needs_run.listed_of` picks the files that some need source's
trigger globs match, and the sources of each, as :func:`~ignoregen.build.triggers.triggers`
asked of every source and path does (it looks for a path glob's plain text first, and asks
the name globs once per name)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from types import SimpleNamespace
from typing import Any, cast

from ignoregen.build.needs_run import _plain_piece, listed_of
from ignoregen.build.triggers import triggers
from ignoregen.knowledge.preset import NeedSource, load_presets

DIRS = ["", "scripts/", "app/scripts/", "tools/", "src/tools/x/", "config/", "app/config/",
        ".dvc/", "conf/", "a/b/c/", "my-scripts/", "toolsx/", "[x]/"]
NAMES = ["index.js", "build.mjs", "gen.ts", "app.rb", "config", "package.json", "x.py",
         "main.go", "a_test.go", "README.md", "data.csv", "vite.config.ts", "Gemfile", "x"]


def _expected(sources: list[NeedSource], path: str) -> tuple[NeedSource, ...]:
    return tuple(source for source in sources if triggers(source, path))


def test_the_presets_globs_on_paths_with_and_without_their_plain_text() -> None:
    presets = load_presets()
    sources = [source for source in presets.needs if source.files and not source.command]
    paths = [d + n for d, n in itertools.product(DIRS, NAMES)]
    found = dict(listed_of(paths, [], [], presets).triggering)
    for path in paths:
        assert found.get(path, ()) == _expected(sources, path), path
    assert any("/" in glob for source in sources for glob in source.files)  # (a path glob)


def test_a_path_glob_with_a_class_is_asked_of_every_path() -> None:
    presets = load_presets()
    source = next(source for source in presets.needs if source.files and not source.command)
    odd = replace(source, files=("[st]ools/*.js",))
    fake = cast(Any, SimpleNamespace(needs=(*presets.needs, odd)))
    found = dict(listed_of(["tools/a.js", "sools/a.js", "x/tools/a.js"], [], [], fake)
                 .triggering)
    assert odd in found["tools/a.js"]
    assert odd in found["sools/a.js"]
    assert odd not in found.get("x/tools/a.js", ())


def test_plain_pieces() -> None:
    assert _plain_piece("*scripts/*.*js") == "scripts/"
    assert _plain_piece(".dvc/config") == ".dvc/config"
    assert _plain_piece("*/config/*.rb") == "/config/"
    assert _plain_piece("[st]ools/*.js") == ""
