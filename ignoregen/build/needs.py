"""What a build needs: context paths it reads although no ``COPY`` names them.

``pip install .`` reads the readme that pyproject declares; setuptools-scm asks git for
the version; ``go build`` embeds what ``//go:embed`` names; a CI job runs ``pytest``
inside the image and so needs ``tests/`` and ``pytest.ini``. Excluding any of them breaks
a build that ran fine on a laptop. Each :class:`Need` says what must stay, why, and the
evidence (file and line), so that ``init`` keeps it, ``check`` never proposes to drop it
and ``explain`` can say so.

The knowledge is data: each preset's ``[[needs]]`` entries (see
:class:`~ignoregen.knowledge.preset.NeedSource`). This module only applies them: it finds
the trigger files a build copies, reads keys and text, collects the commands run inside
the image (``RUN``, compose ``command``/``entrypoint``, ``docker compose run|exec SERVICE``
and ``docker run IMAGE`` in scripts and CI workflows), and holds the two extractors whose
parsing a regular expression cannot do (``//go:embed``, ``include_str!``).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import posixpath
import re
import shlex
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileReads, covering
from ignoregen.build.extractors import EXTRACTORS
from ignoregen.build.make_lines import make_lines, runs_of
from ignoregen.build.member_needs import as_member
from ignoregen.build.needs_run import RunNeeds
from ignoregen.build.pushed_images import image_variable, pushed_services
from ignoregen.build.repofiles import repository_files as _repository_files
from ignoregen.build.repofiles import repository_root as _repository_root
from ignoregen.build.stage_reads import seen_where_run
from ignoregen.build.test_paths import test_path
from ignoregen.build.texts import ContextFiles, read_text, says
from ignoregen.build.triggers import triggers
from ignoregen.build.workspaces import nested_workspaces
from ignoregen.knowledge.preset import NeedSource, PresetSet
from ignoregen.knowledge.regex import Regex
from ignoregen.tomlread import TomlError
from ignoregen.tomlread import loads as toml_loads


@dataclass(frozen=True)
class Need:
    """A context path (or Docker-style glob) that must stay in the context."""

    path: str
    reason: str
    origin: str
    """The evidence as shown: file, line and what is there (key, instruction, command)."""
    warning: str | None = None
    """Something the user should know even though the path is kept."""
    file: str | None = None
    """The evidence's file (context- or repository-relative), when there is one."""
    line: int | None = None
    """The evidence's line in ``file`` (1-based), when known."""
    source: str | None = None
    """The preset entry that found it: ``python.toml: needs[4]``."""


@functools.cache
def _builtin() -> PresetSet:
    from ignoregen.knowledge.preset import load_presets

    return load_presets()


# -- reading files -------------------------------------------------------------------------


def _lookup(data: Any, key: str) -> Iterator[tuple[str, Any]]:
    """Values at a dotted key path (``*`` for any item of a list or table; a last ``~``
    for a table's keys: hatch's ``force-include`` maps the paths it copies to where they
    land), with the path as found."""
    nodes: list[tuple[str, Any]] = [("", data)]
    for part in key.split("."):
        step: list[tuple[str, Any]] = []
        for where, node in nodes:
            if part == "~":
                if isinstance(node, dict):
                    step.extend((f"{where}.{name}".lstrip("."), name) for name in node)
            elif part == "*":
                items = (
                    list(node.items()) if isinstance(node, dict)
                    else list(enumerate(node)) if isinstance(node, list) else []
                )
                step.extend((f"{where}.{name}".lstrip("."), item) for name, item in items)
            elif isinstance(node, dict) and part in node:
                step.append((f"{where}.{part}".lstrip("."), node[part]))
        nodes = step
    return iter(nodes)


