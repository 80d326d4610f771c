"""Context files that the image's own commands name: a need, whatever their category.

``COPY . ./`` then ``ENTRYPOINT ["/bin/ash", ".github/docker/entrypoint.sh"]``: the file
is CI automation by its place (``base.ci``), yet the container runs it at start; excluded,
the image builds and then dies with 'not found'. ``RUN sh scripts/ci/setup.sh`` or
``RUN python docs/gen.py`` after ``COPY . .`` fail the build itself.

What counts: a word of a ``RUN`` of a stage the build runs, or of the ``ENTRYPOINT`` and
``CMD`` of the stage built, that names a *file* of the context once it is mapped back
through the ``COPY``/``ADD`` steps of the context that put it where the command looks, or
the ``RUN --mount=type=bind`` of the context that shows it there (the command's directory is
the stage's ``WORKDIR``, then ``cd``). A directory a command names is not taken whole
(``chmod -R 777 storage`` needs the directory, not the logs a laptop keeps in it), and
neither is a word the command writes rather than reads (the operands of ``rm``, ``mkdir``,
``touch``; the destination of ``cp``, ``mv``, ``ln``, ``install``; a redirection's target;
the goals of ``make``, though the Makefile it reads is named: the one in its directory, ``-C
DIR``, ``-f FILE``). A file that a gitignore file lists is no need either: a clean checkout
lacks it, so the build cannot rely on it (the laptop's ``go build -o app`` binary), unless
nothing ran in the stage since the context was copied in: then the context is the only place
it can come from, and the build is meant to run after a build on the host (an nginx image's
``COPY . /app`` then ``RUN cp -r /app/dist/* /usr/share/nginx/html/``; ``COPY . .`` then
``CMD ["java", "-jar", "target/app.jar"]``). A word with a wildcard names its directory then
(``/app/dist/*``: dist, whole); a log the command writes stays no need. Nor is one of a
dependencies or virtual-environment category (``./node_modules/.bin/ng`` after ``pnpm
install``: the image's own). A file of a secret category stays out all the same: keeping it
would put a credential into the image (``check`` says so when it is read), unless git tracks
it and it holds no credential (novu's ``cp src/.env.test dist/.env.test``: settings every
clone has). One exception to all this: a file that a CI workflow's ``run`` step writes into
the checkout before the build (solidtime's release job runs ``cp .env.production .env``, and
its Dockerfile ``RUN cat .env`` after ``COPY . ./``): a clean checkout lacks it, yet the
build that CI runs reads it, and fails without it. The same holds for a file a ``COPY``
names that a CI step writes (dokploy's ``COPY .env.production``).

Keeping a file more than needed costs bytes; dropping one the image runs breaks it. Words
whose value is unknown (build arguments, command substitution) name nothing here.
"""

from __future__ import annotations

import ast
import functools
import os
import posixpath
from collections.abc import Iterator, Sequence
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.dockerfile import DockerfileError, DockerfileReads
from ignoregen.build.needs import Need
from ignoregen.build.shell import UNKNOWN, commands
from ignoregen.build.stages import Instruction, Stage, StageGraph, Step, read_graph
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.knowledge.preset import PresetSet, Role

REASON = "a RUN, CMD or ENTRYPOINT names it"
COPIED = "the Dockerfile copies it, and a CI step writes it before the build"
FROM_STAGE = "the image copies it out of a stage that copied it from the context (COPY --from)"

_WRITES_ALL = frozenset({"rm", "rmdir", "mkdir", "touch", "unlink", "mktemp"})
"""Programs whose operands are written or removed, never read (absent, they do no harm:
``rm -f``, ``mkdir -p``; the one that fails without ``-f`` reads nothing either)."""
_WRITES_LAST = frozenset({"cp", "mv", "ln", "install", "rsync"})
"""Programs whose last operand is where they write."""
_GOALS = frozenset({"make", "gmake", "just", "task", "mage"})
"""Programs whose operands are goals (``make miniflux`` builds the file, reads none)."""
_INTERPRETERS_WITH_CODE = frozenset({"-c", "-e", "--eval", "-r"})
"""Options after which the next word is code, not a file (``python -c``, ``node -e``)."""


