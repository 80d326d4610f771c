"""Compose services that run an image a CI workflow builds from this context and pushes.

A compose service need not build its image to run this build's: postal's test job runs
``docker compose run postal sh -c 'bundle exec rspec'`` where the service is
``image: ${POSTAL_IMAGE}``, and the job's ``env`` sets that variable to the name the build
job pushed with ``docker/build-push-action`` (``tags:``), built from the repository. The
commands such a service runs are run inside this build's image (see
:func:`ignoregen.build.needs._image_commands`): the suite they name must stay in the
context.

Only what the workflow writes without an expression links the two: the pushed name's
repository part (``ghcr.io/postalserver/postal``) must be plain text, equal in the tag and
in the variable's value; the tag after the ``:`` may be anything (``ci-${{ github.sha }}``).
A step without ``context`` builds the Git context, a clone of this repository at the
commit: its root.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.yamlfile import YamlError, load_yaml_kept

_VARIABLE_IMAGE = re.compile(r"\$(?:\{([A-Za-z_]\w*)(?::?[-?][^}]*)?\}|([A-Za-z_]\w*))")


def image_variable(image: object) -> str | None:
    """The variable a compose ``image:`` is made of alone (``${POSTAL_IMAGE}``,
    ``${APP_IMAGE:-app:dev}``, ``$IMAGE``), or None."""
    if not isinstance(image, str):
        return None
    match = _VARIABLE_IMAGE.fullmatch(image.strip())
    return None if match is None else match.group(1) or match.group(2)


def repository_of(name: str) -> str | None:
    """The repository part of an image name (``ghcr.io/a/b`` of ``ghcr.io/a/b:ci-1``, a
    registry's port kept), or None when an expression hides it."""
    text = name.strip().split("@", 1)[0]
    colon = text.rfind(":")
    if colon > text.rfind("/"):
        text = text[:colon]
    return None if not text or "$" in text or "{" in text else text


def pushed_services(
    root: Path, shown: str, here: Path, dockerfiles: set[Path],
    variables: Mapping[str, str],
) -> set[str]:
    """The services of ``variables`` (service name -> the variable its image is) that the
    workflow ``root/shown`` runs this build's image as: a ``docker/build-push-action`` step
    of it builds ``here`` (with one of ``dockerfiles``, when given) under a name whose
    repository the workflow's, a job's or a step's ``env`` gives the variable."""
    from ignoregen.build.workflows import is_workflow  # (read only for such a service)

    path = root / shown
    if not variables or not is_workflow(path, root):
        return set()
    try:
        document, _ = load_yaml_kept(path)
    except (OSError, YamlError, RecursionError):
        return set()
    built = set(_built_names(document, root, here, dockerfiles))
    if not built:
        return set()
    given: dict[str, set[str]] = {}
    for table in _env_tables(document):
        for key, value in table.items():
            repository = repository_of(value) if isinstance(value, str) else None
            if repository is not None:
                given.setdefault(str(key), set()).add(repository)
    return {service for service, variable in variables.items()
            if given.get(variable, set()) & built}


def _built_names(document: Any, root: Path, here: Path, dockerfiles: set[Path]) -> Iterator[str]:
    """The repositories of the names that build-push-action steps push for ``here``."""
    from ignoregen.build.workflows import ACTIONS, _action, _steps

    for _, step in _steps(document):
        if _action(step) not in ACTIONS:
            continue
        given = step.get("with")
        if not isinstance(given, dict):
            continue
        context_text = given.get("context", ".")
        file_text = given.get("file")
        if not isinstance(context_text, str) or "${{" in context_text:
            continue
        context = Path(os.path.normpath(root / context_text))
        if fileio.real(context) != here:
            continue
        if file_text is not None:
            if not isinstance(file_text, str) or "${{" in file_text:
                continue
            dockerfile = Path(os.path.normpath(root / file_text))
        else:
            dockerfile = context / "Dockerfile"
        if dockerfiles and fileio.real(dockerfile) not in dockerfiles:
            continue
        tags = given.get("tags")
        names = tags if isinstance(tags, list) else re.split(r"[,\n]", tags) \
            if isinstance(tags, str) else []
        for name in names:
            repository = repository_of(name) if isinstance(name, str) else None
            if repository is not None:
                yield repository


def _env_tables(document: Any) -> Iterator[dict[Any, Any]]:
    """The ``env`` tables of the workflow, of its jobs and of their steps."""
    from ignoregen.build.workflows import _steps

    if not isinstance(document, dict):
        return
    tables: list[Any] = [document.get("env")]
    jobs = document.get("jobs")
    if isinstance(jobs, dict):
        tables.extend(job.get("env") for job in jobs.values() if isinstance(job, dict))
    tables.extend(step.get("env") for _, step in _steps(document))
    yield from (table for table in tables if isinstance(table, dict))
