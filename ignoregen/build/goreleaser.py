"""The Dockerfiles that GoReleaser builds, from a configuration at the repository's root
(``.goreleaser.yaml``, ``.goreleaser.yml``, ``goreleaser.yaml``, ``goreleaser.yml``) or in
its ``.config/`` directory (``.config/goreleaser.yaml``, which GoReleaser looks for first:
kubereboot/kured keeps its ``dockers_v2`` there).

An entry of ``dockers`` or ``dockers_v2`` names a Dockerfile (``dockerfile``, by default
``Dockerfile``, relative to the root). GoReleaser builds it in a temporary directory that
holds the binaries and packages it made for the platform (``COPY mytool /usr/bin/``,
``COPY $TARGETPLATFORM/*.apk /tmp/``) and the entry's ``extra_files``: not the repository,
and not with the repository's ``.dockerignore``. Found by its name alone, such a Dockerfile
was checked with its own directory as the context: a ``COPY LICENSE`` that ``extra_files``
provides was called excluded by the root's allow-list (IG201, an error) though GoReleaser's
context has no ignore file at all.

So a Dockerfile that only GoReleaser builds is not a build of its directory: it is left out
with a note (IG005). Its directory's ignore file is not called stray either: a developer may
build the Dockerfile there after ``goreleaser build --snapshot``. One that a script, CI step
or compose file builds too is checked as that definition says. A ``dockerfile`` written with
a template (``{{ .Env.DOCKERFILE }}``) is not known, and not read.

A ``kos`` entry builds an image with ko, from Go packages: no Docker context at all
(:func:`ko_images`, which check asks as it asks the presets' ``image_builders``).
"""

from __future__ import annotations

import os
from pathlib import Path

from ignoregen.build.discover import BuildProblem, Discovery, ProblemKind
from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

# GoReleaser's own order: the first one found is the configuration.
FILES = (".config/goreleaser.yml", ".config/goreleaser.yaml", ".goreleaser.yml",
         ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml")
_SECTIONS = ("dockers", "dockers_v2")


def config_of(root: Path) -> Path | None:
    """The GoReleaser configuration at ``root``, if any."""
    return next((root / name for name in FILES if (root / name).is_file()), None)


def ko_images(root: Path) -> tuple[str, str] | None:
    """(where, tool) when the GoReleaser configuration at ``root`` builds images with ko
    (a ``kos`` entry): no Docker context, no ignore file read; else None."""
    path = config_of(root)
    if path is None:
        return None
    try:
        document, _ = load_yaml_kept(path)
    except (OSError, YamlError):
        return None
    entries = document.get("kos") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not any(isinstance(e, dict) for e in entries):
        return None
    return f"{path.name} kos", "GoReleaser (with ko)"


def dockerfiles(path: Path, root: Path) -> list[tuple[Path, str, int | None]]:
    """(Dockerfile, section, line) of each entry of the configuration ``path`` whose
    Dockerfile is known and lies in the repository at ``root``."""
    try:
        document, node = load_yaml_kept(path)
    except (OSError, YamlError):
        return []
    if not isinstance(document, dict):
        return []
    out: list[tuple[Path, str, int | None]] = []
    for section in _SECTIONS:
        entries = document.get(section)
        for index, entry in enumerate(entries if isinstance(entries, list) else ()):
            if not isinstance(entry, dict):
                continue
            name = entry.get("dockerfile", "Dockerfile")
            if not isinstance(name, str) or not name.strip() or "{{" in name:
                continue
            dockerfile = Path(os.path.normpath(root / name.strip()))
            if root not in dockerfile.parents:
                continue
            line = key_line(node, section, index, "dockerfile") or key_line(node, section, index)
            out.append((dockerfile, section, line))
    return out


def read_root(root: Path, found: Discovery) -> None:
    """Leave out the Dockerfiles that only GoReleaser builds (the configuration at
    ``root``), each with a note; call it after every other definition is read."""
    path = config_of(root)
    if path is None:
        return
    built = {os.path.normpath(build.dockerfile) for build in found.builds}
    shown = path.relative_to(root).as_posix()
    noted: set[Path] = set()
    for dockerfile, section, line in dockerfiles(path, root):
        if dockerfile in noted or os.path.normpath(dockerfile) in built \
                or not dockerfile.is_file():
            continue
        noted.add(dockerfile)
        found.claimed.append(dockerfile)
        found.unanalysed_contexts.append(dockerfile.parent)
        found.problems.append(BuildProblem(
            ProblemKind.SKIPPED, path, line,
            f"GoReleaser builds {dockerfile.relative_to(root).as_posix()} ({shown} "
            f"{section}) in a context of its own: the binaries and packages it made, and "
            "the entry's extra_files, not this directory and not with its ignore file; "
            "that build is not checked",
            hint="nothing to fix: check the Dockerfile with -f if you also build it from "
            "the repository",
        ))