@functools.lru_cache(maxsize=256)
def _graph(path: str, mtime_ns: int, size: int) -> StageGraph | None:
    try:
        return read_graph(Path(path))
    except (DockerfileError, OSError, ValueError, RecursionError):
        return None


def _read(path: Path) -> StageGraph | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _graph(str(path), stat.st_mtime_ns, stat.st_size)


def _built(graph: StageGraph, target: str) -> tuple[Stage | None, list[Stage]]:
    """The stage built and every stage its build runs."""
    from ignoregen.build.outputs import _built as built

    first = graph.find(target) if target else (graph.stages[-1] if graph.stages else None)
    return first, built(graph, target)


_Placed = list[tuple[str, str, bool]]


def _steps_once(
    context: Path, graph: StageGraph, stages: Sequence[Stage]
) -> Iterator[tuple[Stage, Step | None, _Placed]]:
    """Each step of ``stages`` and of their bases once, with what the copies before it
    placed, and (stage, None, placed) after each stage's last step. A base shared by many
    (a chain of 1,000 stages) is not read again for each: its RUNs were parsed once per
    stage built on it, quadratic in the chain's length."""
    from ignoregen.build.replaced import _placed

    after: dict[int, _Placed] = {}  # id(stage) -> placed after its steps
    for stage in stages:
        chain = graph.chain(stage)
        known = next((index for index in range(len(chain) - 1, -1, -1)
                      if id(chain[index]) in after), -1)
        placed = list(after[id(chain[known])]) if known >= 0 else []
        for member in chain[known + 1:]:
            for step in member.steps:
                yield stage, step, placed
                if step.instruction in ("COPY", "ADD") and step.from_stage is None:
                    placed.extend(_placed(context, step))
            after[id(member)] = list(placed)
        yield stage, None, placed


def _placed_by(context: Path, graph: StageGraph, stage: Stage) -> _Placed:
    """What the copies of the context in ``stage`` and its bases placed, in order."""
    from ignoregen.build.replaced import _placed

    return [placed for member in graph.chain(stage) for step in member.steps
            if step.instruction in ("COPY", "ADD") and step.from_stage is None
            for placed in _placed(context, step)]


def _operands(argv: Sequence[str]) -> list[str]:
    """The words of a command that may name a file it reads."""
    if not argv:
        return []
    program = posixpath.basename(argv[0])
    if program in _WRITES_ALL:
        return []
    if program in _GOALS:
        return [argv[0], *_makefiles(program, argv[1:])]
    from ignoregen.knowledge.images import load

    written = load().settings.output_options.get(program, ())  # go build -o main: written
    words: list[str] = [argv[0]]
    skip = False
    for word in argv[1:]:
        if skip:
            skip = False
            continue
        if (word in _INTERPRETERS_WITH_CODE and program not in _WRITES_LAST) or word in written:
            skip = True  # code (python -c; not cp -r, rsync -r: recursive), or an output
            continue
        if word.startswith("-"):
            if "=" in word and word.split("=", 1)[0] not in written:
                words.append(word.split("=", 1)[1])
            continue
        words.append(word)
    if program in _WRITES_LAST and len(words) > 2:
        words = words[:-1]
    return words


def _makefiles(program: str, words: Sequence[str]) -> list[str]:
    """The files ``make -C DIR`` or ``make -f FILE`` reads (its goals are written, not read):
    ramalama's ``RUN make -C docs install-tools`` after ``COPY . /src`` needs
    docs/Makefile, and init had excluded ``docs``. Only the names make looks for exist."""
    if program == "mage":  # mage runs the magefile of the directory it runs in (vikunja's
        return ["magefile.go"]  # 'cd build && mage release:xgo'), a Go program
    if program not in ("make", "gmake"):
        return []
    directory, named = "", []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in ("-C", "--directory"):
            directory = posixpath.join(directory, following)
        elif word.startswith("--directory="):
            directory = posixpath.join(directory, word.split("=", 1)[1])
        elif word.startswith("-C") and len(word) > 2 and not word.startswith("--"):
            directory = posixpath.join(directory, word[2:])
        elif word in ("-f", "--file", "--makefile"):
            named.append(following)
        elif word.startswith(("--file=", "--makefile=")):
            named.append(word.split("=", 1)[1])
    return [posixpath.join(directory, name)
            for name in named or ["GNUmakefile", "makefile", "Makefile"]]


