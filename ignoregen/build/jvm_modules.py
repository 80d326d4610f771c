"""The projects a Maven reactor or a Gradle build is made of, which both tools load before
they build any one of them.

Maven reads the pom of every ``<module>`` an aggregator lists (in any profile: the one
active is not known here) and stops when one is missing ("Child module ... does not
exist"), even under ``mvn -pl app -am``. Gradle configures every project that
``settings.gradle`` includes; one without its directory is an error since Gradle 9
("Configuring project ':docs' without an existing directory is not allowed"). Reactors list
modules named ``docs`` or ``tests``, which the docs and test categories exclude. Of each
module init keeps its build file and its main sources (``src/main``), which a full build
compiles; the test categories still take ``src/test``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ignoregen.build.extractors import Found, Readable

_XML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MODULE = re.compile(r"<module>\s*([^<]+?)\s*</module>")
_GRADLE_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.DOTALL)
_INCLUDE = re.compile(r"\binclude(Build)?\b(?:\s*\(([^)]*)\)|[ \t]+((?:[^\n]*,[ \t]*\n)*[^\n]*))")
_QUOTED = re.compile(r"""["']([^"'$\n]+)["']""")
_PROJECT_DIR = re.compile(
    r"""\bproject\(\s*["'](:?[^"'$]+)["']\s*\)\.projectDir\s*=\s*"""
    r"""(?:file\(\s*|(?:new\s+)?File\(\s*(?:settingsDir|rootDir|rootProject\.projectDir)\s*,\s*)"""
    r"""["']([^"'$]+)["']"""
)
_GRADLE_FILES = ("build.gradle", "build.gradle.kts", "gradle.properties")
_BUILD_FILES = (*_GRADLE_FILES, "settings.gradle", "settings.gradle.kts")


def _blank(regex: re.Pattern[str], text: str) -> str:
    """``text`` with what ``regex`` matches turned to spaces, newlines kept (offsets and
    line numbers stay true)."""
    return regex.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def _inside(directory: str) -> bool:
    return bool(directory) and not directory.startswith(("/", "../")) and directory != ".."


def _clean(directory: str) -> str:
    parts: list[str] = []
    for part in directory.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) if not directory.startswith("/") else "/" + "/".join(parts)


def _module(root: Path, directory: str, names: tuple[str, ...]) -> Iterator[str]:
    """What of the module in ``directory`` (relative to ``root``) a build loads."""
    here = root / directory
    for name in names:
        if (here / name).is_file():
            yield f"{directory}/{name}"
    if (here / "src" / "main").is_dir():
        yield f"{directory}/src/main"


def maven_modules(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a ``pom.xml``: the pom and main sources of each module it lists, relative to the
    pom's directory."""
    if "<module>" not in text:
        return
    clean = _blank(_XML_COMMENT, text)
    here = path.rpartition("/")[0]
    root = files.context / here if here else files.context
    for match in _MODULE.finditer(clean):
        name = match.group(1)
        line = clean.count("\n", 0, match.start()) + 1
        target = _clean(name)
        if not _inside(target):
            continue
        if target.endswith(".xml"):  # a module named by its pom file
            if (root / target).is_file():
                yield target, line, f"<module>{name}</module>"
            directory = target.rpartition("/")[0]
            if directory:
                for found in _module(root, directory, ()):
                    yield found, line, f"<module>{name}</module>"
            continue
        for found in _module(root, target, ("pom.xml",)):
            yield found, line, f"<module>{name}</module>"


def gradle_projects(files: Readable, path: str, text: str) -> Iterator[Found]:
    """For a ``settings.gradle(.kts)``: the build files and main sources of each project it
    includes (and of each build it includes), relative to the file's directory."""
    if "include" not in text:
        return
    clean = _blank(_GRADLE_COMMENT, text)
    here = path.rpartition("/")[0]
    root = files.context / here if here else files.context
    moved = {match.group(1).lstrip(":"): _clean(match.group(2))
             for match in _PROJECT_DIR.finditer(clean)}
    seen: set[str] = set()
    for match in _INCLUDE.finditer(clean):
        build = match.group(1) is not None
        arguments = match.group(2) if match.group(2) is not None else match.group(3)
        start = match.start(2) if match.group(2) is not None else match.start(3)
        for quoted in _QUOTED.finditer(arguments or ""):
            name = quoted.group(1)
            line = clean.count("\n", 0, start + quoted.start()) + 1
            if build:
                directory = _clean(name)
            else:
                project = name.lstrip(":")
                directory = moved.get(project) or _clean(project.replace(":", "/"))
            if not _inside(directory) or not (root / directory).is_dir():
                continue
            seen.add(directory)
            what = f"includeBuild {name!r}" if build else f"include {name!r}"
            found = list(_module(root, directory, _BUILD_FILES if build else _GRADLE_FILES))
            for each in found or [directory]:  # the directory must exist, whatever it holds
                yield each, line, what
    # A project renamed before its directory is set (conductor's settings.gradle names each
    # 'conductor-' + its include, then moves ':conductor-scheduler-core' to scheduler/core):
    # the directory a projectDir line gives is a project's all the same.
    for match in _PROJECT_DIR.finditer(clean):
        directory = _clean(match.group(2))
        if directory in seen or not _inside(directory) or not (root / directory).is_dir():
            continue
        seen.add(directory)
        line = clean.count("\n", 0, match.start()) + 1
        for each in list(_module(root, directory, _GRADLE_FILES)) or [directory]:
            yield each, line, f"project({match.group(1)!r}).projectDir"
