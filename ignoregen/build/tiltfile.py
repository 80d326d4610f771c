"""The contexts that Tilt builds: ``docker_build(ref, context, ...)`` and the ``docker_build_sub``
extension's ``context``/``child_context`` in a ``Tiltfile``.

A Tiltfile is a Starlark program; ignoregen does not analyse the builds it defines. It only
takes from it that Docker reads the ``.dockerignore`` of those contexts, so that check does
not call that file unused (IG002): grafana/oncall's Tiltfile builds ``./engine`` and a child
image from ``.`` with the root ``.dockerignore``, which no Dockerfile, compose or workflow
build uses. Paths are relative to the Tiltfile's directory, as Tilt reads them. A call whose
context is not a string literal (a variable, an expression) may build any directory: the
Tiltfile's directory is then returned as unknown (no ignore file below it is called unused).

A ``docker_build`` whose context and Dockerfile are both literals is also a build of that
Dockerfile from that context (:func:`read_file`): tilt-dev/tilt-example-go's
``docker_build('example-go-image', '.', dockerfile='deployments/Dockerfile')`` sends the
Tiltfile's directory, not ``deployments/``. Tilt resolves ``dockerfile`` against the
Tiltfile's directory (default: ``Dockerfile`` in the context); the restart_process
extension's ``docker_build_with_restart`` passes them on to it. A call that filters the
context itself (``only``, ``ignore``), passes the Dockerfile's text or its arguments through
``**``, or names a Dockerfile that is not there, is left to the other ways of finding builds.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.discover import TILTFILE, Build, Discovery

_CALL = re.compile(r"(?<![\w.])(docker_build(?:_sub|_with_restart)?)\s*\(")
_CONTEXTS = {"docker_build": ("context",), "docker_build_sub": ("context", "child_context"),
             "docker_build_with_restart": ("context",)}
"""The keyword arguments that name a context; ``context`` is also the second positional."""
_DOCKERFILE_AT = {"docker_build": 3, "docker_build_with_restart": None}
"""The calls read as builds, and where ``dockerfile`` may stand as a positional argument: the
restart_process extension's ``docker_build_with_restart(ref, context, entrypoint, ...,
**kwargs)`` hands ``dockerfile`` and ``target`` to ``docker_build`` by keyword."""
_KEYWORD = re.compile(r"([A-Za-z_]\w*)\s*=(?!=)\s*(.*)\Z", re.DOTALL)
_LITERAL = re.compile(r"""r?("|')((?:(?!\1)[^\\\n]|\\.)*)\1\Z""")
_DEF = re.compile(r"\bdef\s+\Z")
_FILTERS = ("only", "ignore", "dockerfile_contents")
"""Arguments of a ``docker_build`` that change what it sends or reads beyond the files."""


