"""Builds that a GitHub Actions workflow runs with ``docker/build-push-action`` (and the
``docker build`` commands of its ``run`` steps, see :mod:`ignoregen.build.scripts`).

A workflow in ``.github/workflows/`` of the repository runs in a checkout of it: a step
``uses: docker/build-push-action@...`` builds ``with.context`` (relative to the checkout)
with ``with.file`` (relative to the checkout too; ``<context>/Dockerfile`` when absent)
and ``with.target``. Such a step names a build that no compose file may know of: a
Dockerfile kept in ``docker/`` but built with the repository root as its context.

A step ``uses: docker/bake-action@...`` runs bake in the checkout (or its ``workdir``), on
the bake files of ``with.files``: their targets' contexts are relative to that directory
(see :func:`bake_files_run`), whatever directory the bake file lies in. So do the
``docker buildx bake -f FILE`` commands of ``run`` steps.

Only what can be known without running the workflow is read: a step without a
``context`` builds the Git context (a clone, not this directory), and a value holding an
expression (``${{ ... }}``) is left alone. A workflow that cannot be read adds nothing:
it defines no build of its own, and GitHub reports its errors.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen.build.discover import REMOTE_PREFIXES, Build, Discovery
from ignoregen.build.scripts import UNKNOWN, add_builds, bake_runs
from ignoregen.build.step_writes import written_paths
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept, text_line

if TYPE_CHECKING:
    from ignoregen.build.bake import BakeRun  # imported where one is made: bake is large

ACTION = "docker/build-push-action"
ACTIONS = (ACTION, "useblacksmith/build-push-action")
"""docker/build-push-action and the drop-in forks that take the same inputs (Blacksmith's
runs the build on its builders: polar's deploy.yml builds server/ with it)."""
BAKE_ACTION = "docker/bake-action"
WORKFLOW_DIR = (".github", "workflows")
WORKFLOW_SUFFIXES = (".yml", ".yaml")


ACTIONS_DIR = (".github", "actions")
ACTION_FILES = ("action.yml", "action.yaml")


def is_workflow(path: Path, root: Path) -> bool:
    """Is ``path`` a workflow file of the repository at ``root``, or the file of one of its
    own composite actions (``.github/actions/NAME/action.yml``, which a workflow runs with
    ``uses: ./.github/actions/NAME``: its ``run`` steps run in the checkout as a job's do;
    temporal's build-docker-images action runs ``docker buildx bake -f
    docker/docker-bake.hcl`` there)?"""
    if path.parent == root.joinpath(*WORKFLOW_DIR):
        return path.name.endswith(WORKFLOW_SUFFIXES)
    return path.name in ACTION_FILES and path.is_relative_to(root.joinpath(*ACTIONS_DIR))


def _steps(document: Any) -> Iterator[tuple[tuple[object, ...], dict[str, Any]]]:
    """(key path, step) for every step of every job, or of a composite action."""
    runs = document.get("runs") if isinstance(document, dict) else None
    steps = runs.get("steps") if isinstance(runs, dict) else None
    if isinstance(steps, list):
        for index, step in enumerate(steps):
            if isinstance(step, dict):
                yield ("runs", "steps", index), step
    jobs = document.get("jobs") if isinstance(document, dict) else None
    if not isinstance(jobs, dict):
        return
    for job_name, job in jobs.items():
        steps = job.get("steps") if isinstance(job, dict) else None
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                yield ("jobs", job_name, "steps", index), step


def _known(value: object) -> str | None:
    """A value given as plain text, without an expression; None otherwise."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return None if not text or "${{" in text else text


_WORKSPACE = re.compile(r"^\$\{\{\s*github\.workspace\s*\}\}(?=/|$)/?")


CHECKOUT_ACTION = "actions/checkout"


def _checked_out_at(document: Any, keys: tuple[object, ...]) -> str | None:
    """Where (workspace-relative) the job of the step at ``keys`` checks this repository
    out with ``actions/checkout``'s ``path`` (containerd's release job:
    ``src/github.com/containerd/containerd``); "" for the workspace itself, None when an
    expression hides it."""
    jobs = document.get("jobs") if isinstance(document, dict) else None
    job = jobs.get(keys[1]) if keys[:1] == ("jobs",) and isinstance(jobs, dict) else None
    steps = job.get("steps") if isinstance(job, dict) else None
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict) or _action(step) != CHECKOUT_ACTION:
            continue
        given = step.get("with")
        given = given if isinstance(given, dict) else {}
        repository = given.get("repository")
        if repository is not None and not re.fullmatch(
                r"\$\{\{\s*github\.repository\s*\}\}", str(repository).strip()):
            continue  # another repository's checkout
        if given.get("path") is None:
            return ""
        place = _known(given.get("path"))
        if place is None:
            return None
        place = os.path.normpath(place).replace(os.sep, "/")
        return "" if place == "." else place
    return ""


def _directory(step: dict[str, Any], document: Any = None,
               keys: tuple[object, ...] = ()) -> str | None:
    """The directory (checkout-relative) a ``run`` step runs in; None when an expression
    hides it, or when it lies outside the job's checkout of the repository. ``${{
    github.workspace }}`` is the workspace, where the checkout lies unless its ``path``
    puts it below."""
    given = step.get("working-directory")
    if isinstance(given, str):
        given = _WORKSPACE.sub("", given.strip()) or "."
    where = _known(given or ".")
    checkout = _checked_out_at(document, keys)
    if where is None or not checkout:
        return where if checkout == "" else None
    where = os.path.normpath(where).replace(os.sep, "/")
    if where == checkout:
        return "."
    return where[len(checkout) + 1:] if where.startswith(checkout + "/") else None


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the workflow ``path`` runs in a checkout of ``root``."""
    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return
    seen = {(b.context, b.dockerfile, b.target) for b in found.builds}
    shown = path.relative_to(root).as_posix()
    for keys, step in _steps(document):
        run = step.get("run")
        if isinstance(run, str):
            where = _directory(step, document, keys)
            if where is not None and UNKNOWN not in where:
                first = text_line(node, *keys, "run") or key_line(node, *keys, "run") or 1
                add_builds(run, root / where, path, shown, found, first, cd_persists=True)
            continue
        uses = step.get("uses")
        if not isinstance(uses, str) or uses.split("@", 1)[0].strip() not in ACTIONS:
            continue
        given = step.get("with")
        if not isinstance(given, dict) or "context" not in given:
            continue
        matrices: list[dict[str, Any] | None] = [None]
        if keys[0] == "runs":  # a composite action: the matrices of the jobs that run it
            matrices = [*_caller_matrices(path, root)] or [None]
        given = _from_workspace(given, document, keys)
        for matrix in matrices:
            for one in _expanded(document, keys[1], given, matrix):
                _add_action_build(one, step, keys, root, path, shown, node, seen, found)


