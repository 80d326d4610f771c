"""What the presets' test categories take away (Role.TESTS, excluded by default): the
imports of kept sources into such paths are what :mod:`ignoregen.build.ts_imports` and
:mod:`ignoregen.build.py_imports` look for."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ignoregen.engine.matcher import Matcher


@functools.lru_cache(maxsize=1)
def _matcher() -> Matcher:
    from ignoregen.knowledge.preset import Role, load_presets

    return Matcher([
        preset_rule.rule
        for category in load_presets().with_role(Role.TESTS)
        if category.exclude_by_default
        for preset_rule in category.rules
        if not preset_rule.rule.exception
    ])


def test_path(path: str) -> bool:
    """Would a test category of the built-in presets exclude ``path`` (context-relative)?"""
    return bool(path) and _matcher().decide(path).excluded


def test_paths(paths: Iterable[str]) -> list[str]:
    """Those of ``paths`` that :func:`test_path` accepts, in their order (one step for the
    directories they share)."""
    return _matcher().excluded_many(path for path in paths if path)
