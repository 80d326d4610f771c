"""The line of the instruction being read, in an error met there; and the instructions
BuildKit rejects whatever the target."""

from __future__ import annotations

from pathlib import Path

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
