"""A second ``init`` changes nothing, on real repositories laid out as a developer's machine
has them: ``init`` then ``init --check`` exits 0, and a second ``init`` rewrites no byte.

The fixtures chosen are those whose shapes once broke it, or could: ignore files that init
writes inside a directory another build copies (vaultwarden's compose/*/.dockerignore),
per-Dockerfile files carrying the user's lines (paperless-ngx), user lines that exclude
a need (excalidraw, umami), a symbolic link (lemmy), compose monorepos with many contexts.
``IGNOREGEN_CORPUS_IDEMPOTENCE=all`` runs every fixture (about two minutes).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from corpus import lay_out, load, names, scratch_dir
from test_corpus import run_cli

CHOSEN = [
    "dani-garcia__vaultwarden",
    "paperless-ngx__paperless-ngx",
    "excalidraw__excalidraw",
    "umami-software__umami",
    "LemmyNet__lemmy",
    "GoogleCloudPlatform__microservices-demo",
    "docker__getting-started",
]
FIXTURES = names() if os.environ.get("IGNOREGEN_CORPUS_IDEMPOTENCE") == "all" else CHOSEN


def _ignore_files(root: Path) -> dict[str, bytes | str]:
    """Every ignore file under ``root``: its bytes, or where it links to."""
    out: dict[str, bytes | str] = {}
    for top, _, files in os.walk(root):
        for name in files:
            if name.endswith(".dockerignore"):
                path = Path(top) / name
                key = path.relative_to(root).as_posix()
                out[key] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return out


@pytest.mark.parametrize("name", FIXTURES)
def test_a_second_init_changes_nothing(name: str) -> None:
    fixture = load(name)
    with tempfile.TemporaryDirectory(prefix="ignoregen-idem-", dir=scratch_dir()) as tmp:
        root = lay_out(fixture, Path(tmp) / "repo", laptop=True)
        code, _, err = run_cli(["init", "-C", str(root)])
        assert code in (0, 1), err
        first = _ignore_files(root)
        code, _, err = run_cli(["init", "--check", "-C", str(root)])
        assert code == 0, err
        code, _, err = run_cli(["init", "-C", str(root)])
        assert code in (0, 1), err
        assert _ignore_files(root) == first
