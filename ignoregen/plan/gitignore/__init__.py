"""Import a repository's ``.gitignore`` rules as ``.dockerignore`` rules, checked against real git.

Git and Docker read ignore patterns differently (``dockerignore-semantics.md`` §8):
a gitignore pattern without a slash matches at any depth, ``build/`` matches
directories only, ``[!a]`` negates, ``**`` glued to text is a plain ``*``, a
``.gitignore`` in a subdirectory is relative to that directory, and nothing can
be re-included inside a directory git ignores. Docker anchors every pattern at
the context root, ignores trailing slashes, lets a pattern that matches a
directory decide everything below it, and can re-include files anywhere.

The import works in three steps:

1. :func:`read_gitignores` finds the rule files git reads: ``.git/info/exclude``
   and every ``.gitignore`` of the work tree, except those inside directories
   git ignores (git never opens them) and inside nested repositories. The
   user's global excludes file is never read, so the result does not depend on
   the machine.
2. :func:`translate` rewrites each pattern into Docker's dialect so that it
   matches exactly the same paths (anchoring, ``**``, classes, escapes, trailing
   spaces), re-bases it on the build context, and then looks at the actual
   tree, asking real git what it ignores there. Where Docker's way of
   evaluating a rule list still differs from git's (a negation inside an
   ignored directory, a directory-only pattern that meets a file of that name,
   a rule inherited from a directory), the tree decides: a negation is dropped
   when that is exact, and otherwise the few paths concerned are pinned with
   exact-path rules at the end. Every such decision is reported as a
   :class:`Note`.
3. :func:`verify` compares, on the tree, what the translated rules exclude
   (ignoregen's Docker engine) with what ``git check-ignore`` reports.

**What "agree" means.** For every file, symlink or other non-directory: Docker
excludes it exactly when git ignores it. For every directory that git ignores
(its own pattern or an ancestor's): Docker excludes it too. A directory git
does not ignore is not constrained: git has no notion of directories, BuildKit
sends a directory anyway when anything below it is sent, and a directory whose
entries git all ignores may be sent empty or not at all.

**Tracked files.** Git never ignores a file that is in its index, whatever the
patterns say (``git check-ignore`` does not report it, and neither a directory
that holds one). By default (``keep_tracked=True``) the translation keeps such
files with exact-path exceptions, so that a build can still ``COPY`` what is
committed (``gradle-wrapper.jar`` under ``*.jar``). With ``keep_tracked=False``
the rules are translated as written, and verification uses
``git check-ignore --no-index``.

Git runs with ``core.excludesFile`` pointed at the null device,
``core.ignoreCase=false``, and without the global or system configuration; the
repository is the one around the path given (``GIT_DIR`` and ``GIT_WORK_TREE`` are
not passed on).
Paths that contain a newline cannot be written in a ``.dockerignore``; they are
reported, not translated. The repository's ``.git`` is never compared (the
guards add it); nested repositories are compared as a whole.
"""

from __future__ import annotations

from ignoregen.plan.gitignore.git import (
    GIT_CONFIG,
    GIT_ENV,
    GitError,
    GitVerdict,
    Repository,
    check_ignore,
    open_repository,
    tracked_files,
    work_tree,
)
from ignoregen.plan.gitignore.glob import NeverMatches
from ignoregen.plan.gitignore.parse import (
    GITIGNORE,
    GitignoreFile,
    GitignoreLine,
    GitRule,
    parse_gitignore_line,
    read_gitignores,
    split_gitignore,
)
from ignoregen.plan.gitignore.render import Unrepresentable, docker_literal, translate_rule
from ignoregen.plan.gitignore.translate import (
    PINNED_KINDS,
    DockerLine,
    LineKind,
    Note,
    NoteKind,
    Translation,
    translate,
)
from ignoregen.plan.gitignore.tree import Entry, walk_context
from ignoregen.plan.gitignore.verify import Difference, Verification, verify

__all__ = [
    "GITIGNORE",
    "GIT_CONFIG",
    "GIT_ENV",
    "PINNED_KINDS",
    "Difference",
    "DockerLine",
    "Entry",
    "GitError",
    "GitRule",
    "GitVerdict",
    "GitignoreFile",
    "GitignoreLine",
    "LineKind",
    "NeverMatches",
    "Note",
    "NoteKind",
    "Repository",
    "Translation",
    "Unrepresentable",
    "Verification",
    "check_ignore",
    "docker_literal",
    "open_repository",
    "parse_gitignore_line",
    "read_gitignores",
    "split_gitignore",
    "tracked_files",
    "translate",
    "translate_rule",
    "verify",
    "walk_context",
    "work_tree",
]
