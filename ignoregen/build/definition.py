"""Read each build's Dockerfile, or say why it cannot be read: never stop at one.

:func:`read_build` turns every way a build can fail to be analysed into a
:class:`~ignoregen.build.discover.BuildProblem` pointing at the file and line at fault,
as ``docker build`` would meet it: a context or Dockerfile that does not exist, a
Dockerfile link BuildKit cannot follow, a file BuildKit's parser rejects or that has no
``FROM``, a target stage that does not exist. A file found only by a name such as
``Dockerfile.part`` that BuildKit cannot build is taken for a fragment, not a broken
build. Bytes that cannot be given to the parser (NUL, not UTF-8) are replaced, and the
words holding them read as unknown (see :func:`~ignoregen.build.frontend.parser_text`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ignoregen import fileio
from ignoregen.build.discover import Build, BuildProblem, ProblemKind
from ignoregen.build.dockerfile import DockerfileError, DockerfileReads, analyse_text
from ignoregen.build.frontend import UTF16, custom_frontend, parser_text
from ignoregen.quoting import bounded

_MAX_LINKS = 40
_LINE = re.compile(r"\bline (\d+)")
_AT_LINE = re.compile(r" \(line \d+\)$")
_TEMPLATE_MARKUP = re.compile(r"^[ \t]*(?:\{\{|\{%)", re.MULTILINE)
# A RUN that asks git whether the whole tree is clean, in one command (containerd's release
# Dockerfile: 'test -z $(git status --porcelain) || exit 1'). Each tracked file that an
# ignore file excludes shows as deleted, so no exclusion of a tracked file is safe. Not with
# a pathspec ('git status --porcelain -- go.mod go.sum': those paths only), nor as the test
# of an 'if' (a version's '.m' or '-dirty' mark: the build passes); 'git status' is read,
# not enforced, unless the RUN exits on it.
_CLEAN_TREE = re.compile(
    r"\bgit\s+(?:-C\s+\S+\s+)?(?:(status)\b[^\n;&|)]*--porcelain"
    r"|diff(?:-index)?\b[^\n;&|)]*--(?:quiet|exit-code))\b(?![^\n;&|)]*\s--\s+[^\s;&|)])"
)
_AS_CONDITION = re.compile(r"\bif\s+(?:!\s*)?$")
# An image made to be built FROM (python:3-onbuild, doodba's ghcr.io/tecnativa/doodba:17.0-
# onbuild): its ONBUILD steps run in this build and read the context (doodba's COPY of
# ./custom, whose ssh/id_rsa clones private repositories), but they are not in this
# Dockerfile: what the build reads is unknown.
_ONBUILD_IMAGE = re.compile(r"(?i)(?:^|[:/@_.-])onbuild(?=$|[:/@_.-])")
_FROM = re.compile(r"^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)", re.IGNORECASE | re.MULTILINE)


def _onbuild_base(text: str, stages: Collection[str]) -> tuple[int, str] | None:
    """(line, image) of the first FROM (as written) of an image made to be built FROM: its
    tag says so, or the image data says its tags carry ONBUILD steps (a variant's
    ``onbuild``: Astro Runtime's default distribution, whose Dockerfile is a FROM alone)."""
    for found in _FROM.finditer(text):
        image = found.group(1)
        if image.lower() not in stages and (_ONBUILD_IMAGE.search(image)
                                            or _onbuild_variant(image)):
            return text.count("\n", 0, found.start()) + 1, image
    return None


def _onbuild_variant(image: str) -> bool:
    """Does the image data place ``image`` in a variant with ONBUILD steps?"""
    if "$" in image:
        return False
    from ignoregen.knowledge import images
    from ignoregen.lint.image.reading import identify

    variant = identify(images.load(), image)[3]
    return variant is not None and variant.onbuild


_ONBUILD_READ = re.compile(r"^[ \t]*ONBUILD[ \t]+(?:COPY|ADD)\b", re.IGNORECASE | re.MULTILINE)


def _sibling_onbuild_base(
    text: str, stages: Collection[str], dockerfile: Path
) -> tuple[int, str] | None:
    """(line, image) of a FROM whose image this repository builds beside it with ONBUILD
    steps that read the context: pangeo-docker-images' pangeo-notebook/Dockerfile is
    ``FROM pangeo/base-image:${TAG}`` alone, and base-image/Dockerfile (the Makefile tags
    it pangeo/base-image) has ``ONBUILD COPY . /home/jovyan``. The image's last name is
    looked for as a directory beside the Dockerfile's own, holding a Dockerfile."""
    for found in _FROM.finditer(text):
        image = found.group(1)
        if image.lower() in stages:
            continue
        name = image.partition("@")[0].rsplit("/", 1)[-1].partition(":")[0]
        if not name or "$" in name or name in (".", ".."):
            continue
        beside = dockerfile.parent.parent / name / "Dockerfile"
        if fileio.real(beside) == fileio.real(dockerfile):
            continue
        try:
            base = fileio.read_text(beside, encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue
        if _ONBUILD_READ.search(base):
            return text.count("\n", 0, found.start()) + 1, image
    return None


def _checks_clean_tree(run: str) -> re.Match[str] | None:
    for found in _CLEAN_TREE.finditer(run):
        if _AS_CONDITION.search(run[max(0, found.start() - 12):found.start()]):
            continue
        if found.group(1) and not re.search(r"\bexit\b", run):
            continue
        return found
    return None


@dataclass
class BuildReading:
    """What one build's Dockerfile reads, or None when it could not be analysed, and the
    problems met on the way."""

    build: Build
    reads: DockerfileReads | None
    problems: list[BuildProblem] = field(default_factory=list)


def buildkit_dockerfile(path: Path) -> Path | None:
    """The file BuildKit reads for the Dockerfile ``path``: the path itself, or where its
    symbolic link leads; None when it leads nowhere.

    BuildKit fetches the Dockerfile from its directory, and a link is resolved inside that
    directory as if it were the root: an absolute target starts there, and ``..`` stops
    there. So a link out of the directory fails the build ("failed to read dockerfile")
    even though the file it names exists.
    """
    top = Path(os.path.abspath(path.parent))
    parts = [path.name]
    resolved: list[str] = []
    links = 0
    while parts:
        part = parts.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if resolved:
                resolved.pop()
            continue
        candidate = top.joinpath(*resolved, part)
        if candidate.is_symlink():
            links += 1
            if links > _MAX_LINKS:
                return None
            target = os.readlink(candidate)
            if target.startswith("/"):
                resolved = []
            parts[:0] = target.split("/")
            continue
        resolved.append(part)
    found = top.joinpath(*resolved)
    return found if os.path.lexists(found) else None


def _near(path: Path, build: Build) -> str:
    """``path`` as seen from the file that defines the build (bounded: a variable may have
    expanded it to a mebibyte)."""
    return bounded(os.path.relpath(path, build.where.parent))


def _label(build: Build) -> str:
    """``services.api: `` for a build a definition file names (the file is shown apart)."""
    if build.defined_in is None:
        return ""
    return build.origin.split(": ", 1)[-1] + ": "


def _dockerfile_bytes(path: Path) -> bytes:
    """The Dockerfile's bytes; :class:`OSError` as :func:`fileio.read_bytes`, and for a file
    saved as UTF-16 (Windows PowerShell's ``>``), which Docker cannot read as it reads a
    Dockerfile. Not taken for a fragment (as a file no definition names may be when its
    text is rejected): it is a Dockerfile, saved in the wrong encoding."""
    data = fileio.read_bytes(path)
    if fileio.utf16(data):
        raise OSError(0, UTF16)
    return data


def _no_stage(build: Build, shown: Path, template: str | None, inline_line: int | None,
              label: str) -> tuple[ProblemKind, Path, int | None, str]:
    """The problem of a Dockerfile with no FROM: a template's or a fragment's, skipped, or
    a build that fails."""
    if template is not None:
        return ProblemKind.SKIPPED, shown, None, f"no FROM instruction; {template}"
    if build.named:
        return (ProblemKind.FAILS, shown, inline_line,
                f"{label if inline_line else ''}no FROM instruction, so BuildKit fails "
                "with 'no build stage in current context'")
    return (ProblemKind.SKIPPED, shown, None,
            "no FROM instruction, and no build definition names this file: it is "
            "taken for a fragment or template and skipped")


def read_build(build: Build, buildkit: bool = True) -> BuildReading:
    """Analyse one build's Dockerfile for its target; see the module's description."""
    reading = BuildReading(build, None)
    label = _label(build)

    def missing(file: Path, line: int | None, message: str) -> None:
        """A context or Dockerfile that does not exist: the build fails, unless it may well
        exist where and when the build runs."""
        if build.elsewhere is None:
            problem(ProblemKind.FAILS, file, line, f"{message}; the build fails")
        else:
            reading.problems.append(BuildProblem(
                ProblemKind.SKIPPED, file, line,
                f"{message} here, but {build.elsewhere}: not checked", build.context,
                hint="nothing to fix: check the build where its paths exist (after the "
                "install, or with the base compose file)"))

    def problem(kind: ProblemKind, file: Path, line: int | None, message: str,
                reads_nothing: bool = False) -> None:
        if kind is ProblemKind.FAILS and build.test_data is not None:
            # Test data: a fixture for the project's own tests, not a build anyone runs.
            kind = ProblemKind.SKIPPED
            message = (f"{message.removesuffix('; the build fails')}; it lies in test data "
                       f"({build.test_data}/), so it is taken for a test fixture and skipped")
        reading.problems.append(BuildProblem(kind, file, line, message, build.context,
                                             reads_nothing=reads_nothing))

    if not os.path.lexists(build.context):
        missing(build.where, build.line("context"),
                f"{label}the context {_near(build.context, build)} does not exist")
        return reading
    if not build.context.is_dir():
        problem(ProblemKind.FAILS, build.where, build.line("context"),
                f"{label}the context {_near(build.context, build)} is not a directory; the "
                "build fails")
        return reading
    dockerfile = build.dockerfile
    if build.inline is not None:
        data = build.inline.encode("utf-8", "surrogatepass")
        shown = build.where
        inline_line = build.line("dockerfile_inline", "dockerfile-inline")
    else:
        real = buildkit_dockerfile(dockerfile) if buildkit else dockerfile
        if dockerfile.is_symlink() and (real is None or not real.is_file()):
            problem(ProblemKind.FAILS, build.where, build.line("dockerfile"),
                    f"{label}{_near(dockerfile, build)} is a symbolic link to "
                    f"{os.readlink(dockerfile)}, which BuildKit cannot follow (it resolves a "
                    "Dockerfile link inside the Dockerfile's directory): the build fails with "
                    "'failed to read dockerfile'")
            return reading
        if not os.path.lexists(dockerfile):
            missing(build.where, build.line("dockerfile"),
                    f"{label}the Dockerfile {_near(dockerfile, build)} does not exist")
            return reading
        if dockerfile.is_dir():
            problem(ProblemKind.FAILS, build.where, build.line("dockerfile"),
                    f"{label}the Dockerfile {_near(dockerfile, build)} is a directory; the "
                    "build fails")
            return reading
        try:
            data = _dockerfile_bytes(real or dockerfile)
        except OSError as exc:
            problem(ProblemKind.FAILS, dockerfile, None,
                    f"cannot read the Dockerfile: {exc.strerror or exc}; the build fails")
            return reading
        shown = dockerfile
        inline_line = None
    text, notes = parser_text(data)
    frontend = custom_frontend(text)
    if frontend is not None:
        reading.problems.append(BuildProblem(
            ProblemKind.UNREAD, shown, frontend[0],
            f"{label}its syntax directive hands it to the frontend {frontend[1]}, not "
            "Docker's Dockerfile frontend: ignoregen does not read that frontend's "
            "language, so the build is not analysed", build.context,
            hint="nothing to fix: ignoregen cannot read this frontend's files; keep the "
            "context's ignore file by hand"))
        return reading
    markup = _TEMPLATE_MARKUP.search(text) if build.defined_in is None else None
    template = (
        f"no build definition names this file, and it holds template markup (line "
        f"{text.count(chr(10), 0, markup.start()) + 1}), so it is taken for a template that "
        "generates a Dockerfile and skipped" if markup is not None else None
    )
    try:
        reads = analyse_text(text, shown, build.target, build.all_stages)
        if build.any_target and build.target is None and not build.all_stages:
            # Any final stage may be the one built: all of them and what they build on.
            every = analyse_text(text, shown, None, True)
            if (len(every.sources), len(every.runs)) != (len(reads.sources), len(reads.runs)):
                reads = every
    except DockerfileError as exc:
        message = str(exc).removeprefix(f"{shown}: ")
        if "target stage" in message:
            problem(ProblemKind.FAILS, build.where, build.line("target"),
                    f"{label}{message} in {_near(dockerfile, build)}; the build fails",
                    reads_nothing=True)
        elif template is not None:
            problem(ProblemKind.SKIPPED, shown, None, f"{message}; {template}")
        elif not build.named:
            problem(ProblemKind.SKIPPED, shown, None,
                    f"{message}; no build definition names this file, so it is taken for a "
                    "fragment or template and skipped")
        else:
            found = _LINE.search(message)
            line = inline_line or (int(found.group(1)) if found else None)
            if not inline_line:  # the line is the problem's place ('Dockerfile:3: ...')
                message = _AT_LINE.sub("", message)
            problem(ProblemKind.FAILS, shown, line, f"{label if inline_line else ''}{message}; "
                    "the build fails")
        return reading
    if not reads.stages:
        problem(*_no_stage(build, shown, template, inline_line, label))
        return reading
    if reads.fails is not None and build.named and template is None:
        line, why = reads.fails
        problem(ProblemKind.FAILS, shown, build.inline_line(line) or inline_line if
                inline_line else line, f"{label if inline_line else ''}{why}")
        return reading
    for note in notes:
        number, _, rest = note.partition(": ")
        line = int(number.removeprefix("line "))
        if inline_line:
            problem(ProblemKind.ASSUMED, shown, build.inline_line(line) or inline_line,
                    f"{label}inline Dockerfile {note}")
        else:
            problem(ProblemKind.ASSUMED, shown, line, rest)
    reads.notes[:0] = notes
    clean = next(((line, found) for line, run in reads.runs
                  if (found := _checks_clean_tree(run)) is not None), None)
    def left_alone(line: int, message: str, hint: str) -> BuildReading:
        """The reading with ``message``: what the build reads is not known, so the
        context's ignore file is left as it is."""
        reading.problems.append(BuildProblem(
            ProblemKind.UNREAD, shown, build.inline_line(line) if inline_line else line,
            f"{label}{message}, so the context's ignore file is left as it is",
            build.context, hint=hint, decided=True))
        return reading

    if clean is not None:
        line, found = clean
        return left_alone(
            line, f"the RUN checks that the git tree is clean ('{found.group()}'): any "
            "tracked file an ignore file excludes shows as deleted and fails it",
            "exclude only what git does not track (build output, local files); a tracked "
            "file must stay")
    stages = {stage.name.lower() for stage in reads.stages}
    onbuild = _onbuild_base(text, stages)
    if onbuild is None and build.inline is None:
        onbuild = _sibling_onbuild_base(text, stages, dockerfile)
    if onbuild is not None:
        line, image = onbuild
        return left_alone(
            line, f"the base image {image} is made to be built FROM: its ONBUILD steps (a "
            "COPY of the context, as a rule) are not in this Dockerfile, so what the build "
            "reads is unknown",
            "nothing to fix: exclude by hand only what the base image's ONBUILD steps do not "
            "read")
    reading.reads = reads
    return reading
