"""What the presets' test categories take away (Role.TESTS, excluded by default): the
imports of kept sources into such paths are what :mod:`ignoregen.build.ts_imports` and
:mod:`ignoregen.build.py_imports` look for. :func:`taken_paths` answers for every category
excluded by default: a Go package the build imports may live in any of them (rclone's
``docs/data/backends``, whose ``embed.go`` embeds the backends' YAML)."""

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


@functools.lru_cache(maxsize=1)
def _taken_matcher() -> Matcher:
    from ignoregen.knowledge.preset import load_presets

    return Matcher([
        preset_rule.rule
        for category in load_presets().categories
        if category.exclude_by_default
        for preset_rule in category.rules
        if not preset_rule.rule.exception
    ])


def taken_paths(paths: Iterable[str]) -> list[str]:
    """Those of ``paths`` that a category of the built-in presets excluded by default would
    take away (a test suite, the docs tree...), in their order."""
    return _taken_matcher().excluded_many(path for path in paths if path)
