"""The simple commands of a ``RUN`` script, as far as they can be known without running it.

A shell script is split into simple commands (at ``;``, ``&&``, ``||``, ``|``, newlines,
parentheses and braces), each with its words unquoted, its variables expanded where their
value is known (``ARG``/``ENV`` of the stage, assignments and ``export`` earlier in the
script), the directory it runs in (``WORKDIR``, then ``cd``), and the environment it sees
(``VAR=value cmd``, ``env VAR=value cmd``, ``export``). ``sh -c '...'`` is followed.

It is not a shell: loops, conditions and functions are flattened, a word that depends on
something unknown (a command substitution, an unset variable of the base image) is marked
unknown, and callers treat a command with an unknown word they need as undecidable.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

UNKNOWN = "\x00"
"""Stands inside a word for a part whose value is not known."""

_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "\n", "(", ")", ";;", "|&"})
_REDIRECTIONS = re.compile(r"^\d*(>>?|<<?<?|>&|<&|&>>?|>\|)$")
_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)\Z", re.DOTALL)
_VARIABLE = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)
_OTHER_EXPANSION = re.compile(r"\$\(|`|\$\{[^}]*\}|\$[0-9@*#?$!-]")
_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "!", "{", "}", "time", "fi", "done"})
_SKIPPED = frozenset({"for", "while", "until", "case", "esac", "function", "select"})
_WRAPPERS = frozenset({"exec", "nohup", "command", "builtin", "nice", "stdbuf"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
_OPENERS = frozenset({"if", "case", "for", "while", "until", "select"})
_CLOSERS = frozenset({"fi", "esac", "done"})
_TESTS = frozenset({"[", "[[", "test"})
_MAX_DEPTH = 3


@dataclass(frozen=True)
class SimpleCommand:
    """One command of a script, as it would run."""

    argv: tuple[str, ...]
    """Its words, unquoted and expanded; a part not known is :data:`UNKNOWN`."""
    cwd: str
    """The directory it runs in (absolute)."""
    env: Mapping[str, str | None]
    """The environment it sees: None for a variable whose value is not known."""
    text: str
    """The words joined by spaces, for pattern matching and messages."""
    conditional: bool = False
    """It may not run: inside ``if``/``case``/a loop, after ``||``, or after a test and
    ``&&`` (``[ -n "$GPU" ] && apt-get install ...``)."""

    @property
    def program(self) -> str:
        return posixpath.basename(self.argv[0]) if self.argv else ""

    def known(self, word: str) -> bool:
        return UNKNOWN not in word


@dataclass
class _State:
    """A shell script's working directory and variables while it is followed."""
    cwd: str
    exported: dict[str, str | None]
    local: dict[str, str | None] = field(default_factory=dict)

    def lookup(self, name: str) -> str | None:
        if name in self.local:
            return self.local[name]
        if name in self.exported:
            return self.exported[name]
        return None


def _expand(word: str, state: _State) -> list[str]:
    """A word with ``$NAME``/``${NAME}``/``${NAME:-default}`` expanded; unknown parts marked.

    A word that is exactly one variable is split on white space, as an unquoted
    expansion would be (quotes are gone by now, so quoted ones are split too).
    """
    whole = _VARIABLE.fullmatch(word)

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        found = state.lookup(name)
        known = name in state.local or name in state.exported
        if match.group(2) is not None:  # ${NAME:-default} / ${NAME-default}
            empty = (not found) if match.group(2) == ":-" else not known
            if known and found is None:
                return UNKNOWN
            return match.group(3) if empty else (found or "")
        if found is None:
            return UNKNOWN
        return found

    expanded = _VARIABLE.sub(value, word)
    if _OTHER_EXPANSION.search(expanded):
        expanded = _OTHER_EXPANSION.sub(UNKNOWN, expanded)
    if whole is not None and UNKNOWN not in expanded:
        return expanded.split()
    return [expanded]


def _substitutions(script: str) -> str:
    """Command substitutions (``$(...)``, backquotes) become an unknown part of their word."""
    out: list[str] = []
    index = 0
    while index < len(script):
        char = script[index]
        if char == "\\" and index + 1 < len(script):
            out.append(script[index : index + 2])
            index += 2
        elif script.startswith("$(", index):
            depth = 0
            end = index + 1
            while end < len(script):
                if script[end] == "(":
                    depth += 1
                elif script[end] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            out.append(UNKNOWN)
            index = end + 1
        elif char == "`":
            end = script.find("`", index + 1)
            out.append(UNKNOWN)
            index = len(script) if end < 0 else end + 1
        elif char == "'":
            end = script.find("'", index + 1)
            end = len(script) - 1 if end < 0 else end
            out.append(script[index : end + 1])
            index = end + 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def _tokens(script: str) -> list[str] | None:
    """Words and operators of a script; None when it cannot be split (unbalanced quotes)."""
    script = script.replace("\\\r\n", " ").replace("\\\n", " ")
    script = _substitutions(script)
    lexer = shlex.shlex(script, posix=True, punctuation_chars=";&|()<>\n")
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        return list(lexer)
    except ValueError:
        return None


