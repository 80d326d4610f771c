"""Compose files read as ``docker compose`` reads them, for their builds.

Per directory: the base file (``compose.yaml``, ``compose.yml``, ``docker-compose.yaml``
or ``docker-compose.yml``, the first present) is read as it is; every other compose file
beside it (``compose.override.yaml``, ``docker-compose.prod.yml``) is read as compose reads
an extra ``-f`` file, its services' ``build`` merged over the base's. ``extends`` takes a
service's build from another service, in the same file or another. A top-level
``include`` names compose files that are read as projects of their own, from their own
directory (or ``project_directory``) with their own env file. Values are
interpolated as the compose specification says (:mod:`ignoregen.build.interpolate`), from
the environment and the ``.env`` file beside the compose files (or ``--env-file``; the
environment wins, as in compose).

Services with ``profiles`` are builds like any other: some invocation of compose builds
them, and their context is sent then. ``dockerfile_inline`` is analysed from its text;
BuildKit then reads the context's ``.dockerignore`` only. A target that depends on a
variable without a value is not guessed: every stage is analysed, and the build says so.
Anything that cannot be read becomes a :class:`~ignoregen.build.discover.BuildProblem`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.discover import (
    INLINE_TEXT,
    REMOTE_PREFIXES,
    Build,
    BuildProblem,
    Discovery,
    ProblemKind,
    is_compose,
)
from ignoregen.build.interpolate import EnvFileError, TemplateError, interpolate, read_env_file
from ignoregen.build.texts import read_text
from ignoregen.build.yamlfile import (
    Overriding,
    Reset,
    YamlError,
    key_line,
    load_yaml,
    text_line,
)

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_FIELDS = ("context", "dockerfile", "dockerfile_inline", "target")
_MAX_EXTENDS = 16


@dataclass
class _Spec:
    """A service's build as far as it is known: fields given, and where each was given."""

    values: dict[str, str] = field(default_factory=dict)
    base: dict[str, Path] = field(default_factory=dict)
    """The directory each relative path field is relative to (its file's directory)."""
    lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    unset: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Fields whose value used variables without a value."""
    override: bool = False
    """The build is tagged ``!override``: it replaces the base file's, not merged over it."""

    def merged(self, over: _Spec) -> _Spec:
        return _Spec(
            {**self.values, **over.values},
            {**self.base, **over.base},
            {**self.lines, **over.lines},
            {**{k: v for k, v in self.unset.items() if k not in over.values}, **over.unset},
            over.override,
        )


@dataclass
class _File:
    """One compose file read: its path, data and YAML node."""
    path: Path
    data: dict[str, Any]
    node: Any
    directory: Path | None = None
    """Where its relative paths are resolved from, when not its own directory: the
    ``project_directory`` of the ``include`` entry that names it, or its first file's."""

    @property
    def base(self) -> Path:
        return self.directory or self.path.parent


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
"""Jinja markup in a file's text (Ansible's template module, copier, cookiecutter)."""


