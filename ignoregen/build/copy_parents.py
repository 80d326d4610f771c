"""The sources a ``COPY --parents`` stands for, when a ``**`` in it spans directories."""

from __future__ import annotations

_SPAN = 12
"""How many directories a ``**`` of a ``COPY --parents`` source is taken to span at most."""


def spanning(glob: str) -> list[str]:
    """The globs a ``COPY --parents`` source stands for. BuildKit copies the context's root
    with the source as an include pattern, read as a ``.dockerignore`` line: a ``**``
    segment spans any number of directories (``**/*.csproj`` is ``App.csproj`` and
    ``tests/Api.Tests/Api.Tests.csproj``), up to :data:`_SPAN` here; a ``**`` inside a name
    stays one name's ``*``."""
    parts = glob.split("/")
    if "**" not in parts:
        return [glob]
    if parts[-1] == "**":  # all below the directory: what '*' there covers
        return spanning("/".join([*parts[:-1], "*"]))
    at = parts.index("**")
    return [shape for depth in range(_SPAN + 1)
            for shape in spanning("/".join([*parts[:at], *["*"] * depth, *parts[at + 1:]]))][:256]
