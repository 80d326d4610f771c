"""Builds that a script runs: ``docker build`` (``docker buildx build``, ``podman build``,
``buildah bud``)
command lines in a Makefile's recipes, the named scripts of a file the presets name
(``scripts`` of package.json) or a CI workflow's ``run`` steps; and where
``docker buildx bake -f FILE`` runs a bake file.

A Makefile's recipe runs in the Makefile's directory, an npm script in its package's
directory, a workflow step in the checkout (or its ``working-directory``): the context and
the ``-f`` file are relative to that, and so are the contexts of a bake file run there. Only a
command whose words can be known is read: make's ``$(...)`` and the shell's ``${...}``
and ``$(...)`` are unknown words; a context, file or target holding one, an option this
reader does not know (it might take a value, which would shift the words), or more than
one context argument, and the command is passed over (``--name=value`` is always safe).
A word that is nothing but unknowns (``$(if $(PUSH),--push)``, ``$(FLAGS)``) is taken for
options: as a second context it would make the command fail. Nothing here is an error:
a script defines no build of its own.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import posixpath
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ignoregen import fileio
from ignoregen.build.context_above import context_above
from ignoregen.build.copied_before import copied_before
from ignoregen.build.discover import (
    REMOTE_PREFIXES,
    Build,
    BuildProblem,
    Discovery,
    ProblemKind,
)
from ignoregen.build.script_names import JUSTFILES as JUSTFILES
from ignoregen.build.script_names import MAKEFILES as MAKEFILES
from ignoregen.build.script_names import TASKFILE_NAMES as TASKFILE_NAMES
from ignoregen.tomlread import loads as toml_loads

if TYPE_CHECKING:
    from ignoregen.build.bake import BakeRun  # imported where one is made: bake is large

UNKNOWN = "\x00"
"""Stands for a word only known when the script runs."""

_COMMAND = re.compile(
    r"(?:^|[\s;&|(`@-])(?:sudo\s+)?(?:(?:docker|podman)\s+(?:buildx\s+build|image\s+build|build)"
    r"|buildah\s+(?:bud|build-using-dockerfile|build))"
    r"(?=\s|$)"
)
"""A build command: Docker's, Podman's, or Buildah's own (``buildah bud``, ``buildah build``:
the build Podman runs, with the same ignore files and default Containerfile)."""
_BAKE = re.compile(r"(?:^|[\s;&|(`@-])(?:sudo\s+)?docker\s+buildx\s+bake(?=\s|$)")
_END = re.compile(r"\s(?:&&|\|\||;|\|)\s|;\s*$")
_FILE = ("-f", "--file")
_TARGET = ("--target",)
_VALUED = frozenset({
    "-t", "--tag", "--build-arg", "--label", "--platform", "-o", "--output",
    "--cache-from", "--cache-to", "--secret", "--ssh", "--network", "--progress",
    "--iidfile", "--metadata-file", "--builder", "--add-host", "--build-context",
    "--annotation", "--attest", "--shm-size", "--ulimit", "-m", "--memory",
    "--memory-swap", "--cpu-shares", "--cpuset-cpus", "--cgroup-parent", "--isolation",
    "--allow", "--call", "--ignorefile",
    "--format", "--jobs", "--manifest", "--authfile", "--creds", "--arch", "--os",
    "--variant",
})
_REDIRECT = re.compile(r"^(?:\d*|&)(?:>>?|<)&?(.*)$")
"""A redirection word, and what it names when joined to it (``>/dev/null``, ``2>&1``)."""
_FLAGS = frozenset({
    "--push", "--load", "--no-cache", "--pull", "-q", "--quiet", "--rm", "--force-rm",
    "--squash", "--compress", "--disable-content-trust", "--check", "--debug",
    "--layers", "--tls-verify",  # Podman's and Buildah's booleans
})


def _unknowns(text: str) -> str:
    """``text`` with every ``$(...)`` and ``${...}`` (balanced) replaced by :data:`UNKNOWN`,
    and ``$NAME`` too."""
    at = text.find("$")
    if at < 0:
        return text
    out: list[str] = []
    i = 0
    end = len(text)
    while at >= 0:
        out.append(text[i:at])
        after = text[at + 1] if at + 1 < end else ""
        if after and after in "({":
            close = ")" if after == "(" else "}"
            depth = 0
            j = at + 1
            while j < end:
                if text[j] == after:
                    depth += 1
                elif text[j] == close:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append(UNKNOWN)
            i = j + 1
        elif after and (after.isalnum() or after == "_"):
            j = at + 1
            while j < end and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(UNKNOWN)
            i = j
        else:
            out.append("$")
            i = at + 1
        at = text.find("$", i)
    out.append(text[i:])
    return "".join(out)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, line) with backslash-newline continuations joined, and
    PowerShell's (a backtick after a space: a Windows runner's ``docker build -f X ` ``)."""
    start = 0
    parts: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not parts:
            start = number
        if line.endswith("\\") or line.endswith((" `", "\t`")):
            parts.append(line[:-1])
            continue
        parts.append(line)
        yield start, " ".join(parts)
        parts = []
    if parts:
        yield start, " ".join(parts)


