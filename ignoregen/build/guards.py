"""Files a build reads although no ``COPY`` names them.

``pip install .`` reads the ``readme`` that pyproject declares; setuptools-scm asks
git for the version; ``npm`` installs the ``bin`` and ``files`` of package.json;
version managers read ``.nvmrc``. Excluding any of them breaks a build that ran
fine on a laptop. Each guard says what must stay, why, and where that came from,
so that ``init`` keeps it and ``explain`` can say so.
"""

from __future__ import annotations

import configparser
import fnmatch
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen.build.dockerfile import DockerfileReads

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class Guard:
    """A context path (or Docker-style glob) that must stay in the context."""

    path: str
    reason: str
    origin: str
    """The file and key (or instruction) the guard comes from."""
    warning: str | None = None
    """Something the user should know even though the path is kept."""


VERSION_FILES = (".python-version", ".ruby-version", ".nvmrc", ".node-version", ".tool-versions")
_TEST_COMMAND = re.compile(
    r"\b(pytest|tox|nox|npm (run )?test|yarn test|pnpm test|go test|cargo test|mvn\b[^&;|]*\b"
    r"(test|verify)|gradle\w* [^&;|]*\btest|rspec|rake test|phpunit|dotnet test)\b"
)
TEST_PATHS = (
    "tests",
    "test",
    "spec",
    "__tests__",
    "conftest.py",
    "pytest.ini",
    "tox.ini",
    "noxfile.py",
    "setup.cfg",
    "jest.config.js",
    "jest.config.ts",
    "vitest.config.ts",
    "vitest.config.js",
    "phpunit.xml",
    "phpunit.xml.dist",
    ".rspec",
)
_SCM_BACKENDS = {
    "setuptools_scm": "setuptools-scm",
    "setuptools-scm": "setuptools-scm",
    "hatch-vcs": "hatch-vcs",
    "hatch_vcs": "hatch-vcs",
    "poetry-dynamic-versioning": "poetry-dynamic-versioning",
    "versioningit": "versioningit",
    "pdm-backend": None,
}
_GIT_WARNING = (
    "the version is computed from git: keep .git in the context, and note that excluding "
    "tracked files makes the version 'dirty'"
)


def _load_toml(path: Path) -> dict[str, Any]:
    data, _ = _read_toml(path)
    return data


def _read_toml(path: Path) -> tuple[dict[str, Any], str | None]:
    """A TOML file's data, or nothing and why (not UTF-8 text, not TOML, unreadable)."""
    try:
        with path.open("rb") as stream:
            data: dict[str, Any] = tomllib.load(stream)
    except OSError as exc:
        return {}, f"cannot be read ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return {}, "is not UTF-8 text"
    except tomllib.TOMLDecodeError as exc:
        return {}, f"is not valid TOML ({exc})"
    return data, None


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _pyproject(context: Path, manifest: str) -> Iterator[Guard]:
    path = context / manifest
    data = _load_toml(path)
    if not data:
        return
    base = manifest.rsplit("/", 1)[0] + "/" if "/" in manifest else ""
    readme = _get(data, "project", "readme")
    if isinstance(readme, dict):
        readme = readme.get("file")
    if isinstance(readme, str):
        yield Guard(
            base + readme, "pip builds the package metadata from it", f"{manifest}: project.readme"
        )
    license_ = _get(data, "project", "license")
    if isinstance(license_, dict) and isinstance(license_.get("file"), str):
        yield Guard(
            base + license_["file"], "declared as the license file", f"{manifest}: project.license"
        )
    for pattern in _get(data, "project", "license-files") or []:
        if isinstance(pattern, str):
            yield Guard(
                base + pattern, "declared in license-files", f"{manifest}: project.license-files"
            )
    poetry_readme = _get(data, "tool", "poetry", "readme")
    for item in [poetry_readme] if isinstance(poetry_readme, str) else poetry_readme or []:
        if isinstance(item, str):
            yield Guard(
                base + item,
                "Poetry builds the package metadata from it",
                f"{manifest}: tool.poetry.readme",
            )
    dynamic = _get(data, "tool", "setuptools", "dynamic") or {}
    for key, spec in dynamic.items() if isinstance(dynamic, dict) else []:
        files = spec.get("file") if isinstance(spec, dict) else None
        for item in [files] if isinstance(files, str) else files or []:
            if isinstance(item, str):
                yield Guard(
                    base + item,
                    f"setuptools reads the {key} from it",
                    f"{manifest}: tool.setuptools.dynamic.{key}",
                )
    requires = " ".join(str(r) for r in _get(data, "build-system", "requires") or [])
    tools = _get(data, "tool") or {}
    backend = next(
        (name for key, name in _SCM_BACKENDS.items() if name and (key in requires or key in tools)),
        None,
    )
    if backend is None and _get(data, "tool", "hatch", "version", "source") == "vcs":
        backend = "hatch-vcs"
    if backend is None and _get(data, "tool", "pdm", "version", "source") == "scm":
        backend = "pdm-backend (scm)"
    if backend is not None:
        yield Guard(
            ".git",
            f"{backend} computes the version from git",
            f"{manifest}: build system",
            _GIT_WARNING,
        )


