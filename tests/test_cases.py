"""The verified cases of the semantics reference, as truth tables for both builders.

``tests/data/dockerignore-cases.json`` was produced by running Docker's own Go code
(moby/patternmatcher and fsutil's walker); each case is a tree, an ignore file, and
for every entry whether it is excluded and whether each builder sends it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ignoregen.engine.context import scan_context
from ignoregen.engine.dockerignore import IgnoreFileError, parse_bytes
from ignoregen.engine.matcher import Matcher, PatternUseError
from ignoregen.engine.records import Kind
from ignoregen.engine.setup import Builder, BuildSetup, SetupError

DATA = Path(__file__).parent / "data" / "dockerignore-cases.json"
CASES: list[dict[str, Any]] = json.loads(DATA.read_text(encoding="utf-8"))["cases"]


def _ids(case: dict[str, Any]) -> str:
    return str(case["id"])


def lay_out(root: Path, case: dict[str, Any]) -> None:
    for entry in case["tree"]:
        target = root / entry.rstrip("/")
        if entry.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"x")
    (root / ".dockerignore").write_bytes(case["dockerignore"].encode("utf-8"))


def sent_names(root: Path, builder: Builder, dockerfile: str) -> tuple[set[str], set[str]]:
    """(entries in the final context, entries in the stream) as 'path' or 'dir/'."""
    setup = BuildSetup(root, builder, root / dockerfile, root / ".dockerignore")
    scan = scan_context(setup)
    final = {item.path + ("/" if item.kind is Kind.DIR else "") for item in scan.sent}
    stream = (final - {path + "/" for path in scan.implied}) | set(scan.removed)
    return final, stream


def decide_all(data: bytes, paths: list[str]) -> None:
    matcher = Matcher(parse_bytes(data, ".dockerignore"))
    for path in paths:
        matcher.decide(path)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_decisions(case: dict[str, Any]) -> None:
    """Per path: the walkers' decision and the stand-alone MatchesOrParentMatches."""
    data = case["dockerignore"].encode("utf-8")
    if case["error"]:
        with pytest.raises((IgnoreFileError, PatternUseError)):
            decide_all(data, [entry["path"] for entry in case["entries"]] or ["x"])
        return
    matcher = Matcher(parse_bytes(data, ".dockerignore"))
    for entry in case["entries"]:
        path = entry["path"]
        assert matcher.decide(path).excluded is entry["excluded"], path
        assert matcher.matches_or_parent_matches(path) is entry["matches_or_parent_matches"], path


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_buildkit_sends(case: dict[str, Any], tmp_path: Path) -> None:
    lay_out(tmp_path, case)
    if case["error"]:
        with pytest.raises((IgnoreFileError, PatternUseError)):
            sent_names(tmp_path, Builder.BUILDKIT, case["classic_dockerfile"])
        return
    final, _ = sent_names(tmp_path, Builder.BUILDKIT, case["classic_dockerfile"])
    assert sorted(final) == sorted(case["buildkit_sent_all"])


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_classic_sends(case: dict[str, Any], tmp_path: Path) -> None:
    lay_out(tmp_path, case)
    if case["error"]:
        with pytest.raises((IgnoreFileError, PatternUseError)):
            sent_names(tmp_path, Builder.CLASSIC, case["classic_dockerfile"])
        return
    dockerfile = case["classic_dockerfile"]
    if dockerfile in case["tree"] and dockerfile not in case["classic_tar_all"]:
        # The CLI sends a tar without the Dockerfile, and the daemon fails on it.
        with pytest.raises(SetupError, match="Cannot locate specified Dockerfile"):
            sent_names(tmp_path, Builder.CLASSIC, dockerfile)
        return
    _, stream = sent_names(tmp_path, Builder.CLASSIC, dockerfile)
    assert sorted(stream) == sorted(case["classic_tar_all"])