_CD = re.compile(
    r"(?:^|[;&|(`]|\bthen|\bdo)\s*(?:builtin\s+)?(?:cd|pushd)(?:\s+(\S+))?(?=\s|$|[;&|)])"
)
"""A ``cd`` (or ``pushd``) command, and its first word."""


def moves(text: str) -> bool:
    """Does the shell text change directory (``cd web``, ``pushd "$DIR"``), other than to
    where it is (``cd .``)?"""
    return moved_to(".", text) != "."


def moved_to(where: str | None, text: str) -> str | None:
    """``where`` (a directory relative to the script's; None: unknown) after the ``cd``
    commands of ``text``: a literal relative path is followed, anything else (a variable,
    ``~``, ``-``, an absolute path, none) is unknown."""
    for match in _CD.finditer(text):
        target = (match.group(1) or "").strip("'\"")
        if where is None or not target or target.startswith(("/", "~", "-")) \
                or UNKNOWN in target or "$" in target or "`" in target:
            return None
        where = posixpath.normpath(posixpath.join(where, target))
    return where


def docker_builds(
    text: str, cd_persists: bool = False,
) -> Iterator[tuple[int, str, str | None, str | None]]:
    """(line, context, file or None, target or None) of each readable build command. A
    ``cd`` before it on its line moves it (``cd web && docker build .`` builds ``web``);
    with ``cd_persists`` (the lines of one shell: a CI step's script) so does one on an
    earlier line. Where a ``cd`` goes cannot be read, the builds after it are not read."""
    for number, context, dockerfile, target, _ in build_commands(text, cd_persists):
        yield number, context, dockerfile, target


def build_commands(
    text: str, cd_persists: bool = False, patterns: bool = False, any_context: bool = False,
) -> Iterator[tuple[int, str, str | None, str | None, str]]:
    """:func:`docker_builds`, each with the program that runs it: ``docker``, ``podman`` or
    ``buildah``; with ``patterns``, a file named with a variable is given with
    :data:`UNKNOWN` in it; with ``any_context``, a command whose other words can be read
    but whose context is a variable is given with the context :data:`UNKNOWN`."""
    where: str | None = "."
    for number, line in _logical_lines(text):
        line = _unknowns(line)
        for match in _COMMAND.finditer(line):
            at = moved_to(where, line[: match.start()])
            if at is None:
                break
            rest = line[match.end():]
            end = _END.search(rest)
            if end is not None:
                rest = rest[: end.start()]
            tool = _tool(match.group(0))
            found = build_arguments(rest, context_optional=tool != "docker",
                                    patterns=patterns, any_context=any_context)
            if found is not None:
                context, dockerfile, target = found
                if at != ".":
                    context = posixpath.join(at, context)
                    dockerfile = posixpath.join(at, dockerfile) if dockerfile else None
                yield number, context, dockerfile, target, tool
        if cd_persists:
            where = None if "(" in line and moves(line) else moved_to(where, line)
            if where is None:
                return


def _tool(command: str) -> str:
    """Which program runs a :data:`_COMMAND` match: docker, podman or buildah."""
    found = re.search(r"\b(buildah|podman|docker)\b", command)
    return found.group(1) if found else "docker"


