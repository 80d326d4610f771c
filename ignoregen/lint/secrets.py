"""Files named like secrets that are not: why ``check`` leaves them alone.

A name is only a hint. Three kinds of files that look like secrets hold none:

* examples and templates (``.env.example.complete``, ``*.sample``, ``*.template``): the
  presets' secret category re-includes them, and the deciding exception says so;
* public build-time configuration: a ``.env`` that Vite, Next or Nuxt reads while building,
  every variable of which carries the framework's public prefix (``VITE_``,
  ``NEXT_PUBLIC_``); the bundle publishes those values by design;
* test fixtures that no build ships: a key under a test suite's directory that reaches
  no shipped image.

:func:`not_a_secret` returns the reason (for the finding that is not reported, and for
``explain``), or None for a file that is treated as a secret.
"""

from __future__ import annotations

import re
from pathlib import Path

from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import Role
from ignoregen.lint.pulled import Pulled

PUBLIC_PREFIXES = ("VITE_", "NEXT_PUBLIC_", "NUXT_PUBLIC_", "PUBLIC_", "REACT_APP_")
"""Variable prefixes that front-end build tools inline into the bundle: public values."""
_ASSIGNMENT = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")
_LIMIT = 64 * 1024


def not_a_secret(
    context: Path, path: str, classifier: Classifier, pulled: Pulled | None
) -> str | None:
    """Why the context path ``path``, named like a secret, is not one; None when it is."""
    public = public_env_file(context / path) or certificates_only(context / path)
    if public is not None:
        return public
    if pulled is None or pulled.ships(path):
        return None
    parts = path.split("/")
    for end in range(len(parts) - 1, 0, -1):
        directory = "/".join(parts[:end])
        category = classifier.category_of(directory)
        if category is not None and category.role is Role.TESTS:
            return f"a test fixture under {directory}/ ({category.preset} {category.name}) " \
                "that no shipped image copies"
    return None


def public_env_file(file: Path) -> str | None:
    """The reason a ``.env``-style file is public build configuration, or None."""
    name = file.name
    if not (name == ".env" or name.startswith(".env.")):
        return None
    try:
        with file.open("rb") as handle:
            text = handle.read(_LIMIT).decode("utf-8", "replace")
    except OSError:
        return None
    names = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.match(stripped)
        if match is None:
            return None
        names.append(match.group(1))
    if not names or not all(variable.startswith(PUBLIC_PREFIXES) for variable in names):
        return None
    prefixes = sorted({p for p in PUBLIC_PREFIXES for v in names if v.startswith(p)})
    return (
        f"public build-time configuration: every variable starts with {', '.join(prefixes)}, "
        "which the front-end build publishes in its bundle"
    )


_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"
_PRIVATE = b"PRIVATE KEY-----"


def certificates_only(file: Path) -> str | None:
    """The reason a ``.pem`` or ``.crt`` that holds certificates and no private key (a CA
    bundle) is public, or None."""
    try:
        with file.open("rb") as handle:
            head = handle.read(_LIMIT * 16)
    except OSError:
        return None
    if _CERTIFICATE in head and _PRIVATE not in head:
        return "public certificates only (no private key)"
    return None
