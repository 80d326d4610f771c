"""Image advice, reading: development stages, image references, install commands, caches."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ignoregen.build.shell import UNKNOWN, SimpleCommand
from ignoregen.build.stages import Stage, Step
from ignoregen.knowledge.image_records import (
    Cache,
    Command,
    Image,
    ImageKnowledge,
    OsPackages,
    Size,
    TagPattern,
    Variant,
)
from ignoregen.lint.image.records import _WORDS

# -- development stages ----------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {word for word in _WORDS.split(text.lower()) if word}


def start_text(stage: Stage) -> str:
    """What the image runs when it starts: ENTRYPOINT's words, then CMD's when they are
    its arguments (or there is no ENTRYPOINT)."""
    words: list[str] = []
    if stage.entrypoint is not None:
        words.extend(stage.entrypoint.words)
    if stage.cmd is not None and (stage.entrypoint is None or stage.entrypoint.exec_form):
        words.extend(stage.cmd.words)
    return " ".join(words)


def _development(data: ImageKnowledge, stage: Stage) -> str | None:
    named = _words(stage.alias or "") & data.settings.development_words
    if named:
        return f"named {stage.alias!r}"
    if _words(stage.alias or "") & data.settings.builder_words and not _starts_service(data, stage):
        return f"named {stage.alias!r}, a builder"
    for name, values in data.settings.development_env.items():
        value = stage.env.get(name)
        if value is not None and value.lower() in values:
            return f"{name}={value}"
    text = start_text(stage)
    for pattern in data.settings.development_commands:
        found = pattern.search(text)
        if found is not None:
            return f"it runs {found.group(0).strip() or text!r}"
    return None


def _starts_service(data: ImageKnowledge, stage: Stage) -> bool:
    """Does a stage named like a builder start a program of its own, so that it is run, not
    built from? Its own ENTRYPOINT or CMD names no builder word (miniflux's Debian packager
    starts 'build.sh') and starts no build program (a toolchain image): crawl4ai's only stage,
    'build', starts 'bash entrypoint.sh' (supervisord and the API server), and datasette's
    starts 'datasette'; both are the images their projects publish."""
    text = start_text(stage)
    words = _words(text)
    if not words or words & data.settings.builder_words:
        return False
    first = text.split(maxsplit=1)[0]
    return posixpath.basename(first) not in data.settings.build_programs


def runs_development(
    data: ImageKnowledge, builds: Sequence[tuple[Sequence[str], bool]]
) -> str | None:
    """Why the image is for development when every build of it is a compose definition
    whose services run a development server or test runner in it (``command: uv run
    python manage.py runserver``) or bind-mount the build context into it (``.:/app``:
    openstreetmap-website's toolbox image, whose ``rails s`` is also a production
    command): the reason, or None. One entry per build, each the commands its services
    run and whether they mount the context; a build that does neither (a CI job, a
    Dockerfile found by its name) ships what it builds, and so does the image."""
    reasons: list[str] = []
    for runs, mounted in builds:
        found = next((match.group(0).strip() or text for text in runs
                      for pattern in data.settings.development_commands
                      for match in [pattern.search(text)] if match is not None), None)
        if found is not None:
            reasons.append(f"a compose service runs {found!r} in it")
        elif mounted:
            reasons.append("a compose service mounts its build context into it, running "
                           "the host's working copy")
        else:
            return None
    return reasons[0] if reasons else None


def _file_development(data: ImageKnowledge, relative: str) -> str | None:
    words = _words(relative) & data.settings.development_words
    if words:
        return f"{relative!r} says {sorted(words)[0]!r}"
    return None


# -- image references ------------------------------------------------------------------------


def split_reference(data: ImageKnowledge, reference: str) -> tuple[str, str]:
    """``(repository, tag)`` of an image reference, Docker Hub mirrors folded in."""
    name = reference.split("@", 1)[0]
    tag = "latest"
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1 :]
    elif "@" in reference:
        tag = ""  # a digest alone: which variant it is cannot be told
    name = name.lower()
    for prefix in data.settings.hub_prefixes:
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name, tag


def identify(data: ImageKnowledge, reference: str) -> tuple[
    str, str, Image | None, Variant | None, TagPattern | None, dict[str, str]
]:
    repository, tag = split_reference(data, reference)
    image = data.image(repository)
    if image is None or (not tag and "@" in reference):
        return repository, tag, image, None, None, {}
    for variant in image.variants:
        for pattern in variant.tags:
            match = pattern.regex.search(tag)
            if match is not None:
                groups = {k: v or "" for k, v in match.groupdict().items()}
                return repository, tag, image, variant, pattern, groups
    return repository, tag, image, None, None, {}


def _image_env(data: ImageKnowledge, reference: str) -> Mapping[str, str]:
    image = data.image(split_reference(data, reference)[0])
    return image.env if image is not None else {}


def _retag(reference: str, tag: str) -> str:
    name = reference.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name = name[:colon]
    return f"{name}:{tag}"


def _fill(template: str, groups: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: groups.get(m.group(1), ""), template)


def _parenthesized(text: str) -> str:
    """`` (text)`` to follow a word in a hint; nothing for no text."""
    return f" ({text})" if text else ""


def _dev_libraries(
    packages: Sequence[str], argv: Sequence[str], managers: Iterable[OsPackages]
) -> tuple[list[str], dict[str, str]]:
    """The build tools among a command's ``packages`` that are a library's headers (not the
    system's own C library's), and the words IG703's hint fills in with the names of the
    first manager that installs one (``libpq5`` with apt, ``libpq`` with apk)."""
    library: list[str] = []
    named: dict[str, str] = {}
    for manager in managers:
        if not any(_matches(command, argv) for command in manager.install):
            continue
        found = [name for name in packages if name not in manager.system_headers
                 and any(fnmatch.fnmatchcase(name, glob) for glob in manager.libraries)]
        if found and not named:
            named = {"examples": _parenthesized(manager.runtime_libraries),
                     "keep": _parenthesized(manager.keep_installed)}
        library += [name for name in found if name not in library]
    return library, named


def _size(size: Size) -> str:
    return f"about {size.text}"


# -- words of a command ----------------------------------------------------------------------


def _matches(command: Command, argv: Sequence[str]) -> bool:
    """Does a simple command start with the command's words (flags between them skipped)?"""
    words = [argv[0].rsplit("/", 1)[-1]] + [w for w in argv[1:] if not w.startswith("-")]
    if len(words) < len(command.argv):
        return False
    for pattern, word in zip(command.argv, words, strict=False):
        if not fnmatch.fnmatchcase(word, pattern):
            return False
    return True