class _Reader:
    def __init__(
        self,
        environ: Mapping[str, str],
        env_files: Sequence[Path] | None,
        found: Discovery,
        root: Path | None = None,
    ) -> None:
        self.environ = environ
        self.env_files = env_files
        self.found = found
        self.root = root
        self.files: dict[Path, _File | None] = {}
        self.envs: dict[Path, dict[str, str] | None] = {}

    def problem(self, kind: ProblemKind, path: Path, line: int | None, message: str,
                context: Path | None = None, whole_file: bool = False) -> None:
        self.found.problems.append(BuildProblem(kind, path, line, message, context, whole_file))

    def env_for(self, directory: Path) -> dict[str, str] | None:
        """The variables for compose files in ``directory``; None when an env file is bad."""
        if directory in self.envs:
            return self.envs[directory]
        values: dict[str, str] = {}
        files = list(self.env_files) if self.env_files is not None else [directory / ".env"]
        result: dict[str, str] | None = None
        try:
            for path in files:
                if self.env_files is None and not path.is_file():
                    continue
                values.update(read_env_file(path, self.environ))
            result = {**values, **self.environ}
        except EnvFileError as exc:
            self.problem(ProblemKind.FAILS, exc.path, exc.line,
                         f"{exc.reason}; compose cannot load the compose files beside it, so "
                         "their builds are not analysed", directory, whole_file=True)
        except OSError as exc:
            self.problem(ProblemKind.UNREAD, Path(exc.filename or files[0]), None,
                         f"cannot read the env file: {exc.strerror or exc}", whole_file=True)
        self.envs[directory] = result
        return result

    def load(self, path: Path) -> _File | None:
        if path in self.files:
            return self.files[path]
        loaded: _File | None = None
        # Its services' contexts are unknown; the directory is the usual one, and init
        # leaves it alone.
        try:
            data, node = load_yaml(path)
        except OSError as exc:
            self.problem(ProblemKind.FAILS, path, None,
                         f"cannot read: {exc.strerror or exc}; its services are not analysed",
                         path.parent, whole_file=True)
        except YamlError as exc:
            if self.root is not None and _JINJA.search(read_text(path) or ""):
                # a template that Ansible or Jinja renders before compose reads it
                # ('- {{ creds_dest }}:/opt/credentials'): unread, as a project template's
                place = os.path.relpath(path.parent, self.root).replace(os.sep, "/")
                self.found.templates[place] = self.found.templates.get(place, 0) + 1
            else:
                self.problem(ProblemKind.FAILS, path, exc.line,
                             f"{exc.message}; compose cannot load it, so its services are "
                             "not analysed", path.parent, whole_file=True)
        else:
            if data is None:
                data = {}
            services = data.get("services") if isinstance(data, dict) else None
            if not isinstance(data, dict) or not isinstance(services, (dict, type(None))):
                what = "the file" if not isinstance(data, dict) else "services"
                self.problem(ProblemKind.FAILS, path, key_line(node, "services") or 1,
                             f"{what} must be a mapping; compose cannot load it, so its "
                             "services are not analysed", path.parent, whole_file=True)
            else:
                loaded = _File(path, data, node)
        self.files[path] = loaded
        return loaded

    def service_spec(self, file: _File, name: str, env: Mapping[str, str],
                     depth: int = 0) -> _Spec | None:
        """The build of ``services.<name>`` in ``file``, with ``extends`` applied; None when
        the service has no build (or it cannot be read, which is reported)."""
        services = file.data.get("services") or {}
        service = services.get(name)
        where = f"services.{name}"
        if isinstance(service, Reset):
            return None
        if service is not None and not isinstance(service, dict):
            self.problem(ProblemKind.FAILS, file.path,
                         key_line(file.node, "services", name) or 1,
                         f"{where} must be a mapping; compose cannot load it")
            return None
        if not isinstance(service, dict):
            return None
        spec = _Spec()
        extends = service.get("extends")
        if extends is not None and depth < _MAX_EXTENDS:
            base = self._extended(file, name, extends, env, depth)
            if base is not None:
                spec = base
        build = service.get("build")
        if isinstance(build, Reset):
            return None  # this file takes the build away
        if build is None:
            return spec if spec.values or spec.lines else None
        line = key_line(file.node, "services", name, "build")
        if isinstance(build, str):
            build = {"context": build}
        if not isinstance(build, dict):
            self.problem(ProblemKind.FAILS, file.path, line,
                         f"{where}.build: expected a path or a mapping; compose cannot load it")
            return None
        own = _Spec(lines={"build": (file.path, line or 1)}, override=isinstance(build, Overriding))
        self.named_contexts(build.get("additional_contexts"), file.base, env)
        for key in _FIELDS:
            if key not in build or build[key] is None or isinstance(build[key], Reset):
                continue
            field_line = key_line(file.node, "services", name, "build", key) or line or 1
            try:
                expanded = interpolate(str(build[key]), env)
            except TemplateError as exc:
                kind = ProblemKind.UNREAD if exc.required else ProblemKind.FAILS
                self.problem(kind, file.path, field_line,
                             f"{where}.build.{key}: {exc}; the build is not analysed")
                return None
            own.values[key] = expanded.value
            own.base[key] = file.base
            own.lines[key] = (file.path, field_line)
            if key == "dockerfile_inline":
                start = text_line(file.node, "services", name, "build", key)
                if start is not None:
                    own.lines[INLINE_TEXT] = (file.path, start)
            if expanded.unset:
                own.unset[key] = expanded.unset
        return spec.merged(own)

    def named_contexts(self, given: Any, base: Path, env: Mapping[str, str]) -> None:
        """Note the local directories of ``additional_contexts`` (a mapping, or a list of
        ``NAME=VALUE``), relative to the compose file's directory as compose resolves them;
        not an image, another service or a URL."""
        if isinstance(given, dict):
            pairs = [(str(key), value) for key, value in given.items()]
        elif isinstance(given, list):
            pairs = [(key, value) for key, _, value in (str(item).partition("=")
                                                        for item in given)]
        else:
            return
        for name, value in pairs:
            if not isinstance(value, str):
                continue
            try:
                text = interpolate(value, env).value.strip()
            except TemplateError:
                continue
            if not text or "://" in text or text.startswith(("service:", "target:")) \
                    or text.startswith(REMOTE_PREFIXES):
                continue
            self.found.named_context(Path(os.path.abspath(base / text)), name)

    def included(self, file: _File, env: Mapping[str, str],
                 seen: set[tuple[Path, Path, str | None, str | None, bool]], depth: int) -> None:
        """Read the compose files that ``file``'s top-level ``include`` names, each entry as
        a project of its own: its paths relative to ``file``'s directory, its relative
        paths resolved from its ``project_directory`` (by default its first file's
        directory), its variables those of the including project, then those of its
        ``env_file`` (by default that directory's ``.env``) that the project does not set,
        as compose-go's loader merges them; then theirs, recursively.

        An entry that is one file found by its own name (``api/compose.yaml``), read from
        its own directory with its own ``.env``, is read so already and passed over, as
        are remote ones and those missing here (a local file a developer adds)."""
        entries = file.data.get("include")
        if not isinstance(entries, list) or depth >= _MAX_EXTENDS:
            return
        for entry in entries:
            given = entry.get("path") if isinstance(entry, dict) else entry
            given = [given] if isinstance(given, str) else given
            if not isinstance(given, list) or not given:
                continue
            paths = [self._local(text, file.base, env) for text in given]
            if any(path is None or not path.is_file() for path in paths):
                continue
            local = [path for path in paths if path is not None]
            project = entry.get("project_directory") if isinstance(entry, dict) else None
            env_given = entry.get("env_file") if isinstance(entry, dict) else None
            directory = self._local(project, file.base, env) if isinstance(project, str) \
                else local[0].parent
            if directory is None:
                continue
            if len(local) == 1 and directory == local[0].parent and env_given is None \
                    and is_compose(local[0].name):
                continue
            own = self.env_for(directory) if env_given is None \
                else self._include_env(env_given, file.base, env)
            if own is None:
                continue
            included_env = {**own, **env}  # what the including project has set wins
            loaded = [self.load(path) for path in local]
            files = [dataclasses.replace(one, directory=directory)
                     for one in loaded if one is not None]
            if len(files) != len(loaded):
                continue
            _read_files(self, files, files[0], included_env, seen, alone=False)
            for one in files:
                self.included(one, included_env, seen, depth + 1)

    def _local(self, text: Any, directory: Path, env: Mapping[str, str]) -> Path | None:
        """A path of an ``include`` entry, interpolated and made absolute; None for a remote
        one or one whose variables have no value."""
        if not isinstance(text, str):
            return None
        try:
            expanded = interpolate(text, env)
        except TemplateError:
            return None
        value = expanded.value.strip()
        if expanded.unset or not value or "://" in value or value.startswith(REMOTE_PREFIXES):
            return None
        return Path(os.path.abspath(directory / value))

    def _include_env(self, given: Any, directory: Path,
                     env: Mapping[str, str]) -> dict[str, str] | None:
        """The variables an ``include`` entry's ``env_file`` gives; None when one cannot be
        read (compose then fails to load the project)."""
        listed = [given] if isinstance(given, str) else given
        if not isinstance(listed, list):
            return None
        values: dict[str, str] = {}
        for item in listed:
            path = self._local(item, directory, env)
            if path is None:
                return None
            try:
                values.update(read_env_file(path, self.environ))
            except (OSError, EnvFileError):
                return None
        return values

    def _extended(self, file: _File, name: str, extends: Any, env: Mapping[str, str],
                  depth: int) -> _Spec | None:
        if isinstance(extends, str):
            other_name, other_file = extends, file
        elif isinstance(extends, dict) and isinstance(extends.get("service"), str):
            other_name = extends["service"]
            other_file = file
            if isinstance(extends.get("file"), str):
                try:
                    relative = interpolate(extends["file"], env).value
                except TemplateError:
                    relative = extends["file"]
                loaded = self.load(file.path.parent / relative)
                if loaded is None:
                    return None
                other_file = loaded
        else:
            return None
        if other_file is file and other_name == name:
            return None
        return self.service_spec(other_file, other_name, env, depth + 1)


