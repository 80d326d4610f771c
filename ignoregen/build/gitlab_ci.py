"""What a GitLab CI job (``.gitlab-ci.yml``) builds, and writes into the checkout first.

A GitLab job runs its ``before_script`` and ``script`` lines in the clone's root
(``$CI_PROJECT_DIR``). LibraryOfCongress/fetch-vue's build jobs write ``env/.env`` with
``echo ... > env/.env`` and then run kaniko on the clone: a clean checkout lacks the file,
which ``.gitignore`` lists, but the build the pipeline runs reads it (the Containerfile's
``COPY --from=build-stage /app/env/.env``). Only a job that may build an image counts
(the same words as a GitHub workflow's job: :data:`ignoregen.build.workflows._BUILDS`),
with the lines of the ``default:`` (or top-level) ``before_script`` and of the jobs it
``extends``.

The builds are the ``docker build`` (``podman``, ``buildx``) lines of a job's scripts and
kaniko's ``/kaniko/executor --context ... --dockerfile ... --target ...``, with
``$CI_PROJECT_DIR`` standing for the clone's root and the plain values of the pipeline's
and the job's ``variables`` put in: a Dockerfile found by its name alone is
taken with its own directory as the context, and ``docker/Dockerfile`` built from the root
was checked (and ``init`` wrote its ignore file) in ``docker/``. A line with any other
variable in its context, Dockerfile or target is not read.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen.build.step_writes import written_paths
from ignoregen.build.yamlfile import YamlError

if TYPE_CHECKING:
    import yaml

    from ignoregen.build.discover import Discovery

FILE = ".gitlab-ci.yml"
_KEYWORDS = frozenset({
    "stages", "variables", "default", "include", "workflow", "image", "services",
    "before_script", "after_script", "cache", "spec",
})
"""Top-level keys that are no job."""
_SCRIPTS = ("before_script", "script")


class Reference(tuple[object, ...]):
    """GitLab's ``!reference [job, key, ...]``: the value at that path of the pipeline."""


