"""What a Jenkins pipeline at the repository's root (``Jenkinsfile``, ``Jenkinsfile.NAME``,
``NAME.jenkinsfile``) builds.

A pipeline runs its steps in the job's workspace, where Jenkins checked the repository out:
``sh 'docker build -f docker/Dockerfile .'`` builds the root with ``docker/Dockerfile``.
Found by its name alone, such a Dockerfile was taken with ``docker/`` as its context (and
the root's ``.dockerignore`` called one that no build reads). The Docker Pipeline plugin's
``docker.build('name', '-f docker/Dockerfile .')`` runs ``docker build -t name`` with those
arguments (the context ``.`` when there are none). A declarative pipeline's
``agent { dockerfile { filename 'docker/agent.Dockerfile' } }`` builds the agent's image
from that file with the workspace as its context (``dir`` names another context, which
holds the file).

A Jenkinsfile is Groovy; this reads only what can be known without running it: the string
literal a ``sh`` step or ``docker.build`` is given (``'...'``, ``"..."`` and their
triple-quoted forms; ``${...}`` and ``$name`` in a double-quoted one are values the run
knows, not read), in the workspace or a ``dir('path') { ... }`` block with a literal path.
A command built by concatenation or held in a variable, anything in a ``dir`` block whose
path is not a literal, and the steps of a method (``def build() { ... }``) or of a closure
kept in a variable, which run in whatever directory they are called from, are left
unread, as are ``bat`` and ``powershell`` steps. A pipeline that checks out something else
than its own repository (a ``git`` step, a ``checkout`` of anything but ``scm``) builds
what it fetched, and one that checks its repository out into a ``dir`` block has another
layout: none of it is read, nor a template (``{{ ... }}``), nor a pipeline whose
parentheses or braces do not balance.
"""

from __future__ import annotations

import os
import posixpath
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ignoregen import fileio
from ignoregen.build.discover import Discovery

_LIMIT = 1 << 20
"""A pipeline larger than this is not read."""


def is_jenkinsfile(name: str) -> bool:
    return name == "Jenkinsfile" or name.startswith("Jenkinsfile.") \
        or name.lower().endswith(".jenkinsfile")


class _Token(NamedTuple):
    kind: str
    """``word`` (an identifier, dots included), ``string``, or one character of syntax."""
    text: str
    """The word, the string's value (escapes undone), or the character."""
    line: int
    gstring: bool = False
    """A double-quoted string: ``$`` starts a value the run fills in."""


_WORD = re.compile(r"[A-Za-z_][\w.]*")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)


def _tokens(text: str) -> Iterator[_Token]:
    """The words, strings and syntax characters of a Groovy text, comments left out."""
    i, line, end = 0, 1, len(text)
    while i < end:
        char = text[i]
        if char == "\n":
            line += 1
            i += 1
        elif char in " \t\r;":
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = end if i < 0 else i
        elif text.startswith("/*", i):
            stop = text.find("*/", i + 2)
            stop = end if stop < 0 else stop + 2
            line += text.count("\n", i, stop)
            i = stop
        elif char in "'\"":
            quote = char * 3 if text.startswith(char * 3, i) else char
            j = _string_end(text, i + len(quote), quote)
            body = text[i + len(quote): j]
            if char == '"':
                body = body.replace("${'$'}", "$").replace('${"$"}', "$")
            yield _Token("string", _ESCAPE.sub(_unescape, body), line, char == '"')
            line += text.count("\n", i, j)
            i = j + len(quote)
        elif (found := _WORD.match(text, i)) is not None:
            yield _Token("word", found.group(0), line)
            i = found.end()
        else:
            yield _Token(char, char, line)
            i += 1


def _string_end(text: str, start: int, quote: str) -> int:
    """Where the string opened by ``quote`` just before ``start`` closes: in a double-quoted
    one, a ``${...}`` value is skipped whole, strings in it included
    (``"app:${env.TAG ?: "latest"} -f other/Dockerfile ."`` is one string)."""
    j, end = start, len(text)
    while j < end and not text.startswith(quote, j):
        if text[j] == "\\":
            j += 2
        elif quote[0] == '"' and text.startswith("${", j):
            j = _value_end(text, j + 2)
        else:
            j += 1
    return min(j, end)


