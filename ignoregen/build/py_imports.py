"""Test modules that a kept Python module imports: the application needs them to run.

saleor ships ``saleor/account/management/commands/createsuperuser.py``, which imports
``from ...tests.fixtures.user import dangerously_get_or_create_superuser``, and
``populatedb`` does the same; with ``**/tests`` excluded, ``manage.py createsuperuser`` in
the image dies with ModuleNotFoundError (the build, which runs ``collectstatic``, passes).

Only imports of what the presets' test categories would take away are looked for
(:mod:`ignoregen.build.test_paths`: ``**/tests``...), from a module they do not take (a
test's own imports go with it). A relative import is resolved from the importing module's
package; an absolute one from the nearest directory above the module that holds its first
name. The module file, the ``__init__.py`` of each package from the test package down, and
what those modules import from test packages in turn are needs. Only files that exist
count.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable
    from ignoregen.build.needs import Need

_FROM = re.compile(r"^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([^)\n#]*)", re.MULTILINE)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+)", re.MULTILINE)


def _test_like(path: str) -> bool:
    from ignoregen.build.test_paths import test_path

    return test_path(path)


def test_imports(files: Readable, path: str, text: str) -> Iterator[Found]:
    """The test modules (``/``-rooted) that the module ``path`` imports, with their
    packages' ``__init__.py`` and what they import from test packages in turn."""
    if "test" not in text or _test_like(path):
        return
    yield from _chain(files, path, text, every=False)


def script_imports(files: Readable, path: str) -> Iterator[Found]:
    """The test modules that the test script ``path`` imports when a command runs it by its
    path (``python3 /tmp/test/test_startup.py``), and what those import in turn. Python puts
    the script's directory first on the module path: a sibling is imported by its bare name
    (opendatahub's test_startup.py imports probe_check beside it), a name no test category
    knows, so every import that lands on a test file counts, not only test-looking names."""
    yield from _chain(files, path, files.text(path) or "", every=True)


def _chain(files: Readable, path: str, text: str, *, every: bool) -> Iterator[Found]:
    """What ``path`` imports, then what those modules import in turn, five deep (each
    once). Past the first module the imports are read as inside a test package; with
    ``every``, any import that lands on a test file counts, at every depth."""
    seen = {path}
    pending = [(path, text, 0)]
    while pending:
        source, body, depth = pending.pop()
        for target, line, what in _imports(files, source, body, inside=every or depth > 0,
                                           every=every):
            if target in seen:
                continue
            seen.add(target)
            yield "/" + target, line, what if depth == 0 else f"{what} in {source}"
            if target.endswith(".py") and depth < 5:
                pending.append((target, files.text(target) or "", depth + 1))


def script_needs(files: Readable, named: Sequence[Need]) -> list[Need]:
    """The test modules that a test script a command runs by its path imports (``named``:
    the paths the commands name): the test categories would take them with the script's
    directory, from which only the script itself is kept (:func:`script_imports`)."""
    from ignoregen.build.needs import Need

    out: list[Need] = []
    for need in named:
        path = need.path.lstrip("/")
        if not path.endswith(".py") or any(c in path for c in "*?[") or not _test_like(path):
            continue
        for target, line, what in script_imports(files, path):
            out.append(Need(target.lstrip("/"), "a test script the build runs imports it",
                            f"{path}:{line}: {what}", None, path, line, need.source))
    return out


def _imports(
    files: Readable, path: str, text: str, *, inside: bool, every: bool = False
) -> Iterator[tuple[str, int, str]]:
    directory = posixpath.dirname(path)
    statements: list[tuple[int, int, str, list[str]]] = [
        (m.start(), len(m.group(1)), m.group(2), [n.strip().split(" ")[0]
                                                  for n in m.group(3).split(",")])
        for m in _FROM.finditer(text)
    ]
    statements += [(m.start(), 0, m.group(1), []) for m in _IMPORT.finditer(text)]
    for start, level, module, names in statements:
        parts = [part for part in module.split(".") if part]
        # 'from bandit.core import test_set': a test-named module of a package that is not
        # a test package (bandit/__init__.py imports it; the CLI dies without it)
        subs = [name for name in names if name.isidentifier()]
        named = [name for name in subs if _test_like("/".join([*parts, name]) + ".py")]
        if not (parts or level) or (not every and not (inside and level) and not named
                                    and not (parts and _test_like("/".join(parts) + ".py"))):
            continue  # inside a test package, '.customer_type' lands in it too
        base = _base(files, directory, level, parts) if parts else _base(files, directory,
                                                                          level, [""])
        if base is None:
            continue
        line = text.count("\n", 0, start) + 1
        what = f"from {'.' * level}{module} import" if level or names else f"import {module}"
        found = _module_file(files, posixpath.join(base, *parts)) if parts else None
        if found is None or not _test_like(found):
            if found is None and parts:
                continue
            for name in subs if every or (inside and level) else named:
                # the package itself is no test's: only its test submodules
                sub = _module_file(files, posixpath.join(base, *parts, name))
                if sub is not None and _test_like(sub):
                    yield sub, line, what
            continue
        for needed in _package_chain(files, base, parts):
            yield needed, line, what
        yield found, line, what
        if found.endswith("__init__.py"):  # from package import submodule
            for name in names:
                sub = _module_file(files, posixpath.join(base, *parts, name)) if name else None
                if sub is not None:
                    yield sub, line, what


def _base(files: Readable, directory: str, level: int, parts: list[str]) -> str | None:
    """The directory the module path starts from."""
    if level:
        base = directory
        for _ in range(level - 1):
            if not base:
                return None
            base = posixpath.dirname(base)
        return base
    here = directory
    while True:
        try:
            if (files.context / here / parts[0]).exists() or (
                files.context / here / f"{parts[0]}.py"
            ).is_file():
                return here
        except (OSError, ValueError):
            return None
        if not here:
            return None
        here = posixpath.dirname(here)


def _module_file(files: Readable, stem: str) -> str | None:
    for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
        try:
            if (files.context / candidate).is_file():
                return candidate.removeprefix("./")
        except (OSError, ValueError):
            return None
    return None


def _package_chain(files: Readable, base: str, parts: list[str]) -> Iterator[str]:
    """The ``__init__.py`` of each test package on the way to the module."""
    for end in range(1, len(parts)):
        directory = posixpath.join(base, *parts[:end])
        if _test_like(posixpath.join(directory, "__init__.py")):
            init = posixpath.join(directory, "__init__.py")
            try:
                if (files.context / init).is_file():
                    yield init
            except (OSError, ValueError):
                return