_MAKE_VALUED = frozenset({"-C", "--directory", "-f", "--file", "--makefile", "-I",
                          "--include-dir", "-o", "--old-file", "-W", "--what-if", "-j"})
"""Options of make whose value is the next word, not a goal."""


def made(context: Path, reads: Sequence[DockerfileReads]) -> dict[str, set[str] | None]:
    """The context Makefiles that a ``RUN``'s ``make`` reads, in the directory it runs in
    (``WORKDIR``, ``cd``, ``-C``) mapped back through the ``COPY`` steps, with the goals it
    asks for ("" for the default). quickwit's UI stage copies quickwit/quickwit-ui, sets
    that ``WORKDIR`` and runs ``make install build``: its ``yarn install`` lies there.
    A magefile that ``mage`` runs is read whole (None: no goals to pick lines by)."""
    out: dict[str, set[str] | None] = {}
    for dockerfile in reads:
        graph = _read(dockerfile.path)
        if graph is None:
            continue
        for _, step, placed in _steps_once(context, graph, _built(graph, dockerfile.target)[1]):
            if step is not None and step.instruction == "RUN" and step.script \
                    and step.posix and (placed or step.mounts):
                here = [*placed, *_bound(context, step)]
                for command in commands(step.script, step.env, step.workdir) or ():
                    argv = command.argv
                    program = posixpath.basename(argv[0]) if argv else ""
                    if program == "mage":
                        path = _context_file(context, here, command.cwd, "magefile.go")
                        if path is not None:
                            out[path] = None
                        continue
                    if program not in ("make", "gmake"):
                        continue
                    goals = {word for index, word in enumerate(argv[1:], 1)
                             if not word.startswith("-") and "=" not in word
                             and argv[index - 1] not in _MAKE_VALUED} or {""}
                    for name in _makefiles("make", argv[1:]):
                        path = _context_file(context, here, command.cwd, name)
                        if path is not None:
                            asked = out.setdefault(path, set())
                            if asked is not None:
                                asked.update(goals)
    return out


def _pathspecs(argv: Sequence[str]) -> list[str]:
    """The paths after ``--`` of ``git status`` or ``git diff``: a validation stage that runs
    ``git add -A`` then ``git status --porcelain -- docs/reference`` (docker/compose) fails
    when a tracked file there is missing, so each is needed whole. Magic (``:!vendor``) and
    globs name nothing here."""
    if len(argv) < 3 or posixpath.basename(argv[0]) != "git" or "--" not in argv:
        return []
    command = next((word for word in argv[1:] if not word.startswith("-")), "")
    if command not in ("status", "diff", "diff-index", "diff-files"):
        return []
    return [word for word in argv[argv.index("--") + 1:] if not word.startswith(":")]


def _context_file(
    context: Path, placed: Sequence[tuple[str, str, bool]], cwd: str, word: str,
    whole: bool = False,
) -> str | None:
    """The context file that ``word`` (run in ``cwd``) names in the image, or None; with
    ``whole``, a directory it names too."""
    if not word or UNKNOWN in word or "$" in word or any(c in word for c in "*?[{"):
        return None
    if UNKNOWN in cwd or word.startswith("~"):
        return None
    where = posixpath.normpath(posixpath.join(cwd, word))
    for source, lands, is_dir in reversed(placed):  # the last COPY there wins
        if where == lands:
            found = source
        elif is_dir and (lands == "/" or where.startswith(lands.rstrip("/") + "/")):
            below = where[len(lands.rstrip("/")) + 1:] if lands != "/" else where[1:]
            found = posixpath.join(source, below) if source else below
        else:
            continue
        if not found or found.startswith("../"):
            continue
        try:
            if (context / found).is_file() or (whole and (context / found).is_dir()) \
                    or _written_by_ci(context, found):
                return found
        except (OSError, ValueError):
            continue
    return None