def _from_workspace(given: dict[str, Any], document: Any,
                    keys: tuple[object, ...]) -> dict[str, Any]:
    """``with`` with a context or file given from ``${{ github.workspace }}`` made relative
    to the checkout, as a plain path is read (microcks' build-container.yml builds
    ``context: ${{github.workspace}}/webapp`` with ``file: webapp/src/main/docker/Dockerfile``);
    left as given when the job checks the repository out where an expression hides, or
    the path lies outside that checkout."""
    checkout = _checked_out_at(document, keys)
    out = dict(given)
    for field in ("context", "file"):
        text = given.get(field)
        if checkout is None or not isinstance(text, str) or not _WORKSPACE.match(text.strip()):
            continue
        rest = os.path.normpath(_WORKSPACE.sub("", text.strip()) or ".").replace(os.sep, "/")
        if checkout and rest != checkout and not rest.startswith(checkout + "/"):
            continue
        out[field] = rest[len(checkout):].lstrip("/") or "." if checkout else rest
    return out


def _caller_matrices(action: Path, root: Path) -> list[dict[str, Any]]:
    """The matrices of the workflow jobs that run the composite action ``action``
    (``uses: ./.github/actions/build-container``): its steps see the caller's ``matrix``
    (gleam's action builds ``containers/${{ matrix.base-image }}.dockerfile`` for the ten
    base images its release-containers workflow lists)."""
    wanted = action.parent
    out: list[dict[str, Any]] = []
    folder = root.joinpath(*WORKFLOW_DIR)
    try:
        files = sorted(p for p in folder.iterdir() if p.name.endswith(WORKFLOW_SUFFIXES))
    except OSError:
        return out
    for workflow in files:
        try:
            document, _ = load_yaml_kept(workflow)
        except (OSError, YamlError):
            continue
        jobs = document.get("jobs") if isinstance(document, dict) else None
        for job in (jobs.values() if isinstance(jobs, dict) else ()):
            steps = job.get("steps") if isinstance(job, dict) else None
            uses = [step.get("uses") for step in steps if isinstance(step, dict)] \
                if isinstance(steps, list) else []
            if not any(isinstance(text, str) and text.startswith("./")
                       and os.path.normpath(root / text.split("@", 1)[0]) == str(wanted)
                       for text in uses):
                continue
            strategy = job.get("strategy")
            matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
            if isinstance(matrix, dict) and matrix not in out:
                out.append(matrix)
    return out


