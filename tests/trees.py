"""Small trees for the tests: files written from a mapping of path to text, and whether an
ignore file as written sends a path (ignoregen's matcher, which the engine tests hold to
Docker's)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ignoregen.engine.dockerignore import parse_bytes
from ignoregen.engine.matcher import Matcher


def tree(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (path -> text) below ``root``, directories made as needed."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def sent(root: Path, path: str, ignore_file: str = ".dockerignore") -> bool:
    """Does ``root``'s ignore file, as it stands, send ``path``?"""
    rules = parse_bytes((root / ignore_file).read_bytes(), ignore_file)
    return not Matcher(list(rules)).decide(path).excluded
