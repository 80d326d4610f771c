"""Builds that a Maven project runs: a plugin of a ``pom.xml`` (exec-maven-plugin, in the
presets' ``[[maven_commands]]``) that runs ``docker build`` (``docker buildx build``,
``podman build``) with a command line the pom gives.

Maven reads a module's pom together with its parents' (found on disk through
``<parent><relativePath>``, ``../pom.xml`` by default): properties, plugins and their
configuration are inherited, ``<pluginManagement>`` configures a plugin that a module (or a
profile of it) declares, and ``${...}`` is expanded after inheritance, with the module's
own values (``${basedir}`` in a parent's property is the module's directory). The model
values a command line uses are known here: ``project.basedir`` (``basedir``),
``project.groupId``, ``artifactId``, ``version``, ``name``, ``project.build.directory``
(``${project.basedir}/target`` by default), ``project.build.finalName``
(``${project.artifactId}-${project.version}``) and ``project.build.outputDirectory``.
A profile (``-PbuildDocker``) is read as active, one at a time, as compose profiles are:
each may define a build.

The command line is then read as a script's (see :func:`ignoregen.build.scripts.add_builds`):
run in the plugin's working directory (the module's by default), a ``${...}`` that is still
unknown makes the words holding it unknown. A context that does not exist yet (the
module's ``target``, made by ``mvn package``) is not analysed; the build is remembered in
:attr:`~ignoregen.build.discover.Discovery.unbuilt`, since its Dockerfile's own ignore
file serves it too.

A pom that cannot be read defines nothing; when its text runs a container build, a
problem (IG005) says so, and the other poms are read all the same.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from ignoregen import fileio
from ignoregen.build.discover import BuildProblem, Discovery, ProblemKind
from ignoregen.build.scripts import add_builds

if TYPE_CHECKING:
    from ignoregen.knowledge.maven_command import MavenCommand

POM = "pom.xml"
MAX_PARENTS = 20
"""A chain of parents longer than this is taken for a loop."""
_PROPERTY = re.compile(r"\$\{([^${}]+)\}")
_BUILDS = re.compile(r"\b(?:docker|podman)\b[\s\S]*\bbuild\b")
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ash"})

# Maven's super POM: the values every project has unless its pom says otherwise.
_DEFAULTS = (
    ("project.build.directory", "${project.basedir}/target"),
    ("project.build.finalName", "${project.artifactId}-${project.version}"),
    ("project.build.outputDirectory", "${project.build.directory}/classes"),
)
# Model values by the pom's element path; where Maven inherits them from <parent>.
_MODEL = (
    ("project.groupId", ("groupId",), ("parent", "groupId")),
    ("project.artifactId", ("artifactId",), None),
    ("project.version", ("version",), ("parent", "version")),
    ("project.name", ("name",), None),
    ("project.build.directory", ("build", "directory"), None),
    ("project.build.finalName", ("build", "finalName"), None),
    ("project.build.outputDirectory", ("build", "outputDirectory"), None),
)


class PomError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Node:
    """An element of a pom: its local name, text, children and line."""

    tag: str
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def child(self, *path: str) -> Node | None:
        node: Node | None = self
        for name in path:
            node = next((c for c in node.children if c.tag == name), None) if node else None
        return node

    def all(self, *path: str) -> list[Node]:
        """The children at ``path`` (the last name may repeat)."""
        parent = self.child(*path[:-1]) if len(path) > 1 else self
        return [c for c in parent.children if c.tag == path[-1]] if parent else []

    def value(self, *path: str) -> str | None:
        node = self.child(*path)
        return node.text.strip() if node is not None else None


def parse_pom(data: bytes) -> Node:
    """The element tree of a pom's bytes; :class:`PomError` when it is not well-formed XML
    (or declares entities: a pom never needs them)."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    top: list[Node] = []

    def start(name: str, _attrs: object) -> None:
        node = Node(name.rpartition(":")[2], parser.CurrentLineNumber)
        (stack[-1].children if stack else top).append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    def entity(*_args: object) -> None:
        raise PomError(parser.CurrentLineNumber, "declares an entity")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise PomError(exc.lineno, f"not well-formed XML: {expat.ErrorString(exc.code)}") from None
    except RecursionError:
        raise PomError(None, "nested too deeply") from None
    if not top or top[0].tag != "project":
        raise PomError(1, "not a Maven pom: the root element is not <project>")
    return top[0]