def build_arguments(
    rest: str, context_optional: bool = False, patterns: bool = False,
    any_context: bool = False,
) -> tuple[str, str | None, str | None] | None:
    """(context, file or None, target or None) of the words after ``docker build``, or
    None when they cannot be read (an unknown option, several operands, a variable; with
    ``patterns``, a variable in the file alone is kept as :data:`UNKNOWN`).
    With ``context_optional`` (Podman and Buildah: ``buildah bud -f Containerfile -t x``
    builds the directory it runs in) no operand is the current directory, unless a word
    that is nothing but unknowns may be the operand. With ``any_context``, an operand
    that holds an unknown, or none beside a word of nothing but unknowns, is given as
    :data:`UNKNOWN` (the other words read as ever)."""
    try:
        words = shlex.split(rest, comments=True)
    except ValueError:
        return None
    positional: list[str] = []
    dockerfile: str | None = None
    target: str | None = None
    unknown_words = False
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word in _FLAGS:
            continue
        redirect = _REDIRECT.match(word)
        if redirect is not None:  # '>/dev/null', '2> log': the shell's, not an operand
            i += not redirect.group(1)
            continue
        name, equals, value = word.partition("=")
        if word.startswith("--") and equals:
            if name in _FILE:
                dockerfile = value
            elif name in _TARGET:
                target = value
            continue  # any other --name=value: the value cannot shift the words
        if word in _FILE or word in _TARGET or word in _VALUED:
            if i >= len(words):
                return None
            value = words[i]
            i += 1
            if word in _FILE:
                dockerfile = value
            elif word in _TARGET:
                target = value
            continue
        if word.startswith("-f") and len(word) > 2:
            dockerfile = word[2:]
            continue
        if word.startswith("-") and word != "-":
            return None
        if not word.replace(UNKNOWN, ""):
            unknown_words = True
            continue
        positional.append(word)
    if not positional and context_optional and not unknown_words:
        positional.append(".")
    if any_context and ((positional == [] and unknown_words)
                        or (len(positional) == 1 and UNKNOWN in positional[0])):
        positional = [UNKNOWN]
    if len(positional) != 1:
        return None
    context = positional[0]
    if context == UNKNOWN:
        if not dockerfile or dockerfile == "-" or dockerfile.startswith(REMOTE_PREFIXES):
            return None
        return context, dockerfile, target
    for given in (context, None if patterns else dockerfile, target):
        if given is not None and (UNKNOWN in given or not given):
            return None
    if context == "-" or context.startswith(REMOTE_PREFIXES) or dockerfile in ("-", ""):
        return None
    return context, dockerfile, target


def _dockerfiles_like(base: Path, pattern: str) -> list[str]:
    """The Dockerfiles that ``-f`` ``pattern`` (relative to ``base``; :data:`UNKNOWN` for a
    variable) may name, when its first directory and its file name's shape are known (a
    loop over images: ``-f cmd/$image/Dockerfile.windows``): a variable stands for one
    name, not a path, and a pattern that any Dockerfile fits (``-f $FILE``) names none."""
    from ignoregen.build.discover import is_dockerfile

    parts = pattern.split("/")
    if (len(parts) < 2 or UNKNOWN in parts[0] or parts[0] in ("", ".", "..")
            or not parts[-1].replace(UNKNOWN, "")):
        return []
    globbed = "/".join(glob.escape(part).replace(UNKNOWN, "*") for part in parts)
    return sorted(
        path.relative_to(base).as_posix() for path in base.glob(globbed)
        if path.is_file() and is_dockerfile(path.name)
    )


_BUILD_CONTEXT = re.compile(r"""--build-context(?:=|\s+)(["']?)([\w.-]+)=([^\s"']+)\1""")


def _named_contexts(text: str, base: Path, found: Discovery) -> None:
    """Note the local directories that ``docker build --build-context NAME=DIR`` names (as
    written, relative to where the script runs; not an image or a URL): BuildKit filters
    each through its own ``.dockerignore`` for ``COPY --from=NAME``."""
    for _, line in _logical_lines(text):
        line = _unknowns(line)
        if not _COMMAND.search(line):
            continue
        for _, name, value in _BUILD_CONTEXT.findall(line):
            if UNKNOWN not in value and "://" not in value and ":" not in value.split("/")[0]:
                found.named_context(Path(os.path.normpath(base / value)), name)


