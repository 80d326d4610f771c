"""IG007: a directory of the context that the builder must read and cannot.

A database container's data directory bind-mounted into the project (``data/postgres``,
owned by the container's user, mode 0700) is the usual case: ``docker build`` run by the
developer then stops with "error from sender: open data/postgres: permission denied"
(the classic builder: "error checking context: can't stat"). BuildKit opens only what it
sends: a directory that the ignore file excludes (with no exception that may match inside
it), or that no ``COPY`` reaches, is never opened. The walk knows which directories it
had to open and could not (a fatal problem); of those, what some build pulls is reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from ignoregen.build.dockerfile import Source
from ignoregen.engine.records import Problem
from ignoregen.engine.setup import Builder
from ignoregen.lint import edits
from ignoregen.lint.findings import ContextFacts, Finding, finding, fix_target
from ignoregen.lint.pulled import Pulled


def opened(problem: Problem, sources: Sequence[Source], whole: bool) -> bool:
    """Does a build open the directory of ``problem`` (a fatal problem of a walk with the
    ignore file's rules)? ``whole``: some build sends the whole context."""
    path = problem.path
    return problem.fatal and (
        path == "." or whole or any(
            source.covers(path) or source.reaches_below(path) for source in sources
        )
    )


def unreadable_findings(
    facts: ContextFacts, problems: Sequence[Problem], pulled: Pulled
) -> list[Finding]:
    """One IG007 per directory that the walk could not open and some build would."""
    # Buildah reads the context where it copies (no sender): counted as whole for what it
    # sends, it opens only what a source reaches.
    buildah = facts.scan.setup.builder is Builder.BUILDAH
    whole = any(source.whole_context for source in pulled.sources) if buildah \
        else pulled.whole
    out: list[Finding] = []
    for problem in problems:
        path = problem.path
        if not opened(problem, pulled.sources, whole):
            continue  # no build sends anything from there: BuildKit never opens it
        shown = facts.context if path == "." else (
            path if facts.context in ("", ".") else f"{facts.context}/{path}"
        )
        fix = None
        if path != "." and not any(rule.exception for rule in facts.scan.rules) \
                and facts.may is not None and facts.may.gitignored(path) is not None:
            from ignoregen.lint.secrets import committed

            if not committed(facts.scan.setup.context, path, facts.may):
                # This machine's alone (as init judges it): excluded by its path, which no
                # exception reopens. The verification still asks whether a build needs it.
                fix = edits.add(fix_target(facts), edits.literal(path), [path])
        out.append(finding(
            "IG007",
            f"{shown}: {problem.message}; the builder must open it (to send it, or to look "
            "for what an exception may bring back), so the build fails before it starts "
            "(BuildKit: 'error from sender')",
            facts.anchor,
            hint=f"add '{edits.literal(path)}' to the ignore file: a gitignore file lists "
                 "it, so no checkout has it and no build reads it" if fix is not None else
                 "exclude it in the ignore file if no build reads it (with no exception "
                 "that may match inside it: BuildKit would open it to look), or make it "
                 "readable by the user who runs the build",
            context=facts.context, fix=fix,
        ))
    return out