def read_directory(
    paths: Sequence[Path],
    environ: Mapping[str, str],
    env_files: Sequence[Path] | None,
    found: Discovery,
    root: Path | None = None,
) -> None:
    """Add the builds of the compose files of one directory to ``found``, and those of the
    files their ``include`` names (:meth:`_Reader.included`). With ``root``, a file that is
    not YAML for the Jinja markup it holds is a template (:attr:`Discovery.templates`)."""
    reader = _Reader(environ, env_files, found, root)
    by_name = {path.name: path for path in paths}
    base_path = next((by_name[name] for name in BASE_NAMES if name in by_name), None)
    ordered = sorted(paths, key=lambda path: (path != base_path, path.name))
    directory = ordered[0].parent
    env = reader.env_for(directory)
    if env is None:
        return
    base = reader.load(base_path) if base_path is not None else None
    seen: set[tuple[Path, Path, str | None, str | None, bool]] = set()
    files = [file for file in (reader.load(path) for path in ordered) if file is not None]
    _read_files(reader, files, base, env, seen, alone=True)
    for file in files:
        reader.included(file, env, seen, 0)
        _declared_secrets(reader, file, env)


def read_stack(
    paths: Sequence[Path],
    environ: Mapping[str, str],
    env_files: Sequence[Path] | None,
    found: Discovery,
    root: Path | None = None,
) -> None:
    """Add the builds of ``paths`` read as one project (``docker compose -f A -f B``, as a
    dev container's ``dockerComposeFile`` list is): each later file's services merged over
    the first file's, every relative path resolved from the first file's directory with
    that directory's ``.env``. The first file's own builds are left to its reading by name
    (:func:`read_directory`) when it has a compose file's name."""
    reader = _Reader(environ, env_files, found, root)
    directory = paths[0].parent
    env = reader.env_for(directory)
    if env is None:
        return
    loaded = [reader.load(path) for path in paths]
    files = [dataclasses.replace(one, directory=directory) for one in loaded if one is not None]
    if len(files) != len(loaded):
        return
    # (a first file that compose's names do not mark, 'dev.yml', is read here too)
    own = files[1:] if is_compose(paths[0].name) else files
    _read_files(reader, own, files[0], env, set(), alone=False)


