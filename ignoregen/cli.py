"""The ``ignoregen`` command line: parse options, call one function, pick the exit code.

Every command returns its exit code. Errors become exit codes in one place,
:meth:`IgnoregenGroup.invoke` (see :mod:`ignoregen.errors` for the codes): a user's error
is one line per problem on stderr and exit 2, never a traceback; anything else is a bug
in ignoregen, reported as such with exit 3.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ignoregen import __version__
from ignoregen.engine.context import scan_context
from ignoregen.engine.pool import default_workers
from ignoregen.engine.records import Collect, ContextScan, leaves, sort_key
from ignoregen.engine.setup import Builder, BuildSetup, find_setup
from ignoregen.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, IgnoregenError
from ignoregen.quoting import bounded, one_line, quoted
from ignoregen.render.text import entry_name, explanation_line, long_line, summary_lines

if TYPE_CHECKING:
    from ignoregen.build.dockerfile import DockerfileReads
    from ignoregen.engine.buildah import BuildahVersion

F = TypeVar("F", bound=Callable[..., Any])

DEBUG_ENV = "IGNOREGEN_DEBUG"
REPORT_URL = "https://github.com/ignoregen/ignoregen/issues"


def _error(message: str) -> None:
    click.echo(f"ignoregen: error: {one_line(message)}", err=True)


def _debugging(ctx: click.Context) -> bool:
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        return True
    root = ctx.find_root()
    return bool(root.params.get("debug"))


class IgnoregenGroup(click.Group):
    """The ``ignoregen`` group: the one place where errors become exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            status = super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except IgnoregenError as exc:
            for line in exc.lines():
                _error(line)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (ignoregen ls | head): stop quietly, as ls and git do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_OK)
        except OSError as exc:
            where = f"{quoted(bounded(str(exc.filename)))}: " if exc.filename else ""
            _error(f"{where}{exc.strerror or exc}")
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("ignoregen: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:
            _internal_error(exc, _debugging(ctx))
            ctx.exit(EXIT_INTERNAL)
        finally:  # (git's module is loaded only by the runs that ask git)
            git = sys.modules.get("ignoregen.plan.gitignore.git")
            for line in git.refused_warnings() if git is not None else ():
                click.echo(f"ignoregen: warning: {line}", err=True)
        ctx.exit(status if isinstance(status, int) else EXIT_OK)


def _internal_error(exc: BaseException, debug: bool) -> None:
    click.echo(
        f"ignoregen: internal error: {type(exc).__name__}: {exc}\n"
        f"This is a bug in ignoregen {__version__}, not in your files; please report it at "
        f"{REPORT_URL}",
        err=True,
    )
    if debug:
        import traceback  # here: only a bug needs it, and it costs every start a millisecond

        click.echo("".join(traceback.format_exception(exc)).rstrip("\n"), err=True)
    else:
        click.echo(f"(run again with --debug or {DEBUG_ENV}=1 for the traceback)", err=True)


def write_lines(lines: Iterable[str], terminator: bytes = b"\n") -> None:
    """Write possibly non-UTF-8 paths as the bytes they are."""
    out = sys.stdout.buffer
    for line in lines:
        out.write(os.fsencode(line) + terminator)
    out.flush()


def report_problems(scan: ContextScan, reads: DockerfileReads | None = None) -> int:
    """Print what the walk could not read; the exit code is 2 when Docker would fail on it.
    With the Dockerfile's ``reads`` (BuildKit), a directory that none of its sources reaches
    is one BuildKit never opens: a warning."""
    failing = False
    for problem in scan.problems:
        level, consequence = "warning", ""
        if problem.fatal:
            from ignoregen.lint.unreadable import opened

            if reads is None or opened(problem, reads.sources, bool(reads.unknown)):
                level, consequence, failing = "error", "; docker build would fail", True
            else:
                consequence = ("; a build that sends it would fail (no COPY, ADD or bind "
                               "mount of the Dockerfile reaches it)")
        shown = quoted(problem.path)
        click.echo(f"ignoregen: {level}: {shown}: {one_line(problem.message)}{consequence}",
                   err=True)
    return EXIT_ERROR if failing else EXIT_OK


PODMAN = "podman"
BUILDER_CHOICES = [*(b.value for b in Builder), PODMAN]
BUILDER_HELP = (
    "BuildKit (docker build since 23.0, buildx, compose v2), the classic builder "
    "(DOCKER_BUILDKIT=0), or Buildah (podman build; 'podman' is the same). They differ on "
    "which ignore file applies, how its lines read and match, and on exceptions inside "
    "excluded directories."
)
BUILDER_OPTION = click.option("--builder", type=click.Choice(BUILDER_CHOICES),
                              default=Builder.BUILDKIT.value, show_default=True, help=BUILDER_HELP)


def builder_of(value: str) -> Builder:
    """A ``--builder`` value as a :class:`Builder` (``podman`` builds with Buildah)."""
    return Builder.BUILDAH if value == PODMAN else Builder(value)


def _buildah_version(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> BuildahVersion | None:
    if value is None:
        return None
    from ignoregen.engine.buildah import BuildahVersion, installed_version

    try:
        return installed_version() if value == "installed" else BuildahVersion.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def buildah_options(function: F) -> F:
    """``--ignorefile`` and ``--buildah-version``, for ``--builder buildah``."""
    function = click.option(
        "--buildah-version",
        metavar="X.Y",
        callback=_buildah_version,
        help="With --builder buildah: the Buildah whose rules apply, or 'installed' to ask "
        "buildah --version [default: 1.28, verified against that engine]. 1.27 and older "
        "read no ignore file beside the build file; from 1.29 the context's ignore files "
        "are resolved inside it (both from Buildah's source, not verified).",
    )(function)
    return click.option(
        "--ignorefile",
        type=click.Path(path_type=Path),
        help="With --builder buildah: read this ignore file instead of any other, relative "
        "to the current directory (buildah build --ignorefile).",
    )(function)


def setup_for(
    context: Path,
    builder: str,
    dockerfile: Path | None,
    ignorefile: Path | None = None,
    buildah_version: BuildahVersion | None = None,
) -> BuildSetup:
    return find_setup(
        context, builder_of(builder), dockerfile,
        ignorefile=ignorefile, buildah_version=buildah_version,
    )
def config_option(start: str) -> Callable[[F], F]:
    """``--config FILE``: one configuration file instead of the search from ``start``."""
    return click.option(
        "--config",
        "config_file",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help="Read this configuration (.ignoregen.toml, or a pyproject.toml with "
        f"[tool.ignoregen]) instead of looking for one from {start} upwards.",
    )


ENV_FILE_OPTION = click.option(
    "--env-file",
    "env_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Variables for compose files, instead of the .env beside each (repeatable; the "
    "environment still wins, as in docker compose).",
)
JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=default_workers,
    show_default="the usable cores, at most 4",
    help="Processes that walk large contexts in parallel (1 walks in this process only).",
)
DOCKERFILE_OPTION = click.option(
    "-f",
    "--file",
    "dockerfile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Dockerfile, relative to the current directory as with docker build -f "
    "[default: CONTEXT/Dockerfile]. BuildKit reads <Dockerfile>.dockerignore beside it "
    "instead of CONTEXT/.dockerignore when that file exists.",
)


@click.group(
    cls=IgnoregenGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="ignoregen")
@click.option(
    "--debug",
    is_flag=True,
    help=f"Print the traceback of an internal error (also: {DEBUG_ENV}=1).",
)
def cli(debug: bool) -> None:
    """Small, safe Docker build contexts.

    ignoregen reads .dockerignore exactly as Docker does and shows what a build
    would send, file by file, and which line of the ignore file decided.

    \b
    Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 internal error (a bug in
    ignoregen: please report it).
    """


@cli.command("ls")
@click.argument(
    "context", default=".", type=click.Path(path_type=Path, exists=True, file_okay=False)
)
@DOCKERFILE_OPTION
@BUILDER_OPTION
@buildah_options
@click.option("--ignored", is_flag=True, help="List what is NOT sent instead.")
@click.option(
    "-l",
    "--long",
    "long_",
    is_flag=True,
    help="Show sizes in bytes and the rule that decided each entry.",
)
@click.option(
    "-s", "--summary", is_flag=True, help="Only print totals: files and bytes sent and not sent."
)
@click.option(
    "-0", "--null", "null", is_flag=True, help="End each path with NUL instead of a newline."
)
@JOBS_OPTION
def ls_command(
    context: Path,
    dockerfile: Path | None,
    builder: str,
    ignorefile: Path | None,
    buildah_version: BuildahVersion | None,
    ignored: bool,
    long_: bool,
    summary: bool,
    null: bool,
    jobs: int,
) -> int:
    """List what Docker would send from CONTEXT (default: the current directory).

    One entry per line, in byte order of the path (as LC_ALL=C sort): every file,
    symbolic link and special file that ends up in the build context, and every
    directory with nothing below it (written with a trailing /). Together they are
    the whole tree that COPY . sees.

    With --ignored, the entries that are not sent: an excluded directory that no
    exception reaches into is shown once, as DIR/, with --long giving its total size.

    \b
    Examples:
      ignoregen ls                      what `docker build .` sends
      ignoregen ls -f docker/api.Dockerfile .
      ignoregen ls --ignored --long     what stays behind, and why
      ignoregen ls --summary            totals only
      ignoregen ls --builder podman     what `podman build .` sends
    """
    setup = setup_for(context, builder, dockerfile, ignorefile, buildah_version)
    collect = Collect.NOTHING if summary else Collect.IGNORED if ignored else Collect.SENT
    scan = scan_context(setup, sizes=long_ or summary, collect=collect, workers=jobs)
    status = report_problems(scan)
    if summary:
        write_lines(summary_lines(scan))
    else:
        items = sorted(scan.ignored, key=sort_key) if ignored else leaves(scan.sent)
        quote = not null  # -0 gives the exact bytes; a line per entry quotes odd names
        if long_:
            lines = (long_line(scan, item, quote) for item in items)
        else:
            lines = (entry_name(item, quote) for item in items)
        write_lines(lines, b"\0" if null else b"\n")
    return status


@cli.command("explain")
@click.argument("paths", nargs=-1)
@click.option(
    "-C",
    "--context",
    default=".",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="The build context [default: the current directory].",
)
@DOCKERFILE_OPTION
@BUILDER_OPTION
@buildah_options
@click.option(
    "--image",
    "image_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Explain what this Dockerfile ships instead of paths: its stages, why each one "
    "ships whole, in part or not at all, its base image and the image advice (IG7xx).",
)
@click.option("--target", help="With --image: the stage built (default: its build's, or the last).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True,
    help="text for people, json for programs (a versioned document; each path with its "
    "deciding rule and the needs that keep it, with their evidence file and line).",
)
def explain_command(
    paths: tuple[str, ...],
    context: Path,
    dockerfile: Path | None,
    builder: str,
    ignorefile: Path | None,
    buildah_version: BuildahVersion | None,
    image_file: Path | None,
    target: str | None,
    output_format: str,
) -> int:
    """Say, for each PATH, whether Docker sends it and which rule decided.

    PATH is relative to the context. The answer names the ignore file, the line and
    the pattern, says when the pattern matched a parent directory rather than the path,
    and when the classic builder never looks where an exception points.

    With --image DOCKERFILE, explain the image as check judges its build (a compose or bake entry's
    context and target): its stages, which one ships (--target, else the build's, else the last;
    development stages ship nothing) and why the others ship whole, in part (COPY --from) or not.

    \b
    Examples:
      ignoregen explain node_modules/react/index.js .env
      ignoregen explain -C services/api --builder classic src/main.py
      ignoregen explain --image Dockerfile --target prod
    """
    from ignoregen.commands.explain import (
        build_needs,
        build_outputs_of,
        context_path,
        explain,
        shipped_by,
        with_needs,
        with_output,
        with_secret,
    )

    if image_file is None and not paths:
        raise click.UsageError("give the PATHs to explain, or --image DOCKERFILE")
    if target is not None and image_file is None:
        raise click.UsageError("--target goes with --image")
    if output_format == "json" and image_file is not None:
        raise click.UsageError("--format json explains PATHs; --image has no json form yet")
    setup = setup_for(context, builder, dockerfile, ignorefile, buildah_version)
    if image_file is not None:
        from ignoregen.commands.image import image_report
        from ignoregen.render.image import stage_lines

        report = image_report(setup, target, image_file)
        assert report is not None  # click checked that the file exists
        write_lines(stage_lines(report))
        if not paths:
            return EXIT_OK
    targets = [context_path(setup.context, raw) for raw in paths]
    scan = scan_context(setup, collect=Collect.SENT)
    status = report_problems(scan)
    needs, outputs, pulled = build_needs(setup), build_outputs_of(setup), shipped_by(setup)
    explained = [with_output(with_secret(with_needs(explain(scan, target), needs), setup.context,
                                         pulled), outputs) for target in targets]
    if output_format == "json":
        from ignoregen.render.json import dumps, explain_document

        write_lines([dumps(explain_document(explained, str(context), setup))])
    else:
        write_lines(explanation_line(item) for item in explained)
    return status


@cli.command("scan")
@click.argument(
    "context", default=".", type=click.Path(path_type=Path, exists=True, file_okay=False)
)
@DOCKERFILE_OPTION
@BUILDER_OPTION
@buildah_options
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="text for people, json for programs (a stable, versioned document).",
)
@click.option(
    "--top", type=click.IntRange(min=0), default=10, show_default=True,
    help="How many of the largest directories to list.",
)
@click.option(
    "--target", help="The stage that is built, for the image section (default: the last one)."
)
@config_option("CONTEXT")
@JOBS_OPTION
def scan_command(
    context: Path,
    dockerfile: Path | None,
    builder: str,
    ignorefile: Path | None,
    buildah_version: BuildahVersion | None,
    output_format: str,
    top: int,
    target: str | None,
    config_file: Path | None,
    jobs: int,
) -> int:
    """Show what CONTEXT holds, and what Docker would send, by category.

    Detects the presets that apply (languages, frameworks, platforms) and names the
    files that gave each away; then classifies every file (dependencies, build output,
    caches, secrets, tests, docs, ...) with the preset rule as evidence, and totals
    files and bytes per category: for the whole directory, and for what the current
    ignore file lets through. Then the largest directories, and what the image ships:
    the stage built, its base image and estimated size, and the image advice (IG7xx)
    with the bytes at stake.

    \b
    Examples:
      ignoregen scan
      ignoregen scan services/api -f services/api/Dockerfile
      ignoregen scan --format json > scan.json
    """
    from ignoregen.commands.image import image_report
    from ignoregen.commands.scan import scan
    from ignoregen.knowledge.config import presets_for
    from ignoregen.render.scan import Progress, scan_lines

    presets = presets_for(context, config_file)
    setup = setup_for(context, builder, dockerfile, ignorefile, buildah_version)
    image = image_report(setup, target)
    progress = Progress(sys.stderr)
    try:
        report = scan(setup, presets, progress=progress, workers=jobs, top=top)
    finally:
        progress.finish()
    reads = None
    if report.context.problems and setup.builder is Builder.BUILDKIT and image is not None:
        from ignoregen.build.dockerfile import analyse

        assert setup.dockerfile is not None  # (image_report found it)
        reads = analyse(setup.dockerfile, target)  # (image_report read it without error)
    status = report_problems(report.context, reads)
    shown = str(context)
    if output_format == "json":
        from ignoregen.render.json import dumps, scan_document

        write_lines([dumps(scan_document(report, shown, top=top, image=image))])
    else:
        unicode = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        write_lines(scan_lines(report, shown, top=top, unicode=unicode, image=image))
    return status