def _names(value: Any) -> list[str]:
    """The file names a key's value gives: a string, or the strings of a list or of a
    table's values (``bin = {cli = "bin/cli.js"}``)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _line_of(text: str | None, needle: str) -> int | None:
    if not text or not needle:
        return None
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def _join(base: str, name: str) -> str | None:
    """``name`` (relative to the directory ``base``, or to the root with a leading ``/``)
    as a clean context path; None when it leaves the context or depends on a variable."""
    name = name.strip()
    if not name or "$" in name or "{" in name or "\\" in name:
        return None
    joined = name.lstrip("/") if name.startswith("/") else posixpath.join(base, name)
    joined = posixpath.normpath(joined)
    if joined in (".", "") or joined.startswith("../") or joined == ".." or joined[0] == "/":
        return None
    return joined


def _has_glob(path: str) -> bool:
    return any(c in path for c in "*?[")


# -- the build's view -------------------------------------------------------------------------


def _copied(path: str, reads: Iterable[DockerfileReads]) -> bool:
    """Is ``path`` inside what some Dockerfile copies (or is the whole context copied)?"""
    return any(source.covers(path) for dockerfile in reads for source in dockerfile.sources)


def _copier(reads: Iterable[DockerfileReads]) -> Callable[[str], bool]:
    """:func:`_copied` for many paths."""
    return covering(source for dockerfile in reads for source in dockerfile.sources)


def _installs_from(manifest: str, reads: Sequence[DockerfileReads], workspaces: list[str]) -> bool:
    """Does a build install from ``manifest``? A manifest at the context's root, one a COPY
    names (or whose directory it names), one whose directory a RUN mentions, or a workspace
    member of the root manifest: yes. Any other manifest that ``COPY . .`` merely carries
    along (another build's, an example's, a docs site's) is not a need of this build."""
    if "/" not in manifest:
        return True
    directory = manifest.rsplit("/", 1)[0]
    sources = [source for dockerfile in reads for source in dockerfile.sources]
    if any(not source.whole_context and source.covers(manifest) for source in sources):
        return True
    if any(directory in command for dockerfile in reads for _, command in dockerfile.runs):
        return True
    return _member(manifest, workspaces) is not None


def _member(manifest: str, workspaces: list[str]) -> str | None:
    """The workspace glob of the root manifests that ``manifest``'s directory matches."""
    directory = manifest.rsplit("/", 1)[0]
    return next((glob for glob in workspaces if fnmatch.fnmatchcase(directory, glob)), None)


_MEMBER = ("a workspace member's manifest: installing the whole workspace reads it (a pruned "
           "install, turbo prune --scope, may not)")
"""Said of a member no COPY names and no RUN mentions: whether the build reads it depends on
what it installs (trigger.dev prunes to webapp's dependencies; its docs member is none)."""


# -- commands run inside the image -------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A command the image runs (or the build runs): its text and where it is written."""

    text: str
    file: str
    line: int
    how: str
    """``RUN``, ``command``, ``docker compose run``..."""
    in_image: bool = True
    """Run inside the image (its words name context paths the image reads), not by a
    ``RUN`` of the build."""
    via: str = ""
    """For a named script: the command that runs it (a runner found there counts)."""

    @property
    def origin(self) -> str:
        shown = " ".join(self.text.split())
        if len(shown) > 40:
            shown = shown[:40]
        return f"{self.file}:{self.line}: {self.how} {shown}"



_COMPOSE_RUN = re.compile(r"\bdocker(?:-compose|\s+compose)\b.*?\s(?:run|exec)\s+(.*)")
_DOCKER_RUN = re.compile(r"\bdocker\s+(?:container\s+)?run\s+(.*)")
_DOCKER_EXEC = re.compile(r"\bdocker\s+(?:container\s+)?exec\s+(.*)")
_DOCKER_BUILD = re.compile(r"\bdocker\s+(?:buildx\s+)?build\s+(.*)")
_ANY_DOCKER = re.compile(r"\bdocker")  # in all three: a quick look before the slower ones
_VALUE_OPTIONS = frozenset(
    {
        "-e", "--env", "-u", "--user", "-w", "--workdir", "--name", "-p", "--publish", "-v",
        "--volume", "--entrypoint", "-l", "--label", "--env-file", "--network", "--net",
        "--mount", "-f", "--file", "--project-name", "--profile", "--platform", "--pull",
        "--cpus", "-m", "--memory", "--add-host", "--cap-add", "--cap-drop", "--shm-size", "-h",
        "--hostname", "--index", "--project-directory", "--ipc", "--pid", "--restart",
        "--runtime", "--log-driver", "--device", "--tmpfs", "-t", "--tag", "--build-arg",
        "--target", "--cache-from", "--cache-to", "--secret", "--ssh", "--progress",
    }
)
"""Options that take the next word as their value (``--name tests``)."""


def _words(text: str) -> list[str]:
    return list(_split(text))


@functools.lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    """The shell words of ``text`` (each plan of a context asks for the same lines')."""
    try:
        return tuple(shlex.split(text, comments=True))
    except ValueError:
        return tuple(text.split())


def _first_operand(words: list[str], *, run: bool) -> tuple[str | None, list[str]]:
    """The first word that is not an option (the service or image), and what follows."""
    index = 0
    while index < len(words):
        word = words[index]
        if word.startswith("-"):
            if "=" not in word and word in _VALUE_OPTIONS and not (run and word == "-t"):
                index += 1
            index += 1
            continue
        return word, words[index + 1 :]
    return None, []


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Logical lines (backslash continuations joined), with the first line's number."""
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        if line.rstrip().endswith("\\"):
            pending.append(line.rstrip()[:-1])
            continue
        pending.append(line)
        yield start, " ".join(pending)
        pending = []
    if pending:
        yield start, " ".join(pending)


def _docker_lines(path: Path) -> tuple[tuple[int, str], ...]:
    """The logical lines of a command file that mention ``docker`` (with their numbers):
    the only ones that can build or run an image."""
    text = read_text(path)
    if not text or not _ANY_DOCKER.search(text):
        return ()
    return tuple(line for line in _lines(text) if _ANY_DOCKER.search(line[1]))


def _service_build(compose_dir: Path, service: Any) -> tuple[Path, Path] | None:
    build = service.get("build") if isinstance(service, dict) else None
    if isinstance(build, str):
        context, dockerfile = build, "Dockerfile"
    elif isinstance(build, dict):
        context = build.get("context", ".")
        dockerfile = build.get("dockerfile", "Dockerfile")
    else:
        return None
    if not isinstance(context, str) or not isinstance(dockerfile, str):
        return None
    if "$" in context or "$" in dockerfile or "://" in context:
        return None
    where = fileio.real(compose_dir / context)
    return where, fileio.real(where / dockerfile)


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str | int) for item in value):
        return " ".join(str(item) for item in value)
    return None


