"""What a CircleCI pipeline (``.circleci/config.yml``) builds, and writes into the checkout
first.

A job's ``run`` steps are shell commands (a string, or ``command:`` with an optional
``working_directory``) run in the job's working directory, where its ``checkout`` step put
the repository: a ``docker build -f docker/Dockerfile .`` there builds the checkout's root.
Found by its name alone, such a Dockerfile was taken with ``docker/`` as its context, and
the root's .dockerignore was said to serve no build (IG002). Each run step is a shell of
its own: a ``cd`` in one does not move the next.

Only what can be known is read: a job whose ``checkout`` step names a ``path``, a step
whose ``working_directory`` is not a plain relative path, and a command with a pipeline
or command parameter (``<< parameters.x >>``, ``<< pipeline.git.tag >>``) in a word that
matters are left unread. Orb commands (``docker/build``) and reusable ``commands:`` run
steps this reader does not expand: their builds stay unknown, as they were.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build.discover import Discovery
from ignoregen.build.step_writes import written_paths
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

CONFIG = (".circleci", "config.yml")
_PARAMETER = re.compile(r"<<\s*[^<>]*?\s*>>")
"""A CircleCI parameter: its value is only known when the pipeline runs."""


def is_config(path: Path, root: Path) -> bool:
    """Is ``path`` the repository's CircleCI configuration?"""
    return path == root.joinpath(*CONFIG)


def _shell(text: str) -> str:
    """The command with each parameter made a variable nobody knows (a word that holds
    one is not read)."""
    return _PARAMETER.sub("${CIRCLECI_PARAMETER}", text)


def _run_steps(document: Any) -> Iterator[tuple[str, tuple[object, ...], str, str]]:
    """(job, key path of the step, directory relative to the checkout, command) of each
    ``run`` step of the jobs that check the repository out where they run."""
    jobs = document.get("jobs") if isinstance(document, dict) else None
    for name, job in jobs.items() if isinstance(jobs, dict) else ():
        steps = job.get("steps") if isinstance(job, dict) else None
        if not isinstance(name, str) or not isinstance(steps, list):
            continue
        checked_out = False
        for index, step in enumerate(steps):
            if step == "checkout":
                checked_out = True
                continue
            if isinstance(step, dict) and "checkout" in step:
                given = step["checkout"]
                if isinstance(given, dict) and given.get("path") not in (None, "."):
                    break  # the code is elsewhere: what follows is not read
                checked_out = True
                continue
            run = step.get("run") if isinstance(step, dict) else None
            if not checked_out or run is None:
                continue
            command, where = run, "."
            if isinstance(run, dict):
                command, where = run.get("command"), run.get("working_directory", ".")
            if not isinstance(command, str) or not isinstance(where, str):
                continue
            where = posixpath.normpath(where.strip() or ".")
            if where.startswith(("/", "~", "..")) or "$" in where or "<<" in where:
                continue
            yield name, ("jobs", name, "steps", index), where, _shell(command)


def _said(job: object) -> Iterator[str]:
    """The step names (an orb's ``docker/build``) and run commands of a job."""
    steps = job.get("steps") if isinstance(job, dict) else None
    for step in steps if isinstance(steps, list) else ():
        if isinstance(step, str):
            yield step
        elif isinstance(step, dict):
            for key, value in step.items():
                yield str(key)
                command = value.get("command") if isinstance(value, dict) else value
                if key == "run" and isinstance(command, str):
                    yield command


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the ``run`` steps of the configuration ``path`` run in a
    checkout of ``root``."""
    from ignoregen.build.scripts import add_builds

    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return
    shown = path.relative_to(root).as_posix()
    for job, keys, where, command in _run_steps(document):
        first = key_line(node, *keys) or 1
        add_builds(command, root / where, path, f"{shown}: {job}", found, first,
                   cd_persists=True)


def written(root: Path) -> list[tuple[str, str]]:
    """(checkout-relative path, ``.circleci/config.yml:line``) for each path that a ``run``
    step of a job that may build an image writes into the checkout."""
    return list(_written(str(root)))


@functools.lru_cache(maxsize=16)
def _written(root_text: str) -> tuple[tuple[str, str], ...]:
    from ignoregen.build.workflows import _BUILDS

    root = Path(root_text)
    path = root.joinpath(*CONFIG)
    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return ()
    steps = list(_run_steps(document))
    jobs = document.get("jobs") if isinstance(document, dict) else None
    building = {name for name, job in (jobs.items() if isinstance(jobs, dict) else ())
                if _BUILDS.search(" ".join(_said(job)))}
    shown = path.relative_to(root).as_posix()
    out: list[tuple[str, str]] = []
    for job, keys, where, command in steps:
        if job in building:
            line = key_line(node, *keys) or 1
            out.extend((place, f"{shown}:{line}") for place in written_paths(command, where))
    return tuple(out)
