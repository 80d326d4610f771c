"""The catalogue of findings: each ID with its name, severity, scope and one-line texts.

It is the single list of IDs: ``docs/rules.md`` describes each one, the SARIF renderer
ships its summary and help text, and :func:`~ignoregen.lint.findings.finding` takes the
severity from here.
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Scope(str, enum.Enum):
    """What a suppression comment covers for this finding."""

    LINE = "line"
    """The pattern line right below the comment."""
    CONTEXT = "context"
    """The whole context the ignore file applies to."""


class RuleInfo(NamedTuple):
    """One entry of the catalogue."""

    id: str
    name: str
    severity: Severity
    scope: Scope
    summary: str
    """One sentence: what is wrong."""
    fix: str
    """One sentence: what to do."""


RULES: tuple[RuleInfo, ...] = (
    RuleInfo("IG001", "no-ignore-file", Severity.WARNING, Scope.CONTEXT,
             "No ignore file applies to the build context, so Docker sends everything.",
             "Run `ignoregen init`, or write a .dockerignore in the context directory."),
    RuleInfo("IG002", "ignore-file-never-applies", Severity.WARNING, Scope.CONTEXT,
             "A .dockerignore lies in a directory that no build uses as its context.",
             "Move its rules into the ignore file of the context that is really built, "
             "or into <Dockerfile>.dockerignore beside the Dockerfile."),
    RuleInfo("IG003", "ignore-file-shadowed", Severity.INFO, Scope.CONTEXT,
             "A per-Dockerfile ignore file replaces the root .dockerignore for this build.",
             "Copy the root rules you still need into <Dockerfile>.dockerignore; "
             "BuildKit never merges the two."),
    RuleInfo("IG004", "build-definition-broken", Severity.ERROR, Scope.CONTEXT,
             "A build cannot run as defined: its Dockerfile or context is missing, BuildKit "
             "rejects the Dockerfile, the target stage does not exist, or compose cannot load "
             "the file.",
             "Fix the file and line named; the other builds are checked all the same."),
    RuleInfo("IG005", "build-not-fully-read", Severity.INFO, Scope.CONTEXT,
             "ignoregen could not read all of a build's definition: it assumed the worst "
             "(every stage, unknown words), skipped a fragment, or left the build out.",
             "Give the variables it names (the environment, .env or --env-file), or ignore "
             "this note."),
    RuleInfo("IG006", "ignore-files-disagree", Severity.WARNING, Scope.CONTEXT,
             "The context holds .containerignore and .dockerignore, and they send different "
             "things: Podman and Buildah read the first, Docker the second.",
             "Make the two files say the same, or delete the one no build uses."),
    RuleInfo("IG007", "context-unreadable", Severity.ERROR, Scope.CONTEXT,
             "A directory the build must read cannot be read (its permissions): the build "
             "fails before it starts.",
             "Exclude it in the ignore file if no build reads it, or make it readable."),
    RuleInfo("IG101", "secret-in-context", Severity.ERROR, Scope.CONTEXT,
             "A file named like a secret (.env, private key, cloud or cluster credentials, "
             "Terraform state) is sent to the builder.",
             "Exclude it with a `**/` rule, and pass secrets with `RUN --mount=type=secret`."),
    RuleInfo("IG102", "secret-content", Severity.ERROR, Scope.CONTEXT,
             "A file sent to the builder holds a private key or a registry token.",
             "Move the credential out of the repository (pass it as a build secret), or "
             "exclude the file if no build step reads it."),
    RuleInfo("IG103", "vcs-in-context", Severity.WARNING, Scope.CONTEXT,
             "Version-control metadata (.git, .hg, .svn) is sent to the builder.",
             "Add `**/.git`; keep it only if the build really reads it (setuptools-scm)."),
    RuleInfo("IG104", "dependencies-in-context", Severity.WARNING, Scope.CONTEXT,
             "A dependency or virtual-environment directory is sent to the builder.",
             "Exclude it with a `**/` rule and install dependencies inside the image."),
    RuleInfo("IG201", "copy-source-excluded", Severity.ERROR, Scope.CONTEXT,
             "A COPY/ADD source (or bind mount) is excluded by the ignore file; the build "
             "fails with \"not found\".",
             "Remove or narrow the rule, or add an exception for the path the build needs."),
    RuleInfo("IG202", "copy-source-missing", Severity.ERROR, Scope.CONTEXT,
             "A COPY/ADD source (or bind mount) lies outside the context or does not exist in "
             "it; the build fails with \"not found\".",
             "Name a path inside the context (move the context up, or the files in), or "
             "create the file the build expects."),
    RuleInfo("IG301", "root-only-pattern", Severity.WARNING, Scope.LINE,
             "A pattern matches only at the context root, while the same name exists "
             "deeper and is sent.",
             "Prefix it with `**/` to match at any depth."),
    RuleInfo("IG302", "trailing-comment", Severity.ERROR, Scope.LINE,
             "Text meant as a comment is part of the pattern, so the line matches nothing "
             "you meant.",
             "Put the comment on a line of its own, with `#` in the first column."),
    RuleInfo("IG303", "invalid-pattern", Severity.ERROR, Scope.LINE,
             "Docker rejects this line; the build fails (the classic builder may instead "
             "send the context cut short).",
             "Fix the pattern's syntax (close `[`, drop a trailing `\\`, name a path after `!`)."),
    RuleInfo("IG304", "buildah-reads-differently", Severity.WARNING, Scope.LINE,
             "Buildah (Podman) and BuildKit read or match this line differently, so they "
             "send different things.",
             "Write it so both read it alike: no white space before a leading '/', no "
             "'+ ( ) { } |' outside brackets, and exceptions without wildcards before their "
             "last '/'."),
    RuleInfo("IG305", "buildah-invalid-pattern", Severity.ERROR, Scope.LINE,
             "Buildah rejects this line; podman build and buildah build fail.",
             "Fix the pattern: balance '(' and ')', put '+ { } |' in brackets ([+]), name a "
             "path after '!'."),
    RuleInfo("IG401", "unmatched-pattern", Severity.INFO, Scope.LINE,
             "The pattern matches nothing in the context.",
             "Check its spelling and directory, or remove it."),
    RuleInfo("IG402", "redundant-pattern", Severity.INFO, Scope.LINE,
             "The pattern decides nothing: other rules already decide everything it matches.",
             "Remove it, or reorder the rules if it was meant to win."),
    RuleInfo("IG403", "useless-exception", Severity.WARNING, Scope.LINE,
             "The exception re-includes nothing.",
             "Check the path, and that an earlier rule excludes it; remove it otherwise."),
    RuleInfo("IG501", "context-too-large", Severity.ERROR, Scope.CONTEXT,
             "The context is larger than the size budget.",
             "Exclude what the build does not read (`ignoregen scan` shows what fills it)."),
    RuleInfo("IG502", "too-many-files", Severity.ERROR, Scope.CONTEXT,
             "The context holds more files than the file budget.",
             "Exclude what the build does not read (`ignoregen scan` shows what fills it)."),
    RuleInfo("IG601", "differs-from-init", Severity.WARNING, Scope.CONTEXT,
             "(--strict) The ignore file differs from what `ignoregen init` would write.",
             "Run `ignoregen init`, or `ignoregen init --diff` to see the change."),
    RuleInfo("IG701", "heavy-base-image", Severity.WARNING, Scope.CONTEXT,
             "The shipped stage's base image has a much smaller official variant.",
             "Use the smaller variant the message names (its caveats are in the hint)."),
    RuleInfo("IG702", "toolchain-ships", Severity.WARNING, Scope.CONTEXT,
             "The shipped stage's base image is a build toolchain (Go, Rust, a JDK, Maven, "
             "Gradle, the .NET SDK).",
             "Build in a stage FROM the toolchain, and ship FROM the runtime image the "
             "message names with COPY --from of the result."),
    RuleInfo("IG703", "single-stage-build", Severity.INFO, Scope.CONTEXT,
             "The shipped stage installs build tools, or builds with them, and ships them "
             "with the result.",
             "Build in a separate stage and COPY --from only the result, or remove the tools "
             "in the same RUN."),
    RuleInfo("IG704", "dev-dependencies-ship", Severity.WARNING, Scope.CONTEXT,
             "Development dependencies declared by the manifest reach the shipped image.",
             "Install production-only (the message gives the command), or copy the "
             "dependency tree from a stage that did."),
    RuleInfo("IG705", "package-cache-in-layer", Severity.INFO, Scope.CONTEXT,
             "A package manager's cache is left in a layer of the shipped image.",
             "Remove it in the same RUN, disable it, or mount a cache there "
             "(RUN --mount=type=cache)."),
    RuleInfo("IG901", "bad-suppression", Severity.ERROR, Scope.LINE,
             "A suppression comment names an unknown ID or gives no reason.",
             "Write `# ignoregen: ignore[IG123] why this is fine` on a line of its own."),
)
RULES_BY_ID = {info.id: info for info in RULES}