MAX_MATRIX_JOBS = 256
"""The most jobs a matrix makes in one GitHub Actions workflow run: a larger product (a
file built to be hostile, or a mistake) fails there, and is not multiplied out here."""
_MATRIX = re.compile(r"\$\{\{\s*matrix\.([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)?)\s*\}\}")


def _choices(matrix: dict[Any, Any], head: str, names: list[str]) -> list[dict[str, str]] | None:
    """The values that the matrix key ``head`` gives the expressions ``names`` (``head``,
    or ``head.KEY`` for a list of mappings), one mapping per job; None when they are not
    plain words. llama.cpp's docker.yml lists ``config: [{tag: cpu, dockerfile:
    .devops/cpu.Dockerfile, ...}, ...]`` and builds ``file: ${{ matrix.config.dockerfile }}``:
    the keys of one entry go together."""
    items = matrix.get(head)
    if not isinstance(items, list) or not items:
        return None
    out = []
    for item in items:
        chosen = {}
        for name in names:
            value = item if name == head else (
                item.get(name.split(".", 1)[1]) if isinstance(item, dict) else None)
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                return None
            chosen[name] = str(value)
        out.append(chosen)
    return out


def _expanded(document: Any, job: object, given: dict[str, Any],
              matrix: Any = None) -> list[dict[str, Any]]:
    """``with`` once per value of the job's matrix (or ``matrix``, a composite action's
    caller's) that its context, file and target name (``file:
    ${{ matrix.component }}/docker/Dockerfile`` with ``component: [backend, frontend]``:
    hedgedoc builds both from the root; ``${{ matrix.config.dockerfile }}`` with a list of
    mappings under ``config``). Only plain words count; the step is taken as written
    otherwise (and skipped if an expression is left)."""
    fields = ("context", "file", "target")
    names = sorted({name for field in fields if isinstance(given.get(field), str)
                    for name in _MATRIX.findall(given[field])})
    if not names:
        return [given]
    if matrix is None:
        jobs = document.get("jobs") if isinstance(document, dict) else None
        job_entry = jobs.get(job) if isinstance(jobs, dict) else None
        strategy = job_entry.get("strategy") if isinstance(job_entry, dict) else None
        matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    if not isinstance(matrix, dict):
        return [given]
    values: list[list[dict[str, str]]] = []
    for head in sorted({name.split(".", 1)[0] for name in names}):
        choices = _choices(matrix, head, [n for n in names if n.split(".", 1)[0] == head])
        if choices is None:
            return [given]
        values.append(choices)
    if math.prod(len(items) for items in values) > MAX_MATRIX_JOBS:
        return [given]  # no run has that many jobs: the step as written (then skipped)
    out = []
    for combination in itertools.product(*values):
        chosen = {name: text for part in combination for name, text in part.items()}

        def value(match: re.Match[str], chosen: dict[str, str] = chosen) -> str:
            return chosen[match.group(1)]

        out.append({**given, **{field: _MATRIX.sub(value, given[field])
                                for field in fields if isinstance(given.get(field), str)}})
    return out


def _add_action_build(
    given: dict[str, Any], step: dict[str, Any], keys: tuple[object, ...], root: Path,
    path: Path, shown: str, node: Any, seen: set[tuple[Path, Path, str | None]],
    found: Discovery,
) -> None:
    """Add the build of one ``docker/build-push-action`` step (its ``with`` given)."""
    context_text = _known(given.get("context"))
    if context_text is None or context_text.startswith(REMOTE_PREFIXES):
        return
    context = Path(os.path.normpath(root / context_text))
    if "file" in given:
        file_text = _known(given.get("file"))
        if file_text is None:
            return
        dockerfile = Path(os.path.normpath(root / file_text))
    else:
        dockerfile = context / "Dockerfile"
    given_target = given.get("target")
    target = _known(given_target)
    if given_target is not None and target is None:
        return
    if root not in (context, *context.parents) or not context.is_dir() \
            or not dockerfile.is_file():
        if "file" in given and context.is_dir() and not os.path.lexists(dockerfile):
            found.unanalysed_contexts.append(context)  # an earlier step writes it
        return  # (a context above the checkout is another repository's, as in pipelines.py)
    name = step.get("name") or f"step {keys[-1]}"
    add_step_build(found, seen, (context, dockerfile, target), f"{shown}: {keys[1]} ({name})",
                   path, node, keys, ("with", "context", "file", "target"))


