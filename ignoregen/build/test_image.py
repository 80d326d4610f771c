"""An image built for the project's tests keeps what the test categories would exclude.

A Dockerfile that lies in the project's test directory (the presets' ``test_dirs``) and
copies the whole of the project's context makes an image for the tests: fluxcd/source-controller's
``tests/fuzz/Dockerfile.builder`` copies ``./`` into an OSS-Fuzz builder image, whose
``compile`` command (the base image's, not the Dockerfile's) builds the fuzz targets of
the ``*_test.go`` files, from the test data and the scripts in ``tests/fuzz/``. No line of
the Dockerfile says so; excluding the tests there empties the fuzzing run. A test fixture
(a Dockerfile in test data with a context there too) is not planned at all
(:func:`~ignoregen.build.discover.fixtures`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from ignoregen.build.discover import Build
from ignoregen.build.dockerfile import DockerfileReads
from ignoregen.build.needs import Need
from ignoregen.engine.dockerignore import display_path
from ignoregen.knowledge.preset import PresetSet, Role


def _test_directory(build: Build, context: Path, test_dirs: Collection[str]) -> str | None:
    """The test directory (context-relative) that ``build``'s Dockerfile lies in, if any."""
    if build.inline is not None or not build.dockerfile.is_relative_to(context):
        return None
    parts = build.dockerfile.relative_to(context).parts[:-1]
    for depth, part in enumerate(parts):
        if part in test_dirs:
            return "/".join(parts[: depth + 1])
    return None


def test_image_needs(
    builds: Sequence[Build], reads: Sequence[DockerfileReads], context: Path,
    presets: PresetSet,
) -> list[Need]:
    """What the test categories of ``presets`` exclude, as needs, when the Dockerfile of one
    of ``builds`` (of ``context``; ``reads``: what each reads) lies in the project's test
    directory and copies the whole context; else nothing. (One that names what it copies
    keeps that: external-secrets' e2e/Dockerfile adds built ``*.test`` binaries.)"""
    for build, read in zip(builds, reads, strict=False):
        if not read.whole_context:
            continue
        directory = _test_directory(build, context, presets.test_dirs)
        if directory is None:
            continue
        reason = (f"the Dockerfile lies in the test directory {directory}/: its image is for "
                  "the project's tests")
        shown = display_path(build.dockerfile)
        return [
            Need(rule.rule.pattern, reason, shown)
            for category in presets.with_role(Role.TESTS)
            for rule in category.rules if not rule.rule.exception
        ]
    return []