def _image_commands(
    root: Path, context: Path, reads: Sequence[DockerfileReads], skip_dirs: frozenset[str],
    run: RunNeeds | None = None,
) -> Iterator[Command]:
    """Commands a repository runs inside this build's image: compose ``command`` and
    ``entrypoint`` of the services that build it, and ``docker compose run|exec SERVICE``
    or ``docker run IMAGE`` in scripts and CI workflows."""
    from ignoregen.build.yamlfile import YamlError, key_line, load_yaml_kept

    here = fileio.real(context)
    dockerfiles = {fileio.real(dockerfile.path) for dockerfile in reads}
    compose_files, command_files = (
        run.repository_files(root, skip_dirs) if run else _repository_files(root, skip_dirs)
    )
    services: set[str] = set()
    containers: set[str] = set()
    images: set[str] = set()
    by_variable: dict[str, str] = {}  # a service whose image is a variable, and that variable
    for shown in compose_files:
        path = root / shown
        try:
            data, node = load_yaml_kept(path)
        except (OSError, YamlError, RecursionError):
            continue
        table = data.get("services") if isinstance(data, dict) else None
        if not isinstance(table, dict):
            continue
        for name, service in table.items():
            built = _service_build(path.parent, service)
            if built is None and isinstance(service, dict):
                variable = image_variable(service.get("image"))
                if variable is not None:
                    by_variable[str(name)] = variable  # postal's image: ${POSTAL_IMAGE}
            if built is None or built[0] != here or (dockerfiles and built[1] not in dockerfiles):
                continue
            services.add(str(name))
            if isinstance(service.get("container_name"), str):
                containers.add(service["container_name"])  # docker exec NAME (mathesar's CI)
            image = service.get("image")
            if isinstance(image, str):
                images.add(image.split("@")[0].rsplit(":", 1)[0] if "/" in image or ":"
                           in image else image)
            for key in ("command", "entrypoint"):
                text = _as_text(service.get(key))
                if text:
                    line = key_line(node, "services", name, key) or 0
                    yield Command(text, shown, line, f"compose {key}:")
    for shown in command_files:
        lines = _docker_lines(root / shown) if run is None else run.kept(
            ("docker lines", root / shown), (), functools.partial(_docker_lines, root / shown)
        )
        if not lines:
            continue  # no line below can build or run an image
        tags = set(images)
        for _, logical in lines:
            building = _DOCKER_BUILD.search(logical)
            if building is None:
                continue
            words = _words(building.group(1))
            operands = [w for i, w in enumerate(words) if not w.startswith("-")
                        and not (i and words[i - 1] in _VALUE_OPTIONS)]
            target = root / operands[-1] if operands else None
            if target is not None and (run.kept(("resolved", target), (), target.resolve)
                                       if run else fileio.real(target)) == here:
                for index, word in enumerate(words[:-1]):
                    if word in ("-t", "--tag"):
                        tags.add(words[index + 1].rsplit(":", 1)[0])
                    elif word.startswith("--tag="):
                        tags.add(word.split("=", 1)[1].rsplit(":", 1)[0])
        pushed: set[str] | None = None
        for number, logical in lines:
            compose = _COMPOSE_RUN.search(logical)
            if compose is not None:
                service, rest = _first_operand(_words(compose.group(1)), run=False)
                if service in by_variable and pushed is None:
                    pushed = pushed_services(root, shown, here, dockerfiles, by_variable)
                if (service in services or service in (pushed or ())) and rest:
                    yield Command(" ".join(rest), shown, number, f"compose run {service}:")
                continue
            docker = _DOCKER_EXEC.search(logical)
            if docker is not None:
                container, rest = _first_operand(_words(docker.group(1)), run=True)
                if container in containers and rest:
                    yield Command(" ".join(rest), shown, number, f"docker exec {container}:")
                continue
            docker = _DOCKER_RUN.search(logical)
            if docker is not None:
                image, rest = _first_operand(_words(docker.group(1)), run=True)
                if image is not None and image.rsplit(":", 1)[0] in tags and rest:
                    yield Command(" ".join(rest), shown, number, f"docker run {image}:")


