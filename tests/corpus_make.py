"""Make (or refresh) one fixture of the real-repository corpus from a bare git mirror.

    python tests/corpus_make.py /path/to/mirror.git owner/name [--keep PATH ...]

Writes ``tests/corpus/<owner>__<name>/``: ``tree.tsv`` (mode, size and path of every
tracked file at HEAD), ``files/`` (the text of the files that decide what a build reads:
Dockerfiles, compose files, ignore files, manifests, build scripts, CI workflows; large
lockfiles are kept empty, their presence is what matters) and ``source.toml``. ``--keep``
adds files the name rules miss (a script that a RUN calls, a config a test reads).
``expected.toml`` is written by hand, from reading the repository; this tool never
touches it.

The fixture holds facts about a public repository (its file list and a few small
configuration files) as test data; it is not part of ignoregen.
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

from corpus import CORPUS, stored_name

# Files kept whole, by name (fnmatch on the last path component).
DECISIVE_NAMES = (
    "Dockerfile*", "dockerfile*", "*.Dockerfile", "*.dockerfile", "Containerfile*",
    "*.containerfile",
    "*compose*.yml", "*compose*.yaml", "docker-bake.*", "skaffold.yaml",
    ".dockerignore", "*.dockerignore", ".containerignore", ".gitignore",
    "package.json", "pnpm-workspace.yaml", "lerna.json", "nx.json", "turbo.json", ".npmrc",
    ".yarnrc", ".yarnrc.yml", ".nvmrc", ".node-version", ".python-version", ".ruby-version",
    ".tool-versions", "vite.config.*", "next.config.*", "svelte.config.*", "nuxt.config.*",
    "pyproject.toml", "setup.py", "setup.cfg", "MANIFEST.in", "requirements*.txt",
    "Pipfile", "hatch.toml", "pytest.ini", "tox.ini", "manage.py",
    "go.mod", "go.work",
    "Cargo.toml", "build.rs", "rust-toolchain", "rust-toolchain.toml",
    "Gemfile", "*.gemspec", "Procfile*",
    "composer.json", "artisan",
    "*.csproj", "*.fsproj", "*.sln", "Directory.Build.props", "Directory.Packages.props",
    "global.json", "NuGet.config", "nuget.config",
    "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts",
    "gradle.properties", "gradle-wrapper.properties", "maven-wrapper.properties",
    "Makefile", "makefile", "GNUmakefile", "justfile", "Justfile", "Taskfile.yml",
    "devcontainer.json", ".devcontainer.json",
    ".env", ".env.*", "*.env", "env.example", "*.env.example", ".gitlab-ci.yml",
)
# Kept by name, but empty when large: only their presence decides.
LOCKFILES = (
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
    "bun.lock", "poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "Cargo.lock",
    "Gemfile.lock", "composer.lock", "go.sum", "packages.lock.json", "gradle.lockfile",
)
LOCK_LIMIT = 4_096
MISSING = 4 * 1024 * 1024
FILE_LIMIT = 200_000
SKIP_DIRS = ("node_modules/", "vendor/", "testdata/", "third_party/")
EMBED = re.compile(rb"^//go:embed\s", re.MULTILINE)
INCLUDE = re.compile(rb"\binclude_(str|bytes)!\s*\(")


def git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={mirror}", *args], check=True, capture_output=True
    ).stdout


def tracked(mirror: Path) -> list[tuple[str, int, str, str]]:
    """(mode, size, object, path) of every entry at HEAD (submodules have size 0)."""
    rows = []
    for line in git(mirror, "ls-tree", "-r", "-l", "-z", "HEAD").split(b"\0"):
        if not line:
            continue
        meta, path = line.split(b"\t", 1)
        mode, kind, obj, size = meta.split()
        # A blob the snapshot lacks (4 MiB and more) shows as BAD: record the lower bound.
        bytes_ = 0 if kind == b"commit" else MISSING if size == b"BAD" else int(size)
        rows.append((mode.decode(), bytes_, obj.decode(),
                     path.decode("utf-8", "surrogateescape")))
    return rows


def decisive(path: str, mode: str, blob: bytes | None) -> str | None:
    """Why the file is kept ('' for whole, 'lock' for a lockfile), or None."""
    name = path.rsplit("/", 1)[-1]
    if mode not in ("100644", "100755"):
        return None
    in_skipped = any(f"/{d}" in f"/{path}" for d in SKIP_DIRS)
    if path.startswith(".github/workflows/") and name.endswith((".yml", ".yaml")):
        return "whole"
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in LOCKFILES):
        return None if in_skipped else "lock"
    if name == ".gitignore" or (name.endswith(("ignore",)) and "docker" in name):
        return "whole"
    if in_skipped:
        return None
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in DECISIVE_NAMES):
        return "whole"
    if blob is not None and name.endswith(".go") and EMBED.search(blob):
        return "whole"
    if blob is not None and name.endswith(".rs") and INCLUDE.search(blob):
        return "whole"
    return None


def licence(mirror: Path, paths: list[str]) -> str:
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING", "LICENCE", "license"):
        if name in paths:
            text = git(mirror, "show", f"HEAD:{name}")[:3000].decode("utf-8", "replace")
            for marker, spdx in (
                ("GNU AFFERO GENERAL PUBLIC LICENSE", "AGPL-3.0"),
                ("GNU LESSER GENERAL PUBLIC", "LGPL"),
                ("GNU GENERAL PUBLIC LICENSE", "GPL"),
                ("Apache License", "Apache-2.0"),
                ("MIT License", "MIT"),
                ("Permission is hereby granted, free of charge", "MIT"),
                ("Mozilla Public License", "MPL-2.0"),
                ("BSD", "BSD"),
                ("Business Source License", "BUSL-1.1"),
            ):
                if marker in text:
                    return spdx
            return f"see {name}"
    return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mirror", type=Path)
    parser.add_argument("repo")
    parser.add_argument("--keep", action="append", default=[])
    args = parser.parse_args(argv)
    mirror: Path = args.mirror
    dest = CORPUS / args.repo.replace("/", "__")
    rows = tracked(mirror)
    paths = [row[3] for row in rows]
    unknown = set(args.keep) - set(paths)
    if unknown:
        print(f"not tracked: {sorted(unknown)}", file=sys.stderr)
        return 2
    if (dest / "files").exists():
        shutil.rmtree(dest / "files")
    dest.mkdir(parents=True, exist_ok=True)
    with open(dest / "tree.tsv", "w", encoding="utf-8", errors="surrogateescape") as out:
        out.write("# mode\tsize\tpath (git ls-tree -r -l HEAD)\n")
        for mode, size, _, path in rows:
            out.write(f"{mode}\t{size}\t{path}\n")
    kept = 0
    for mode, size, obj, path in rows:
        blob = None
        if size <= FILE_LIMIT and path.endswith((".go", ".rs")) and mode.startswith("100"):
            blob = git(mirror, "cat-file", "blob", obj)
        why = "whole" if path in args.keep or mode == "120000" else decisive(path, mode, blob)
        if why is None:
            continue
        if (why == "lock" and size > LOCK_LIMIT) or size >= MISSING:
            content = b""
        elif size > FILE_LIMIT:
            print(f"{path}: {size} bytes, kept empty", file=sys.stderr)
            content = b""
        else:
            content = blob if blob is not None else git(mirror, "cat-file", "blob", obj)
        target = dest / "files" / stored_name(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        kept += 1
    commit = git(mirror, "rev-parse", "HEAD").decode().strip()
    date = git(mirror, "log", "-1", "--format=%cs", "HEAD").decode().strip()
    (dest / "source.toml").write_text(
        f'repo = "{args.repo}"\n'
        f'url = "https://github.com/{args.repo}"\n'
        f'commit = "{commit}"\n'
        f'commit_date = "{date}"\n'
        f'fetched = "{datetime.date.today().isoformat()}"\n'
        f'licence = "{licence(mirror, paths)}"\n'
        f"files = {len(rows)}\n"
        f"kept = {kept}\n",
        encoding="utf-8",
    )
    print(f"{dest.name}: {len(rows)} tracked, {kept} kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