class _Poms:
    """The poms read so far, by path (None: cannot be read)."""

    def __init__(self, root: Path, found: Discovery) -> None:
        self.root = root
        self.found = found
        self.read: dict[Path, Node | None] = {}

    def load(self, path: Path) -> Node | None:
        if path in self.read:
            return self.read[path]
        node: Node | None = None
        try:
            data = fileio.read_bytes(path)
        except OSError:
            data = b""
        else:
            try:
                node = parse_pom(data)
            except PomError as exc:
                if _BUILDS.search(data.decode("utf-8", "replace")):
                    self.found.problems.append(BuildProblem(
                        ProblemKind.UNREAD, path, exc.line,
                        f"{exc.message}; Maven cannot read it, so the container builds its "
                        "plugins run are not analysed",
                    ))
        self.read[path] = node
        return node

    def chain(self, path: Path, pom: Node) -> list[tuple[Path, Node]]:
        """The pom and its parents found on disk, the module first."""
        out = [(path, pom)]
        while len(out) < MAX_PARENTS:
            here, node = out[-1]
            parent = node.child("parent")
            if parent is None:
                break
            relative = parent.value("relativePath")
            if relative == "":
                break
            candidate = here.parent / (relative or "../pom.xml")
            if candidate.is_dir():
                candidate = candidate / POM
            candidate = Path(os.path.normpath(candidate))
            if not candidate.is_file() or any(candidate == p for p, _ in out):
                break
            above = self.load(candidate)
            if above is None or above.value("artifactId") != parent.value("artifactId"):
                break
            out.append((candidate, above))
        return out


def _profiles(chain: Sequence[tuple[Path, Node]]) -> list[str | None]:
    """No profile, then each profile id of the chain."""
    ids: dict[str, None] = {}
    for _, pom in chain:
        for profile in pom.all("profiles", "profile"):
            name = profile.value("id")
            if name:
                ids[name] = None
    return [None, *ids]


def _parts(pom: Node, profile: str | None) -> list[Node]:
    """The pom itself, and its profile ``profile`` (the places a build section may be)."""
    out = [pom]
    if profile is not None:
        out += [p for p in pom.all("profiles", "profile") if p.value("id") == profile]
    return out


def _properties(chain: Sequence[tuple[Path, Node]], profile: str | None) -> dict[str, str]:
    module_dir = chain[0][0].parent.as_posix()
    values: dict[str, str] = dict(_DEFAULTS)
    for _, pom in reversed(chain):  # the root-most first: a child overrides
        for name, path, inherited in _MODEL:
            given = pom.value(*path)
            if given is None and inherited is not None:
                given = pom.value(*inherited)
            if given is not None:
                values[name] = given
        for part in _parts(pom, profile):
            for prop in part.all("properties"):
                for item in prop.children:
                    values[item.tag] = item.text.strip()
    values["project.basedir"] = values["basedir"] = module_dir
    for name, _, _ in _MODEL:
        if name in values and name.startswith("project."):
            values.setdefault("pom." + name.removeprefix("project."), values[name])
            values.setdefault(name.removeprefix("project."), values[name])
    return values


def expand(text: str, values: dict[str, str]) -> str:
    """``text`` with every known ``${name}`` replaced, again in what it brings (a loop is
    cut off); an unknown one is kept as written."""
    for _ in range(10):
        new = _PROPERTY.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        if new == text:
            break
        text = new
    return text


def _key(plugin: Node) -> str:
    return f"{plugin.value('groupId') or 'org.apache.maven.plugins'}:{plugin.value('artifactId')}"