def _declared_secrets(reader: _Reader, file: _File, env: Mapping[str, str]) -> None:
    """Note the local files of the top-level ``secrets`` (``NAME: {file: PATH}``)."""
    secrets = file.data.get("secrets")
    for name, spec in (secrets.items() if isinstance(secrets, dict) else ()):
        path = reader._local(spec.get("file") if isinstance(spec, dict) else None,
                             file.base, env)
        if path is not None:
            reader.found.secret_files.setdefault(
                path, (str(name), file.path, key_line(file.node, "secrets", name, "file")))


def _read_files(reader: _Reader, files: Sequence[_File], base: _File | None,
                env: Mapping[str, str], seen: set[tuple[Path, Path, str | None, str | None, bool]],
                alone: bool) -> None:
    """The builds of ``files``, read as ``docker compose -f BASE -f ...`` reads them.
    ``alone``: the files were found by their names, not named by another's ``include``
    (which says where they are read from)."""
    found = reader.found
    for file in files:
        path = file.path
        services = file.data.get("services") or {}
        for name in services:
            spec = reader.service_spec(file, name, env)
            if spec is None:
                continue
            if file is not base and base is not None and "context" not in spec.values \
                    and not spec.override:
                # An extra -f file refines the base file's service.
                under = reader.service_spec(base, name, env)
                if under is not None:
                    spec = under.merged(spec)
            build = _build(reader, path, str(name), spec, file.base)
            if build is None:
                continue
            if alone:
                build = _placed(build, file, base, spec, str(name))
            runs = _runs(services.get(name), base, name, file)
            mounted = _mounts(services.get(name), file.base, build.context)
            key = (build.context, build.dockerfile, build.target, build.inline, build.all_stages)
            if key not in seen:  # an extra file that changes nothing of the build
                seen.add(key)
                found.builds.append(dataclasses.replace(build, runs=runs,
                                                        mounts_context=mounted))
            elif runs or mounted:  # another service of the same image (pythondotorg's web
                # and worker)
                at = max(i for i, known in enumerate(found.builds) if (
                    known.context, known.dockerfile, known.target, known.inline,
                    known.all_stages) == key)
                found.builds[at] = dataclasses.replace(
                    found.builds[at], runs=found.builds[at].runs + runs,
                    mounts_context=found.builds[at].mounts_context or mounted)