@cli.command("init")
@click.option(
    "-C",
    "--context",
    "--directory",
    "root",
    default=".",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="The repository or context to work on [default: the current directory]. "
    "--directory is the older spelling.",
)
@click.option(
    "-f",
    "--file",
    "dockerfile",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Plan for this Dockerfile only, with the directory of -C as its context. Without "
    "it, every Dockerfile and compose service under the directory is found.",
)
@click.option("--target", help="The stage that is built (default: the last one).")
@click.option("--dry-run", is_flag=True, help="Print the new file(s) instead of writing.")
@click.option("--diff", is_flag=True, help="Print a unified diff instead of writing.")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if a file would change (for CI and pre-commit).",
)
@click.option(
    "--from-gitignore",
    is_flag=True,
    help="Also import the repository's .gitignore rules, translated to Docker's dialect "
    "(git's own answer is the reference) and protected like every other rule.",
)
@ENV_FILE_OPTION
@click.option(
    "-v", "--verbose", is_flag=True,
    help="Name every path a rule was left out for (the summary names a few per reason).",
)
@config_option("DIR")
def init_command(
    root: Path,
    dockerfile: Path | None,
    target: str | None,
    dry_run: bool,
    diff: bool,
    check: bool,
    from_gitignore: bool,
    env_files: tuple[Path, ...],
    verbose: bool,
    config_file: Path | None,
) -> int:
    """Write the smallest .dockerignore that never breaks the build.

    Finds the builds (Dockerfiles, compose services) and their contexts, reads what
    each Dockerfile copies and what the build reads without saying (pyproject's readme,
    .git for setuptools-scm, package.json's bin, lockfiles, ...), and writes only rules
    that exclude something, grouped by category, with exceptions only where needed.

    Your own lines are never touched: ignoregen owns one marked block above them and
    replaces it atomically (below them when yours is an allow-list, '*' then '!src/**').
    Where an exception of yours gives back a directory your own line excluded ('src/'
    then '!src/web'), a second marked block after your lines excludes the junk below it
    (src/web/**/node_modules). Then it says what the context weighed before and after.

    A build that cannot be analysed (a missing or broken Dockerfile, a compose file that
    does not load) is reported with its file and line, and the ignore files of its context
    are left as they are (but for the other builds there, when it fails whatever the
    context holds: a target stage the Dockerfile lacks); the other builds are done all the
    same. Exit 2 when no build at all could be analysed, or an ignore file could not be
    read or written (the others are written all the same). A context left alone on
    purpose (a build FROM an ONBUILD image, a RUN that needs a clean git tree) is a note.

    \b
    Examples:
      ignoregen init                  plan and write every context's .dockerignore
      ignoregen init --diff           show what would change
      ignoregen init --check          exit 1 if a file is out of date
      ignoregen init -C services/api -f services/api/Dockerfile
    """
    from ignoregen.commands.init import plan_builds
    from ignoregen.knowledge.config import presets_for
    from ignoregen.plan.writer import unified_diff, write_atomic
    from ignoregen.render.init import problem_lines, summary_lines, untouched_lines

    presets = presets_for(root, config_file)
    report = plan_builds(
        root, presets, dockerfile, target, from_gitignore, env_files if env_files else None
    )
    outcomes = report.outcomes
    shown_root = Path.cwd()
    out = sys.stdout
    status = EXIT_OK
    if not outcomes and any(p.blocks and not p.decided for p in report.problems):
        # Nothing at all could be analysed (a context left alone on purpose is no error).
        for problem in report.problems:
            _error(f"{problem.location(shown_root)}: {problem.message}")
        for line in untouched_lines(report, shown_root):
            click.echo(one_line(line), err=True)
        return EXIT_ERROR
    warned: set[str] = set()  # a user's line copied into several files is warned about once
    for outcome in outcomes:
        name = os.path.relpath(outcome.path)
        if check:
            if outcome.changed:
                status = EXIT_FINDINGS
                click.echo(f"{name}: would change (run ignoregen init)", err=True)
            continue
        if dry_run and outcome.left_alone:
            pass  # nothing would be written: the summary says why
        elif dry_run:
            if len(outcomes) > 1:
                out.write(f"==> {name} <==\n")
            out.flush()
            sys.stdout.buffer.write(outcome.new)
            if len(outcomes) > 1 or (not outcome.new.endswith(b"\n") and out.isatty()):
                # (the file's bytes as written; on a terminal, what follows starts a line)
                sys.stdout.buffer.write(b"\n")
        elif diff:
            out.write(unified_diff(name, outcome.old, outcome.new))
        elif outcome.changed:
            try:
                write_atomic(outcome.path, outcome.new)
            except OSError as exc:  # this file is left as it was; the others are written
                _error(f"{name}: {exc.strerror or exc}; left as it is")
                status = EXIT_ERROR
                continue
        verb = "would change" if dry_run or diff else "written"
        for line in summary_lines(outcome, shown_root, verb, verbose, warned):
            click.echo(one_line(line), err=dry_run or diff)
        if outcome.problems:
            status = EXIT_ERROR
    for line in problem_lines(report, shown_root):
        click.echo(one_line(line), err=dry_run or diff or check)
    return EXIT_ERROR if report.unreadable else status