def _absent_but_written(context: Path, path: str) -> str | None:
    """Where a CI step writes ``path``, a file the checkout lacks, before the build: dokploy's
    workflow runs ``cp apps/dokploy/.env.production.example .env.production`` and its
    Dockerfile then ``COPY .env.production ./.env``; excluded (the secrets' ``**/.env.*``),
    the build fails with 'not found'."""
    try:
        if os.path.lexists(context / path):
            return None  # present: the COPY's own source, weighed as any other
    except (OSError, ValueError):
        return None
    return _written_by_ci(context, path)


def _written_by_ci(context: Path, path: str) -> str | None:
    from ignoregen.build.workflows import written_by_run

    return written_by_run(context, path)


def _bound(context: Path, step: Step) -> Iterator[tuple[str, str, bool]]:
    """(context path, where the RUN sees it, is a directory) for each bind mount of the
    context (no ``from``) of ``step``: diun's ``--mount=type=bind,target=/src`` then
    ``cp /src/CHANGELOG.md /src/LICENSE /src/README.md .`` reads three files of the root."""
    for mount in step.mounts:
        if mount.type != "bind" or mount.from_stage is not None or not mount.target:
            continue
        source = posixpath.normpath((mount.source or ".").lstrip("/"))
        if source == ".." or source.startswith("../"):
            continue
        source = "" if source == "." else source
        try:
            is_dir = source == "" or (context / source).is_dir()
        except (OSError, ValueError):
            continue
        yield source, mount.target, is_dir


def _words(step: Step) -> Iterator[tuple[str, str, bool]]:
    """(directory, word, names a directory whole) for each word of a RUN that may name a
    file it reads (see :func:`_pathspecs` for the whole directories)."""
    if step.argv is not None:
        for word in _operands(step.argv):
            yield step.workdir, word, False
        for word in _pathspecs(step.argv):
            yield step.workdir, word, True
        return
    if step.script is None or not step.posix:
        return
    found = commands(step.script, step.env, step.workdir)
    for command in found or ():
        for word in _operands(command.argv):
            yield command.cwd, word, False
        for word in _pathspecs(command.argv):
            yield command.cwd, word, True


def _started(graph: StageGraph, stage: Stage) -> Iterator[tuple[Instruction, str]]:
    """The ENTRYPOINT and CMD the image starts with, each as shown (``CMD npm start``)."""
    entrypoint = next((member.entrypoint for member in reversed(graph.chain(stage))
                       if member.entrypoint is not None), None)
    for instruction in graph.command(stage):
        yield instruction, f"{'ENTRYPOINT' if instruction is entrypoint else 'CMD'} " \
            f"{instruction.text}"


def _start_words(graph: StageGraph, stage: Stage) -> Iterator[tuple[int, str, str, str]]:
    """(line, what, directory, word) for the ENTRYPOINT and CMD the image starts with."""
    for instruction, what in _started(graph, stage):
        if instruction.exec_form:
            for word in _operands(instruction.words):
                yield instruction.line, what, stage.workdir, word
            continue
        for command in commands(instruction.text, stage.env, stage.workdir) or ():
            for word in _operands(command.argv):
                yield instruction.line, what, command.cwd, word


def _script_words(
    context: Path, placed: Sequence[tuple[str, str, bool]], graph: StageGraph, stage: Stage,
    presets: PresetSet,
) -> Iterator[tuple[int, str, str, str]]:
    """(line, what, directory, word) for the named scripts the image starts with: ``CMD npm
    start`` runs package.json's ``scripts.start``, an Express application's ``node
    ./bin/www``. The ``[[needs]]`` entries with a table of ``scripts`` say which command
    runs which script of which manifest; a manifest that is JSON is read, one level deep."""
    import json

    expanders = [source for source in presets.needs if source.scripts and source.command]
    for instruction, what in _started(graph, stage) if expanders else ():
        text = " ".join(instruction.words) if instruction.exec_form else instruction.text
        for source in expanders:
            assert source.command is not None
            assert source.scripts is not None
            names = [name for match in source.command.finditer(text)
                     for name in match.group("script").split()]
            for manifest in source.files if names else ():
                path = _context_file(context, placed, stage.workdir, manifest)
                if path is None or not manifest.endswith(".json"):
                    continue
                try:
                    table = json.loads(fileio.read_bytes(context / path))
                    for key in source.scripts.split("."):
                        table = table.get(key) if isinstance(table, dict) else None
                except (OSError, ValueError):
                    continue
                for name in names:
                    script = table.get(name) if isinstance(table, dict) else None
                    for command in (commands(script, stage.env, stage.workdir) or ()) \
                            if isinstance(script, str) else ():
                        for word in _operands(command.argv):
                            yield (instruction.line, f"{what}: {path} script {name}, "
                                   f"{script}", command.cwd, word)


