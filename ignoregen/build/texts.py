"""The texts and parsed data of a context's files, as the needs read them: each file read
once in a run, and what a need source found in a trigger file kept with it.

A context's files do not change while a run lasts (``init`` plans several ignore files for
one context, ``check`` asks for the needs of one context twice): what a trigger file makes
a need source ask for depends on the file, not on the Dockerfile that copies it, so it is
worked out once per context, whatever the number of Dockerfiles.
"""

from __future__ import annotations

import os
from collections import OrderedDict
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
TEXTS_KEPT = 8 << 20
"""The characters of text a context keeps read (the last used): a monorepo's sources are
each read for their imports once, and keeping them all held tens of megabytes for the
whole run. What each file gave a need source is kept apart (:meth:`ContextFiles.found`)."""


class ContextFiles:
    """A context's texts and parsed data, each read once, and per-file findings kept."""

    def __init__(self, context: Path) -> None:
        self.context = context
        self._text: OrderedDict[str, str | None] = OrderedDict()
        self._kept = 0  # (the characters in ``_text``)
        self._data: dict[str, Any] = {}
        self.memo: dict[tuple[str, str], Any] = {}
        self.presets: PresetSet | None = None
        """The run's presets, for the extractors that read them (:mod:`.dotenv_loads`)."""
        self._found: dict[int, tuple[NeedSource, dict[str, tuple[Need, ...]]]] = {}
        self._globs: dict[str, list[Path]] = {}
        self._tree: TreeGlob | None = None

    def text(self, path: str) -> str | None:
        """The text of ``path`` (see :func:`read_text`); read again once it has been the
        least recently used of more than :data:`TEXTS_KEPT` characters."""
        texts = self._text
        if path in texts:
            texts.move_to_end(path)
            return texts[path]
        text = texts[path] = read_text(self.context / path)
        self._kept += len(text or "")
        while self._kept > TEXTS_KEPT and len(texts) > 1:
            self._kept -= len(texts.popitem(last=False)[1] or "")
        return text

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
    ) -> tuple[Need, ...]:
        """What ``source`` asks for because of the trigger file ``path``: ``find(source,
        self, path)``, once (kept by source, then path: most files give nothing)."""
        mine = self._found.get(id(source))
        if mine is None or mine[0] is not source:
            mine = self._found[id(source)] = (source, {})
        found = mine[1].get(path)
        if found is None:
            found = mine[1][path] = tuple(find(source, self, path))
        return found

    def gave_nothing(self, source: NeedSource, path: str) -> bool:
        """Has :meth:`found` been asked about ``source`` and ``path``, and given nothing?"""
        mine = self._found.get(id(source))
        return mine is not None and mine[0] is source and mine[1].get(path) == ()


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
