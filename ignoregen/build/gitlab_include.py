"""A GitLab pipeline with the files of the repository that it includes (``include:``).

GitLab merges each ``include:``d file into the pipeline before it runs anything: jobs,
``variables`` and ``default`` may live in ``ci/build.yml`` while ``.gitlab-ci.yml`` holds
only the ``include:`` list. Only files of this repository are read: a string that is no
URL, or ``local:`` (a path from the repository's root, ``/`` or not; ``*`` and ``**``
wildcards as GitLab reads them). ``remote:``, ``project:``, ``template:`` and
``component:`` name files elsewhere: their jobs stay unknown, as they were.

The merge is GitLab's: included files first, in their order (each after the files it
includes itself), the including file on top; mappings are merged key by key, anything
else is replaced. A local include that does not exist or does not load is reported (GitLab
rejects the pipeline then) and the rest is read all the same.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen.build.yamlfile import YamlError, key_line

if TYPE_CHECKING:
    import yaml

_MOST = 150
"""Files one pipeline may include in all (GitLab's own limit)."""
_DEEPEST = 100
"""How deep includes may nest (GitLab's own limit)."""
_REMOTE = ("http://", "https://")


@dataclass(frozen=True)
class Part:
    """One file of the pipeline, as it was loaded."""

    path: Path
    document: dict[str, Any]
    node: yaml.Node | None


@dataclass
class Pipeline:
    """The merged pipeline, the files it was merged from (the main file last), and the
    local includes that could not be read: (including file, line, message)."""

    document: dict[str, Any]
    parts: list[Part]
    problems: list[tuple[Path, int | None, str]] = field(default_factory=list)

    def where(self, job: str, key: str) -> tuple[Path, int | None]:
        """The file that gives ``job`` its ``key`` (the one whose value wins the merge, or
        else the last file that has the job at all) and the key's line there."""
        holder: Part | None = None
        for part in reversed(self.parts):
            value = part.document.get(job)
            if isinstance(value, dict) and key in value:
                return part.path, key_line(part.node, job, key)
            if holder is None and isinstance(value, dict):
                holder = part
        if holder is not None:
            return holder.path, key_line(holder.node, job)
        return self.parts[-1].path, None


def load_merged(path: Path, root: Path) -> Pipeline | None:
    """The pipeline ``path`` of the repository at ``root`` with its local includes merged
    in; None when ``path`` itself is not a mapping. Raises OSError and
    :class:`~ignoregen.build.yamlfile.YamlError` for ``path`` itself."""
    from ignoregen.build.gitlab_ci import load_pipeline

    document, node = load_pipeline(path)
    if not isinstance(document, dict):
        return None
    pipeline = Pipeline({}, [])
    _gather(Part(path, document, node), root, pipeline, {os.path.realpath(path)}, 0)
    merged: dict[str, Any] = {}
    for part in pipeline.parts:
        merged = _merge(merged, part.document)
    merged.pop("include", None)
    pipeline.document = merged
    return pipeline


def _gather(part: Part, root: Path, pipeline: Pipeline, seen: set[str], depth: int) -> None:
    """Add the files ``part`` includes (each after its own includes), then ``part``."""
    from ignoregen.build.gitlab_ci import load_pipeline

    for line, pattern in _local_includes(part):
        matched = _matches(root, pattern)
        if not matched:
            what = "matches no .yml or .yaml file" if _wild(pattern) else (
                "is no .yml or .yaml file" if os.path.isfile(root / pattern.lstrip("/"))
                and not pattern.endswith(_SUFFIXES) else "does not exist")
            pipeline.problems.append((
                part.path, line,
                f"include: {pattern} {what} (GitLab rejects the pipeline); its jobs are not read",
            ))
            continue
        for found in matched:
            real = os.path.realpath(found)
            if real in seen:
                continue  # included already (or a cycle): GitLab takes a file once
            if depth >= _DEEPEST or len(seen) >= _MOST:
                pipeline.problems.append((
                    part.path, line,
                    f"include: {pattern}: more includes than GitLab allows; not read",
                ))
                return
            seen.add(real)
            try:
                document, node = load_pipeline(found)
            except (OSError, YamlError) as exc:
                reason = exc.message if isinstance(exc, YamlError) else (
                    exc.strerror or "cannot be read")
                pipeline.problems.append((
                    part.path, line, f"include: {pattern}: {reason}; its jobs are not read",
                ))
                continue
            if document is None:
                continue  # an empty file adds nothing
            if not isinstance(document, dict):
                pipeline.problems.append((
                    part.path, line,
                    f"include: {pattern} holds no mapping of jobs; not read",
                ))
                continue
            _gather(Part(found, document, node), root, pipeline, seen, depth + 1)
    pipeline.parts.append(part)


def _local_includes(part: Part) -> list[tuple[int | None, str]]:
    """(line, path pattern) of each ``include:`` of ``part`` that names a file of this
    repository."""
    value = part.document.get("include")
    items = value if isinstance(value, list) else [value] if value is not None else []
    line = key_line(part.node, "include")
    out: list[tuple[int | None, str]] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("local")
        if not isinstance(item, str) or not item.strip() or item.startswith(_REMOTE) \
                or "$" in item:
            continue  # elsewhere, or a variable that GitLab expands
        out.append((line, item.strip()))
    return out


def _wild(pattern: str) -> bool:
    return "*" in pattern


def _skipped() -> frozenset[str]:
    """Directories a wildcard include is not looked for in (the presets' skip_dirs: .git,
    node_modules, virtualenvs): no pipeline file lies there."""
    from ignoregen.knowledge.preset import load_presets

    return load_presets().skip_dirs


def _matches(root: Path, pattern: str) -> list[Path]:
    """The files of the repository a local include names, in a stable order; a path
    that leaves the repository names none, nor does a file GitLab would not take (not
    ``.yml`` or ``.yaml``)."""
    relative = pattern.lstrip("/")
    if not relative or ".." in relative.split("/"):
        return []
    if not _wild(relative):
        candidates = [root / relative]
    else:
        candidates = [root / found for found in _walk(root, _pattern(relative))]
    real_root = os.path.realpath(root)
    return [
        path for path in candidates
        if path.name.endswith(_SUFFIXES) and path.is_file()
        and os.path.realpath(path).startswith(real_root + os.sep)
    ]


_SUFFIXES = (".yml", ".yaml")


def _pattern(text: str) -> re.Pattern[str]:
    """GitLab's wildcards: ``*`` within one directory, ``**`` across directories
    (``ci/**.yml``: every depth below ``ci``; ``ci/**/*.yml``: below its subdirectories
    too); anything else is literal."""
    out = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(re.escape(text[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _walk(root: Path, pattern: re.Pattern[str]) -> list[str]:
    out = []
    skipped = _skipped()
    for directory, names, files in os.walk(root):
        names[:] = sorted(name for name in names if name not in skipped)
        base = os.path.relpath(directory, root).replace(os.sep, "/")
        for name in sorted(files):
            if name.endswith(_SUFFIXES):
                relative = name if base == "." else f"{base}/{name}"
                if pattern.match(relative):
                    out.append(relative)
    return out


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` merged onto ``base``: mappings key by key, anything else replaced."""
    out = dict(base)
    for key, value in over.items():
        old = out.get(key)
        out[key] = _merge(old, value) if isinstance(old, dict) and isinstance(value, dict) \
            else value
    return out
