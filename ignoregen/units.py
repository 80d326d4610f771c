"""Sizes as people write them (``200MB``, ``1.5GiB``): shared by the configuration and the CLI.

A leaf module: it imports nothing of ignoregen, so any layer may use it.
"""

from __future__ import annotations

import re

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(i?)([bB]?)\s*\Z")
_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}


def parse_size(text: str) -> int:
    """Bytes from a human size: ``200MB``, ``1.5GiB``, ``500k``, ``4096`` (decimal unless
    the unit has an ``i``). Raises ValueError for anything else."""
    match = _SIZE.match(text)
    if match is None or (match.group(3) and not match.group(2)):
        raise ValueError(f"{text!r} is not a size (examples: 200MB, 1.5GiB, 4096)")
    number, unit, binary, _ = match.groups()
    base = 1024 if binary else 1000
    return int(float(number) * base ** _POWERS[unit.lower()])
