"""The line of the instruction being read, in an error met there."""

from __future__ import annotations

from pathlib import Path


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