def _nothing_ran(graph: StageGraph, stage: Stage, until: Step | None = None) -> bool:
    """Has nothing run in ``stage`` (and its bases) since the context was first copied in,
    before ``until`` (None: all its steps)? A RUN, or a COPY --from, may have made what a
    later command reads; a stage where neither came after the copy reads only the context."""
    copied = False
    for member in graph.chain(stage):
        for step in member.steps:
            if step is until:
                return True
            if step.instruction in ("COPY", "ADD") and step.from_stage is None:
                copied = True
            elif copied and (step.instruction == "RUN" or step.from_stage is not None):
                return False
    return True


def _copied_first(step: Step) -> frozenset[str]:
    """What the first command of a RUN copies (``cp -r /app/dist/* /usr/share/nginx/html/``):
    its sources, read before any command of the RUN could write them (``go build -o app``
    writes what it names)."""
    if step.argv is not None:
        first: Sequence[str] = step.argv
    elif step.script is not None and step.posix:
        found = commands(step.script, step.env, step.workdir)
        first = found[0].argv if found else ()
    else:
        return frozenset()
    if not first or posixpath.basename(first[0]) not in _WRITES_LAST:
        return frozenset()
    return frozenset(_operands(first)[1:])


def _globbed_dir(
    context: Path, placed: Sequence[tuple[str, str, bool]], cwd: str, word: str
) -> str | None:
    """The context directory a word with a wildcard lists (``/app/dist/*``: dist), or None."""
    if not any(char in word for char in "*?[") or UNKNOWN in word or "$" in word:
        return None
    head = word[:min(word.index(char) for char in "*?[" if char in word)]
    directory = head.rpartition("/")[0]
    if not directory:
        return None
    return _context_file(context, placed, cwd, directory, whole=True)


_NOT_FROM_THE_CONTEXT = frozenset({Role.SECRET, Role.DEPENDENCIES, Role.VIRTUALENV})
"""Roles of the paths that a command's word never makes a need: a secret (keeping it would
ship it), what an install writes (``./node_modules/.bin/ng`` after ``pnpm install``)."""


_MADE_IN_THE_STAGE = frozenset({Role.BUILD_OUTPUT, Role.BYTECODE, Role.CACHE, Role.COVERAGE,
                                Role.LOGS})
"""Roles of the paths that a stage's own commands make: what an image copies out of such a
path (COPY --from) is their output, not the context's copy of it."""


def _published(context: Path, path: str, presets: PresetSet) -> bool:
    """Is ``path``, which a secret category excludes, configuration that git tracks and
    that holds no credential (:func:`ignoregen.lint.secrets.not_a_secret`)? novu's ws image
    runs ``cp src/.env.test dist/.env.test`` (and .env.development, .env.production) after
    ``COPY apps/ws``: committed settings of each environment, which every clone has.
    Excluded by the secrets' ``**/.env.*``, the cp fails and so does the build."""
    from ignoregen.knowledge.classify import Classifier
    from ignoregen.lint.maybe import may_exist
    from ignoregen.lint.secrets import not_a_secret

    if _unwanted(presets, frozenset({Role.DEPENDENCIES, Role.VIRTUALENV})).decide(
            path).excluded:
        return False
    may = may_exist(context, context, presets)
    return not_a_secret(context, path, Classifier(presets), None, may) is not None


def _unwanted(presets: PresetSet, roles: frozenset[Role] = _NOT_FROM_THE_CONTEXT) -> Matcher:
    return Matcher([
        preset_rule.rule
        for preset in presets
        for category in preset.categories
        if category.role in roles
        for preset_rule in category.rules
    ])