def _start_commands(
    files: ContextFiles, reads: Sequence[DockerfileReads], named: Sequence[Need]
) -> Iterator[Command]:
    """The ``ENTRYPOINT`` and ``CMD`` each image starts with, and the lines of the context's
    scripts they name (btcpayserver's tests image starts ``./docker-entrypoint.sh``, which
    runs ``dotnet test``): run inside the image."""
    from ignoregen.build.named import start_instructions

    for dockerfile in reads:
        for line, text in start_instructions(dockerfile):
            yield Command(text, dockerfile.path.name, line, "CMD/ENTRYPOINT")
    for need in named:
        said = need.origin.split(": ", 1)[-1]
        if said.startswith(("ENTRYPOINT ", "CMD ")) and not (
            need.path.endswith(_LISTS) and not _executable(files, need.path)
        ):
            for number, logical in _lines(_script(files, need.path)):
                if logical.strip() and not logical.lstrip().startswith("#"):
                    yield Command(logical.strip(), need.path, number, said.split()[0])


def _run_scripts(files: ContextFiles, commands: Sequence[Command]) -> Iterator[Command]:
    """The lines of a context's script that a repository's command runs in the image
    (mathesar's CI: 'docker exec mathesar_service_test ./run_pytest.sh', which runs pytest),
    each with the command that starts it."""
    for command in commands:
        words = _words(command.text) if command.how.startswith(("compose", "docker")) else []
        if words[:1] in (["sh"], ["bash"]):
            words = words[1:]
        script = posixpath.normpath(words[0]) if words else ""
        text = _script(files, script) if script and not script.startswith(("/", "..")) else ""
        for _, logical in _lines(text):
            if logical.strip() and not logical.lstrip().startswith("#"):
                yield Command(f"{command.text}\n{logical.strip()}", command.file, command.line,
                              command.how)


def _build_commands(
    files: ContextFiles, reads: Sequence[DockerfileReads], listed: set[str]
) -> Iterator[Command]:
    """The Dockerfiles' ``RUN`` commands, and the lines of the scripts and Makefiles that
    a ``RUN`` calls (when the context holds them). A text list (``pip install -r
    requirements/local.txt``, ``-c constraints.txt``) is data, not a script, unless it is
    executable."""
    called: dict[str, set[str] | None] = {}
    for dockerfile in reads:
        for line, command in dockerfile.runs:
            where = os.path.relpath(dockerfile.path, files.context)  # .devcontainer/Dockerfile
            yield Command(command, where, line, "RUN", in_image=False)
            for simple in re.split(r"[;&|()\n]+", command):
                words = simple.split()
                if words and words[0] in _WRITES:
                    continue  # ``touch README.md``, ``rm -f setup.cfg``: nothing is run
                if words and (words[0] in _LOOKS_UP or words[:2] in (["command", "-v"],
                                                                      ["command", "-V"])):
                    continue  # ``rm -f $(which rebar3)``: the name is looked up, not run
                for word in words:
                    word = word.removeprefix("./")
                    if word in listed and not (
                        word.endswith(_LISTS) and not _executable(files, word)
                    ):
                        called.setdefault(word, None)
            for goals in runs_of(command, _MAKES) if "Makefile" in listed else ():
                asked = called.get("Makefile", set())  # None: every line
                called["Makefile"] = None if goals is None or asked is None else asked | goals
            if "justfile" in listed and runs_of(command, frozenset({"just"})):
                called.setdefault("justfile", None)
    from ignoregen.build.named import made  # a Makefile in the RUN's own directory

    for path, wanted in made(files.context, reads).items():
        called[path] = None if wanted is None else (called.get(path) or set()) | wanted
    for path, goals in called.items():
        text = _script(files, path)
        lines = make_lines(_lines(text), goals) if goals is not None else _lines(text)
        for number, logical in lines:
            if logical.strip() and not logical.lstrip().startswith("#"):
                yield Command(logical.strip(), path, number, "", in_image=False)