@dataclass
class _Parsed:
    """A command's flags (``--flag=value`` forms) and operands after its leading words."""

    flags: list[str] = field(default_factory=list)
    operands: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)

    def has(self, names: Iterable[str]) -> bool:
        wanted = set(names)
        return any(flag in wanted or flag.split("=", 1)[0] in wanted for flag in self.flags)

    def value_of(self, names: Iterable[str]) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(self.values.get(name, []))
        return out


def _parse(
    argv: Sequence[str], skip: int, taking: frozenset[str], multi: frozenset[str] = frozenset()
) -> _Parsed:
    """Split ``argv`` after its first ``skip`` non-flag words into flags and operands."""
    parsed = _Parsed()
    rest: list[str] = []
    seen = 0
    for index, word in enumerate(argv):
        if seen >= skip:
            rest = list(argv[index:])
            break
        if index == 0 or not word.startswith("-"):
            seen += 1
        else:
            parsed.flags.append(word)  # a global flag before the subcommand: apk --no-cache add
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--":
            parsed.operands.extend(rest[index + 1 :])
            break
        if word.startswith("-") and len(word) > 1:
            name, equals, value = word.partition("=")
            if equals:
                parsed.flags.append(word)
                parsed.values.setdefault(name, []).append(value)
            elif name in multi:
                values = []
                while index + 1 < len(rest) and not rest[index + 1].startswith("-"):
                    index += 1
                    values.append(rest[index])
                parsed.flags.append(f"{name}={' '.join(values)}")
                parsed.values.setdefault(name, []).append(" ".join(values))
            elif name in taking and index + 1 < len(rest):
                index += 1
                parsed.flags.append(f"{name}={rest[index]}")
                parsed.values.setdefault(name, []).append(rest[index])
            else:
                parsed.flags.append(word)
        else:
            parsed.operands.append(word)
        index += 1
    return parsed