def _value_end(text: str, start: int) -> int:
    """The index after the ``}`` that closes the GString value begun at ``start``."""
    j, end, level = start, len(text), 1
    while j < end:
        char = text[j]
        if char in "'\"":
            quote = char * 3 if text.startswith(char * 3, j) else char
            j = _string_end(text, j + len(quote), quote) + len(quote)
            continue
        if char == "{":
            level += 1
        elif char == "}":
            level -= 1
            if level == 0:
                return j + 1
        j += 1
    return end


def _unescape(match: re.Match[str]) -> str:
    # '\$' keeps a literal dollar for the shell; '\n' and the like stay as written
    char = match.group(1)
    return char if char in "\\'\"$" else match.group(0)


class _Call(NamedTuple):
    line: int
    command: str
    base: str | None
    """The directory it runs in, relative to the workspace; None when not known."""


def _fetches_other(tokens: list[_Token]) -> bool:
    """Does the pipeline check out something else than its repository (``git 'URL'``,
    ``checkout([$class: 'GitSCM', ...])``), whose files its builds may read?"""
    for index, token in enumerate(tokens[:-1]):
        after = tokens[index + 1]
        if token.kind == "word" and token.text == "git" and (
                after.kind in ("(", "string") or (after.kind == "word"
                and index + 2 < len(tokens) and tokens[index + 2].kind == ":")):
            return True  # git 'URL', git(url: ...), git url: ..., branch: ...
        if token.kind == "word" and token.text == "checkout":
            named = tokens[index + 2] if after.kind == "(" and index + 2 < len(tokens) else after
            if not (named.kind == "word" and named.text == "scm"):
                return True
    return False


def _calls(text: str) -> list[_Call]:
    """The commands of ``sh`` steps and ``docker.build`` calls, each with its directory;
    none when the braces do not balance (a construct this reading does not know, such as a
    slashy string holding a quote, would put a step in the wrong block)."""
    if "{{" in text:
        return []
    try:
        tokens = list(_tokens(text))
    except RecursionError:  # values nested in strings nested in values, past all reason
        return []
    if _fetches_other(tokens) or not _balanced(tokens, "(", ")"):
        return []  # (an unclosed parenthesis: each step after it would be read to the end)
    try:
        calls = list(_each_call(tokens))
    except _OtherLayout:
        return []
    return calls if _balanced(tokens, "{", "}") else []


def _balanced(tokens: list[_Token], opening: str, closing: str) -> bool:
    depth = 0
    for token in tokens:
        depth += 1 if token.kind == opening else -1 if token.kind == closing else 0
        if depth < 0:
            return False
    return depth == 0


def _each_call(tokens: list[_Token]) -> Iterator[_Call]:
    depth = 0
    blocks: list[tuple[int, str | None]] = []  # (depth inside the block, its directory)
    after_parens = _after_parentheses(tokens)
    after_brackets = _after_parentheses(tokens, "[", "]")
    stored_until = 0  # the end of a list or map being assigned: '= [a: { sh ... }]'
    for index, token in enumerate(tokens):
        before = tokens[index - 1].kind if index else ""
        if token.kind == "[" and before == "=":
            stored_until = max(stored_until, after_brackets.get(index, len(tokens)))
        if token.kind == "{":
            depth += 1
            if before == "=" or index < stored_until:  # a closure kept to be run later
                blocks.append((depth, None))
            continue
        if token.kind == "}":
            depth -= 1
            if depth < 0:
                return
            while blocks and blocks[-1][0] > depth:
                blocks.pop()
            continue
        if token.kind != "word":
            continue
        base: str | None = "."
        for _, directory in blocks:
            base = None if base is None or directory is None else posixpath.join(base, directory)
        if token.text == "checkout" and blocks:
            raise _OtherLayout  # the repository checked out again in a subdirectory
        if _defines_code(tokens, index, after_parens):
            blocks.append((depth + 1, None))  # it runs where it is called, which may be a dir
        elif token.text in ("dir", "ws"):
            opening = _block_after(tokens, index, after_parens)
            if opening is not None:
                path = _argument(tokens, index + 1)
                known = None if path is None or (path.gstring and "$" in path.text) \
                    else posixpath.normpath(path.text.strip() or ".")
                if known is not None and (known.startswith(("/", "..")) or token.text == "ws"):
                    known = None  # outside the workspace, or another workspace
                blocks.append((depth + 1, known))
        elif token.text == "sh":
            script = _script(tokens, index + 1)
            if script is not None:
                yield _Call(script.line, script.text, base)
        elif token.text == "docker.build":
            arguments = _build_arguments(tokens, index + 1)
            if arguments is not None:
                yield _Call(token.line, f"docker build -t image {arguments}", base)
        elif token.text == "dockerfile" and index >= 2 and before == "{" \
                and tokens[index - 2].text == "agent":
            agent = _agent_build(tokens, index + 1)
            if agent is not None:
                yield _Call(token.line, agent, base)


