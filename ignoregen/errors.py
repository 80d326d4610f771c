"""The one error model: every error a user can cause derives from :class:`IgnoregenError`.

An error carries the exit code it becomes; :func:`ignoregen.cli.main` is the one place
that turns errors into exit codes and messages:

==== =================================================================================
0    all good
1    findings (``check``), or a file that would change (``init --check``)
2    usage or input error: a bad option, an unreadable file, a line Docker rejects
3    internal error: a bug in ignoregen; the traceback is printed with ``--debug`` or
     ``IGNOREGEN_DEBUG=1``
==== =================================================================================

Kept light to import: the command line loads it on every call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERNAL = 3


class IgnoregenError(Exception):
    """An error the user can fix: bad input, bad configuration, an unusable build.

    ``str(error)`` is the message, one or more lines, each naming the file (and line)
    at fault; :attr:`exit_code` is what the process exits with.
    """

    exit_code: int = EXIT_ERROR

    def lines(self) -> list[str]:
        """The message as lines, each printed as ``ignoregen: error: LINE``."""
        return str(self).splitlines() or [type(self).__name__]


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


class ConfigError(IgnoregenError):
    """Presets or configuration that cannot be used (exit code 2); one line per problem."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]