def _placed(build: Build, file: _File, base: _File | None, spec: _Spec, name: str) -> Build:
    """``build`` with a note (:attr:`Build.elsewhere`) when its compose file, found by its
    name, is read over a base file in another directory."""
    path = file.path
    if base is None and ".override." in path.name:
        # compose reads an override file over a base file only; without one beside it, it
        # is merged over a base elsewhere (a template to copy), whose directory its
        # relative paths are resolved from.
        return dataclasses.replace(
            build, elsewhere=f"{path.name} has no base compose file beside it, and compose "
            "resolves an override file's paths from its base file's directory")
    if base is None or file is base:
        # No base beside it, or it is the only one (authelia's
        # internal/suites/example/compose/pam/compose.yml, passed as a second -f): where
        # its paths are missing here, a base above may be the first file.
        over = _base_above(path, build, None if "context" in spec.values else name)
        if over is not None:
            return dataclasses.replace(
                build, elsewhere=f"it exists from the directory of {over}, and compose "
                "resolves a file merged over a base (-f BASE -f FILE) from there")
    return build


def _runs(service: Any, base: _File | None, name: Any, file: _File) -> tuple[str, ...]:
    """The ``command`` and ``entrypoint`` a service runs, as text; an extra file's service
    without them runs the base file's."""
    out: list[str] = []
    for key in ("command", "entrypoint"):
        value = service.get(key) if isinstance(service, dict) else None
        if value is None and base is not None and file is not base:
            under = (base.data.get("services") or {}).get(name)
            value = under.get(key) if isinstance(under, dict) else None
        if isinstance(value, str) and value.strip():
            out.append(value.strip())
        elif isinstance(value, list) and value:
            out.append(" ".join(str(word) for word in value))
    return tuple(out)


def _mounts(service: Any, directory: Path, context: Path) -> bool:
    """Does the service bind-mount the build context itself (``.:/app``, or the long form
    with ``type: bind``)? Paths are relative to ``directory``; one with a variable is not
    known, and counts as no such mount."""
    volumes = service.get("volumes") if isinstance(service, dict) else None
    for volume in volumes if isinstance(volumes, list) else ():
        if isinstance(volume, str):
            source = volume.split(":", 1)[0] if ":" in volume else ""
            if not source.startswith((".", "/")):
                continue  # a named volume, or an anonymous one (no source)
        elif isinstance(volume, dict) and volume.get("type") == "bind" \
                and isinstance(volume.get("source"), str) and volume["source"]:
            source = volume["source"]
        else:
            continue
        if "$" not in source and os.path.abspath(directory / source) == str(context):
            return True
    return False


_ABOVE = 8
"""How many directories up a base compose file is looked for (:func:`_base_above`)."""


def _base_above(path: Path, build: Build, refines: str | None = None) -> str | None:
    """For a build of the compose file ``path`` whose context or Dockerfile does not exist:
    the base compose file in a directory above from which both exist, shown relative to
    ``path``'s directory, or None. logto's ``packages/api/docker-compose.local.yml`` says
    ``context: .`` and has no Dockerfile beside it; its script runs ``docker compose -f
    ../../docker-compose.yml -f ./docker-compose.local.yml``, which reads the root's.

    ``refines``: the service's name, when its build gives no context: merged over a base
    file that builds that service, it takes the base's context and Dockerfile (wemake's
    ``docker/docker-compose.prod.yml``: ``web: build: {target: production_build}`` over
    the root's ``web: build: {context: ., dockerfile: ./docker/django/Dockerfile}``)."""
    if build.inline is not None or (os.path.isdir(build.context)
                                    and os.path.isfile(build.dockerfile)):
        return None
    here = path.parent
    context = os.path.relpath(build.context, here)
    dockerfile = os.path.relpath(build.dockerfile, build.context)
    for up, directory in enumerate(here.parents, 1):
        if up > _ABOVE:
            break
        base = next((directory / name for name in BASE_NAMES if (directory / name).is_file()),
                    None)
        if base is None:
            continue
        moved = Path(os.path.normpath(directory / context))
        if (os.path.isdir(moved) and os.path.isfile(moved / dockerfile)) or (
                refines is not None and _builds(base, refines)):
            return os.path.relpath(base, here)
        return None  # the nearest base file is the one it is merged over, if any
    return None


