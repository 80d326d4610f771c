"""TOML reading, with the parser imported when a run first reads a TOML file.

Most runs of ``check`` on a small repository read none (the presets come from their
cache), and importing ``tomllib`` costs a few milliseconds of every start.
"""

from __future__ import annotations

import sys
from typing import Any


class TomlError(ValueError):
    """The text is not TOML; the message is the parser's."""


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``; :class:`TomlError` when the text is not TOML."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlError(str(exc)) from exc
    except RecursionError:  # arrays 3,000 deep: each level is a frame of the parser's stack
        raise TomlError("arrays or inline tables nested more deeply than ignoregen reads "
                        "(Python's parser recurses)") from None
    return data
