"""The laptop findings look up the sent files at or below a build output directory by
bisection in the sorted paths (lint/laptop.py SentFiles, issue #13): the same files, in the
walk's order, as going through every sent entry, for every directory of a generated tree,
its files and paths beside them that sort in between (``dist-x``, ``dist.x``, ``dist0``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from ignoregen.engine.context import scan_context
from ignoregen.engine.records import ContextScan, Item, Kind
from ignoregen.engine.setup import Builder, find_setup
from ignoregen.lint.laptop import SentFiles

REPO = Path(__file__).resolve().parent.parent


def _slow(scan: ContextScan, path: str) -> list[str]:
    return [item.path for item in scan.sent if item.kind is Kind.FILE
            and (item.path == path or item.path.startswith(path + "/"))]


def test_within_is_every_entry_gone_through(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("treegen", REPO / "bench" / "treegen.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("treegen", module)
    spec.loader.exec_module(module)
    root = Path(module.ensure_tree(tmp_path, entries=3000, log=lambda _: None,
                                   shape="sized").root)
    for name in ("dist", "dist-x", "dist.x", "dist0", "dist/a", "dist/a/b"):
        (root / "packages" / name).mkdir(parents=True, exist_ok=True)
        (root / "packages" / name / "f.js").write_text("x")
    (root / "packages" / "dist.js").write_text("x")
    scan = scan_context(find_setup(root, Builder.BUILDKIT), sizes=True)
    # (a path given twice, as a scan never has it, comes twice both ways)
    scan.sent.append(Item("packages/dist/f.js", Kind.FILE, 1, 1, -1, False))
    sent = SentFiles(scan)
    asked = {"", "packages/dist", "packages/dist.js", "nothing/here", "packages/dis"}
    for item in scan.sent:
        parts = item.path.split("/")
        asked.update("/".join(parts[:end]) for end in range(1, len(parts) + 1))
    assert len(asked) > 500
    for path in sorted(asked):
        assert sent.within(path) == _slow(scan, path), path
    assert sent.within("packages/dist")[:3] == _slow(scan, "packages/dist")[:3]
    assert len(sent.within("packages/dist")) >= 4