def add_step_build(
    found: Discovery, seen: set[tuple[Path, Path, str | None]],
    build: tuple[Path, Path, str | None], origin: str, path: Path, node: Any,
    keys: tuple[object, ...], names: tuple[str, str, str, str],
) -> None:
    """Add the build (context, Dockerfile, target) of a CI step at ``keys`` of the file
    ``path`` (YAML ``node``) once: ``names`` are the step's table of settings and its keys
    for the context, the Dockerfile and the target, whose lines the build points at."""
    if build in seen:
        found.built_again(build)
        return
    seen.add(build)
    table, *fields = names
    lines = {
        "build": key_line(node, *keys),
        **{field: key_line(node, *keys, table, name)
           for field, name in zip(("context", "dockerfile", "target"), fields, strict=True)},
    }
    found.builds.append(Build(
        context=build[0],
        dockerfile=build[1],
        target=build[2],
        origin=origin,
        defined_in=path,
        lines=tuple((field, line) for field, line in lines.items() if line),
    ))


def _action(step: dict[str, Any]) -> str:
    uses = step.get("uses")
    return uses.split("@", 1)[0].strip() if isinstance(uses, str) else ""


def bake_files_run(path: Path, root: Path) -> list[BakeRun]:
    """The bake files that the workflow ``path`` runs, each with the directory bake runs
    in: a ``docker/bake-action`` step's ``files`` (relative to its ``workdir``, the
    checkout by default; with ``source`` absent, bake reads the Git context, the repository
    itself, the same tree), and the ``docker buildx bake -f`` commands of ``run`` steps."""
    from ignoregen.build.bake import BakeRun

    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return []
    shown = path.relative_to(root).as_posix()
    out: list[BakeRun] = []
    for keys, step in _steps(document):
        run = step.get("run")
        if isinstance(run, str):
            where = _directory(step, document, keys)
            if where is not None and UNKNOWN not in where:
                first = text_line(node, *keys, "run") or key_line(node, *keys, "run") or 1
                out.extend(bake_runs(run, root / where, shown, first))
            continue
        given = step.get("with")
        if _action(step) != BAKE_ACTION or not isinstance(given, dict):
            continue
        source = given.get("source")
        workdir = _known(given.get("workdir") or ".")
        files = _known(given.get("files"))
        if workdir is None or files is None or (source is not None and _known(source) != "."):
            continue
        base = Path(os.path.normpath(root / workdir))
        line = key_line(node, *keys, "with", "files") or key_line(node, *keys) or 1
        for item in re.split(r"[\n,]", files):
            item = item.strip().removeprefix("cwd://")
            if item and not item.startswith(REMOTE_PREFIXES):
                out.append(BakeRun(Path(os.path.normpath(base / item)), base, f"{shown}:{line}"))
    return out


DOWNLOAD_ACTION = "actions/download-artifact"


def downloaded_paths(root: Path) -> list[tuple[str, str]]:
    """(directory relative to ``root``, where it is said) for each ``actions/download-artifact``
    step of the repository's workflows: a CI job fills that directory before it builds
    (rustdesk-server's ``path: docker-classic/`` holds the binaries its Dockerfile copies);
    and for each path a ``run`` step writes (:mod:`ignoregen.build.step_writes`).
    Without ``path`` a named artifact lands in the checkout's root; a path holding an
    expression says nothing."""
    return [(where, said) for where, said, _ in _downloaded(str(root))]


def written_by_run(context: Path, path: str) -> str | None:
    """Where (``workflow:line``) a ``run`` step of the repository's CI workflows writes
    ``path`` (context-relative) itself, or None: solidtime's release job runs
    ``cp .env.production .env`` and then builds an image whose ``RUN cat .env`` reads it,
    so a clean checkout lacks the file, and the build that CI runs has it. An artifact
    downloaded into a directory names no file: only a run step's own target counts. Only a
    job that may build an image counts (:func:`_may_build`): epic-stack's lint and test
    jobs run ``cp .env.example .env``, and the image is built by another job, whose
    checkout has no ``.env``."""
    found = _in_repository(context, path)
    if found is None:
        return None
    repo, full = found
    return next((said for where, said, by_run in _downloaded(str(repo))
                 if by_run and where == full), None)


def made_in_ci(context: Path, path: str) -> str | None:
    """Where (``workflow:line``) a CI step puts ``path`` (context-relative), or a directory
    above it, into the checkout, or None: a run step's own target (``wget -O models/x.pt``
    in a job that may build an image) or the directory an artifact is downloaded into. A
    step that writes the checkout's root names nothing."""
    found = _in_repository(context, path)
    if found is None:
        return None
    repo, full = found
    return next((said for where, said, _ in _downloaded(str(repo))
                 if where and (full == where or full.startswith(where + "/"))), None)