_LISTS = (".txt", ".in", ".toml", ".json", ".yaml", ".yml", ".cfg", ".ini", ".lock", ".xml",
          ".md", ".properties", ".csproj", ".fsproj", ".vbproj", ".proj", ".sln", ".slnx",
          ".props", ".targets")
"""Data, not scripts, when a RUN names them (``pip install -r requirements.txt``, ``sed -i
... pyproject.toml``, ``dotnet restore src/Api/Api.csproj``: MSBuild's XML), unless
executable."""
_MAKES = frozenset({"make", "gmake"})
_WRITES = frozenset({"touch", "rm", "mkdir", "rmdir", "unlink"})
"""Programs whose operands are written or removed, never run."""
_LOOKS_UP = frozenset({"which", "whereis", "type", "hash"})
"""Programs that find a command by its name without running it."""


def _script(files: ContextFiles, path: str) -> str:
    """The text of a script a command runs; empty for a binary (a NUL byte: processone's
    rebar3 is an escript with a zip archive after its first lines, whose bytes are no
    commands)."""
    text = files.text(path) or ""
    return "" if "\0" in text else text


def _executable(files: ContextFiles, path: str) -> bool:
    try:
        return os.access(files.context / path, os.X_OK)
    except (OSError, ValueError):
        return False


# -- applying the sources -------------------------------------------------------------------


def _named_paths(context: Path, command: str) -> Iterator[str]:
    """Context paths a command's words name (``tests/``, ``--cov-config=.coveragerc``); for
    a file below the root, its directory too (a runner reads the suite beside it)."""
    for word in re.split(r"[\s;&|()\"'=,]+", command):
        word = word.removeprefix("./").rstrip("/")
        if not word or word.startswith(("-", "$", "/", "~")) or _has_glob(word):
            continue
        if ".." in word.split("/") or word == ".":
            continue
        try:
            target = context / word
            is_file = target.is_file()
            exists = is_file or target.is_dir()
        except (OSError, ValueError):
            continue
        if exists:
            yield word
            if is_file and "/" in word:
                yield word.rsplit("/", 1)[0]


def _from_trigger(source: NeedSource, files: ContextFiles, trigger: str) -> Iterator[Need]:
    base = trigger.rsplit("/", 1)[0] if "/" in trigger and not source.from_root else ""
    text = files.text(trigger)
    label = f"{source.preset}.toml: {source.key}"

    def need(path: str | None, line: int | None, what: str, *, only_present: bool) -> Need | None:
        if path is None or (only_present and not files.present(path)):
            return None
        where = f"{trigger}:{line}" if line else trigger
        return Need(path, source.reason, f"{where}: {what}", source.warning, trigger, line, label)

    if source.when:
        data = files.data(trigger)
        found = next((key for key in source.when if any(True for _ in _lookup(data, key))), None)
        if found is None:
            return
        gate_line = _line_of(text, f'"{found.rsplit(".", 1)[-1]}"')
    else:
        found, gate_line = None, None
    if (not source.keys and source.regex is not None and not source.regex.search(text or "")) \
            or (source.unless is not None and text is not None and source.unless.search(text)):
        return  # (the regex first: where it finds nothing, ``unless`` is not searched for)
    if source.keys:
        data = files.data(trigger)
        for key in source.keys:
            for where, value in _lookup(data, key):
                for name in _names(value):
                    made = need(
                        _join(base, name.removeprefix("./").rstrip("/")),
                        _line_of(text, f'"{name}"') or _line_of(text, name),
                        where,
                        only_present=False,
                    )
                    if made is not None:
                        yield made
    elif source.regex is not None:
        for match in source.regex.finditer(text or ""):
            line = (text or "").count("\n", 0, match.start()) + 1
            shown = " ".join(match.group(0).split())[:50]
            if match.re.groups:
                for name in re.split(r"[,\s]+", match.group(1) or ""):
                    made = need(_join(base, name), line, shown, only_present=True)
                    if made is not None:
                        yield made
            else:
                for path in source.paths:
                    made = need(_join(base, path), line, shown, only_present=False)
                    if made is not None:
                        yield made
    elif source.extract is not None:
        extractor = EXTRACTORS.get(source.extract)
        for path, line, what in extractor(files, trigger, text or "") if extractor else ():
            made = need(_join(base, path), line, what, only_present=False)
            if made is not None:
                yield made
    else:
        if not source.paths and test_path(trigger):
            # The trigger itself would be the need: in a test tree it is the tests' fixture
            # (qdrant's tests/e2e_tests/test_data/cert/cacert.pem), which an image that runs
            # them keeps by their own need.
            return
        what = found or "present"
        paths = source.paths or ("/" + trigger,)
        for path in paths:
            made = need(_join(base, path), gate_line, what, only_present=True)
            if made is not None:
                yield made