def add_builds(
    text: str, base: Path, defined_in: Path, shown: str, found: Discovery, first: int = 1,
    root: Path | None = None, unbuilt: bool = False, cd_persists: bool = False,
    claim_unknown: bool = False,
) -> None:
    """Add the builds that the commands in ``text`` (run in ``base``) make; ``text`` starts
    on line ``first`` of ``defined_in``; ``cd_persists``: see :func:`docker_builds`.

    With ``claim_unknown`` (a Makefile's recipes), a command that names its Dockerfile but
    builds a context only make works out (cert-manager's ``$(CTR) build -f
    hack/containers/Containerfile.controller ... $(dir $<)``, a directory it fills under
    ``_bin/scratch``) claims that Dockerfile, with a note: it is not a build of its own
    directory, nor of one its sources guess.

    With ``unbuilt`` (a build tool that makes the context before it runs the command), a
    build whose context does not exist yet is kept in :attr:`Discovery.unbuilt`.

    With ``root`` (a Makefile or a script table, which may well be stale, unlike a CI
    workflow that runs on every push), a build of a Dockerfile in its own directory whose
    sources lie in a directory above, not there (huginn's docker/multi-process/Makefile
    runs ``docker build .`` for a Dockerfile that copies ``docker/scripts/prepare``), fails
    as written: the Dockerfile is analysed with the directory above as its context, and a
    note (IG005) says so, instead of an error for every COPY of the Dockerfile."""
    seen = {(b.context, b.dockerfile, b.target) for b in found.builds}
    if "--build-context" in text:
        _named_contexts(text, base, found)
    for number, context_text, given, target, tool in build_commands(
        text, cd_persists, True, claim_unknown
    ):
        if UNKNOWN in context_text:
            if given and UNKNOWN not in given:
                _claim(base, given, tool, defined_in, first + number - 1, found)
            continue
        named = _dockerfiles_like(base, given) if given and UNKNOWN in given else [given]
        if not named and (base / context_text).is_dir():
            # The Dockerfile is a variable's (syft's test/install/Makefile: 'docker build -f
            # $(ENVS)/Dockerfile-ubuntu-20.04 .'): the build is not read, but it reads the
            # context's ignore file all the same.
            found.unanalysed_contexts.append(Path(os.path.normpath(base / context_text)))
        for file_text in named:
            podman = tool != "docker"  # Buildah's build, which Podman runs too
            line = first + number - 1
            context = Path(os.path.normpath(base / context_text))
            dockerfile = (
                Path(os.path.normpath(base / file_text)) if file_text else context / "Dockerfile"
            )
            if podman and not file_text and (context / "Containerfile").is_file():
                dockerfile = context / "Containerfile"  # Buildah's first choice
            origin = f"{shown}:{line} ({tool} build)"
            if not context.is_dir() or not dockerfile.is_file():
                if file_text and context.is_dir() and not os.path.lexists(dockerfile):
                    found.unanalysed_contexts.append(context)  # written before it
                if unbuilt and dockerfile.is_file() and not os.path.lexists(context) and all(
                    (b.context, b.dockerfile, b.target) != (context, dockerfile, target)
                    for b in found.unbuilt
                ):
                    found.unbuilt.append(Build(
                        context=context, dockerfile=dockerfile, target=target, origin=origin,
                        defined_in=defined_in, lines=(("build", line),),
                    ))
                continue
            if root is not None and context == dockerfile.parent and (
                above := context_above(dockerfile, root,
                                       copied_before(text, number, base, context, tool))
            ) is not None:
                found.problems.append(BuildProblem(
                    ProblemKind.ASSUMED, defined_in, line,
                    f"docker build with the context {context.relative_to(root).as_posix()} "
                    "fails as written, for the Dockerfile reads from a directory above "
                    f"({above[1]}); it is checked with that context",
                    above[0],
                ))
                context, origin = above[0], f"{origin}, {above[1]}"
            key = (context, dockerfile, target)
            if key in seen:
                if not podman:  # Docker builds it too
                    found.builds = [
                        dataclasses.replace(b, podman=False)
                        if (b.context, b.dockerfile, b.target) == key else b for b in found.builds
                    ]
                found.built_again(key)
                continue
            seen.add(key)
            found.builds.append(Build(
                context=context,
                dockerfile=dockerfile,
                target=target,
                origin=origin,
                defined_in=defined_in,
                lines=(("build", line),),
                podman=podman,
            ))