def _loaded(presets: PresetSet, path: str) -> bool:
    """Is ``path`` of a category whose files the image loads where its ENTRYPOINT or CMD
    names them (``read_at_start``: model weights)? A laptop's ``CMD python detect.py
    --weights runs/train/exp/weights/best.pt`` after ``COPY . .`` starts with the weights
    the developer trained, which .gitignore lists; nothing in the build makes them, so
    excluding them leaves an image that stops at start."""
    return Matcher([
        preset_rule.rule
        for preset in presets
        for category in preset.categories
        if category.read_at_start
        for preset_rule in category.rules
    ]).decide(path).excluded


def gitignored(context: Path, path: str) -> bool:
    """Does a gitignore file (at the repository's root, down to the file's directory) list
    ``path``?"""
    from ignoregen.lint.maybe import gitignore_rules, repository_root

    parts = path.split("/")[:-1]
    below = ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]
    rules = tuple(gitignore_rules(context, repository_root(context, context), below))
    if not rules:
        return False
    matcher = _GITIGNORED.get(rules)
    if matcher is None:  # (each plan of a run asks, with the same files)
        if len(_GITIGNORED) >= 64:
            _GITIGNORED.clear()
        matcher = _GITIGNORED[rules] = Matcher(rules)
    return matcher.decide(path).excluded


_GITIGNORED: dict[tuple[Rule, ...], Matcher] = {}