def load_pipeline(path: Path) -> tuple[Any, yaml.Node | None]:
    """The pipeline's value and node tree, GitLab's ``!reference`` tag known (any other
    tag is an error, as for compose files). Raises OSError and :class:`YamlError`."""
    stat = os.stat(path)
    return _load_version(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_version(path: str, mtime_ns: int, size: int) -> tuple[Any, yaml.Node | None]:
    import yaml

    from ignoregen.build.yamlfile import _error, _loader, _text

    class Loader(_loader(True)):  # type: ignore[misc]
        pass

    def reference(loader: yaml.SafeLoader, node: yaml.Node) -> Reference:
        if not isinstance(node, yaml.SequenceNode):
            return Reference()
        return Reference(loader.construct_sequence(node, deep=True))

    Loader.add_constructor("!reference", reference)
    text = _text(Path(path))
    try:
        node = yaml.compose(text, Loader=Loader)
        if node is None:
            return None, None
        loader = Loader("")
        try:
            return loader.construct_document(node), node
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _error(exc, text) from None
    except RecursionError:
        raise YamlError(None, "not valid YAML: nested too deeply") from None


def _lines(value: object, document: object = None, depth: int = 0) -> Iterator[str]:
    """The shell lines of a script value: a string, or a list of strings, lists and
    ``!reference`` tags (followed ten deep at most)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Reference):
        if depth < 10:
            found: object = document
            for key in value:
                found = found.get(key) if isinstance(found, dict) else None
            yield from _lines(found, document, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _lines(item, document, depth)


def _jobs(document: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, job in document.items():
        if isinstance(name, str) and name not in _KEYWORDS and isinstance(job, dict):
            yield name, job


def _inherited(document: dict[str, Any], name: str, key: str, seen: frozenset[str]) -> object:
    """The job's ``key``, from itself or the jobs it ``extends`` (the last one first)."""
    giver = _giver(document, name, key, seen)
    if giver is None:
        return None
    job = document[giver]
    return job[key] if isinstance(job, dict) else None


def _giver(document: dict[str, Any], name: str, key: str, seen: frozenset[str]) -> str | None:
    """The job whose ``key`` the job ``name`` has: itself, or one it ``extends`` (the last
    one first), followed up the chain."""
    job = document.get(name)
    if not isinstance(job, dict) or name in seen:
        return None
    if key in job:
        return name if job[key] is not None else None
    parents = job.get("extends")
    for parent in reversed([parents] if isinstance(parents, str) else
                           parents if isinstance(parents, list) else []):
        if isinstance(parent, str):
            found = _giver(document, parent, key, seen | {name})
            if found is not None:
                return found
    return None


_PROJECT_DIR = re.compile(r"\$(?:\{CI_PROJECT_DIR\}|CI_PROJECT_DIR\b)")
_KANIKO = re.compile(r"(?:^|[\s;&|(])(?:/kaniko/)?executor(?=\s)")
_KANIKO_END = re.compile(r"\s(?:&&|\|\||;|\|)\s|;\s*$")


def is_gitlab_ci(path: Path, root: Path) -> bool:
    """Is ``path`` the repository's GitLab CI pipeline?"""
    return path.name == FILE and path.parent == root


def _script_lines(document: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(job, script key, shell line) of each job that runs (templates left out)."""
    for name, _ in _jobs(document):
        if name.startswith("."):
            continue
        for key in _SCRIPTS:
            for line in _lines(_inherited(document, name, key, frozenset()), document):
                yield name, key, line


def kaniko_arguments(line: str) -> tuple[str, str | None, str | None] | None:
    """(context, Dockerfile or None, target or None) of a kaniko executor command in
    ``line`` (``$CI_PROJECT_DIR`` already replaced), or None when it has none or a value
    cannot be read."""
    match = _KANIKO.search(line)
    if match is None:
        return None
    rest = line[match.end():]
    end = _KANIKO_END.search(rest)
    try:
        words = shlex.split(rest[: end.start()] if end else rest, comments=True)
    except ValueError:
        return None
    given: dict[str, str] = {}
    names = {"--context": "context", "-c": "context", "--dockerfile": "dockerfile",
             "-f": "dockerfile", "--target": "target"}
    for index, word in enumerate(words):
        name, equals, value = word.partition("=")
        if name in names and equals:
            given[names[name]] = value
        elif word in names and index + 1 < len(words):
            given[names[word]] = words[index + 1]
    context = given.get("context", ".")
    if context.startswith("dir://"):
        context = context[len("dir://"):] or "."
    elif "://" in context:
        return None  # a bucket or a git repository: not this checkout
    values = (context, given.get("dockerfile"), given.get("target"))
    if any(value is not None and ("$" in value or "`" in value or not value)
           for value in values):
        return None
    return values


def read_file(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that the jobs of the pipeline ``path`` run in a clone of ``root``."""
    from ignoregen.build.discover import BuildProblem, ProblemKind
    from ignoregen.build.gitlab_include import load_merged
    from ignoregen.build.scripts import _logical_lines, add_builds, moves

    try:
        pipeline = load_merged(path, root)
    except (OSError, YamlError):
        return
    if pipeline is None:
        return
    for including, at, message in pipeline.problems:
        found.problems.append(BuildProblem(
            ProblemKind.ASSUMED, including, at, message,
            hint="correct the path or the file: GitLab runs no job of a pipeline whose "
            "local include fails",
        ))
    document = pipeline.document
    seen = {(b.context, b.dockerfile, b.target) for b in found.builds}
    moved: set[str] = set()  # jobs whose shell left the clone's root: later lines unread
    for job, key, line in _script_lines(document):
        if job in moved:
            continue
        text = _PROJECT_DIR.sub(".", _expanded(line, _variables(document, job)))
        # the lines are where the script is written: a template's, in its own file
        defined_in, at = pipeline.where(_giver(document, job, key, frozenset()) or job, key)
        first = at or 1
        shown = defined_in.relative_to(root).as_posix()
        add_builds(text, root, defined_in, f"{shown}: {job}", found, first, cd_persists=True)
        for number, logical in _logical_lines(text):
            if moves(logical):
                moved.add(job)
                break
            given = kaniko_arguments(logical)
            if given is not None:
                _add_kaniko(given, root, defined_in,
                            f"{shown}:{first + number - 1} ({job}: kaniko)",
                            first + number - 1, seen, found)


_VARIABLE = re.compile(r"\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))")


def _variables(document: dict[str, Any], job: str) -> dict[str, str]:
    """The pipeline's and the job's ``variables`` (the job's, or those of the jobs it
    ``extends``, over the pipeline's) whose value is plain text: ``$CI_PROJECT_DIR`` is
    the clone's root, a reference to another variable known here is put in (GitLab expands
    them: baserow's jobs set ``DOCKERFILE_PATH: $BACKEND_DOCKERFILE_PATH``, which the
    pipeline sets to ``$CI_PROJECT_DIR/backend/Dockerfile``), any other ``$`` (or
    ``expand: false``) leaves the variable unknown."""
    given: dict[str, str | None] = {}
    for table in (document.get("variables"), _inherited(document, job, "variables",
                                                        frozenset())):
        for name, value in (table.items() if isinstance(table, dict) else ()):
            raw = value.get("value") if isinstance(value, dict) else value
            if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
                given[str(name)] = None
                continue
            text = _PROJECT_DIR.sub(".", str(raw))
            literal = isinstance(value, dict) and value.get("expand") is False
            given[str(name)] = None if "`" in text or (literal and "$" in text) else text
    out = {name: text for name, text in given.items() if text is not None and "$" not in text}
    for _ in range(5):  # references to references, a few deep
        more = {name: _expanded(text, out) for name, text in given.items()
                if name not in out and text is not None}
        more = {name: text for name, text in more.items() if "$" not in text}
        if not more:
            break
        out.update(more)
    return out


def _expanded(line: str, variables: dict[str, str]) -> str:
    """``line`` with the known ``variables`` put in (``$NAME``, ``${NAME}``)."""
    if not variables or "$" not in line:
        return line

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        return variables.get(name, match.group(0))

    return _VARIABLE.sub(value, line)


def _add_kaniko(
    given: tuple[str, str | None, str | None], root: Path, path: Path, origin: str, line: int,
    seen: set[tuple[Path, Path, str | None]], found: Discovery,
) -> None:
    from ignoregen.build.discover import Build

    context = Path(os.path.normpath(root / given[0]))
    dockerfile = Path(os.path.normpath(root / given[1])) if given[1] else None
    if dockerfile is None or not dockerfile.is_file():
        # kaniko takes a Dockerfile not found where it runs relative to the context
        dockerfile = Path(os.path.normpath(context / (given[1] or "Dockerfile")))
    if root not in (context, *context.parents) or not context.is_dir() \
            or not dockerfile.is_file():
        return
    build = (context, dockerfile, given[2])
    if build in seen:
        found.built_again(build)
        return
    seen.add(build)
    found.builds.append(Build(
        context=context, dockerfile=dockerfile, target=given[2], origin=origin,
        defined_in=path, lines=(("build", line),),
    ))


def written(root: Path) -> list[tuple[str, str]]:
    """(checkout-relative path, ``.gitlab-ci.yml:line``) for each path a job that may build
    an image writes (see the module's docstring)."""
    return list(_written(str(root)))


@functools.lru_cache(maxsize=16)
def _written(root_text: str) -> tuple[tuple[str, str], ...]:
    from ignoregen.build.gitlab_include import load_merged
    from ignoregen.build.workflows import _BUILDS

    root = Path(root_text)
    try:
        pipeline = load_merged(root / FILE, root)
    except (OSError, YamlError):
        return ()
    if pipeline is None:
        return ()
    document = pipeline.document
    default = document.get("default")
    default_before = (default.get("before_script") if isinstance(default, dict) else None) \
        or document.get("before_script")
    out: list[tuple[str, str]] = []
    for name, _ in _jobs(document):
        scripts = {key: _inherited(document, name, key, frozenset()) for key in _SCRIPTS}
        if scripts["before_script"] is None:
            scripts["before_script"] = default_before
        text = "\n".join(line for key in _SCRIPTS for line in _lines(scripts[key], document))
        if name.startswith(".") or not _BUILDS.search(text):
            continue  # a template runs only in the jobs that extend it
        giver = _giver(document, name, "script", frozenset()) or name
        defined_in, line = pipeline.where(giver, "script")
        shown = defined_in.relative_to(root).as_posix()
        for where in written_paths(text):
            out.append((where, f"{shown}:{line or 1}"))
    return tuple(out)