def _claim(
    base: Path, given: str, tool: str, defined_in: Path, line: int, found: Discovery,
) -> None:
    """Note that the command at ``line`` of ``defined_in`` (run in ``base``) builds the
    Dockerfile ``given`` in a context that cannot be known here (see :func:`add_builds`)."""
    dockerfile = Path(os.path.normpath(base / given))
    if not dockerfile.is_file():
        return
    found.claimed.append(dockerfile)
    found.problems.append(BuildProblem(
        ProblemKind.SKIPPED, defined_in, line,
        f"{tool} builds {posixpath.normpath(given)} in a context that make works out as "
        "it runs, not the Dockerfile's own directory: that build is not checked",
        hint="nothing to fix: check the Dockerfile with -f and its context if you also "
        "build it from a directory of the repository",
    ))


def read_makefile(path: Path, root: Path, found: Discovery) -> None:
    """Add the builds that a Makefile's or a justfile's recipes run (in its directory), or
    a Taskfile's tasks (:mod:`.taskfile`)."""
    if path.name in TASKFILE_NAMES:
        from ignoregen.build import taskfile

        taskfile.read_file(path, root, found)
        return
    try:
        text = fileio.read_text(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    shown = path.relative_to(root).as_posix()
    if path.name not in JUSTFILES:
        from ignoregen.build.make_includes import makefile_texts

        # The included files' recipes run where the Makefile's do (make's directory).
        texts = makefile_texts(path, root) or [(path, text)]
        tools = _tool_names("\n".join(part for _, part in texts))
        for file, part in texts:
            add_builds(_with_tools(part, tools), path.parent, file,
                       file.relative_to(root).as_posix(), found, root=root,
                       claim_unknown=True)
        return
    for first, recipe in _recipes(text):
        # a shebang recipe runs as one script, where a cd holds for the lines below it
        shebang = recipe.lstrip().startswith("#!")
        add_builds(recipe, path.parent, path, shown, found, first, root=root,
                   cd_persists=shebang)


_TOOL_VARIABLE = re.compile(
    r"^[ \t]*(?:export[ \t]+|override[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:\?|::?)?="
    r"[ \t]*(docker|podman|buildah)[ \t]*(?:#.*)?$",
    re.MULTILINE,
)


def _tool_names(text: str) -> dict[str, str]:
    """The variables of a Makefile's ``text`` (its included files' too) that hold the
    container program (kubebuilder's ``CONTAINER_TOOL ?= docker``; prometheus-operator's
    ``CONTAINER_CLI``; cert-manager's ``CTR ?= docker`` in make/_shared/tools/00_mod.mk):
    the first value assigned, as make runs it when the user sets none."""
    tools: dict[str, str] = {}
    for match in _TOOL_VARIABLE.finditer(text):
        tools.setdefault(match.group(1), match.group(2))
    return tools


def _with_tools(text: str, tools: dict[str, str]) -> str:
    """``text`` with ``$(NAME)`` and ``${NAME}`` written out for each of ``tools``
    (:func:`_tool_names`): ``$(CONTAINER_TOOL) build -t ${IMG} .`` is read as a build."""
    for name, tool in tools.items():
        text = text.replace(f"$({name})", tool).replace(f"${{{name}}}", tool)
    return text


def _recipes(text: str) -> Iterator[tuple[int, str]]:
    """(first line, body) of each recipe of a justfile: the indented lines after a line
    that is not."""
    body: list[str] = []
    first = 1
    for number, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t"):
            if not body:
                first = number
            body.append(line)
            continue
        if body:
            yield first, "\n".join(body)
        body = []
    if body:
        yield first, "\n".join(body)


def read_script_table(path: Path, key: str, root: Path, found: Discovery) -> None:
    """Add the builds that the named scripts of ``path`` (a JSON or TOML file whose key
    path ``key`` holds them: ``scripts`` of package.json) run; npm, yarn and pnpm run a
    script in the file's directory."""
    for line, text in script_table(path, key):
        add_builds(text, path.parent, path, path.relative_to(root).as_posix(), found, line,
                   root=root)


def script_table(path: Path, key: str) -> list[tuple[int, str]]:
    """(line, command) of each script at the key path ``key`` of a JSON or TOML file;
    nothing for one that cannot be read. The line is that of the script's name (of the
    table's key when not found)."""
    try:
        text = fileio.read_text(path, encoding="utf-8-sig")
        if path.suffix == ".toml":
            data: Any = toml_loads(text)
        else:
            import json  # here: most runs read no JSON script table

            data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return []
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, dict):
        return []
    lines = text.splitlines()
    last = key.rsplit(".", 1)[-1]
    start = next((i for i, line in enumerate(lines) if _holds_key(line, last)), 0)
    out: list[tuple[int, str]] = []
    for name, command in data.items():
        if not isinstance(command, str):
            continue
        line = next((i for i in range(start, len(lines)) if _holds_key(lines[i], name)), start)
        out.append((line + 1, command))
    return out