def needs_of(
    context: Path,
    reads: list[DockerfileReads],
    files: Sequence[str],
    presets: PresetSet,
    *,
    absent: bool = False,
    run: RunNeeds | None = None,
    imports: bool = True,
) -> list[Need]:
    """:func:`find_needs` for the context's project ``files`` (context-relative), its
    manifests and Go sources picked from them; ``run`` shares the work with the run's
    other calls."""
    run = run if run is not None else RunNeeds()
    found = run.files(files, presets)
    return find_needs(context, reads, found.manifests, found.go_files, presets=presets,
                      files=files, absent=absent, run=run, imports=imports)


def find_needs(
    context: Path,
    reads: list[DockerfileReads],
    manifests: Iterable[str],
    go_files: Iterable[str] = (),
    *,
    presets: PresetSet | None = None,
    root: Path | None = None,
    files: Iterable[str] | None = None,
    absent: bool = False,
    run: RunNeeds | None = None,
    imports: bool = True,
) -> list[Need]:
    """Every need of a context, given its Dockerfiles (what they copy and run) and the
    manifest files present in it (and its Go sources, for ``//go:embed``).

    ``presets`` gives the need sources (the built-in presets by default); ``root`` is the
    repository whose compose files, scripts and CI workflows may run the image (found
    from ``context`` by default); ``files`` lists the context's files (walked otherwise).
    With ``absent``, the dependency directories the image runs from because no ``RUN``
    installs them are given as globs (``**/vendor``: Laravel's ``public/vendor`` is made
    with them), whether or not the checkout holds them: what a developer's machine has.
    Without ``imports``, the test files that kept sources import are not looked for (each
    source file is read for them): all else is the same, and each of those needs is a file
    that :func:`~ignoregen.build.test_paths.test_path` accepts, so a caller that asks
    about no such file does not need them.
    """
    presets = presets if presets is not None else _builtin()
    manifests = list(manifests)
    if files is None:
        from ignoregen.build.discover import project_files

        files = [
            path.relative_to(context).as_posix()
            for path in project_files(context, presets.skip_dirs)
        ]
    run = run if run is not None else RunNeeds()
    # The files a trigger glob matches, picked once for the run (most match none).
    found = run.listed(files if isinstance(files, list) else list(files), list(go_files),
                       manifests, presets)
    listed, known = found.listed, found.known
    manifest_names = presets.manifests
    reader = run.reader(context)
    reader.presets = presets  # (the extractors that read the presets' data)
    workspaces, roots = nested_workspaces(context, reads)  # (unkey's web/ workspace)
    needs: list[Need] = []
    from ignoregen.build.installed import build_texts, unused_root_manifests
    from ignoregen.build.named import named_needs  # files the image's commands name

    commanded = named_needs(context, reads, presets)
    from ignoregen.build.py_imports import script_needs  # what a test script imports

    commanded = [*commanded, *script_needs(reader, commanded)]
    unused = set(unused_root_manifests(reader, reads, presets, listed, known, commanded))
    from ignoregen.build.workspace_prune import pruned_away  # turbo prune --scope=X

    members = [m for m in manifests if m.endswith("/package.json") and _member(m, workspaces)]
    unused |= pruned_away(context, reads, members)
    from ignoregen.build.member_installs import MemberBuilds, unread_members  # (karakeep)

    names = {member.rsplit("/", 1)[-1] for member in members}  # what the members install from
    installers = [re.compile(category.installed_by) for category in presets.categories
                  if category.installed_by and names.intersection(category.installed_from)]
    unused |= unread_members(context, reads, members, installers, roots)
    builds = MemberBuilds(context, members, installers).of  # a filtered build (homarr)

    def installs(manifest: str) -> bool:
        return _installs_from(manifest, reads, workspaces) and manifest not in unused

    built: dict[tuple[str, int], bool] = {}  # (built_by, Dockerfile): does it match?
    texts = build_texts(run, reader, reads, known)  # what each build runs, once a run

    def run_by(pattern: Regex | None, index: int, dockerfile: DockerfileReads) -> bool:
        """Does the build of ``dockerfile`` run what ``pattern`` (a ``built_by``) says?"""
        if pattern is None:
            return True
        key = (pattern.pattern, index)
        if key not in built:
            built[key] = texts[index].runs(pattern.compiled)
        return built[key]

    def reads_it(source: NeedSource, path: str) -> bool:
        """Does a build that copies ``path`` run what ``source.built_by`` says, with a
        Dockerfile that ``source.unless_dockerfile`` does not match?"""
        if source.built_by is None and source.unless_dockerfile is None:
            return True
        # An in_stage source is asked again for each path (seen_where_run), with the command
        # the image starts with: a dev server that only a CMD runs (DocsGPT's 'npm run dev').
        pattern = None if source.in_stage else source.built_by
        return any(
            run_by(pattern, index, dockerfile) for index, dockerfile in enumerate(reads)
            if path in copied[index]  # (a triggering file, as every path asked about)
            and not (source.unless_dockerfile is not None
                     and says(dockerfile.path, source.unless_dockerfile))
        )

    if imports:
        triggering = found.triggering
        copied = [run.copied(dockerfile, found) for dockerfile in reads]  # once a run for each
    else:  # every source file triggers the imports: the others, those the builds run
        triggering, paths = run.untested(found, lambda source: any(
            run_by(source.built_by, at, read) for at, read in enumerate(reads)))
        copied = [run.copied(dockerfile, found) & paths for dockerfile in reads]  # (kept)
    anywhere = frozenset[str]().union(*copied)
    for path, sources in triggering:
        if not sources or path not in anywhere:
            continue
        if path.rsplit("/", 1)[-1] in manifest_names and not installs(path):
            continue
        for source in sources:  # (a file known to give nothing is not asked about again)
            if not reader.gave_nothing(source, path) and reads_it(source, path):
                made = [need for need in reader.found(source, path, _from_trigger) if not
                        source.in_stage or seen_where_run(reads, source, need.path, builds(path))]
                member = bool(made) and "/" in path and _member(path, workspaces) is not None
                needs.extend(as_member(context, source, path, made, member, lambda pattern, where:
                                       any(run_by(pattern, i, d) for i, d in enumerate(reads)
                                           if where in copied[i] and d.stages)))
    copies = _copier(reads)
    for manifest in manifests:
        if not copies(manifest) or not installs(manifest):
            continue
        problem = _toml_problem(context / manifest) if manifest.endswith(".toml") else None
        warning = (f"{manifest} {problem}: the files it names could not be looked for (and an "
                   "installer that reads it fails too)" if problem else None)
        glob = _member(manifest, workspaces) if "/" in manifest else None
        by_name = glob is None or any(
            not source.whole_context and source.covers(manifest)
            for dockerfile in reads for source in dockerfile.sources
        ) or any(manifest.rsplit("/", 1)[0] in command
                 for dockerfile in reads for _, command in dockerfile.runs)
        reason = ("a manifest or lockfile the build installs from" if by_name
                  else _MEMBER)
        needs.append(Need(manifest, reason, manifest, warning, manifest))
    for source in presets.needs:
        if source.files or source.command is not None:
            continue
        for path in source.paths:
            joined = _join("", path)
            if joined is not None and reader.present(joined):
                needs.append(
                    Need(joined, source.reason, joined, source.warning, joined, None,
                         f"{source.preset}.toml: {source.key}")
                )
    runners = [
        source for source in presets.needs if source.command is not None and not source.scripts
    ]
    if runners:
        commands = list(_build_commands(reader, reads, known))
        commands.extend(
            _image_commands(root or _repository_root(context), context, reads, presets.skip_dirs,
                            run)
        )
        commands.extend(_start_commands(reader, reads, commanded))
        commands.extend(list(_run_scripts(reader, commands)))
        commands.extend(_scripts(commands, presets, reader, listed, reads))
        matching: dict[str, list[NeedSource]] = {}  # by text: a script's command is
        for command in commands:  # met again from each RUN and job that runs the script
            said = f"{command.text}\n{command.via}"
            if said not in matching:
                matching[said] = [source for source in runners
                                  if source.command is not None and source.command.search(said)]
            for source in matching[said]:
                label = f"{source.preset}.toml: {source.key}"
                named = list(_named_paths(context, command.text)) if command.in_image else []
                for path in [*source.paths, *named]:
                    joined = _join("", path)
                    if joined is not None and reader.present(joined):
                        reason = (
                            source.reason if path in source.paths
                            else "a command run in the image names it"
                        )
                        needs.append(
                            Need(joined, reason, command.origin, source.warning, command.file,
                                 command.line, label)
                        )
    if any(category.installed_by for category in presets.categories):
        from ignoregen.build.installed import host_packages, store_needs

        needs.extend(host_packages(reader, reads, presets, listed, known, workspaces, absent))
        needs.extend(store_needs(reader.context, presets, listed))
    from ignoregen.build import cargo_graph, outputs, prebuilt, skipped_build
    unbuilt = cargo_graph.uncompiled_sources(context, reads, listed, [n.file or "" for n in needs],
                                             run)
    needs = [need for need in needs if need.file not in unbuilt]
    root = root or _repository_root(context)
    needs = _unique([
        *needs,
        *prebuilt.prebuilt_needs(context, reads, listed, presets, root, run),
        *skipped_build.skipped_build_needs(reads, presets),  # host output, build skipped
        *commanded,
    ])
    needs = outputs.without_outputs(needs, outputs.build_outputs(context, reads, presets))
    from ignoregen.build import mounted, pruned

    # What no COPY, ADD or bind mount reads never reaches the build (hatch-vcs's .git).
    return [need for need in pruned.prune(context, mounted.under_mounts(context, needs, reads),
                                          presets)
            if _has_glob(need.path) or copies(need.path)]


