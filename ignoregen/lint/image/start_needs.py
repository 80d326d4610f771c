"""Image advice: does the image's start run a development dependency?

brocoders' NestJS starter image starts with a shell script that runs ``npm run
migration:run`` and ``npm run seed:run:relational``; those package.json scripts start
env-cmd and ts-node, both devDependencies. IG704 told it to install production-only and
IG703 to build in a separate stage: either way the container fails when it starts. When the
start (CMD/ENTRYPOINT, or a script the context puts where the start runs it) reaches a
program the manifest declares as a development dependency, those dependencies are the
running program's, and neither finding is made."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from ignoregen import fileio
from ignoregen.build import manifests
from ignoregen.build.shell import SimpleCommand
from ignoregen.build.stages import Stage, Step
from ignoregen.knowledge.images import load
from ignoregen.lint.image.installs import _Install, locate
from ignoregen.lint.image.reading import start_text

_SEGMENT = re.compile(r"&&|\|\||;|\||\n")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_MAX_SCRIPT = 64 * 1024
_MAX_DEPTH = 4
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})


class _Shell(NamedTuple):
    """What presets/images says of how a command reaches a package's program."""

    wrappers: tuple[str, ...]
    """``exec``, ``env``...: they run the words after them."""
    runners: frozenset[str]
    """``npx``...: they run the program named next."""
    scripts: Mapping[str, tuple[tuple[str, ...], bool]]
    """Per package manager's program: the words that run a manifest script by name, and
    whether its first word may name one (``yarn build``)."""
    programs: Mapping[str, tuple[str, ...]]
    """Per package manager's program: the words that run a package's program named next
    (``pnpm exec``)."""
    by_name: Mapping[str, frozenset[str]]
    """Per package manager's program that runs a package's program named as its first word
    (``yarn ts-node``): its own words (``install``, ``run``, ``exec``), which do not."""


@functools.cache
def _shell() -> _Shell:
    data = load()
    scripts: dict[str, tuple[tuple[str, ...], bool]] = {}
    programs: dict[str, tuple[str, ...]] = {}
    by_name: dict[str, frozenset[str]] = {}
    for manager in data.managers:
        if manager.commands and (manager.run_script or manager.script_by_name):
            scripts.setdefault(manager.commands[0].argv[0],
                               (manager.run_script, manager.script_by_name))
        if manager.commands and manager.run_program:
            programs.setdefault(manager.commands[0].argv[0], manager.run_program)
        if manager.commands and manager.program_by_name:
            own = {word for command in manager.commands for word in command.argv[1:2]}
            by_name[manager.commands[0].argv[0]] = frozenset(
                own | {*by_name.get(manager.commands[0].argv[0], ())}
                | {*manager.run_script, *manager.run_program})
    return _Shell(data.settings.wrappers, data.settings.package_runners, scripts, programs,
                  by_name)


def dev_names(context: Path, install: _Install) -> tuple[set[str], dict[str, str]]:
    """The development dependencies the install's manifest declares, and its scripts."""
    try:
        document = manifests.load(context / install.manifest, install.manager.format)
    except (OSError, ValueError):
        return set(), {}
    dev: set[str] = set()
    for group in install.manager.groups:
        declared = manifests.lookup(document, group.key) if group.dev else None
        if isinstance(declared, dict):
            dev.update(str(name) for name in declared)
    scripts = manifests.lookup(document, "scripts")
    scripts = scripts if isinstance(scripts, dict) else {}
    return dev, {str(k): v for k, v in scripts.items() if isinstance(v, str)}