def _holds_key(line: str, name: str) -> bool:
    """Does ``line`` hold the key ``name`` as JSON or TOML writes it (bare or quoted, at
    the start or after a space, ``{``, ``,``, ``[`` or ``.``), before its ``:``, ``=`` or
    ``]``?"""
    if name not in line:
        return False
    for token in (f'"{name}"', f"'{name}'", name):
        at = line.find(token)
        while at >= 0:
            before = line[at - 1] if at else ""
            after = line[at + len(token):].lstrip()[:1]
            if (not before or before.isspace() or before in "{,[.") and after \
                    and after in ":=]":
                return True
            at = line.find(token, at + 1)
    return False


def bake_commands(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, files named with ``-f``) of each ``docker buildx bake`` command whose files
    can be known; a command naming none (bake's own lookup in its directory) is left out."""
    for number, line in _logical_lines(text):
        line = _unknowns(line)
        for match in _BAKE.finditer(line):
            rest = line[match.end():]
            end = _END.search(rest)
            if end is not None:
                rest = rest[: end.start()]
            try:
                words = shlex.split(rest, comments=True)
            except ValueError:
                continue
            files: list[str] = []
            for i, word in enumerate(words):
                name, equals, value = word.partition("=")
                if name in _FILE and equals:
                    files.append(value)
                elif word in _FILE:
                    files.append(words[i + 1] if i + 1 < len(words) else "")
                elif word.startswith("-f") and len(word) > 2 and not word.startswith("--"):
                    files.append(word[2:])
            if files and all(item and UNKNOWN not in item for item in files):
                yield number, files


def bake_runs(text: str, base: Path, shown: str, first: int = 1) -> list[BakeRun]:
    """The bake files that the commands in ``text`` (run in ``base``) run; ``text`` starts
    on line ``first`` of the file shown as ``shown``."""
    from ignoregen.build.bake import BakeRun

    out: list[BakeRun] = []
    for number, files in bake_commands(text):
        for item in files:
            item = item.removeprefix("cwd://")
            if item.startswith(REMOTE_PREFIXES):
                continue
            file = Path(os.path.normpath(base / item))
            out.append(BakeRun(file, base, f"{shown}:{first + number - 1}"))
    return out


def script_bake_runs(path: Path, root: Path, key: str | None = None) -> list[BakeRun]:
    """The bake runs of a Makefile's recipes, or of the scripts at ``key`` of a script
    table (``scripts`` of package.json)."""
    shown = path.relative_to(root).as_posix()
    if key is not None:
        return [run for line, text in script_table(path, key)
                for run in bake_runs(text, path.parent, shown, line)]
    if path.name in MAKEFILES:  # its included files' recipes run where its own do
        from ignoregen.build.make_includes import makefile_texts

        return [run for file, text in makefile_texts(path, root)
                for run in bake_runs(text, path.parent, file.relative_to(root).as_posix())]
    try:
        text = fileio.read_text(path, encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return bake_runs(text, path.parent, shown)
