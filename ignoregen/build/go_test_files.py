"""Files that Go tests open by a path written in the test: ``go test`` runs each package's
tests in the package's directory, so ``"stub/rsa.key"`` in ``cmd/import_test.go`` is
``cmd/stub/rsa.key`` of the context (hydra's key-import tests; ``"../test/stub/pgp.pub"``
reaches a sibling). ``testdata`` is the convention and is needed already; this finds the
rest: each string literal of a test file that names a file the checkout has, relative to
the test's directory and inside the context.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|`([^`]*)`')
_NOT_A_PATH = re.compile(r"[\s*?\[\\:%{}<>|]")
"""Characters no relative file name in a test is written with (text, globs, formats, URLs)."""


def go_test_files(files: Readable, path: str, text: str) -> Iterator[Found]:
    """(literal, line, shown) for each literal of the test file ``path`` that names a file
    of the context beside it or below it (or above, within the context): a name with a
    ``/`` or an extension, no absolute path."""
    base = posixpath.dirname(path)
    root = str(files.context)
    seen: set[str] = set()
    for match in _LITERAL.finditer(text):
        named = match.group(1) if match.group(1) is not None else match.group(2)
        if (not named or len(named) > 200 or named in seen or named.startswith("/")
                or ("/" not in named and "." not in named.strip("."))
                or _NOT_A_PATH.search(named)):
            continue
        seen.add(named)
        joined = posixpath.normpath(posixpath.join(base, named))
        if joined == "." or joined.startswith("../") or joined == "..":
            continue
        if os.path.isfile(os.path.join(root, joined)):
            line = text.count("\n", 0, match.start()) + 1
            yield named, line, f'"{named}"'