def _reaches(
    text: str, dev: set[str], scripts: dict[str, str], depth: int = 0
) -> tuple[str, str] | None:
    """The development dependency a shell text starts, directly or through the scripts,
    and the part of the text (between ``&&``, ``;``, ``|``...) that starts it."""
    shell = _shell()
    for segment in _SEGMENT.split(text):
        words = [w.strip("'\"") for w in segment.split() if not _ASSIGNMENT.match(w)]
        while words and words[0] in shell.wrappers:
            words = words[1:]
        for _ in range(3):  # CMD sh -c '...' in shell form: /bin/sh -c sh -c ...
            words = _after_shell(words)
        if not words:
            continue
        program = words[0].rsplit("/", 1)[-1]
        if program in shell.runners:
            words = words[1:]
            program = words[0] if words else ""
        elif len(words) > 2 and words[1] in shell.programs.get(program, ()):
            # `pnpm exec prisma`, `npm exec --yes -- ts-node`: the options before the
            # program are skipped (the value of one that takes a value is not read).
            named = [word for word in words[2:] if not word.startswith("-")]
            program = named[0].rsplit("/", 1)[-1] if named else ""
        if program in dev:
            return program, segment
        name = None
        runs = shell.scripts.get(program)
        if runs is not None and len(words) > 1:
            if words[1] in runs[0] and len(words) > 2:
                name = words[2]
            elif runs[1] and words[1] in scripts:
                name = words[1]  # `yarn build`: a script by its name alone
        if name is not None and name in scripts and depth < _MAX_DEPTH:
            found = _reaches(scripts[name], dev, scripts, depth + 1)
            if found is not None:
                return found[0], segment
        own = shell.by_name.get(program)
        if own is not None and len(words) > 1 and words[1] not in scripts \
                and words[1] not in own and words[1] in dev:
            return words[1], segment  # `yarn ts-node main.ts`: no script of that name
    return None


def _after_shell(words: list[str]) -> list[str]:
    """The words of the command that ``sh -c '...'`` (``bash -lc``, ``sh -ec``) runs, its
    first segment's (rivaric/recipely: ``CMD ["sh", "-c", "npx prisma migrate deploy &&
    yarn run start"]``); other words as they are."""
    if not words or words[0].rsplit("/", 1)[-1] not in _SHELLS:
        return words
    for index, word in enumerate(words[1:], 1):
        if not word.startswith("-") or word.startswith("--"):
            return words  # a script the shell runs
        if "c" in word[1:]:
            return words[index + 1:]
    return words


def start_needs_dev(context: Path, install: _Install, start: Sequence[str],
                    steps: Sequence[Step], workdir: str) -> str | None:
    """The development dependency the image's start runs, if any: its words, and the text
    of a script from the context that the start runs (its first word or a word after a
    shell)."""
    dev, scripts = dev_names(context, install)
    if not dev or not start:
        return None
    texts = [" ".join(start), *start_scripts(context, start, steps, workdir)]
    for text in texts:
        found = _reaches(text, dev, scripts)
        if found is not None:
            return found[0]
    return None


def start_scripts(context: Path, start: Sequence[str], steps: Sequence[Step],
                  workdir: str) -> list[str]:
    """The texts of the scripts from the context that the start (its words; ``workdir``:
    where it runs) runs by path, among its first three words. prowler's API image starts
    ``../docker-entrypoint.sh prod`` from /home/prowler/backend: the script is
    /home/prowler/docker-entrypoint.sh, and it starts ``uv run gunicorn``."""
    texts = []
    for word in start[:3]:
        if "/" not in word and not word.endswith(".sh"):
            continue
        text = _script_text(context, steps, posixpath.normpath(posixpath.join(workdir, word)))
        if text is not None:
            texts.append(text)
    return texts


def run_scripts(context: Path, steps: Sequence[Step], step: Step,
                command: SimpleCommand) -> list[str]:
    """The texts of the scripts from the context that ``command``, one of the RUN ``step``'s,
    runs by path, as the copies of ``steps`` before that RUN put them in the image:
    photoprism's ``apt-get update && apt-get -qq dist-upgrade && /scripts/cleanup.sh``,
    whose script (``COPY /scripts/dist/ /scripts/``) removes apt's lists."""
    at = next((index for index, each in enumerate(steps) if each is step), len(steps))
    return start_scripts(context, list(command.argv), steps[:at], command.cwd)


def started_text(context: Path, chain: Sequence[Stage]) -> str:
    """What the image runs when it starts (:func:`start_text` of the last stage of
    ``chain``, the shipped stage with the stages it is built FROM), then the text of each
    script from the context that it runs by path."""
    stage = chain[-1]
    words = [*(stage.entrypoint.words if stage.entrypoint else ())]
    if stage.cmd is not None and (stage.entrypoint is None or stage.entrypoint.exec_form):
        words += stage.cmd.words
    steps = [step for member in chain for step in member.steps]
    return "\n".join([start_text(stage), *start_scripts(context, words, steps, stage.workdir)])