def _setup_files(context: Path, manifest: str) -> Iterator[Guard]:
    base = manifest.rsplit("/", 1)[0] + "/" if "/" in manifest else ""
    if manifest.endswith("setup.cfg"):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(context / manifest, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            return
        for key in ("long_description", "license_file", "license_files", "version"):
            value = parser.get("metadata", key, fallback="")
            if value.startswith("file:") or key.startswith("license_file"):
                for item in re.split(r"[,\s]+", value.removeprefix("file:")):
                    if item:
                        yield Guard(
                            base + item,
                            f"setuptools reads metadata.{key} from it",
                            f"{manifest}: metadata.{key}",
                        )
        if parser.has_section("versioneer"):
            yield Guard(
                ".git",
                "versioneer computes the version from git",
                f"{manifest}: [versioneer]",
                _GIT_WARNING,
            )
        return
    try:
        text = (context / manifest).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    for name in sorted(
        set(re.findall(r"""["']([\w./-]+\.(?:md|rst|txt|cfg|json|toml|in))["']""", text))
    ):
        if (context / base / name).is_file():
            yield Guard(base + name, "setup.py refers to it", f"{manifest}: string {name!r}")
    if "versioneer" in text or "setuptools_scm" in text or "use_scm_version" in text:
        yield Guard(".git", "setup.py computes the version from git", manifest, _GIT_WARNING)


def _package_json(context: Path, manifest: str) -> Iterator[Guard]:
    try:
        data: Any = json.loads((context / manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict):
        return
    base = manifest.rsplit("/", 1)[0] + "/" if "/" in manifest else ""
    if isinstance(data.get("main"), str):
        yield Guard(
            base + data["main"].removeprefix("./"), "the package's entry point", f"{manifest}: main"
        )
    bins = data.get("bin")
    targets = (
        [bins] if isinstance(bins, str) else list(bins.values()) if isinstance(bins, dict) else []
    )
    for target in targets:
        if isinstance(target, str):
            yield Guard(
                base + target.removeprefix("./"), "an executable npm installs", f"{manifest}: bin"
            )
    for pattern in data.get("files") or []:
        if isinstance(pattern, str):
            yield Guard(
                base + pattern.removeprefix("./").rstrip("/"),
                "published with the package",
                f"{manifest}: files",
            )


def _vite_env(context: Path, manifest: str) -> Iterator[Guard]:
    """Vite and Next read ``.env`` and ``.env.production`` at build time as configuration."""
    try:
        data: Any = json.loads((context / manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    deps = (
        {**(data.get("dependencies") or {}), **(data.get("devDependencies") or {})}
        if isinstance(data, dict)
        else {}
    )
    tool = next((name for name in ("vite", "next", "nuxt") if name in deps), None)
    if tool is None:
        return
    base = manifest.rsplit("/", 1)[0] + "/" if "/" in manifest else ""
    for name in (".env", ".env.production"):
        if (context / base / name).is_file():
            yield Guard(
                base + name,
                f"{tool} reads it at build time as configuration",
                f"{manifest}: {tool}",
                f"{tool} inlines public variables from {name} into the bundle: keep secrets "
                "in .env.local or .env.*.local, which are not sent",
            )


def _needs(path: str, reads: Iterable[DockerfileReads]) -> bool:
    """Is ``path`` inside what some Dockerfile copies (or is the whole context copied)?"""
    return any(source.covers(path) for dockerfile in reads for source in dockerfile.sources)


def _workspaces(context: Path) -> list[str]:
    """The workspace globs the context's root manifests declare (npm/yarn ``workspaces``,
    ``pnpm-workspace.yaml``, uv's ``tool.uv.workspace.members``)."""
    globs: list[str] = []
    try:
        data: Any = json.loads((context / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict):
        spaces = data.get("workspaces")
        if isinstance(spaces, dict):
            spaces = spaces.get("packages")
        globs.extend(item for item in spaces or [] if isinstance(item, str))
    try:
        text = (context / "pnpm-workspace.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    globs.extend(re.findall(r"""^\s*-\s*["']?([^"'#\s]+)""", text, re.MULTILINE))
    members = _get(_load_toml(context / "pyproject.toml"), "tool", "uv", "workspace", "members")
    globs.extend(item for item in members or [] if isinstance(item, str))
    return [glob.removeprefix("./").rstrip("/") for glob in globs]


def _installs_from(
    context: Path, manifest: str, reads: Iterable[DockerfileReads], workspaces: list[str]
) -> bool:
    """Does a build install from ``manifest``? A manifest at the context's root, one a COPY
    names (or whose directory it names), one whose directory a RUN mentions, or a workspace
    member of the root manifest: yes. Any other manifest that ``COPY . .`` merely carries
    along (another build's, an example's, a docs site's) is not a need of this build."""
    if "/" not in manifest:
        return True
    directory = manifest.rsplit("/", 1)[0]
    reads = list(reads)
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    if any(not source.whole_context and source.covers(manifest) for source in sources):
        return True
    if any(directory in command for dockerfile in reads for _, command in dockerfile.runs):
        return True
    return any(fnmatch.fnmatchcase(directory, glob) for glob in workspaces)


_GO_EMBED = re.compile(r"^\s*//go:embed\s+(.+)$", re.MULTILINE)
_EMBED_WORD = re.compile(r'"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)')


def _go_embeds(context: Path, go_file: str) -> Iterator[Guard]:
    """``//go:embed`` patterns: files the Go compiler reads from beside the source."""
    try:
        text = (context / go_file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    base = go_file.rsplit("/", 1)[0] + "/" if "/" in go_file else ""
    for line in _GO_EMBED.findall(text):
        for quoted, raw, bare in _EMBED_WORD.findall(line):
            pattern = (quoted or raw or bare).removeprefix("all:")
            yield Guard(base + pattern, "go build embeds it", f"{go_file}: //go:embed {pattern}")


def find_guards(
    context: Path,
    reads: list[DockerfileReads],
    manifests: Iterable[str],
    go_files: Iterable[str] = (),
) -> list[Guard]:
    """Every guard of a context, given its Dockerfiles and the manifest files present in it
    (and its Go sources, for ``//go:embed``)."""
    guards: list[Guard] = []
    for go_file in go_files:
        if _needs(go_file, reads):
            guards.extend(_go_embeds(context, go_file))
    workspaces = _workspaces(context)
    for manifest in manifests:
        if not _needs(manifest, reads) or not _installs_from(context, manifest, reads, workspaces):
            continue
        name = manifest.rsplit("/", 1)[-1]
        if name == "pyproject.toml":
            guards.extend(_pyproject(context, manifest))
        elif name in ("setup.py", "setup.cfg"):
            guards.extend(_setup_files(context, manifest))
        elif name == "package.json":
            guards.extend(_package_json(context, manifest))
            guards.extend(_vite_env(context, manifest))
        unread = _read_toml(context / manifest)[1] if name == "pyproject.toml" else None
        warning = (
            f"{manifest} {unread}: the files it names could not be looked for (and an "
            "installer that reads it fails too)"
            if unread
            else None
        )
        guards.append(
            Guard(manifest, "a manifest or lockfile the build installs from", manifest, warning)
        )
    for name in VERSION_FILES:
        if (context / name).is_file():
            guards.append(Guard(name, "a version manager reads it", name))
    for extra, reason in (
        (".cargo/config.toml", "cargo reads its build settings"),
        (".sqlx", "sqlx checks queries offline from it"),
    ):
        if (context / extra).exists():
            guards.append(Guard(extra, reason, extra))
    for dockerfile in reads:
        for line, command in dockerfile.runs:
            if _TEST_COMMAND.search(command):
                for test_path in TEST_PATHS:
                    if (context / test_path).exists():
                        guards.append(
                            Guard(
                                test_path,
                                "the Dockerfile runs the tests",
                                f"{dockerfile.path.name}:{line}: RUN {command[:40]}",
                            )
                        )
    return _unique(guards)


def _unique(guards: list[Guard]) -> list[Guard]:
    seen: set[str] = set()
    out: list[Guard] = []
    for guard in guards:
        if guard.path not in seen:
            seen.add(guard.path)
            out.append(guard)
    return out
