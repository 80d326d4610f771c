"""YAML build definitions (compose, skaffold) read with the line of every key kept.

PyYAML builds the node tree first (each node knows where it starts), then the Python
values; both are kept, so that a problem can point at the line of the key at fault.
Bytes that are not UTF-8 text, and YAML that does not parse, raise :class:`YamlError`
with the line.
"""

from __future__ import annotations

import functools
import os
import re
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen import fileio

if TYPE_CHECKING:
    import yaml
# PyYAML is imported by the functions that read YAML: most runs read none, and importing
# it costs about as much as importing click.


class YamlError(ValueError):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _text(path: Path) -> str:
    """The file's text: UTF-8, or UTF-16 after its byte-order mark, which YAML readers
    take as the YAML spec says (go-yaml for compose and skaffold; a compose file saved by
    Windows PowerShell's '>' is UTF-16 and loads)."""
    data = fileio.read_bytes(path)
    utf16 = fileio.utf16(data)
    try:
        return data.decode("utf-16") if utf16 else data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if utf16:
            raise YamlError(None, "not UTF-16 text, though it starts with a UTF-16 "
                            "byte-order mark (an odd number of bytes, or a lone surrogate)"
                            ) from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError(line, f"not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


def _error(exc: yaml.YAMLError, text: str) -> YamlError:
    import yaml

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return YamlError(line, f"not valid YAML: character {exc.character!r} is not allowed")
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return YamlError(line, f"not valid YAML: {problem}")


class Reset:
    """The value of a key tagged ``!reset`` in a compose file: the key is taken away from
    what the files before it gave."""

    def __repr__(self) -> str:
        return "!reset"


RESET = Reset()


class Overriding(dict[Any, Any]):
    """A mapping tagged ``!override`` in a compose file: it replaces what the files before
    it gave, instead of being merged over it."""


_LOADERS: dict[bool, type[yaml.SafeLoader]] = {}


def _loader(fast: bool = True) -> type[yaml.SafeLoader]:
    """PyYAML's safe loader, knowing compose's two merge tags (``!reset``, ``!override``);
    any other tag is an error, as it is for compose. ``fast``: on libyaml's parser when
    PyYAML has it (the same nodes and lines, several times faster on a large workflow);
    the pure-Python parser's error messages say more (the character, the alias)."""
    found = _LOADERS.get(fast)
    if found is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if fast else yaml.SafeLoader

        class Loader(base):  # type: ignore[valid-type,misc]
            pass

        def reset(loader: yaml.SafeLoader, node: yaml.Node) -> Reset:
            return RESET

        def override(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
            if isinstance(node, yaml.MappingNode):
                return Overriding(loader.construct_mapping(node, deep=True))
            if isinstance(node, yaml.SequenceNode):
                return loader.construct_sequence(node, deep=True)
            return loader.construct_scalar(node)  # type: ignore[arg-type]

        Loader.add_constructor("!reset", reset)
        Loader.add_constructor("!override", override)
        found = _LOADERS[fast] = Loader
    return found


def _construct(node: yaml.Node, fast: bool) -> Any:
    loader = _loader(fast)("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The first document of a YAML file: its value and its node tree (None when empty).

    Raises OSError when the file cannot be read, :class:`YamlError` when it is not YAML.
    """
    documents = load_yaml_all(path, first_only=True)
    return documents[0] if documents else (None, None)


def load_yaml_kept(path: Path) -> tuple[Any, yaml.Node | None]:
    """:func:`load_yaml`, once per version of the file (its size and modification time) in
    a process: discovery reads a workflow for its builds, its bake runs and the files it
    downloads, the needs read a compose file for each context. The value is shared: nobody
    may change it."""
    stat = os.stat(path)  # the OSError load_yaml would raise
    return _load_version(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)  # a repository's workflows and compose files, read in turn
def _load_version(path: str, mtime_ns: int, size: int) -> tuple[Any, yaml.Node | None]:
    return load_yaml(Path(path))


def load_yaml_all(path: Path, first_only: bool = False) -> list[tuple[Any, yaml.Node]]:
    """Every document of a YAML file, as (value, node tree)."""
    import yaml

    text = _text(path)
    try:
        return _documents(text, first_only, fast=True)
    except (yaml.YAMLError, RecursionError):
        pass  # read again by the parser whose message names what is wrong, and where
    try:
        return _documents(text, first_only, fast=False)
    except yaml.YAMLError as exc:
        raise _error(exc, text) from None
    except RecursionError:
        raise YamlError(None, "not valid YAML: nested too deeply") from None


def _documents(text: str, first_only: bool, fast: bool) -> list[tuple[Any, yaml.Node]]:
    import yaml

    out: list[tuple[Any, yaml.Node]] = []
    anchored = _ANCHOR.search(text) is not None  # no anchor, no alias: nothing to count
    for node in yaml.compose_all(text, Loader=_loader(fast)):
        if node is not None:
            if anchored:
                _check_aliasing(node)
            out.append((_construct(node, fast), node))
        if first_only:
            break
    return out


# An anchor (``&name``) where a node may start; a shell's ``&&`` is none. Text that might
# hold one is only asked the cost of counting.
_ANCHOR = re.compile(r"(?:^|[\s:\-\[{,])&[^\s,\[\]{}&]", re.MULTILINE)


def _allowed_alias_ratio(decoded: int) -> float:
    """The share of a document's values that may come through aliases, as go-yaml (v3, which
    compose and skaffold read with) allows it: 99 % up to 400,000 values, falling to 10 %
    at 4,000,000."""
    low, high = 400_000, 4_000_000
    if decoded <= low:
        return 0.99
    if decoded >= high:
        return 0.10
    return 0.99 - 0.89 * (decoded - low) / (high - low)


def _check_aliasing(root: yaml.Node) -> None:
    """Raise :class:`YamlError` where go-yaml refuses the document: an anchor whose value
    holds an alias of itself, or aliases that expand to too many values (a "billion laughs"
    file, a few lines that expand to millions of values: go-yaml stops with "excessive
    aliasing"; walking the values would not end here).

    The node tree shares an anchor's node wherever an alias names it: the first visit in
    the document's order is the anchor, each later one an alias. Each node's expanded size
    is counted once."""
    sizes: dict[int, int] = {}
    through_aliases: dict[int, int] = {}  # an anchor's node: the values its aliases give
    on_path = {id(root)}
    stack: list[tuple[yaml.Node, Iterator[yaml.Node], list[int]]] = \
        [(root, iter(_children(root)), [1])]
    while stack:
        node, rest, size = stack[-1]
        child = next(rest, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            sizes[id(node)] = size[0]
            if stack:
                stack[-1][2][0] += size[0]
            continue
        key = id(child)
        if key in sizes:  # an alias
            size[0] += sizes[key]
            through_aliases[key] = through_aliases.get(key, 0) + sizes[key]
        elif key in on_path:
            raise YamlError(child.start_mark.line + 1,
                            "not valid YAML: an anchor's value holds an alias of itself")
        else:
            on_path.add(key)
            stack.append((child, iter(_children(child)), [1]))
    decoded = sizes[id(root)]
    aliased = sum(through_aliases.values())
    if aliased > 100 and decoded > 1000 and aliased / decoded > _allowed_alias_ratio(decoded):
        anchors = {id(node): node for node in _nodes(root)}
        worst = anchors[max(through_aliases, key=through_aliases.__getitem__)]
        raise YamlError(worst.start_mark.line + 1, (
            f"not valid YAML: excessive aliasing (its aliases expand to {aliased:,} of the "
            f"document's {decoded:,} values; compose's YAML reader refuses such a file)"))


def _children(node: yaml.Node) -> list[yaml.Node]:
    """A mapping's keys and values, a sequence's items; none for a scalar."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    """Each node of the tree once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(_children(node))


def key_line(node: yaml.Node | None, *keys: object) -> int | None:
    """The 1-based line of the deepest of ``keys`` (a path of mapping keys) that the tree
    holds, looking through merge keys (``<<: *anchor``); None when not even the first."""
    line: int | None = None
    for key in keys:
        found = _value(node, str(key))
        if found is None:
            break
        key_node, node = found
        line = key_node.start_mark.line + 1
    return line


def text_line(node: yaml.Node | None, *keys: object) -> int | None:
    """The 1-based line where the text of the block scalar (``|``, ``>``) at ``keys``
    starts, the line after its key; None for any other value, whose lines are not the
    file's lines (``"FROM a\\nCOPY . ."``)."""
    import yaml

    value: yaml.Node | None = node
    for key in keys:
        found = _value(value, str(key))
        if found is None:
            return None
        value = found[1]
    if not isinstance(value, yaml.ScalarNode) or value.style not in ("|", ">"):
        return None
    return value.start_mark.line + 2


_KEYS: weakref.WeakKeyDictionary[Any, tuple[dict[str, Any], list[Any]]] = \
    weakref.WeakKeyDictionary()


def _keys(node: yaml.MappingNode) -> tuple[dict[str, Any], list[Any]]:
    """A mapping's keys (the first of each name: its key node and value node) and the
    values of its merge keys, worked out once for each mapping: looking each key up by
    going through the mapping was quadratic in its size (a workflow of 5,000 jobs: 11 s)."""
    import yaml

    found = _KEYS.get(node)
    if found is None:
        keys: dict[str, Any] = {}
        merges: list[Any] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                keys.setdefault(key_node.value, (key_node, value_node))
                if key_node.tag == "tag:yaml.org,2002:merge":
                    merges.append(value_node)
        found = _KEYS[node] = (keys, merges)
    return found


def _value(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node whose line to give, the value) of ``key`` in a mapping, or of the item
    numbered ``key`` in a sequence."""
    import yaml

    if isinstance(node, yaml.SequenceNode):
        if key.isdigit() and int(key) < len(node.value):
            item: yaml.Node = node.value[int(key)]
            return item, item
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    keys, merges = _keys(node)
    if key in keys:
        pair: tuple[yaml.Node, yaml.Node] = keys[key]
        return pair
    for merged in merges:
        candidates = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
        for candidate in candidates:
            found = _value(candidate, key)
            if found is not None:
                return found
    return None