def _split_groups(values: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for value in values:
        out.update(part for part in re.split(r"[\s,:]+", value) if part)
    return out


def _env_matches(env: Mapping[str, str | None], table: Mapping[str, Sequence[str]]) -> bool | None:
    """True when a variable has one of its values; None when one of them is not known."""
    unknown = False
    for name, values in table.items():
        if name not in env:
            continue
        value = env[name]
        if value is None or UNKNOWN in value:
            unknown = True
        elif value.lower() in values:
            return True
    return None if unknown else False


# -- paths inside the image ------------------------------------------------------------------


def _under(path: str, ancestor: str) -> bool:
    """Is ``path`` the same as ``ancestor`` or below it? Components of ``ancestor`` may be
    globs."""
    parts = [p for p in path.split("/") if p]
    top = [p for p in ancestor.split("/") if p]
    if len(top) > len(parts):
        return False
    return all(fnmatch.fnmatchcase(part, glob) for part, glob in zip(parts, top, strict=False))


def _covers(source: str, tree: str) -> bool:
    """Does copying ``source`` (a path of another stage) take all of ``tree``?"""
    if UNKNOWN in source or UNKNOWN in tree:
        return False
    return _under(tree, posixpath.normpath("/" + source.lstrip("/")))


def _home_paths(template: str, env: Mapping[str, str | None]) -> list[str]:
    rest = template[2:]
    homes = ["/root", "/home/*"]
    home = env.get("HOME")
    if home:
        homes.insert(0, home)
    return [posixpath.join(home, rest) for home in homes]


def _set_by_env(cache: Cache, env: Mapping[str, str | None]) -> bool:
    """Does a variable the stage sets (or its base image: serversideup/php's COMPOSER_HOME)
    place the cache, whoever runs the command?"""
    return any(template.startswith("$") and env.get(template[1:].partition("/")[0])
               for template in cache.paths)


def _shown_path(cache: Cache, paths: Sequence[str], step: Step) -> str:
    """Where the cache is, as a message says it: ``~/...`` when another user than root runs
    the command (its home is not known) and no variable places it, else the first path."""
    user = (step.user or "root").split(":", 1)[0]
    if user not in ("root", "0") and not _set_by_env(cache, step.env):
        home = next((template for template in cache.paths if template.startswith("~/")), None)
        if home is not None:
            return home
    return next((path for path in paths if "*" not in path), paths[0])


def _mounted_over(step: Step, paths: Sequence[str]) -> bool:
    """Does a mount of the RUN sit on one of the paths, or on a directory above it? What the
    RUN writes there goes to the mount, never to the layer (pgadmin4's app-builder runs
    ``yarn install`` under ``--mount=type=tmpfs,target=node_modules``: the bundle it builds
    ships, the development dependencies do not). Unlike :func:`_mount_covers`, a mount
    inside a path (``node_modules/.cache``) leaves the rest of it in the layer."""
    return _mount_covers(step, paths, inside=False)


def _removed(later: Sequence[SimpleCommand], paths: Sequence[str]) -> bool:
    """Does a later ``rm`` of the same RUN remove one of the paths (or a directory above)?"""
    for command in later:
        if command.program != "rm":
            continue
        for word in command.argv[1:]:
            if word.startswith("-") or UNKNOWN in word:
                continue
            target = posixpath.normpath(word.removesuffix("/*").removesuffix("/"))
            if target.startswith("~/"):
                targets = _home_paths(target, command.env)
            elif target.startswith("/"):
                targets = [target]
            else:
                targets = [posixpath.join(command.cwd, target)]
            for candidate in targets:
                globs = [part for part in candidate.split("/") if part]
                for path in paths:
                    parts = [part for part in path.split("/") if part]
                    if len(globs) <= len(parts) and all(
                        fnmatch.fnmatchcase(a, b) or fnmatch.fnmatchcase(b, a)
                        for a, b in zip(parts, globs, strict=False)
                    ):
                        return True
    return False


def _cache_paths(cache: Cache, env: Mapping[str, str | None]) -> list[str] | None:
    """Where the cache lives; None when it depends on something unknown."""
    chosen: list[str] = []
    literal: list[str] = []
    for template in cache.paths:
        if template.startswith("$"):
            name, _, rest = template[1:].partition("/")
            if name in env:
                value = env[name]
                if value is None or UNKNOWN in value:
                    return None
                chosen.append(posixpath.join(value, rest) if rest else value)
        elif template.startswith("~/"):
            literal.extend(_home_paths(template, env))
        else:
            literal.append(template)
    return chosen or literal


def _mount_covers(step: Step, paths: Sequence[str], inside: bool = True) -> bool:
    """Does a mount of the RUN sit on (or around, or, with ``inside``, inside) one of the
    cache's paths?

    Writes under a mount do not reach the layer; one inside the cache is taken as covering
    it too, so as never to report a cache that is (maybe) mounted.
    """
    for mount in step.mounts:
        if not mount.target or UNKNOWN in mount.target:
            continue
        target = [part for part in mount.target.split("/") if part]
        for path in paths:
            globs = [part for part in path.split("/") if part]
            if (inside or 0 < len(target) <= len(globs)) and all(
                    fnmatch.fnmatchcase(a, b) for a, b in zip(target, globs, strict=False)):
                return True
    return False


# -- the judge -------------------------------------------------------------------------------