class _OtherLayout(Exception):
    """The pipeline checks its repository out into a subdirectory: none of it is read."""


def _after_parentheses(tokens: list[_Token], opening: str = "(", closing: str = ")"
                       ) -> dict[int, int]:
    """For each ``(`` that closes, the index of the token after its ``)``."""
    opened: list[int] = []
    after: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.kind == opening:
            opened.append(index)
        elif token.kind == closing and opened:
            after[opened.pop()] = index + 1
    return after


def _defines_code(tokens: list[_Token], index: int, after_parens: dict[int, int]) -> bool:
    """Does the word at ``index`` name a method being defined (``def build(name) {``,
    ``void build() {``), whose steps run in whatever directory it is called from?"""
    before = tokens[index - 1] if index else None
    if before is None or before.kind != "word" or before.line != tokens[index].line \
            or before.text in ("else", "new"):
        return False
    following = after_parens.get(index + 1, len(tokens))
    return following < len(tokens) and tokens[following].kind == "{"


def _block_after(tokens: list[_Token], index: int, after_parens: dict[int, int]) -> int | None:
    """The index of the ``{`` that opens the block of the call at ``index``
    (``dir('x') {``, ``dir 'x' {``), or None when it takes none."""
    j = index + 1
    if j < len(tokens) and tokens[j].kind == "(":
        j = after_parens.get(j, len(tokens))
    elif j < len(tokens) and tokens[j].kind == "string":
        j += 1
    else:
        return None
    return j if j < len(tokens) and tokens[j].kind == "{" else None


def _argument(tokens: list[_Token], index: int) -> _Token | None:
    """The one string literal a call takes at ``index`` (``('x')`` or ``'x'``), alone."""
    j = index + (1 if index < len(tokens) and tokens[index].kind == "(" else 0)
    if j >= len(tokens) or tokens[j].kind != "string":
        return None
    after = tokens[j + 1].kind if j + 1 < len(tokens) else ""
    if after not in (")", "{"):
        return None  # a concatenation, a method call, more arguments
    return tokens[j]


def _script(tokens: list[_Token], index: int) -> _Token | None:
    """The script a ``sh`` step at ``index`` runs: its one string argument, or the string
    after ``script:``; None when it is not a plain literal."""
    if index >= len(tokens):
        return None
    if tokens[index].kind == "string":
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if after is not None and after.kind in ("+", ".", "[", "?", "=") \
                and after.line == _last_line(tokens[index]) and not _plain_method(tokens, index):
            return None  # (on the line where the string ends: '""" + more')
        return tokens[index]
    if tokens[index].kind == "(" and index + 2 < len(tokens) \
            and tokens[index + 1].kind == "string" and tokens[index + 2].kind == ")":
        return tokens[index + 1]  # sh("docker build .")
    j = index + (1 if tokens[index].kind == "(" else 0)
    level = 0
    while j < min(len(tokens), index + 64):  # a step's few named arguments, not a page
        token = tokens[j]
        if token.kind == "(":
            level += 1
        elif token.kind == ")":
            if level == 0:
                return None
            level -= 1
        elif token.kind in ("{", "}") or (token.kind == "word" and token.line != tokens[index].line
                                          and tokens[index].kind != "("):
            return None
        elif token.kind == "word" and token.text == "script" and j + 2 < len(tokens) \
                and tokens[j + 1].kind == ":" and tokens[j + 2].kind == "string":
            follows = tokens[j + 3] if j + 3 < len(tokens) else None
            plain = follows is None or follows.kind in (",", ")") \
                or follows.line != _last_line(tokens[j + 2])
            return tokens[j + 2] if plain else None
        j += 1
    return None