def _builds(path: Path, name: str) -> bool:
    """Does the compose file ``path`` give the service ``name`` a build?"""
    try:
        data, _ = load_yaml(path)
    except (OSError, YamlError):
        return False
    services = data.get("services") if isinstance(data, dict) else None
    service = services.get(name) if isinstance(services, dict) else None
    return isinstance(service, dict) and service.get("build") is not None


def _build(reader: _Reader, path: Path, name: str, spec: _Spec,
           directory: Path) -> Build | None:
    where = f"services.{name}"
    origin = f"{path.name}: {where}"
    entry_file, entry_line = spec.lines.get("build", (path, 1))
    values = spec.values

    def line_of(key: str) -> tuple[Path, int]:
        return spec.lines.get(key, (entry_file, entry_line))

    for key in ("context", "dockerfile"):
        if key in spec.unset:
            file, line = line_of(key)
            names = ", ".join(spec.unset[key])
            reader.problem(
                ProblemKind.UNREAD, file, line,
                f"{where}.build.{key} depends on {names}, which has no value here (compose "
                "would use an empty string); set it, or pass --env-file: the build is not "
                "analysed",
            )
            return None
    context_text = values.get("context", ".")
    if context_text.startswith(REMOTE_PREFIXES):
        return None
    context = Path(os.path.abspath(spec.base.get("context", directory) / context_text))
    inline = values.get("dockerfile_inline")
    if inline is not None:
        dockerfile = entry_file
    else:
        dockerfile = Path(os.path.abspath(context / values.get("dockerfile", "Dockerfile")))
    target = values.get("target")
    all_stages = False
    if "target" in spec.unset:
        file, line = line_of("target")
        names = ", ".join(spec.unset["target"])
        reader.problem(
            ProblemKind.ASSUMED, file, line,
            f"{where}.build.target {target!r} depends on {names}, which has no value here: "
            "every stage is analysed (set it, or pass --env-file, to analyse the one built)",
            context,
        )
        target, all_stages = None, True
    if inline is not None and "dockerfile_inline" in spec.unset:
        file, line = line_of("dockerfile_inline")
        names = ", ".join(spec.unset["dockerfile_inline"])
        reader.problem(
            ProblemKind.ASSUMED, file, line,
            f"{where}.build.dockerfile_inline uses {names}, which has no value here; read "
            "with an empty string, as compose does",
            context,
        )
    lines = tuple(
        (key, line) for key, (file, line) in spec.lines.items() if file == entry_file
    )
    return Build(
        context=context,
        dockerfile=dockerfile,
        target=target or None,
        origin=origin,
        inline=inline,
        defined_in=entry_file,
        lines=lines,
        all_stages=all_stages,
    )



_COPY_LIMIT = 1024 * 1024
"""Compose files larger than this are not compared byte for byte (:func:`mark_copies`)."""


def mark_copies(found: Discovery, files: Sequence[Path], root: Path) -> None:
    """Note (IG005) the builds of a compose file that is a byte-for-byte copy of another
    compose file of the repository, when its context or Dockerfile is missing here and
    exists from the other file's directory: the copy is data kept in sync for another
    use (onyx embeds deployment/docker_compose/*.yml into its Go CLI under
    cli/internal/deploy/deployfiles/embedded/docker_compose/, which writes them out
    elsewhere), not a build that runs where it lies."""
    texts: dict[Path, bytes] = {}
    for path in files:
        try:
            data = fileio.read_bytes(path, _COPY_LIMIT)
            if len(data) <= _COPY_LIMIT:
                texts[path] = data
        except OSError:
            continue
    for index, build in enumerate(found.builds):
        here = build.defined_in
        if build.elsewhere is not None or here is None or here not in texts:
            continue
        if os.path.isdir(build.context) and (build.inline is not None
                                             or os.path.isfile(build.dockerfile)):
            continue
        context = os.path.relpath(build.context, here.parent)
        dockerfile = os.path.relpath(build.dockerfile, here.parent)
        for twin in sorted(texts):
            if twin == here or texts[twin] != texts[here]:
                continue
            moved = Path(os.path.normpath(twin.parent / context))
            if os.path.isdir(moved) and (build.inline is not None or os.path.isfile(
                    os.path.normpath(twin.parent / dockerfile))):
                shown = os.path.relpath(twin, root).replace(os.sep, "/")
                found.builds[index] = dataclasses.replace(
                    build, elsewhere=f"this file is a copy of {shown}, from whose directory "
                    "it exists")
                break