def start_note(context: Path, chain: Sequence[Stage], install: _Install) -> str:
    """What else the production-only fix needs when the image (``chain``: the shipped stage
    last, with the stages it is built FROM) starts through a runner that installs the
    default groups again (``CMD uv run app``, or a script the start runs that does), or
    nothing."""
    start = install.manager.start_sync
    if start is None or any(chain[-1].env.get(name) for name in start.unless_env):
        return ""
    text = started_text(context, chain)
    found = start.command.search(text)
    if found is None or (start.unless is not None and start.unless.search(text[found.end():])):
        return ""
    return f"; {start.note}"


def scripts_note(context: Path, install: _Install) -> str:
    """What the production-only fix breaks when the install runs one of the manifest's own
    scripts (``"prepare": "husky install"``) that starts a development dependency: the
    production-only install leaves that program out and the script fails, and the build
    with it (node-express-boilerplate's yarn install). Nothing when no such script runs."""
    manager = install.manager
    if not manager.install_scripts or any(
        word.split("=", 1)[0] in manager.ignore_scripts_flags for word in install.command.argv
    ):
        return ""
    dev, scripts = dev_names(context, install)
    for name in manager.install_scripts:
        script = scripts.get(name)
        if script is None or "||" in script:  # '|| true' tolerates a failure
            continue
        # Each part that starts one: tolerating only the first leaves the script failing
        # at the next (hoppscotch's backend: 'cross-env ... prisma generate && pnpm run
        # generate-gql-sdl', whose script starts cross-env and nest again).
        found = [hit for part in _SEGMENT.split(script)
                 if (hit := _reaches(part, dev, scripts)) is not None]
        if found:
            programs = list(dict.fromkeys(program for program, _ in found))
            named = (f"{programs[0]} is a development dependency" if len(programs) == 1
                     else f"{', '.join(programs[:-1])} and {programs[-1]} are development "
                          "dependencies")
            parts = " and ".join(f"'{segment.strip()} || true'" for _, segment in found)
            return (
                f"; it still runs the '{name}' script of {install.manifest} "
                f"({script.strip()}), and {named} it leaves out: make the script "
                f"tolerate that ({parts}), or add --ignore-scripts when no dependency "
                "needs its own install script"
            )
    return ""


def boots_through_dev(context: Path, install: _Install, argv: Sequence[str],
                      steps: Sequence[Step], workdir: str) -> str | None:
    """The development requirement whose file (``boot-files``: symfony/runtime's
    ``vendor/autoload_runtime.php``) a project script requires, when the command (a RUN
    after the install, or the start; ``workdir``: where it runs) runs that script
    (``bin/console``, ``php bin/console``), or None. The production-only install would
    leave the file out and the script fail (Sylius's image runs bin/console after
    composer install)."""
    files = install.manager.boot_files
    if not files:
        return None
    dev, _ = dev_names(context, install)
    wanted = {package: name for package, name in files.items() if package in dev}
    if not wanted:
        return None
    for word in argv[:3]:
        if "/" not in word or word.startswith("-"):
            continue
        path = word if word.startswith("/") else f"{workdir.rstrip('/')}/{word}"
        text = _script_text(context, steps, path)
        if text is None:
            continue
        for package, name in wanted.items():
            if name in text:
                return package
    return None


def _script_text(context: Path, steps: Sequence[Step], path: str) -> str | None:
    """The text (its first ``_MAX_SCRIPT`` bytes) of the context file that the image has at
    ``path`` (an absolute path in the image), or None when no COPY puts one there or it
    cannot be read."""
    source = locate(steps, path, context)
    if source is None:
        return None
    try:  # (through fileio: a named pipe there would make a read wait for ever)
        data = fileio.read_bytes(context / source, _MAX_SCRIPT)
    except OSError:
        return None
    return fileio.text_of(data[:_MAX_SCRIPT], errors="replace")