@cli.command("check")
@click.argument(
    "root", default=".", type=click.Path(path_type=Path, exists=True)
)
@DOCKERFILE_OPTION
@click.option("--target", help="With -f: the stage that is built (default: the last one).")
@click.option(
    "--builder",
    type=click.Choice(BUILDER_CHOICES),
    default=None,
    help=BUILDER_HELP + " [default: BuildKit, and Buildah too for builds whose build file "
    "is a Containerfile or whose context has a .containerignore]",
)
@click.option(
    "--buildah-version",
    metavar="X.Y",
    callback=_buildah_version,
    help="The Buildah whose rules apply, as for ls [default: 1.28].",
)
@click.option(
    "--format", "output_format",
    type=click.Choice(["text", "json", "sarif", "github", "gnu"]),
    help="text for people, json (versioned), sarif 2.1.0 for code scanning, github for "
    "workflow annotations, gnu (file:line:col: severity: message [ID]) for editors "
    "[default: check.format in the configuration, else text].",
)
@click.option(
    "--fail-on", type=click.Choice(["error", "warning", "info"]),
    help="Exit 1 when a finding is at least this severe "
    "[default: check.fail-on in the configuration, else warning].",
)
@click.option("--exit-zero", is_flag=True, help="Report findings but exit 0.")
@click.option(
    "--max-context-size", "max_size", metavar="SIZE",
    help="Size budget per context, e.g. 200MB, 1.5GiB (decimal unless the unit has an i) "
    "[default: check.max-context-size in the configuration, else none].",
)
@click.option(
    "--max-files", type=click.IntRange(min=0), metavar="N",
    help="File budget per context [default: check.max-files in the configuration, else none].",
)
@click.option(
    "--strict/--no-strict", default=None,
    help="Also report ignore files that differ from what init writes "
    "[default: check.strict in the configuration, else no].",
)
@click.option(
    "--fix", "apply_fixes", is_flag=True,
    help="Apply the safe fixes (each keeps every path the builds need and stops sending "
    "only what its finding names; lines of yours are never removed), then report what "
    "is left.",
)
@click.option(
    "--diff", "show_diff", is_flag=True,
    help="Print the fixes --fix would apply as a unified diff, write nothing; exit 1 when "
    "there is something to fix.",
)
@ENV_FILE_OPTION
@JOBS_OPTION
@config_option("ROOT")
def check_command(
    root: Path,
    dockerfile: Path | None,
    target: str | None,
    builder: str | None,
    buildah_version: BuildahVersion | None,
    output_format: str | None,
    fail_on: str | None,
    exit_zero: bool,
    max_size: str | None,
    max_files: int | None,
    strict: bool | None,
    apply_fixes: bool,
    show_diff: bool,
    env_files: tuple[Path, ...],
    config_file: Path | None,
    jobs: int,
) -> int:
    """Check the .dockerignore of every build under ROOT; exit 1 on findings.

    Finds the Dockerfiles, compose services, bake targets and skaffold artifacts under
    ROOT (with -f: that one build, with ROOT as its context) and reports, each with a stable
    ID (docs/rules.md): builds that cannot run as defined, directories the builder must
    open and cannot read, secrets, .git and dependency trees that are sent, COPY sources
    the ignore file excludes,
    patterns that only match at the root, comments that are really patterns, lines
    Docker rejects, rules that decide nothing, and contexts over budget. For the stage
    that ships: a base image with a much smaller variant, a toolchain as the runtime,
    build tools or development dependencies left in, package caches in a layer (IG7xx).
    With no build defined, ROOT is checked as a context only when it holds an ignore
    file; otherwise there is nothing to check (exit 0). ROOT may be a file, as an editor
    passes the one it shows (check Dockerfile, check api/.dockerignore): its directory is
    checked, and only the findings on that file are reported, counted, fixed by --fix.

    Builds whose build file is a Containerfile, and contexts with a .containerignore, are
    checked for Podman/Buildah too (unless --builder says otherwise): a .containerignore
    that disagrees with .dockerignore, lines the two read differently, lines Buildah
    rejects.

    Silence one finding with a line of its own in the ignore file, above the line it
    concerns: # ignoregen: ignore[IG301] the reason (the reason is required).
    Switch a finding off everywhere with check.disable in the configuration.

    Every fix is tried before it is shown: the builds must still be sent every path they
    need. --fix applies those fixes (in ignoregen's block, or beside the line concerned)
    and --diff shows them.

    The [check] table of the configuration (.ignoregen.toml or [tool.ignoregen.check]
    in pyproject.toml) gives the defaults of --format, --fail-on, --max-context-size,
    --max-files and --strict; a flag on the command line wins.

    \b
    Exit codes: 0 clean, 1 findings at or above --fail-on (with --diff: something to
    fix), 2 usage or input error.

    \b
    Examples:
      ignoregen check
      ignoregen check --format github --max-context-size 200MB
      ignoregen check services/api -f services/api/Dockerfile --format gnu
      ignoregen check services/api/.dockerignore --format gnu
      ignoregen check --diff
    """
    from dataclasses import replace

    from ignoregen.commands.check import CheckOptions, run_check
    from ignoregen.engine.dockerignore import display_path
    from ignoregen.knowledge.config import (
        DEFAULT_FAIL_ON,
        DEFAULT_FORMAT,
        config_for,
        effective_presets,
    )
    from ignoregen.lint.catalogue import Severity
    from ignoregen.units import parse_size

    only = None
    if not root.is_dir():  # a file, as an editor passes it: its findings alone
        if dockerfile is not None:
            raise click.BadParameter(
                f"'{root}' is a file; with -f, ROOT is the build's context, a directory",
                param_hint="'ROOT'")
        only, root = Path(os.path.abspath(root)), root.parent
    try:
        max_bytes = parse_size(max_size) if max_size is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--max-context-size'") from None
    config = config_for(root, config_file)
    defaults = config.check
    output_format = output_format or defaults.format or DEFAULT_FORMAT
    fail_on = fail_on or defaults.fail_on or DEFAULT_FAIL_ON
    options = CheckOptions(
        dockerfile=dockerfile, target=target,
        builder=builder_of(builder) if builder else None, buildah_version=buildah_version,
        max_bytes=max_bytes if max_size is not None else defaults.max_bytes,
        max_files=max_files if max_files is not None else defaults.max_files,
        strict=strict if strict is not None else bool(defaults.strict),
        disable=frozenset(defaults.disable),
        env_files=env_files or None,
        workers=jobs,
        only=only,
    )
    presets = effective_presets(config)
    if apply_fixes or show_diff:
        from ignoregen.commands.fix import run_fix

        fixed = run_fix(root, presets, options, write=not show_diff)
        where = f"{len(fixed.changes)} file{'s' if len(fixed.changes) != 1 else ''}"
        if show_diff:
            sys.stdout.write(fixed.diff())
            sys.stdout.flush()
            click.echo(f"Would fix {fixed.fixed} finding{'s' if fixed.fixed != 1 else ''} "
                       f"in {where}.", err=True)
            return EXIT_FINDINGS if fixed.changes else EXIT_OK
        click.echo(f"Fixed {fixed.fixed} finding{'s' if fixed.fixed != 1 else ''} in {where}.",
                   err=True)
        report, unwritten = fixed.report, fixed.unwritten
    else:
        report, unwritten = run_check(root, presets, options), []
    from ignoregen.render.findings import findings_output, path_base

    base = path_base(report.root, output_format)
    for line in unwritten:  # the findings of such a file are shown, and the run is an error
        _error(line if base == "." else f"{base}/{line}")
    findings = [
        item if base == "." else replace(item, file=f"{base}/{item.file}")
        for item in report.findings
    ]
    status = EXIT_ERROR if unwritten else EXIT_OK if exit_zero else report.exit_code(
        Severity(fail_on))
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    lines = findings_output(output_format, findings, report, status, colour=colour)
    if only is not None and report.elsewhere and output_format == "text":
        lines.append(f"({report.elsewhere} more on other files: ignoregen check "
                     f"{display_path(root)} shows them)")
    write_lines(lines)
    return status


