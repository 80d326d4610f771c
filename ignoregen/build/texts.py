"""The texts and parsed data of a context's files, as the needs read them: each file read
once in a run, and what a need source found in a trigger file kept with it.

A context's files do not change while a run lasts (``init`` plans several ignore files for
one context, ``check`` asks for the needs of one context twice): what a trigger file makes
a need source ask for depends on the file, not on the Dockerfile that copies it, so it is
worked out once per context, whatever the number of Dockerfiles.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen import fileio
from ignoregen.build.treeglob import TreeGlob
from ignoregen.tomlread import loads as toml_loads

if TYPE_CHECKING:
    from ignoregen.build.needs import Need
    from ignoregen.knowledge.preset import NeedSource, PresetSet
    from ignoregen.knowledge.regex import Regex

MAX_TEXT = 1 << 20
"""Files larger than this are not read for needs (a generated bundle, a data file)."""


class ContextFiles:
    """A context's texts and parsed data, each read once, and per-file findings kept."""

    def __init__(self, context: Path) -> None:
        self.context = context
        self._text: dict[str, str | None] = {}
        self._data: dict[str, Any] = {}
        self.memo: dict[tuple[str, str], Any] = {}
        self.presets: PresetSet | None = None
        """The run's presets, for the extractors that read them (:mod:`.dotenv_loads`)."""
        self._found: dict[tuple[int, str], tuple[NeedSource, list[Need]]] = {}
        self._globs: dict[str, list[Path]] = {}
        self._tree: TreeGlob | None = None

    def text(self, path: str) -> str | None:
        if path not in self._text:
            self._text[path] = read_text(self.context / path)
        return self._text[path]

    def glob(self, pattern: str) -> list[Path]:
        """What ``context.glob(pattern)`` finds, sorted, once: a ``**/x`` pattern searches
        the whole tree (``.git`` and ``vendor`` too), and the needs and the guards ask for
        the same patterns (``**/*_test.go`` of ``go test``) again and again. An error: no
        match."""
        found = self._globs.get(pattern)
        if found is None:
            if self._tree is None:
                self._tree = TreeGlob(self.context)  # each directory listed once a run
            try:
                found = self._tree.glob(pattern)
            except (OSError, ValueError, NotImplementedError):
                found = []
            self._globs[pattern] = found
        return found

    def present(self, path: str) -> bool:
        """Does ``path`` exist in the context (a glob: does it match something)?"""
        if any(char in path for char in "*?["):
            return bool(self.glob(path))
        try:
            return os.path.lexists(self.context / path)
        except (OSError, ValueError):
            return False

    def data(self, path: str) -> Any:
        if path not in self._data:
            self._data[path] = parse_data(path, self.text(path))
        return self._data[path]

    def found(
        self,
        source: NeedSource,
        path: str,
        find: Callable[[NeedSource, ContextFiles, str], Iterable[Need]],
    ) -> list[Need]:
        """What ``source`` asks for because of the trigger file ``path``: ``find(source,
        self, path)``, once."""
        key = (id(source), path)
        kept = self._found.get(key)
        if kept is None or kept[0] is not source:
            kept = self._found[key] = (source, list(find(source, self, path)))
        return kept[1]


def read_text(path: Path) -> str | None:
    """The file's text (undecodable bytes replaced, line ends made ``\\n`` as text mode
    does), or None: unreadable, too large, or not a regular file (a FIFO would block)."""
    try:
        data = fileio.read_bytes(path, MAX_TEXT)
    except (OSError, ValueError):
        return None
    if len(data) > MAX_TEXT:
        return None
    return fileio.text_of(data, errors="replace")


def parse_data(path: str, text: str | None) -> Any:
    """A TOML, JSON or YAML file's data (by its name), or None when it does not parse."""
    if text is None:
        return None
    try:
        if path.endswith(".toml"):
            return toml_loads(text)
        if path.endswith((".yml", ".yaml")):
            import yaml

            # libyaml when PyYAML has it, as build/yamlfile.py (an error here is just None)
            return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        import json

        return json.loads(text)
    except Exception:
        return None


def says(path: Path, pattern: Regex) -> bool:
    """Does the text of the file ``path`` (a Dockerfile) match ``pattern``? An unreadable one
    does not."""
    try:
        text = fileio.read_text(path, encoding="utf-8", errors="replace")
    except OSError:
        return False
    return pattern.search(text) is not None
