"""What a GitLab CI job (``.gitlab-ci.yml``) writes into the checkout before it builds.

A GitLab job runs its ``before_script`` and ``script`` lines in the clone's root
(``$CI_PROJECT_DIR``). LibraryOfCongress/fetch-vue's build jobs write ``env/.env`` with
``echo ... > env/.env`` and then run kaniko on the clone: a clean checkout lacks the file,
which ``.gitignore`` lists, but the build the pipeline runs reads it (the Containerfile's
``COPY --from=build-stage /app/env/.env``). Only a job that may build an image counts
(the same words as a GitHub workflow's job: :data:`ignoregen.build.workflows._BUILDS`),
with the lines of the ``default:`` (or top-level) ``before_script`` and of the jobs it
``extends``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ignoregen.build.step_writes import written_paths
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

FILE = ".gitlab-ci.yml"
_KEYWORDS = frozenset({
    "stages", "variables", "default", "include", "workflow", "image", "services",
    "before_script", "after_script", "cache", "spec",
})
"""Top-level keys that are no job."""
_SCRIPTS = ("before_script", "script")


def _lines(value: object) -> Iterator[str]:
    """The shell lines of a script value: a string, or a list of strings and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _lines(item)


def _jobs(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in document.items():
        if isinstance(name, str) and name not in _KEYWORDS and isinstance(job, dict):
            yield name, job


def _inherited(document: dict[str, Any], name: str, key: str, seen: frozenset[str]) -> object:
    """The job's ``key``, from itself or the jobs it ``extends`` (the last one first)."""
    job = document.get(name)
    if not isinstance(job, dict) or name in seen:
        return None
    if key in job:
        return job[key]
    parents = job.get("extends")
    for parent in reversed([parents] if isinstance(parents, str) else
                           parents if isinstance(parents, list) else []):
        if isinstance(parent, str):
            found = _inherited(document, parent, key, seen | {name})
            if found is not None:
                return found
    return None


def written(root: Path) -> list[tuple[str, str]]:
    """(checkout-relative path, ``.gitlab-ci.yml:line``) for each path a job that may build
    an image writes (see the module's docstring)."""
    return list(_written(str(root)))


@functools.lru_cache(maxsize=16)
def _written(root_text: str) -> tuple[tuple[str, str], ...]:
    from ignoregen.build.workflows import _BUILDS

    path = Path(root_text) / FILE
    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return ()
    if not isinstance(document, dict):
        return ()
    default = document.get("default")
    default_before = (default.get("before_script") if isinstance(default, dict) else None) \
        or document.get("before_script")
    out: list[tuple[str, str]] = []
    for name, _ in _jobs(document):
        scripts = {key: _inherited(document, name, key, frozenset()) for key in _SCRIPTS}
        if scripts["before_script"] is None:
            scripts["before_script"] = default_before
        text = "\n".join(line for key in _SCRIPTS for line in _lines(scripts[key]))
        if name.startswith(".") or not _BUILDS.search(text):
            continue  # a template runs only in the jobs that extend it
        line = key_line(node, name, "script") or key_line(node, name) or 1
        for where in written_paths(text):
            out.append((where, f"{FILE}:{line}"))
    return tuple(out)
