"""Secrets that an exception for a kept directory sends again.

An exception that keeps a directory a build copies (``!.next/standalone`` after ``.next``,
written for ``COPY .next/standalone ./``) gives back everything below it: the secrets that
the secrets' rules above it excluded too. Next.js copies the ``.env`` and ``.env.production``
it loaded into its standalone output, so a Dockerfile that copies that output from a build
made on the host ships the developer's ``.env`` (B-HS/BBlog: CI writes ``.env`` from its
secrets, runs ``pnpm build``, then ``docker build``). Docker's last match wins: each secret
found below such a directory is excluded again by its path, after the block's other lines,
as check's IG101 asks.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ignoregen.build.dockerfile import Source
from ignoregen.engine.dockerignore import Rule
from ignoregen.engine.matcher import Matcher
from ignoregen.knowledge.classify import Classifier
from ignoregen.knowledge.preset import Category, Role
from ignoregen.plan.alone import _literal_head, _rule


class _Line(Protocol):
    @property
    def pattern(self) -> str: ...


_WHY = ("Secrets inside a directory an exception above keeps. The exception sends "
        "everything below it; these go again, by path")
"""The heading of the lines (its first sentence is what the block shows)."""


def secrets_again(
    context: Path,
    chosen: Sequence[_Line],
    user_rules: Sequence[Rule],
    classifier: Classifier,
    protected: Mapping[str, str],
    sources: Sequence[Source],
    category: Category | None,
) -> list[tuple[str, Category]]:
    """``(path, category)`` for each secret by name (as check's IG101 judges one) that an
    exception of ``chosen`` (planned rules, each with a ``pattern``) sends from below the
    directory it keeps, unless the build needs it or a COPY names it. ``category``: the
    secrets' category the lines are written under (None: nothing is written)."""
    from ignoregen.lint.findings import secret_matcher
    from ignoregen.lint.secrets import not_a_secret

    kept = [line.pattern[1:] for line in chosen if line.pattern.startswith("!")
            and not any(char in line.pattern for char in "*?[\\")]
    kept = [path for path in kept if (context / path).is_dir()
            and not (context / path).is_symlink()]
    if not kept or category is None:
        return []
    secrets = secret_matcher(classifier.presets)
    if not secrets.rules:
        return []
    written = Matcher([*(_rule(line.pattern, i + 1) for i, line in enumerate(chosen)),
                       *user_rules])
    named = {_literal_head(source.pattern) for source in sources if not source.whole_context}
    heading = replace(category, description=_WHY)
    out: list[tuple[str, Category]] = []
    seen: set[str] = set()
    for top in kept:
        for root, dirs, files in os.walk(context / top):
            base = os.path.relpath(root, context).replace(os.sep, "/")
            for name in sorted([*dirs, *files]):
                path = f"{base}/{name}"
                if path in seen or not secrets.decide(path).excluded:
                    continue
                seen.add(path)
                if name in dirs:
                    dirs.remove(name)  # (a secret directory is excluded whole)
                if path in protected or path in named or written.decide(path).excluded:
                    continue
                if not_a_secret(context, path, classifier, None) is not None:
                    continue  # (a public .env of NEXT_PUBLIC_ values, a certificate)
                out.append((path, heading))
    return out


def secrets_category(classifier: Classifier) -> Category | None:
    """The secrets' category of a preset that applies everywhere (base's)."""
    return next((category for preset in classifier.presets.presets if preset.always
                 for category in preset.categories if category.role is Role.SECRET), None)