def named_needs(
    context: Path, reads: Sequence[DockerfileReads], presets: PresetSet
) -> list[Need]:
    """The context files that the commands of the builds of ``reads`` name (see the
    module's docstring), each with the first command that names it as its evidence."""
    from ignoregen.build.replaced import _placed

    found: dict[str, Need] = {}
    looked: set[str] = set()
    unwanted: Matcher | None = None
    made: Matcher | None = None
    written_logs: Matcher | None = None

    def add(path: str | None, dockerfile: Path, line: int, what: str,
            reason: str = REASON, start: bool = False, fresh: bool = False) -> None:
        nonlocal unwanted
        if path is None or path in looked:
            return
        looked.add(path)
        unwanted = unwanted if unwanted is not None else _unwanted(presets)
        written = _written_by_ci(context, path)
        if fresh:  # a log the command writes is no input, whatever ran before it; nor is
            # one machine's data (a laptop's SQLite database the CMD names: only a category
            # that says read_at_start, model weights, is the image's all the same)
            nonlocal written_logs
            written_logs = written_logs or _unwanted(presets, frozenset({Role.LOGS, Role.LOCAL}))
            fresh = not written_logs.decide(path).excluded
        if not written and ((gitignored(context, path) and not fresh
                             and not (start and _loaded(presets, path)))
                            or (unwanted.decide(path).excluded
                                and not _published(context, path, presets))):
            return
        if reason is FROM_STAGE:
            nonlocal made
            made = made if made is not None else _unwanted(presets, _MADE_IN_THE_STAGE)
            if made.decide(path).excluded:
                return  # (what the stage's RUN built there: zig-out/bin/app after zig build)
        shown = " ".join(what.split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        said = f"{dockerfile.name}:{line}: {shown}"
        found[path] = Need(path, reason, f"{said}; CI writes it first ({written})" if written
                           else said, None, dockerfile.name, line, "dockerfile: commands")

    for dockerfile in reads:
        graph = _read(dockerfile.path)
        if graph is None:
            continue
        target, stages = _built(graph, dockerfile.target)
        for stage, step, placed in _steps_once(context, graph, stages):
            if step is None:
                if stage is target and placed:
                    fresh = _nothing_ran(graph, stage)
                    for line, what, cwd, word in [*_start_words(graph, stage), *_script_words(
                            context, placed, graph, stage, presets)]:
                        add(_context_file(context, placed, cwd, word), dockerfile.path,
                            line, what, start=True, fresh=fresh)
            elif step.instruction in ("COPY", "ADD") and step.from_stage is None:
                for copied, _, is_dir in _placed(context, step):
                    written = None if is_dir else _absent_but_written(context, copied)
                    if written is not None and copied not in found:
                        found[copied] = Need(
                            copied, COPIED, f"{dockerfile.path.name}:{step.line}: "
                            f"{step.instruction} {copied}; CI writes it first ({written})",
                            None, dockerfile.path.name, step.line, "dockerfile: commands")
            elif step.instruction == "COPY" and step.from_stage is not None:
                # What the image takes from a stage that copied the context in: gno ships
                # gnovm/tests/stdlibs out of the stage that ran 'COPY . ./'.
                source = graph.find(step.from_stage)
                copied_in = _placed_by(context, graph, source) if source is not None else []
                for taken in step.sources if copied_in else ():
                    if taken is not None and taken.startswith("/"):
                        add(_context_file(context, copied_in, "/", taken, whole=True),
                            dockerfile.path, step.line,
                            f"COPY --from={step.from_stage} {taken}", FROM_STAGE)
            elif step.instruction == "RUN" and (placed or step.mounts):
                here = [*placed, *_bound(context, step)]
                for cwd, word, whole in _words(step):
                    path = _context_file(context, here, cwd, word, whole)
                    if path is None and whole and any(not source for source, _, _ in here):
                        # A copy of the whole context's git work tree (docker's
                        # validate stages: 'rsync -a /context/. .' then 'git add -A'):
                        # a pathspec is relative to its root.
                        path = _context_file(context, [("", "/", True)], "/", word, whole)
                    copied_first = _copied_first(step) if _nothing_ran(graph, stage, step) \
                        else frozenset()
                    fresh = path is not None and word in copied_first
                    if path is None and word in copied_first:
                        path = _globbed_dir(context, placed, cwd, word)
                        fresh = path is not None and gitignored(context, path)
                        path = path if fresh else None
                    add(path, dockerfile.path, step.line, f"RUN {step.text}", fresh=fresh)
    logs: Matcher | None = None
    for script in [need for need in found.values() if need.path.endswith(".py")]:
        for line, path in _script_literals(context, script.path):
            if path not in looked and not (unwanted or _unwanted(presets)).decide(path).excluded:
                looked.add(path)
                logs = logs if logs is not None else _unwanted(presets, frozenset({Role.LOGS}))
                if logs.decide(path).excluded and gitignored(context, path):
                    continue  # what it writes (FileHandler('logs/app.log')), not reads
                found[path] = Need(path, "a Python script the build runs names it",
                                   f"{script.path}:{line}: '{path}' (run: {script.origin})",
                                   None, script.path, line, "dockerfile: commands")
    return sorted(found.values(), key=lambda need: need.path)


def _script_literals(context: Path, script: str) -> Iterator[tuple[int, str]]:
    """The string literals of a Python script that name a file of the context from its
    root, as the build runs it there: mathesar's package.py copies 'README.md' and 'LICENSE'
    into its archive and stops at a missing one."""
    try:
        tree = ast.parse(fileio.read_bytes(context / script))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        text = node.value
        if not text or len(text) > 200 or any(char in text for char in "\n*?[{$\\") \
                or text.startswith(("/", "-")):
            continue
        path = posixpath.normpath(text)
        if not path.startswith("..") and path != "." and (context / path).is_file():
            yield node.lineno, path


def start_commands(reads: Sequence[DockerfileReads]) -> list[str] | None:
    """The ``ENTRYPOINT`` and ``CMD`` texts the images of ``reads`` start with, or None when
    one is unknown: a Dockerfile that cannot be read, or an image that starts with its base
    image's own command (no ``CMD`` or ``ENTRYPOINT`` in its chain of stages)."""
    out: list[str] = []
    for dockerfile in reads:
        started = start_instructions(dockerfile)
        if not started:
            return None
        out.extend(text for _, text in started)
    return out


def start_instructions(dockerfile: DockerfileReads) -> list[tuple[int, str]]:
    """(line, text) of the ``ENTRYPOINT`` and ``CMD`` the image built starts with; none
    when that is unknown."""
    graph = _read(dockerfile.path)
    target = None if graph is None else _built(graph, dockerfile.target)[0]
    if graph is None or target is None:
        return []
    return [(instruction.line, instruction.text) for instruction in graph.command(target)]