def tilt_contexts(root: Path, listing: Iterable[tuple[str, str]]) -> tuple[set[Path], set[Path]]:
    """(contexts the Tiltfiles of ``listing`` build, directories of Tiltfiles that build a
    context that is not a literal); ``listing`` gives (path as text, name) of the files."""
    built: set[Path] = set()
    unknown: set[Path] = set()
    for text, name in listing:
        if name != TILTFILE:
            continue
        path = Path(text)
        try:
            source = fileio.read_text(path, encoding="utf-8", errors="replace")
        except OSError:
            continue
        for context in _contexts(source):
            if context is None:
                unknown.add(path.parent)
                continue
            joined = posixpath.normpath(posixpath.join(path.parent.as_posix(), context))
            resolved = Path(joined)
            if resolved.is_relative_to(root):
                built.add(resolved)
    return built, unknown


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add to ``found`` the ``docker_build`` calls of the Tiltfile ``path`` that name their
    context and Dockerfile by literals (see the module's documentation)."""
    try:
        source = fileio.read_text(path, encoding="utf-8", errors="replace")
    except OSError:
        return
    for name, line, positional, named in _calls(source):
        if name not in _DOCKERFILE_AT or any(key in named for key in _FILTERS) or any(
                argument.startswith("*") for argument in positional):
            continue
        context_text = _literal(named.get("context", positional[1] if len(positional) > 1
                                          else None))
        at = _DOCKERFILE_AT[name]
        given = named.get("dockerfile", positional[at] if at is not None and len(positional) > at
                          else None)
        dockerfile_text = _literal(given)
        target = named.get("target")
        target_text = _literal(target)
        if context_text is None or (given is not None and dockerfile_text is None) or (
                target is not None and target_text is None):
            continue
        context = Path(posixpath.normpath(posixpath.join(path.parent.as_posix(),
                                                         context_text)))
        dockerfile = (context / "Dockerfile" if dockerfile_text is None else Path(
            posixpath.normpath(posixpath.join(path.parent.as_posix(), dockerfile_text))))
        if not context.is_relative_to(root) or not context.is_dir() or \
                not dockerfile.is_file():
            continue
        ref = _literal(named.get("ref", positional[0] if positional else None))
        found.builds.append(Build(
            context=context, dockerfile=dockerfile, target=target_text or None,
            origin=f"{path.name}: {name} ({ref or 'line ' + str(line)})",
            defined_in=path, lines=(("build", line),),
        ))


def _literal(argument: str | None) -> str | None:
    """The text of a string literal argument; None for anything else."""
    found = _LITERAL.match(argument) if argument is not None else None
    return found.group(2) if found is not None else None


def _calls(source: str) -> list[tuple[str, int, list[str], dict[str, str]]]:
    """(function, line, positional arguments, keyword arguments) of each build call, its
    arguments as text; calls in comments and definitions of the same names left out."""
    out: list[tuple[str, int, list[str], dict[str, str]]] = []
    for match in _CALL.finditer(source):
        line_start = source.rfind("\n", 0, match.start()) + 1
        if "#" in source[line_start:match.start()] or _DEF.search(source, line_start,
                                                                   match.start()):
            continue  # a comment, or a definition of the same name
        arguments = _arguments(source, match.end())
        positional = [argument for argument in arguments if not _KEYWORD.match(argument)]
        named = {found.group(1): found.group(2).strip()
                 for found in map(_KEYWORD.match, arguments) if found is not None}
        out.append((match.group(1), source.count("\n", 0, match.start()) + 1, positional,
                    named))
    return out


def _contexts(source: str) -> list[str | None]:
    """The context arguments of each build call, None for one that is not a literal."""
    out: list[str | None] = []
    for function, _, positional, named in _calls(source):
        wanted = _CONTEXTS[function]
        values = [named[key] for key in wanted if key in named]
        if "context" not in named and len(positional) >= 2:
            values.append(positional[1])
        if not values and "context" not in named and len(positional) < 2:
            out.append(None)  # (**kwargs, or a call cut short)
        for value in values:
            literal = _LITERAL.match(value)
            out.append(literal.group(2) if literal is not None else None)
    return out


def _arguments(source: str, start: int) -> list[str]:
    """The top-level arguments of the call whose ``(`` ends before ``start``, as text."""
    out: list[str] = []
    depth = 0
    current: list[str] = []
    index = start
    while index < len(source):
        char = source[index]
        if char in "\"'":
            end = _string_end(source, index)
            current.append(source[index:end])
            index = end
            continue
        if char == "#":
            index = source.find("\n", index)
            index = len(source) if index < 0 else index
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            out.append("".join(current).strip())
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    last = "".join(current).strip()
    if last:
        out.append(last)
    return out


def _string_end(source: str, start: int) -> int:
    """The index just after the string literal that starts at ``start``."""
    quote = source[start] * 3 if source.startswith(source[start] * 3, start) else source[start]
    index = start + len(quote)
    while index < len(source):
        if source[index] == "\\":
            index += 2
            continue
        if source.startswith(quote, index):
            return index + len(quote)
        if len(quote) == 1 and source[index] == "\n":
            return index
        index += 1
    return len(source)