def _scripts(
    commands: list[Command],
    presets: PresetSet,
    files: ContextFiles,
    listed: list[str],
    reads: Sequence[DockerfileReads],
) -> Iterator[Command]:
    """The named scripts the commands run (``npm run cypress`` runs package.json's
    ``scripts.cypress``), as commands of their own, two levels deep."""
    expanders = [source for source in presets.needs if source.scripts]
    pending = list(commands)
    for _ in range(2):
        found: list[Command] = []
        for command in pending:
            for source in expanders:
                assert source.command is not None
                for match in source.command.finditer(command.text):
                    name = match.group("script")
                    for trigger in listed:
                        if "/" in trigger or not triggers(source, trigger):
                            continue
                        if not _copied(trigger, reads):
                            continue
                        for _, text in _lookup(files.data(trigger), f"{source.scripts}.{name}"):
                            if isinstance(text, str):
                                found.append(
                                    Command(text, command.file, command.line,
                                            f"{command.how} ({trigger} script {name}:)",
                                            command.in_image, f"{command.text}\n{command.via}")
                                )
        yield from found
        pending = found


def _toml_problem(path: Path) -> str | None:
    """Why a TOML file cannot be read (not UTF-8 text, not TOML, unreadable), or None."""
    try:
        toml_loads(fileio.read_bytes(path).decode("utf-8"))
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return "is not UTF-8 text"
    except TomlError as exc:
        return f"is not valid TOML ({exc})"
    return None


def _unique(needs: list[Need]) -> list[Need]:
    first: dict[str, Need] = {}
    for need in needs:
        first.setdefault(need.path, need)
    return list(first.values())


def needs_for(path: str, needs: Iterable[Need]) -> list[Need]:
    """The needs that keep ``path``: the path itself, a directory above it, a glob that
    matches it, or a path below it (a kept file inside an excluded directory)."""
    from ignoregen.engine.dockerignore import Rule
    from ignoregen.engine.matcher import Matcher

    out: list[Need] = []
    for need in needs:
        target = need.path.rstrip("/")
        related = path == target or path.startswith(target + "/") or target.startswith(path + "/")
        if related or (
            _has_glob(target)
            and Matcher([Rule(target, False, "", 0, target)]).decide(path).excluded
        ):
            out.append(need)
    return out
