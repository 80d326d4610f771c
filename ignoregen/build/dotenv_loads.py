"""Environment files an application loads at boot by name: Ruby's dotenv gem
(:func:`dotenv_loads`) and Symfony's Dotenv (:func:`symfony_env_files`).

errbit's config/load.rb runs ``Dotenv.load(".env.default")``: a committed file of default
settings that the application reads from its working directory (the Rails root, where
its Gemfile is). Named like a secret, it fell under ``**/.env.*``, and the
image booted without its defaults. Only names that exist are given: a developer's
``.env.local`` loaded the same way is theirs (needs of the secret category that git does
not track are dropped as a developer's own, :mod:`ignoregen.build.pruned`).

The forms read: a string literal (relative to the working directory, the application's
root), ``Rails.root.join("x")``, ``File.expand_path("x", __dir__)`` and
``File.join(__dir__, "x")`` (relative to the file). Anything built at run time
(interpolation, variables) is not followed.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_CALL = re.compile(r"\bDotenv(?:::Railtie)?\.(?:over)?load!?\s*(\(?)")
_STRING = r"""(?:"([^"#\\]*)"|'([^'\\]*)')"""
_ARGUMENT = re.compile(
    r"\s*(?:Rails\.root\.join\(\s*(?P<root>" + _STRING + r")\s*\)"
    r"|File\.(?:expand_path|join)\(\s*(?:__dir__\s*,\s*)?(?P<here>" + _STRING
    + r")\s*(?:,\s*(?:__dir__|File\.dirname\(__FILE__\))\s*)?\)"
    r"|(?P<cwd>" + _STRING + r"))\s*(?P<next>,)?"
)


def _literal(group: str | None) -> str | None:
    if not group:
        return None
    return group[1:-1] or None


def _bundle_root(files: Readable, directory: str) -> str | None:
    """The nearest directory at or above ``directory`` that holds a Gemfile: where Bundler
    and the application run (the Rails root), or None."""
    while True:
        if files.text(posixpath.join(directory, "Gemfile")) is not None:
            return directory
        if not directory:
            return None
        directory = posixpath.dirname(directory)


_MODIFIER = re.compile(r"\s(?:if|unless)\s")
_BRANCH = re.compile(r"(?:if|unless|elsif|else|when|case)\b")


def _conditional(text: str, at: int) -> bool:
    """Is the call at ``at`` made only on a condition: a trailing ``if``/``unless`` on its
    line (huginn's ``Dotenv.overload File.expand_path('../spec/env.test', __dir__) if
    Rails.env.test?``), or inside a branch (the nearest line above indented less opens
    one)? What the tests or development load is no image's need."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    if _MODIFIER.search(text[at:end if end >= 0 else len(text)]):
        return True
    indent = at - start - len(text[start:at].lstrip())
    for above in reversed(text[:start].splitlines()):
        stripped = above.lstrip()
        if stripped and not stripped.startswith("#") and len(above) - len(stripped) < indent:
            return bool(_BRANCH.match(stripped))
    return False


def dotenv_loads(files: Readable, path: str, text: str) -> Iterator[Found]:
    """The files ``path`` (a Ruby file of the application's configuration) loads with
    Dotenv, ``/``-rooted at the context; only those the context holds."""
    if "Dotenv" not in text:
        return
    here = posixpath.dirname(path)
    root = _bundle_root(files, here)
    for call in _CALL.finditer(text):
        if _conditional(text, call.start()):
            continue
        line = text.count("\n", 0, call.start()) + 1
        at = call.end()
        while True:
            argument = _ARGUMENT.match(text, at)
            if argument is None:
                break
            relative = _literal(argument.group("here"))
            base = here
            if relative is None:
                relative = _literal(argument.group("root")) or _literal(argument.group("cwd"))
                base = root if root is not None else ""
                if root is None:
                    relative = None  # no Gemfile above: the working directory is unknown
            if relative is not None and not relative.startswith("/"):
                joined = posixpath.normpath(posixpath.join(base, relative))
                if not joined.startswith("..") and files.text(joined) is not None:
                    shown = " ".join(text[call.start():argument.end()].split()).rstrip(",")
                    yield "/" + joined, line, shown[:60] + (")" if call.group(1) else "")
            if not argument.group("next"):
                break
            at = argument.end()


def symfony_env_files(files: Readable, path: str, text: str) -> Iterator[Found]:
    """The ``.env.<environment>`` files beside ``path`` (the composer.json of a project
    with Symfony's Dotenv): Symfony loads ``.env.$APP_ENV`` after ``.env``, and the image
    picks the environment (Part-DB's ``ENV APP_ENV=docker`` reads the committed
    ``.env.docker``, whose ``APP_DEBUG=0`` keeps debug mode off). Committed, they are the
    project's defaults; a developer's (``.env.prod.local``, ``.env.local.php``) is left
    out by name, and one git does not track is dropped with the other local secrets.
    Those of the test and development environments (the presets' ``test_environments``:
    ``.env.test``, ``.env.dev``) are no image's."""
    del text
    from ignoregen.knowledge.preset import load_presets

    presets = files.presets or load_presets()
    tests = {word.lower() for word in presets.secret_values.test_environments}
    directory = posixpath.dirname(path)
    try:
        names = sorted(os.listdir(files.context / directory))
    except OSError:
        return
    for name in names:
        if not name.startswith(".env.") or ".local" in name[4:]:
            continue
        if all(word in tests for word in re.split(r"[-._]", name[5:].lower())):
            continue  # .env.test, .env.dev: what tests and development load
        if files.text(posixpath.join(directory, name)) is not None:
            yield name, 0, "Symfony's Dotenv loads .env.$APP_ENV"
