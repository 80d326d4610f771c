"""Build files of a project template: not builds of the repository as they stand.

A cookiecutter template keeps the project it generates below a directory named
``{{cookiecutter.project_slug}}``; copier names directories and files with Jinja
expressions (``{{ project_name }}``, ``{% if docker %}...{% endif %}``) and marks the files
it renders with a suffix (``Dockerfile.jinja``; ``.j2`` for Ansible's templates). Their
Dockerfiles and compose files hold template markup (``{% if ... %}`` lines, ``{{ ... }}``
values) and their paths do not exist until the template is rendered: read as they stand,
they are broken builds and invalid YAML, which they are not. Discovery leaves them alone
and says where they are (:attr:`~ignoregen.build.discover.Discovery.templates`); a
definition outside a template that names such a file is read as any other.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

_MARKUP = re.compile(r"\{\{.*\}\}|\{%.*%\}")
"""A Jinja expression or statement in a file or directory name."""

TEMPLATE_SUFFIXES = (".jinja", ".jinja2", ".j2")
"""Suffixes of files that a template engine renders (copier's default is ``.jinja``)."""


def template_place(relative: str) -> str | None:
    """For a file at ``relative`` (a path below the project root, ``/``-separated): the
    directory (root-relative, ``.`` for the root) of the template it belongs to, or None.

    That is the first directory on its way whose name holds template markup; else, when
    its own name holds markup or ends with a template suffix, the directory it lies in.
    """
    if "{" not in relative and not relative.endswith(TEMPLATE_SUFFIXES):
        return None
    parts = relative.split("/")
    for depth, part in enumerate(parts[:-1]):
        if _MARKUP.search(part):
            return "/".join(parts[: depth + 1])
    if _MARKUP.search(parts[-1]) or parts[-1].endswith(TEMPLATE_SUFFIXES):
        return "/".join(parts[:-1]) or "."
    return None


def outside_templates(
    entries: Iterable[tuple[str, str]],
    root: Path,
    counts: dict[str, int],
    wanted: Callable[[str], object],
) -> Iterator[tuple[str, str]]:
    """The (path as text, name) of ``entries`` (files below ``root``), without the files
    whose name ``wanted`` accepts that belong to a template; those are counted in
    ``counts`` by the template's directory."""
    for text, name in entries:
        if ("{" in text or name.endswith(TEMPLATE_SUFFIXES)) and wanted(name) is not None:
            place = template_place(os.path.relpath(text, root).replace(os.sep, "/"))
            if place is not None:
                counts[place] = counts.get(place, 0) + 1
                continue
        yield text, name
