"""The line of the instruction being read, in an error met there; and the instructions
BuildKit rejects whatever the target."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import dockerfile as buildkit_parser
from dockerfile import Command


class InstructionErrors:
    """Names the file and the instruction's line in a Dockerfile error met while its words
    are read: a word BuildKit cannot expand (``${A`` without its ``}``) fails the build
    there. Set ``line`` to each instruction's line as it is read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.line = 0

    def __enter__(self) -> InstructionErrors:
        return self

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        from ignoregen.build.dockerfile import DockerfileError  # (it imports this module)

        if isinstance(error, DockerfileError):
            raise DockerfileError(f"{self.path}: {error} (line {self.line})") from None


_INSTRUCTIONS = frozenset({
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"})
"""The instructions BuildKit's frontend knows (command.Commands); any other fails the build."""
_SOURCES_AND_DESTINATION = frozenset({"ADD", "COPY"})
"""Instructions whose last argument is the destination: BuildKit's parser stops at one with
fewer than two (flags aside; a heredoc counts as a source)."""


def rejected(command: Command, before_from: bool,
              commands: list[Command]) -> tuple[int, str] | None:
    """Why BuildKit's instruction parser, which reads every instruction before it picks
    the target's stages, fails on ``command``; None when it does not."""
    name = command.cmd.upper()
    if name not in _INSTRUCTIONS:
        return command.start_line, (
            f"{command.cmd} is no Dockerfile instruction, so BuildKit fails with 'unknown "
            "instruction'")
    if before_from and name not in ("ARG", "FROM") and any(
            later.cmd.upper() == "FROM" for later in commands):
        return command.start_line, (
            f"{command.cmd} comes before the first FROM (only ARG may), so BuildKit fails "
            "with 'no build stage in current context'")
    if name in _SOURCES_AND_DESTINATION and len(command.value) < 2:
        return command.start_line, (
            f"{command.cmd} names no destination (one argument), so BuildKit fails with "
            f"'{name} requires at least two arguments'")
    return None


_MAY_OPEN_HEREDOC = re.compile(r"[ \t]*(?:RUN|COPY|ADD)(?:[ \t]|$)", re.IGNORECASE)
"""The start of an instruction that may open a heredoc (BuildKit reads them for these)."""
_TRIED = 64
"""How many such instructions, from the last, are tried before the line is left unsaid."""


def unclosed_heredoc(text: str, parses: Callable[[str], bool]) -> int | None:
    """The line of the instruction whose heredoc no line closes, in a Dockerfile's text that
    BuildKit's parser rejects as 'unterminated heredoc'; None when it cannot be told.

    The parser gives no line. The instruction is the last RUN, COPY or ADD at the start of
    a line such that the text before it ``parses``: every instruction after it lies in its
    open heredoc (a text cut there is unterminated too), and one before it that looks like
    an instruction but lies in a closed heredoc's body leaves that body open when cut."""
    lines = text.splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines, 1) if _MAY_OPEN_HEREDOC.match(line)]
    for number in reversed(starts[-_TRIED:]):
        if parses("".join(lines[:number - 1])):
            return number
    return None


def parse_error_place(text: str, message: str) -> str:
    """`` (line N)`` for an error of BuildKit's parser on ``text`` whose line can be told
    (the instruction of an unterminated heredoc), else ''."""
    if message != "unterminated heredoc":
        return ""
    line = unclosed_heredoc(text, _parses)
    return "" if line is None else f" (line {line})"


def _parses(text: str) -> bool:
    try:
        buildkit_parser.parse_string(text)
    except (buildkit_parser.GoParseError, UnicodeDecodeError):
        return False
    return True