def _last_line(token: _Token) -> int:
    return token.line + token.text.count("\n")


def _plain_method(tokens: list[_Token], index: int) -> bool:
    """Is the string at ``index`` followed by a method that leaves its commands as they
    are (``'''...'''.stripIndent()``), and nothing more?"""
    return index + 4 < len(tokens) and tokens[index + 1].kind == "." \
        and tokens[index + 2].text in ("stripIndent", "trim") \
        and tokens[index + 3].kind == "(" and tokens[index + 4].kind == ")" \
        and (index + 5 >= len(tokens) or tokens[index + 5].kind not in (".", "+", "[", "?"))


def _agent_build(tokens: list[_Token], index: int) -> str | None:
    """The ``docker build`` that ``agent { dockerfile ... }`` runs for the agent's image,
    the ``dockerfile`` word just before ``index``: ``dockerfile true`` builds the
    workspace's ``Dockerfile``; ``dockerfile { filename 'F'; dir 'D' }`` builds ``D/F`` with
    ``D`` as the context (``.`` and ``Dockerfile`` when left out), whatever
    ``additionalBuildArgs`` says before them. None when a path is not a literal."""
    if index >= len(tokens):
        return None
    if tokens[index].kind == "word" and tokens[index].text == "true":
        return "docker build -t image -f Dockerfile ."
    if tokens[index].kind != "{":
        return None
    named = {"filename": "Dockerfile", "dir": "."}
    level, j = 0, index
    while j < len(tokens):
        token = tokens[j]
        if token.kind == "{":
            level += 1
        elif token.kind == "}":
            level -= 1
            if level == 0:
                break
        elif level == 1 and token.kind == "word" and token.text in named:
            value = tokens[j + 1] if j + 1 < len(tokens) else None
            if value is not None and value.kind == "(":  # dir('ci')
                value = tokens[j + 2] if j + 2 < len(tokens) else None
            if value is None or value.kind != "string" or (value.gstring and "$" in value.text) \
                    or not value.text.strip():
                return None
            named[token.text] = value.text.strip()
        j += 1
    directory = posixpath.normpath(named["dir"])
    if directory.startswith(("/", "..")):
        return None  # outside the workspace
    dockerfile = posixpath.normpath(posixpath.join(directory, named["filename"]))
    return f"docker build -t image -f {shlex.quote(dockerfile)} {shlex.quote(directory)}"


def _build_arguments(tokens: list[_Token], index: int) -> str | None:
    """What ``docker.build(image, args)`` at ``index`` hands ``docker build`` after the
    tag: ``args`` when a literal, ``.`` when absent; None when not known."""
    if index >= len(tokens) or tokens[index].kind != "(":
        return None
    level, j, commas, literal = 0, index, 0, None
    while j < len(tokens):
        token = tokens[j]
        if token.kind == "(":
            level += 1
        elif token.kind == ")":
            level -= 1
            if level == 0:
                break
        elif token.kind == "," and level == 1:
            if j + 1 < len(tokens) and tokens[j + 1].kind != ")":  # (not a trailing comma)
                commas += 1
        elif commas == 1 and level == 1:
            literal = token if literal is None and token.kind == "string" else _Token("?", "", 0)
        j += 1
    if commas == 0:
        return "."
    if commas == 1 and literal is not None and literal.kind == "string":
        return literal.text
    return None


def read_root(root: Path, found: Discovery) -> None:
    """Add the builds that the Jenkins pipelines at ``root`` run in its workspace."""
    try:
        names = sorted(entry.name for entry in os.scandir(root)
                       if is_jenkinsfile(entry.name) and entry.is_file())
    except OSError:
        return
    for name in names:
        from ignoregen.build.scripts import add_builds  # (only for a Jenkinsfile)

        try:
            data = fileio.read_bytes(root / name, _LIMIT)
        except OSError:
            continue
        if len(data) > _LIMIT:
            continue
        text = data.decode("utf-8", "replace")
        for call in _calls(text):
            if call.base is None:
                continue
            add_builds(call.command, root / call.base, root / name, name, found, call.line,
                       cd_persists=True)