@cli.command("config")
@click.option(
    "-C",
    "--context",
    "--directory",
    "root",
    default=".",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help="The repository or context the configuration is for [default: the current "
    "directory]; --write saves DIR/.ignoregen.toml. --directory is the older spelling.",
)
@config_option("DIR")
@click.option(
    "--write", is_flag=True, help="Save it to DIR/.ignoregen.toml instead of printing it."
)
@click.option(
    "--force",
    is_flag=True,
    help="With --write: replace a .ignoregen.toml that says something else. The file is "
    "rewritten whole: its comments and layout are lost.",
)
def config_command(root: Path, config_file: Path | None, write: bool, force: bool) -> int:
    """Print the effective configuration as TOML, or save it with --write.

    The effective configuration is the file that applies to DIR (.ignoregen.toml, or
    [tool.ignoregen] in pyproject.toml, from DIR upwards to the repository root) with
    every key spelled out, built-in defaults included. Saving it pins those settings, so
    that init and check agree on every machine, whatever version runs them.

    --write replaces DIR/.ignoregen.toml atomically. It refuses (exit 2) when that file
    exists and says something else, comments included, unless --force is given.

    \b
    Examples:
      ignoregen config                  what init, scan and check will use here
      ignoregen config --write          save it as ./.ignoregen.toml
      ignoregen config --write -C services/api --config pyproject.toml
    """
    from ignoregen.engine.dockerignore import display_path
    from ignoregen.knowledge.config import (
        CONFIG_FILE,
        config_for,
        dump_config,
        effective_presets,
        save_config,
    )

    config = config_for(root, config_file)
    effective_presets(config)  # names that match no preset or category are errors here too
    if not write:
        sys.stdout.write(dump_config(config, root))
        sys.stdout.flush()
        return EXIT_OK
    changed = save_config(config, root, force=force)
    click.echo(f"{display_path(root / CONFIG_FILE)}: {'written' if changed else 'unchanged'}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    try:
        status = cli.main(args=argv, prog_name="ignoregen", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted!", err=True)
        return EXIT_FINDINGS
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return status if isinstance(status, int) else EXIT_OK


def run() -> None:
    """Console-script entry point: ``sys.exit(main())``."""
    sys.exit(main())