def _split(tokens: list[str]) -> Iterator[tuple[list[str], str]]:
    """Simple commands, each with the operator before it (``""`` at the start)."""
    current: list[str] = []
    before = ""
    skip_next = False
    for token in tokens:
        if skip_next:
            skip_next = False
            continue
        if token and set(token) <= set(";&|()\n"):
            if current:
                yield current, before
            current = []
            before = token
            continue
        if _REDIRECTIONS.match(token):
            skip_next = True  # the redirection's target
            if current and current[-1].isdigit():
                current.pop()
            continue
        current.append(token)
    if current:
        yield current, before


def commands(
    script: str,
    env: Mapping[str, str | None],
    workdir: str,
    *,
    depth: int = 0,
) -> list[SimpleCommand] | None:
    """The simple commands of ``script``; None when the script cannot be split."""
    tokens = _tokens(script)
    if tokens is None:
        return None
    state = _State(cwd=workdir, exported=dict(env))
    out: list[SimpleCommand] = []
    nesting = 0
    previous_test = False
    for words, before in _split(tokens):
        head = words[0] if words else ""
        if head in _OPENERS:
            nesting += 1
        conditional = nesting > 0 or "||" in before or ("&&" in before and previous_test)
        if head in _CLOSERS:
            nesting = max(0, nesting - 1)
        previous_test = head in _TESTS or (previous_test and "&&" in before)
        for command in _command(words, state, depth):
            out.append(replace(command, conditional=True) if conditional else command)
    return out


def _command(words: list[str], state: _State, depth: int) -> Iterator[SimpleCommand]:
    while words and words[0] in _KEYWORDS:
        words = words[1:]
    if not words or words[0] in _SKIPPED:
        return
    prefix: dict[str, str | None] = {}
    while words and _ASSIGNMENT.match(words[0]):
        name, raw = _ASSIGNMENT.match(words[0]).groups()  # type: ignore[union-attr]
        expanded = _expand(raw, state)
        prefix[name] = None if UNKNOWN in " ".join(expanded) else " ".join(expanded)
        words = words[1:]
    if not words:
        state.local.update(prefix)  # NAME=value on its own: a shell variable
        return
    argv: list[str] = []
    for word in words:
        argv.extend(_expand(word, state))
    if not argv:
        return
    argv, prefix = _unwrap(argv, prefix, state)
    if not argv:
        return
    program = posixpath.basename(argv[0])
    if program == "export":
        for word in argv[1:]:
            found = _ASSIGNMENT.match(word)
            if found is not None:
                value = found.group(2)
                state.exported[found.group(1)] = None if UNKNOWN in value else value
            elif word in state.local:
                state.exported[word] = state.local[word]
        return
    if program in ("cd", "pushd") and len(argv) <= 2:
        target = argv[1] if len(argv) == 2 else "~"
        if UNKNOWN in target or target.startswith(("~", "-")):
            state.cwd = UNKNOWN
        elif state.cwd != UNKNOWN:
            state.cwd = posixpath.normpath(posixpath.join(state.cwd, target))
        return
    if program in _SHELLS and "-c" in argv and depth < _MAX_DEPTH:
        index = argv.index("-c")
        if index + 1 < len(argv) and UNKNOWN not in argv[index + 1]:
            inner_env = {**state.exported, **prefix}
            inner = commands(argv[index + 1], inner_env, state.cwd, depth=depth + 1)
            if inner is not None:
                yield from inner
                return
    env = {**state.exported, **prefix}
    yield SimpleCommand(tuple(argv), state.cwd, env, " ".join(argv))


def _unwrap(
    argv: list[str], prefix: dict[str, str | None], state: _State
) -> tuple[list[str], dict[str, str | None]]:
    """Drop ``env VAR=x``, ``sudo``, ``exec`` and the like in front of the real command."""
    prefix = dict(prefix)
    while argv:
        program = posixpath.basename(argv[0])
        if program == "env":
            argv = argv[1:]
            while argv and (argv[0].startswith("-") or _ASSIGNMENT.match(argv[0])):
                found = _ASSIGNMENT.match(argv[0])
                if found is not None:
                    value = found.group(2)
                    prefix[found.group(1)] = None if UNKNOWN in value else value
                argv = argv[1:]
        elif program == "sudo":
            argv = argv[1:]
            while argv and argv[0].startswith("-"):
                argv = argv[1:]
        elif program in _WRAPPERS:
            argv = argv[1:]
        else:
            break
    del state
    return argv, prefix