def _in_repository(context: Path, path: str) -> tuple[Path, str] | None:
    """The work tree around ``context`` and ``path`` (context-relative) relative to it;
    None when the context is not inside it."""
    from ignoregen.lint.maybe import repository_root

    repo = repository_root(context, context)
    try:
        base = context.relative_to(repo).as_posix()
    except ValueError:
        return None
    return repo, path if base in ("", ".") else f"{base}/{path}"


@functools.lru_cache(maxsize=16)
def _downloaded(root_text: str) -> tuple[tuple[str, str, bool], ...]:
    root = Path(root_text)
    directory = root.joinpath(*WORKFLOW_DIR)
    try:
        names = sorted(entry.name for entry in os.scandir(directory) if entry.is_file())
    except OSError:
        names = []
    out: list[tuple[str, str, bool]] = []
    for name in names:
        path = directory / name
        if not is_workflow(path, root):
            continue
        try:
            document, node = load_yaml_kept(path)
        except (OSError, YamlError):
            continue
        shown = path.relative_to(root).as_posix()
        builds: dict[object, bool] = {}  # by job: each job's steps searched once
        for keys, step in _steps(document):
            run = step.get("run")
            if isinstance(run, str) and not step.get("uses"):
                job = keys[1] if keys[:1] == ("jobs",) else None
                if job not in builds:
                    builds[job] = _may_build(document, keys)
                if not builds[job]:
                    continue
                workdir = _directory(step, document, keys)
                line = key_line(node, *keys, "run") or key_line(node, *keys) or 1
                for where in written_paths(run, workdir) if workdir is not None else ():
                    out.append((where, f"{shown}:{line}", True))
                continue
            if _action(step) != DOWNLOAD_ACTION:
                continue
            given = step.get("with")
            given = given if isinstance(given, dict) else {}
            if "path" in given:
                place = _known(given.get("path"))
                if place is None or place.startswith(("~", "/")):
                    continue
            elif "name" in given:
                place = "."
            else:
                continue
            where = os.path.normpath(place).replace(os.sep, "/")
            if where.startswith(".."):
                continue
            line = key_line(node, *keys) or 1
            out.append(("" if where == "." else where, f"{shown}:{line}", False))
    from ignoregen.build import bitbucket, circleci, gitlab_ci, pipelines

    for written in (gitlab_ci.written, pipelines.written, circleci.written, bitbucket.written):
        out.extend((where, said, True) for where, said in written(root))
    return tuple(out)


# What a step of a job that builds an image says, in its ``uses`` or its ``run``: a
# container tool, a build-push or bake action, or something that may call one out of sight
# (make, just, a task runner, a shell script). A job none of whose steps says any of it
# (checkout, setup-node, npm run lint, npx prisma ...) builds no image.
_BUILDS = re.compile(
    r"docker|podman|buildah|buildx|kaniko|nerdctl|\bbake\b|compose|skaffold|earthly|depot"
    r"|flyctl|\bfly\s+deploy|superfly|gcloud|cloudrun|railway|heroku|kamal|container|\bimage"
    r"|\becr\b|\bacr\b|buildpack|\bjib|\bko\s+(?:build|publish|apply)|\bpack\s+build"
    r"|\bmake\b|\bjust\b|\btask\b|\bnix\b|\.sh\b|\bbash\s|\bsh\s",
    re.IGNORECASE,
)


def _may_build(document: Any, keys: tuple[object, ...]) -> bool:
    """Whether the job of the step at ``keys`` may build an image: one of its steps uses an
    action or runs a command that :data:`_BUILDS` finds. A composite action's steps run in
    whatever job calls it, so they may."""
    jobs = document.get("jobs") if isinstance(document, dict) else None
    job = jobs.get(keys[1]) if keys[:1] == ("jobs",) and isinstance(jobs, dict) else None
    if not isinstance(job, dict):
        return True
    steps = job.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict):
            continue
        for key in ("uses", "run"):
            text = step.get(key)
            if isinstance(text, str) and _BUILDS.search(text):
                return True
    return False


def downloaded_into(context: Path, path: str) -> bool:
    """Does a step of the repository's CI workflows download an artifact where ``path``
    (context-relative) lies (rustdesk-server's ``docker-classic/hbbs``)?"""
    found = _in_repository(context, path)
    if found is None:
        return False
    repo, full = found
    return any(
        not where or full == where or full.startswith(where + "/")
        for where, _ in downloaded_paths(repo)
    )
