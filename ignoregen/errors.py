"""Errors that the command line turns into exit code 2, kept light to import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in a preset or config file."""

    source: str
    """The file as shown to users."""
    key: str
    """Where in the file, as a dotted TOML key (``categories.caches.rules[2]``), or ""."""
    message: str

    def __str__(self) -> str:
        return (
            f"{self.source}: {self.key}: {self.message}"
            if self.key
            else (f"{self.source}: {self.message}")
        )


class ConfigError(Exception):
    """Presets or configuration that cannot be used (exit code 2); one line per problem."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