@dataclass
class _Run:
    """One run of a command plugin: its configuration (parameters by name, later wins) and
    where it is declared."""

    config: dict[str, Node]
    line: int


def _merged(plugins: Sequence[Node]) -> list[_Run]:
    """The runs of a plugin declared by ``plugins`` (the least specific first): one per
    execution id, each with the plugin's configuration under the execution's; the plugin's
    own configuration alone when no execution is declared (``mvn exec:exec``)."""
    common: dict[str, Node] = {}
    executions: dict[str, dict[str, Node]] = {}
    line = plugins[-1].line
    for plugin in plugins:
        for item in (plugin.child("configuration") or Node("", 0)).children:
            common[item.tag] = item
        for execution in plugin.all("executions", "execution"):
            name = execution.value("id") or "default"
            config = executions.setdefault(name, {})
            for item in (execution.child("configuration") or Node("", 0)).children:
                config[item.tag] = item
    if not executions:
        return [_Run(common, line)]
    return [_Run({**common, **config}, line) for config in executions.values()]


def _commands(
    chain: Sequence[tuple[Path, Node]], profile: str | None, plugins: Sequence[MavenCommand],
) -> Iterator[tuple[MavenCommand, _Run]]:
    """The runs of the command plugins that the module (with ``profile`` active) runs."""
    wanted = {plugin.plugin: plugin for plugin in plugins}
    managed: dict[str, list[Node]] = {}
    declared: dict[str, list[Node]] = {}
    for _, pom in reversed(chain):
        for part in _parts(pom, profile):
            for plugin in part.all("build", "pluginManagement", "plugins", "plugin"):
                managed.setdefault(_key(plugin), []).append(plugin)
            for plugin in part.all("build", "plugins", "plugin"):
                declared.setdefault(_key(plugin), []).append(plugin)
    for key, nodes in declared.items():
        if key in wanted:
            for run in _merged([*managed.get(key, []), *nodes]):
                yield wanted[key], run


def _command_text(plugin: MavenCommand, run: _Run, values: dict[str, str]) -> str | None:
    """The command line a run runs, with the words Maven knows expanded."""
    executable = run.config.get(plugin.executable)
    if executable is None:
        return None
    words = [expand(executable.text.strip(), values)]
    listed = run.config.get(plugin.arguments)
    if listed is not None:
        words += [expand(item.text.strip(), values) for item in listed.children]
    text = shlex.join([os.path.basename(words[0]), *words[1:]])
    given = run.config.get(plugin.command_line) if plugin.command_line else None
    if given is not None:
        text += " " + expand(given.text.strip(), values)
    name = os.path.basename(words[0])
    if name in _SHELLS and len(words) > 2 and words[1] == "-c":
        return words[2]  # sh -c 'docker build ...': the script is the command
    return text


def read_file(
    path: Path, root: Path, found: Discovery, plugins: Sequence[MavenCommand],
    poms: _Poms | None = None,
) -> None:
    """Add the builds that the command plugins of the module ``path`` run."""
    poms = poms or _Poms(root, found)
    pom = poms.load(path)
    if pom is None:
        return
    chain = poms.chain(path, pom)
    shown = path.relative_to(root).as_posix()
    for profile in _profiles(chain):
        values = _properties(chain, profile)
        for plugin, run in _commands(chain, profile, plugins):
            text = _command_text(plugin, run, values)
            if text is None or not _BUILDS.search(text):
                continue
            where = run.config.get(plugin.directory) if plugin.directory else None
            base = path.parent
            if where is not None and where.text.strip():
                base = Path(os.path.normpath(path.parent / expand(where.text.strip(), values)))
            add_builds(text.replace("\n", " "), base, path, shown, found, run.line,
                       unbuilt=True)


def read_files(
    paths: Sequence[Path], root: Path, found: Discovery, plugins: Sequence[MavenCommand],
) -> None:
    """:func:`read_file` for each pom, each read once."""
    poms = _Poms(root, found)
    for path in paths:
        read_file(path, root, found, plugins, poms)
